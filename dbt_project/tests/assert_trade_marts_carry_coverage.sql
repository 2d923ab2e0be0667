{{ config(meta={'dagster': {'ref': {'name': 'dim_trade_coverage'}}}) }}
-- Every trade-based mart row says what its source holds: the codes present (hs6_codes) and
-- the source's completeness (dim_trade_coverage, macros/trade_sources.sql). A failing row
-- names the mart, the source, mineral, stage and year without them.
{% set trade_marts = [
    'fct_bilateral_dependence', 'fct_import_dependence', 'fct_export_concentration',
    'fct_stage_concentration', 'fct_export_control_exposure', 'fct_disruption_scenarios',
    'fct_importer_supply_risk', 'fct_importer_exposure_ranking', 'fct_china_export_share',
    'fct_embedded_origin_share', 'fct_world_disruption'
] %}
with

missing as (
    {% for mart in trade_marts %}
        {% if not loop.first %}union all{% endif %}
        select
            '{{ mart }}' as mart,
            source,
            mineral_id,
            stage,
            year
        from {{ ref(mart) }}
        where hs6_codes is null or completeness is null
    {% endfor %}
    union all
    select
        'fct_mineral_headlines' as mart,
        source,
        mineral_id,
        stage,
        year
    from {{ ref('fct_mineral_headlines') }}
    where measure like 'exports_%' and (hs6_codes is null or completeness is null)
)

select * from missing
