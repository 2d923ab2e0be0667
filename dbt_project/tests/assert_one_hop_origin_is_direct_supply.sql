-- One hop back, the origin of an importer's imports is its direct supplier: every country
-- supplier's value share in fct_bilateral_dependence (areas that are not countries
-- included) equals the hops = 1 origin share in fct_embedded_origin_share, within 1e-9, and
-- no origin is there that is not a supplier. A failing row names the pair and both shares.
{{ config(meta={'dagster': {'ref': {'name': 'fct_embedded_origin_share'}}}) }}
with

chain as (
    select distinct
        mineral_id,
        trade_stage as stage
    from {{ ref('stage_chain') }}
),

direct as (
    select
        bilateral.source,
        bilateral.importer_iso3,
        bilateral.mineral_id,
        bilateral.stage,
        bilateral.year,
        bilateral.supplier_iso3 as origin_iso3,
        bilateral.value_share as direct_share
    from {{ ref('fct_bilateral_dependence') }} as bilateral
    inner join chain using (mineral_id, stage)
    where bilateral.value_share > 0
),

one_hop as (
    select
        source,
        importer_iso3,
        mineral_id,
        stage,
        year,
        origin_iso3,
        origin_share
    from {{ ref('fct_embedded_origin_share') }}
    where hops = 1
)

select
    source,
    importer_iso3,
    mineral_id,
    stage,
    year,
    origin_iso3,
    direct.direct_share,
    one_hop.origin_share
from direct
full outer join one_hop using (source, importer_iso3, mineral_id, stage, year, origin_iso3)
where abs(coalesce(direct.direct_share, 0) - coalesce(one_hop.origin_share, 0)) > 1e-9
