-- Bilateral flows from every registered trade source (macros/trade_sources.sql), at one
-- grain: source x year x exporter_iso3 x importer_iso3 x hs6. Each source's staging model
-- says how it reads a flow (BACI: reconciled; Comtrade: the importer's report, else the
-- exporter's, in reported_by). Flows of an area with itself (re-imports) are left out
-- here; they stay in the staging models.
with

flows as (
    {{ trade_flow_rows() }}
),

final as (
    select * from flows
    where exporter_iso3 != importer_iso3
)

select * from final
