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

{#
  Which marts a flow may speak for, by its source's completeness (dim_trade_coverage says
  it per source-year). World marts (world exports, export concentration, China's share of
  world exports, disruption of world supply) take only complete and top-partner sources: a
  single reporter or a partner subset is not the world. Importer marts (who supplies an
  importer) take those and an importer's own report (China's imports as China reports them,
  US imports from the USITC's 18 partners: partial, and said so), never one exporter's report
  of its exports (China's exports to the US say nothing of the US's other suppliers).
#}
{% macro covers_world(completeness) -%}
    ({{ completeness }} in ('complete', 'top_partners'))
{%- endmacro %}

{% macro covers_importer(completeness, reported_by) -%}
    ({{ completeness }} in ('complete', 'top_partners') or {{ reported_by }} = 'importer')
{%- endmacro %}

{#
  The default series of a mineral, stage and year when several trade sources give it: the
  most complete source first (complete, top_partners, partner_subset, reporter_side), then
  the one missing fewest of the mapped codes, then the registration preference
  (sources/registry: baci before comtrade ...). Used by dim_trade_coverage.is_default_series.
#}
{% macro completeness_rank(completeness) -%}
    case {{ completeness }}
        when 'complete' then 1
        when 'top_partners' then 2
        when 'partner_subset' then 3
        else 4
    end
{%- endmacro %}

{% macro trade_source_rank(source) -%}
    case {{ source }}
    {%- for name in registered_sources('trade') %}
        when '{{ name }}' then {{ loop.index }}
    {%- endfor %}
    end
{%- endmacro %}

{# The coverage columns every trade mart row carries (from dim_trade_coverage). #}
{% macro trade_coverage_columns(alias) -%}
    {{ alias }}.hs6_codes,
    {{ alias }}.hs6_codes_missing,
    {{ alias }}.is_partial_coverage,
    {{ alias }}.completeness,
    {{ alias }}.is_default_series
{%- endmacro %}

{# The same, kept through a group by of rows that share source, mineral, stage and year. #}
{% macro trade_coverage_kept() -%}
    any_value(hs6_codes) as hs6_codes,
    any_value(hs6_codes_missing) as hs6_codes_missing,
    any_value(is_partial_coverage) as is_partial_coverage,
    any_value(completeness) as completeness,
    any_value(is_default_series) as is_default_series
{%- endmacro %}

{#
  Marts measured in tonnes (a stop's lost tonnes and the friendly bloc's cover in
  fct_disruption_scenarios; import reliance and GeoPolRisk in fct_importer_supply_risk) take
  the sources that report quantities: a source with none at all (the Critical Materials Atlas
  extracts, values only) would give rows of nulls. Its value shares stay in
  fct_bilateral_dependence and fct_import_dependence.
#}
{% macro reports_quantities(relation) -%}
    source in (
        select quantities.source from {{ relation }} as quantities
        group by quantities.source
        having count(quantities.quantity_t) > 0
    )
{%- endmacro %}
