-- The parameters of origin tracing per mineral of the stage chain: the mineral's row of
-- seeds/exposure/embedded_origin_parameters.csv, else the '*' defaults. One row per
-- mineral_id.
with

minerals as (
    select distinct mineral_id from {{ ref('stage_chain') }}
),

final as (
    select
        minerals.mineral_id,
        parameter_rows.mineral_id as parameter_row,
        parameter_rows.home_use_share::double as home_use_share,
        parameter_rows.production_weight::double as production_weight,
        parameter_rows.upstream_basis
    from minerals
    inner join {{ ref('embedded_origin_parameters') }} as parameter_rows
        on parameter_rows.mineral_id in (minerals.mineral_id, '*')
    qualify row_number() over (
        partition by minerals.mineral_id order by parameter_rows.mineral_id = '*'
    ) = 1
)

select * from final
