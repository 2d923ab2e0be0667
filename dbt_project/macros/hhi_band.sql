{#- HHI bands (0-10,000 scale): 2010 DOJ/FTC Horizontal Merger Guidelines and the
    2023 Merger Guidelines. -#}
{% macro hhi_band_2010(hhi) -%}
    case
        when {{ hhi }} is null then null
        when {{ hhi }} < 1500 then 'unconcentrated'
        when {{ hhi }} <= 2500 then 'moderately concentrated'
        else 'highly concentrated'
    end
{%- endmacro %}

{% macro hhi_band_2023(hhi) -%}
    case
        when {{ hhi }} is null then null
        when {{ hhi }} < 1000 then 'unconcentrated'
        when {{ hhi }} <= 1800 then 'moderately concentrated'
        else 'highly concentrated'
    end
{%- endmacro %}
