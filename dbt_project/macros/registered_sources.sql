{# Generated from sources/registry by `python -m sources.registry`: do not edit. #}
{# The sources delivering each conformed fact (stg_<source>__production,
   stg_<source>__flows, stg_<source>__prices), most preferred first. #}
{% macro registered_sources(fact) %}
    {%- set by_fact = {
        "production": ["usgs_mcs", "wmd", "iea", "wmd_history"],
        "trade": ["baci", "comtrade"],
        "price": ["usgs_mcs", "wb_pink_sheet"],
    } -%}
    {{ return(by_fact[fact]) }}
{% endmacro %}
