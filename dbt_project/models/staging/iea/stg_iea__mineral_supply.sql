-- One row per value cell of the IEA supply sheet (source_file x sheet x block x row x year) for the
-- country, Rest of world and Total rows; the Top 3 share rows are in stg_iea__top3_share.
-- Block -> mineral/stage/basis, country -> ISO3 or aggregate, kt -> t.
with

cells as (
    select * from {{ source('iea', 'iea__mineral_supply') }}
    where row_kind != 'top3_share'
),

blocks as (
    select * from {{ ref('iea_supply_blocks') }}
),

country_names as (
    select * from {{ ref('iea_country_names') }}
),

final as (
    select
        'iea' as source,
        cells.edition,
        cells.source_file,
        cells.sheet,
        cells.row_number,
        cells.column_letter,
        blocks.mineral_id,
        blocks.stage,
        blocks.basis,
        cells.country_name,
        country_names.iso3 as country_iso3,
        coalesce(country_names.is_aggregate, cells.row_kind != 'country') as is_aggregate,
        country_names.aggregate_kind,
        cells.year,
        case cells.unit when 'kt' then cells.value * 1000 end as quantity,
        case cells.unit when 'kt' then 't' end as quantity_unit,
        cells.value_raw,
        cells.value_flag,
        cells.is_projection,
        blocks.mineral_id is not null as is_mapped,
        blocks.note,
        cells.row_kind,
        cells.block_title,
        cells.scenario,
        cells.unit,
        cells.value,
        country_names.country_name is not null as is_country_mapped
    from cells
    left join blocks on cells.block_title = blocks.block_title
    left join country_names on cells.country_name = country_names.country_name
)

select * from final
