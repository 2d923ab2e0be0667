-- Flows of mapped HS codes with their mineral and trade stage. One row per
-- source x year x exporter_iso3 x importer_iso3 x hs6 x mineral_id. A shared code (811292)
-- appears once per mineral it may contain, its whole value each time (never split), with
-- is_shared = true. covers_world / covers_importer: which marts the flow may speak for
-- (macros/trade_sources.sql).
with

flows as (
    select * from {{ ref('int_trade__flows') }}
),

hs_minerals as (
    select * from {{ ref('hs_minerals') }}
),

final as (
    select
        flows.*,
        hs_minerals.mineral_id,
        hs_minerals.trade_stage,
        hs_minerals.confidence,
        hs_minerals.is_shared,
        {{ covers_world('flows.completeness') }} as covers_world,
        {{ covers_importer('flows.completeness', 'flows.reported_by') }} as covers_importer
    from flows
    inner join hs_minerals
        on
            flows.hs6 = hs_minerals.hs6
            and list_contains(string_split(hs_minerals.hs_revisions, ' '), flows.hs_revision)
)

select * from final
