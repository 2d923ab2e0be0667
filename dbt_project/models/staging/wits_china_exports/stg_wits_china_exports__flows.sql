-- China's exports by partner as China reports them (WITS), in the conformed trade columns
-- (macros/trade_sources.sql): exporter CHN, the partner (WITS name -> ISO3 through the reviewed
-- seed wits_partner_names) the importer, reported_by 'exporter', completeness 'reporter_side'.
-- One row per year x importer_iso3 x hs6; an unmapped partner name keeps a null importer_iso3
-- and fails assert_wits_china_exports_partners_mapped.
with

partner_flows as (
    select * from {{ source('wits_china_exports', 'wits_china_exports__partner_flows') }}
),

partner_names as (
    select * from {{ ref('wits_partner_names') }}
),

final as (
    select
        'wits_china_exports' as source,
        partner_flows.year,
        'CHN' as exporter_iso3,
        partner_names.country_iso3 as importer_iso3,
        partner_flows.hs6,
        {{ hs_revision_in_force('partner_flows.year') }} as hs_revision,
        partner_flows.export_value_usd as value_usd,
        partner_flows.quantity_kg / 1000 as quantity_t,
        'exporter' as reported_by,
        'reporter_side' as completeness,
        partner_flows.partner as partner_name,
        partner_names.area_kind as importer_area_kind,
        partner_flows.quantity_kg,
        partner_flows.edition,
        partner_flows.source_file,
        partner_flows.sheet,
        partner_flows.row_number,
        partner_flows.wits_file
    from partner_flows
    left join partner_names on partner_flows.partner = partner_names.partner_name
)

select * from final
