-- Published aggregates (world total, world total excluding the US, "Other countries" /
-- "Rest of world", country groups) from every production source.
-- One row per source x mineral_id x stage x basis x year x edition x aggregate_kind.
with

usgs as (
    select * from {{ ref('int_usgs_mcs__world_aggregates') }}
),

final as (
    select
        'usgs_mcs' as source,
        mineral_id,
        stage,
        basis,
        year,
        edition,
        aggregate_kind,
        quantity,
        quantity_unit,
        value_flag,
        excludes_us,
        false as is_projection,
        usgs_names as source_names,
        n_source_rows
    from usgs
)

select * from final
