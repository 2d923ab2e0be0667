-- The atlas's BACI 2022 extract with harmonised countries. One row per line of the file.
-- Countries: BACI's ISO3-like codes, as the collector wrote them, through the seed
-- trade_country_codes (code system baci_iso3, as stg_baci__trade_flows); an unmapped code
-- stays null and fails assert_atlas_baci_country_codes_mapped, which names it.
with

flows as (
    select * from {{ source('atlas_baci', 'atlas_baci__flows') }}
),

codes as (
    select * from {{ ref('trade_country_codes') }}
    where code_system = 'baci_iso3'
),

final as (
    select
        flows.source_file,
        flows.line_number,
        flows.release,
        flows.hs_revision,
        flows.year,
        flows.exporter_code,
        exporters.country_iso3 as exporter_iso3,
        flows.importer_code,
        importers.country_iso3 as importer_iso3,
        flows.hs6,
        flows.value_usd
    from flows
    left join codes as exporters on flows.exporter_code = exporters.code
    left join codes as importers on flows.importer_code = importers.code
)

select * from final
