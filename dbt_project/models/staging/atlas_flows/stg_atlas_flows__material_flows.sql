-- Critical Materials Atlas flow entries with their HS6 and ISO3 codes. One row per entry
-- (source_file x material x entry_number). Material -> HS6 from the seed
-- atlas_flows_materials; ISO2 -> ISO3 from ISO 3166-1 (stg_reference__country_codes), former
-- states (AN, CS) from the seed atlas_flows_former_iso2. Unmapped labels or codes stay null
-- and fail assert_atlas_flows_codes_mapped, which names them.
with

entries as (
    select * from {{ source('atlas_flows', 'atlas_flows__flows') }}
),

materials as (
    select * from {{ ref('atlas_flows_materials') }}
),

iso2_codes as (
    select
        country_iso2,
        country_iso3
    from {{ ref('stg_reference__country_codes') }}
    where country_iso2 is not null
    union all
    select
        country_iso2,
        country_iso3
    from {{ ref('atlas_flows_former_iso2') }}
),

final as (
    select
        entries.source_file,
        entries.material,
        entries.entry_number,
        entries.year,
        entries.release,
        entries.hs_revision,
        materials.hs6,
        entries.exporter_iso2,
        exporters.country_iso3 as exporter_iso3,
        entries.importer_iso2,
        importers.country_iso3 as importer_iso3,
        entries.value_usd,
        -- 2024 file only: whole tonnes, 0 for under half a tonne or unknown (not a quantity
        -- the conformed model can carry)
        entries.quantity_t_rounded
    from entries
    left join materials on entries.material = materials.material
    left join iso2_codes as exporters on entries.exporter_iso2 = exporters.country_iso2
    left join iso2_codes as importers on entries.importer_iso2 = importers.country_iso2
)

select * from final
