{# Generated from sources/registry by `python -m sources.registry`: do not edit. #}
{# The sources delivering each conformed fact (stg_<source>__production,
   stg_<source>__flows, stg_<source>__prices), most preferred first. #}
{% macro registered_sources(fact) %}
    {%- set by_fact = {
        "production": ["usgs_mcs", "usgs_myb", "wmd", "iea", "wmd_history"],
        "trade": ["baci", "comtrade", "baci_panels", "atlas_baci", "atlas_flows", "usitc_dataweb", "baci_asean", "wits_china_exports", "comtrade_china_imports"],
        "price": ["usgs_mcs", "wb_pink_sheet", "usgs_ds140"],
    } -%}
    {{ return(by_fact[fact]) }}
{% endmacro %}
