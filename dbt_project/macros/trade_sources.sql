{#
  The trade sources, written once. Every source registered with the fact `trade`
  (sources/registry; the list is generated into registered_sources.sql) delivers one staging
  model stg_<source>__flows with the conformed columns below, one row per year x exporter x
  importer x HS6. The union enumerates the registered sources; a new trade source needs no
  edit here.

  completeness: how much of the flows of a source-year the source holds, said on every row
  (and carried onto every trade mart row): 'complete' (all reporters x all partners, e.g.
  BACI), 'top_partners' (the largest partners of each country only, near-complete),
  'reporter_side' (one reporter's own report: China's exports as China reports them),
  'partner_subset' (a fixed list of partners or countries: the USITC 18 partners, BACI ASEAN).
  A source giving 4-digit headings only (USITC HTS4, Comtrade HS4 2846) puts the heading in
  hs6 with hs_revision 'HS4'; hs_minerals maps such headings with hs_revisions 'HS4'.
#}

{% macro trade_flow_rows() %}
    {%- set columns = [
        'source', 'year', 'exporter_iso3', 'importer_iso3', 'hs6', 'hs_revision', 'value_usd',
        'quantity_t', 'reported_by', 'completeness'
    ] -%}
    {%- for source in registered_sources('trade') -%}
        {% if not loop.first %}union all{% endif %}
        select {{ columns | join(', ') }}
        from {{ ref('stg_' ~ source ~ '__flows') }}
    {% endfor %}
{% endmacro %}
