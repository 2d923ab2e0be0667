{{ config(meta={'dagster': {'ref': {'name': 'stg_comtrade__reported_flows'}}}) }}
-- The duplicate rule (maximum value per reporter x partner x flow x HS6 x year) reproduces
-- the reporter's own partner = World totals: the partners' maxima add up to the World row
-- within 1% (plus 1 USD for rounding). A failing row names the reporter, code and flow.
with

flows as (
    select * from {{ ref('stg_comtrade__reported_flows') }}
),

world as (
    select
        year,
        reporter_code,
        flow_code,
        hs6,
        value_usd as world_value_usd
    from flows
    where partner_area_kind = 'world'
),

partners as (
    select
        year,
        reporter_code,
        flow_code,
        hs6,
        sum(value_usd) as partners_value_usd
    from flows
    where partner_area_kind is distinct from 'world'
    group by year, reporter_code, flow_code, hs6
)

select
    world.*,
    partners.partners_value_usd
from world
inner join partners using (year, reporter_code, flow_code, hs6)
where
    abs(partners.partners_value_usd - world.world_value_usd)
    > 0.01 * world.world_value_usd + 1
