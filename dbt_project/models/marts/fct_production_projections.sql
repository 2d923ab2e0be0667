-- Projected supply concentration (IEA base case), kept apart from actual figures.
-- One row per source x mineral_id x stage x basis x year x edition.
with

concentration as (
    select * from {{ ref('int_production__concentration') }}
    where is_projection
),

final as (
    select * exclude (is_projection)
    from concentration
)

select * from final
