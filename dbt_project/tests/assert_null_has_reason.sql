-- The null convention (docs/metrics.md): a metric that can be absent is null only with its
-- *_null_reason, and the reason is set only when the metric is null.
with

checks as (
    select
        'fct_production_concentration' as model,
        source || ' ' || mineral_id || ' ' || stage || ' ' || basis || ' ' || year as row_key,
        'china_share' as column_name,
        china_share is null as is_null,
        china_share_null_reason as reason
    from {{ ref('fct_production_concentration') }}
    union all
    select
        'fct_production_concentration_by_edition' as model,
        source || ' ' || mineral_id || ' ' || stage || ' ' || basis || ' ' || year || ' '
        || edition as row_key,
        'china_share' as column_name,
        china_share is null as is_null,
        china_share_null_reason as reason
    from {{ ref('fct_production_concentration_by_edition') }}
    union all
    select
        'fct_bloc_share' as model,
        bloc_id || ' ' || mineral_id || ' ' || stage || ' ' || year || ' ' || measure as row_key,
        'share' as column_name,
        share is null as is_null,
        share_null_reason as reason
    from {{ ref('fct_bloc_share') }}
    {% for column in ['china_share', 'msp_share', 'brics_share'] %}
        union all
        select
            'fct_mineral_headlines' as model,
            mineral_id || ' ' || stage || ' ' || measure as row_key,
            '{{ column }}' as column_name,
            {{ column }} is null as is_null,
            {{ column }}_null_reason as reason
        from {{ ref('fct_mineral_headlines') }}
    {% endfor %}
    {% for column in ['import_reliance', 'geopolrisk_score'] %}
        union all
        select
            'fct_importer_supply_risk' as model,
            source || ' ' || importer_iso3 || ' ' || mineral_id || ' ' || stage || ' ' || year
                as row_key,
            '{{ column }}' as column_name,
            {{ column }} is null as is_null,
            {{ column }}_null_reason as reason
        from {{ ref('fct_importer_supply_risk') }}
    {% endfor %}
)

select *
from checks
where is_null != (reason is not null)
