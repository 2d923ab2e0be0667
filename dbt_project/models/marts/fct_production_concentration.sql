-- How concentrated world supply is, from the latest edition of each source that covers
-- each series-year. One row per source x mineral_id x stage x basis x year.
-- The maths and the share_basis rules are in int_production__concentration.
with

by_edition as (
    select * from {{ ref('fct_production_concentration_by_edition') }}
),

final as (
    select * exclude (is_latest_edition)
    from by_edition
    where is_latest_edition
)

select * from final
