{{ config(materialized='view') }}
-- Mirror flows (UN Comtrade): what the importer reported (M, CIF) beside what the exporter
-- reported (X, FOB) for the same flow, and the gap (CIF/FOB alone makes the importer's
-- figure some 5-10% higher). One row per year x exporter_iso3 x importer_iso3 x hs6.
with

pairs as (
    select * from {{ ref('stg_comtrade__report_pairs') }}
),

final as (
    select
        year,
        exporter_iso3,
        importer_iso3,
        hs6,
        importer_reported_value_usd,
        exporter_reported_value_usd,
        importer_reported_value_usd - exporter_reported_value_usd as gap_usd,
        importer_reported_value_usd / nullif(exporter_reported_value_usd, 0) - 1
            as gap_fraction,
        importer_reported_quantity_t,
        exporter_reported_quantity_t
    from pairs
)

select * from final
