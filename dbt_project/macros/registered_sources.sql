{# Generated from sources/registry by `python -m sources.registry`: do not edit. #}
{# The sources delivering each conformed fact (stg_<source>__production,
   stg_<source>__flows), most preferred first. #}
{% macro registered_sources(fact) %}
    {%- set by_fact = {
        "production": ["usgs_mcs", "usgs_myb", "wmd", "iea", "wmd_history"],
        "trade": ["baci", "comtrade"],
    } -%}
    {{ return(by_fact[fact]) }}
{% endmacro %}
