{# Generated from sources/registry by `python -m sources.registry`: do not edit. #}
{# The sources delivering each conformed fact (stg_<source>__production,
   stg_<source>__flows), most preferred first. #}
{% macro registered_sources(fact) %}
    {%- set by_fact = {
        "production": ["usgs_mcs", "wmd", "iea", "wmd_history"],
        "trade": ["baci", "comtrade", "baci_panels", "baci_asean"],
    } -%}
    {{ return(by_fact[fact]) }}
{% endmacro %}
