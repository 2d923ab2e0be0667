{#
  The production sources, written once. Every source registered with the fact `production`
  (sources/registry; the list is generated into registered_sources.sql) delivers one staging
  model stg_<source>__production with the conformed columns below: country rows and the
  aggregates it publishes (world total, world total excluding the US, "Other countries",
  country groups), each row with its source, edition, file and flag. The unions enumerate
  the registered sources; a new production source needs no edit here.
#}


{# The mapped rows of every production source, countries (aggregates=false) or aggregates. #}
{% macro production_rows(aggregates) %}
    {%- set columns = [
        'source', 'edition', 'mineral_id', 'stage', 'basis', 'country_iso3', 'country_name',
        'year', 'quantity', 'quantity_unit', 'value_flag', 'value_raw', 'is_projection',
        'source_file', 'is_mapped', 'is_aggregate', 'aggregate_kind', 'excludes_us'
    ] -%}
    {%- for source in registered_sources('production') -%}
        {% if not loop.first %}union all{% endif %}
        select {{ columns | join(', ') }}
        from {{ ref('stg_' ~ source ~ '__production') }}
        where
            is_mapped
            and year is not null
            and {{ 'is_aggregate' if aggregates else 'not is_aggregate' }}
    {% endfor %}
{% endmacro %}

{#
  Rows a source gives several times for one key (USGS helium by field, WMD 2017 "Russia,
  Asia" and "Russia, Europe") collapse into one: quantities summed, a flag shared by all
  rows kept (else 'mixed'), names, raw values and files listed. A blank cell (flag
  'missing': no number, no code) says nothing: where another row of the key has a value or a
  code, the blank row is left out of the flag and of the raw values (MCS2025 files a Prod
  and a blank Cap column under one capacity series), so it never turns a flag into 'mixed'.
#}
{% macro collapsed_production_figures() %}
        sum(quantity) as quantity,
        any_value(quantity_unit) as quantity_unit,
        case
            when count(*) filter (where value_flag != 'missing') = 0 then 'missing'
            when count(distinct value_flag) filter (where value_flag != 'missing') = 1
                then any_value(value_flag) filter (where value_flag != 'missing')
            else 'mixed'
        end as value_flag
{% endmacro %}

{# The raw values of the collapsed rows, blank cells left out when another row has one. #}
{% macro collapsed_value_raw() %}
        coalesce(
            string_agg(distinct value_raw, ' + ' order by value_raw)
                filter (where value_flag != 'missing'),
            min(value_raw)
        )
{% endmacro %}

{# A production source's rank in the registration preference (sources/registry: most
   preferred first), for picking one series among sources. #}
{% macro production_source_rank(source) -%}
    case {{ source }}
    {%- for name in registered_sources('production') %}
        when '{{ name }}' then {{ loop.index }}
    {%- endfor %}
    end
{%- endmacro %}
