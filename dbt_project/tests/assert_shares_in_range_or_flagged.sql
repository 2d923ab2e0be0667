-- Every share is a fraction 0-1 and every HHI 0-10,000, except where the published
-- (rounded) world total is below the sum of the listed countries and the row says so
-- (is_world_total_below_listed): then shares summed over countries may pass 1 slightly,
-- as USGS's own would. A share above 1 or an HHI above 10,000 without the flag fails.
{% set tolerance = 1e-9 %}
with

checks as (
    select
        'fct_bloc_share' as model,
        bloc_id || ' ' || mineral_id || ' ' || stage || ' ' || year || ' ' || measure as row_key,
        'share' as column_name,
        share as value,
        1 as max_value,
        is_world_total_below_listed as is_flagged
    from {{ ref('fct_bloc_share') }}
    {% for column, max_value in [
        ('china_share', 1), ('top_share', 1), ('msp_share', 1), ('brics_share', 1),
        ('hhi', 10000)
    ] %}
        union all
        select
            'fct_mineral_headlines' as model,
            mineral_id || ' ' || stage || ' ' || measure as row_key,
            '{{ column }}' as column_name,
            {{ column }} as value,
            {{ max_value }} as max_value,
            is_world_total_below_listed as is_flagged
        from {{ ref('fct_mineral_headlines') }}
    {% endfor %}
    {% for column, max_value in [
        ('cr1', 1), ('cr3', 1), ('top_producer_share', 1), ('china_share', 1),
        ('us_share', 1), ('listed_countries_share', 1), ('hhi', 10000)
    ] %}
        union all
        select
            'fct_production_concentration' as model,
            source || ' ' || mineral_id || ' ' || stage || ' ' || basis || ' ' || year as row_key,
            '{{ column }}' as column_name,
            {{ column }} as value,
            {{ max_value }} as max_value,
            is_world_total_below_listed as is_flagged
        from {{ ref('fct_production_concentration') }}
    {% endfor %}
    {% for model, column, max_value in [
        ('fct_export_concentration', 'china_share', 1),
        ('fct_export_concentration', 'top_exporter_share', 1),
        ('fct_export_concentration', 'hhi', 10000),
        ('fct_import_dependence', 'china_share', 1),
        ('fct_import_dependence', 'top_supplier_share', 1),
        ('fct_import_dependence', 'supplier_hhi', 10000),
        ('fct_bilateral_dependence', 'value_share', 1),
        ('fct_bilateral_dependence', 'quantity_share', 1)
    ] %}
        union all
        select
            '{{ model }}' as model,
            '-' as row_key,
            '{{ column }}' as column_name,
            {{ column }} as value,
            {{ max_value }} as max_value,
            false as is_flagged
        from {{ ref(model) }}
    {% endfor %}
)

select *
from checks
where
    (value < 0 or value > max_value + {{ tolerance }} * max_value)
    and not coalesce(is_flagged, false)
