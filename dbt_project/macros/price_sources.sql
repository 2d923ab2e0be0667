{#
  The price sources, written once. Every source registered with the fact `price`
  (sources/registry; the list is generated into registered_sources.sql) delivers one staging
  model stg_<source>__prices with the conformed columns below, one row per source x series x
  period. The union enumerates the registered sources; a new price source needs no edit here.

  frequency: 'month' or 'year'; period: the first day of the month or year. unit: a short
  symbol ('USD/t', 'USD/troy oz', 'USD/lb') or the unit as published where it has none.
  value_nominal: the price in current money (null when the source marks the cell missing,
  withheld or gives a range; value_raw keeps its text); value_real and real_basis ('USD of
  1998'): null when the source gives no deflated price. mineral_id is never null: a series
  with no mineral stays out of the staging model, listed with its reason in the source's seed.
#}

{% macro price_rows() %}
    {%- set columns = [
        'source', 'edition', 'mineral_id', 'series', 'series_label', 'frequency', 'period',
        'year', 'unit', 'value_nominal', 'value_real', 'real_basis', 'value_raw', 'source_file'
    ] -%}
    {%- for source in registered_sources('price') -%}
        {% if not loop.first %}union all{% endif %}
        select {{ columns | join(', ') }}
        from {{ ref('stg_' ~ source ~ '__prices') }}
    {% endfor %}
{% endmacro %}
