{{
    config(
        store_failures=true,
        schema='audit',
        meta={'dagster': {'ref': {'name': 'stg_baci_asean__trade_flows'}}},
    )
}}
-- The ASEAN file is a partner subset: every flow has exactly one ASEAN-10 side (no
-- ASEAN-ASEAN and no non-ASEAN pair), the side asean_side names. Failing rows name file
-- and line.
with

flows as (
    select
        *,
        exporter_iso3 in ('BRN', 'IDN', 'KHM', 'LAO', 'MMR', 'MYS', 'PHL', 'SGP', 'THA', 'VNM')
            as is_exporter_asean,
        importer_iso3 in ('BRN', 'IDN', 'KHM', 'LAO', 'MMR', 'MYS', 'PHL', 'SGP', 'THA', 'VNM')
            as is_importer_asean
    from {{ ref('stg_baci_asean__trade_flows') }}
)

select
    source_file,
    line_number,
    exporter_iso3,
    importer_iso3,
    asean_side
from flows
where
    is_exporter_asean = is_importer_asean
    or asean_side != case when is_exporter_asean then 'exporter' else 'importer' end
