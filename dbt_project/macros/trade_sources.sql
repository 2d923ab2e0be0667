{#
  The trade sources, written once. Every source registered with the fact `trade`
  (sources/registry; the list is generated into registered_sources.sql) delivers one staging
  model stg_<source>__flows with the conformed columns below, one row per year x exporter x
  importer x HS6. The union enumerates the registered sources; a new trade source needs no
  edit here.
#}

{% macro trade_flow_rows() %}
    {%- set columns = [
        'source', 'year', 'exporter_iso3', 'importer_iso3', 'hs6', 'hs_revision', 'value_usd',
        'quantity_t', 'reported_by'
    ] -%}
    {%- for source in registered_sources('trade') -%}
        {% if not loop.first %}union all{% endif %}
        select {{ columns | join(', ') }}
        from {{ ref('stg_' ~ source ~ '__flows') }}
    {% endfor %}
{% endmacro %}
