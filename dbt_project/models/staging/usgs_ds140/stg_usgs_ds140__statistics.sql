-- One row per cell of USGS Data Series 140 (source_file x worksheet x column x year): the JSON
-- library (edition 2026, numeric cells 1900-1992) and the full workbooks (lithium 2021, rare
-- earths 2020; every cell, NA and W with a null value), each row naming its file. Commodity
-- -> mineral_id and column label -> measure come from reviewed seeds; a commodity or label
-- missing from them stays with is_mapped = false and fails assert_usgs_ds140_mapped.
with

observations as (
    select * from {{ source('usgs_ds140', 'usgs_ds140__observations') }}
),

commodities as (
    select * from {{ ref('usgs_ds140_commodities') }}
),

measures as (
    select * from {{ ref('usgs_ds140_measures') }}
),

renamed as (
    select
        'usgs_ds140' as source,
        observations.edition,
        observations.workbook_year,
        observations.source_file,
        case
            when observations.source_file like '%.json' then 'json_library' else 'workbook'
        end as file_kind,
        observations.commodity,
        commodities.mineral_id,
        observations.worksheet,
        observations.header_row,
        observations.column_number,
        observations.column_letter,
        observations.column_label,
        observations.measure_id,
        measures.measure,
        measures.nir_component,
        observations.unit,
        case
            when observations.price_basis != 'not-price' then 'USD/t'
            when observations.unit like 'metric tons (t)%' then 't'
        end as quantity_unit,
        case
            when observations.price_basis = 'not-price'
                then nullif(trim(replace(observations.unit, 'metric tons (t)', '')), '')
        end as unit_basis,
        case observations.price_basis
            when 'nominal' then 'nominal'
            when 'real-1998-dollars' then 'real_1998'
            else 'not_price'
        end as price_basis,
        observations.year,
        observations.row_number,
        observations.value_raw,
        observations.value,
        observations.value_flag,
        commodities.commodity is not null as is_commodity_mapped,
        measures.column_label is not null as is_measure_mapped,
        commodities.commodity is not null
        and commodities.mineral_id is not null
        and measures.column_label is not null as is_mapped
    from observations
    left join commodities on observations.commodity = commodities.commodity
    left join measures on observations.column_label = measures.column_label
)

select * from renamed
