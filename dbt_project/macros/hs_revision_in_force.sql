{#- The HS revision in force in a year, as a reporter uses it in UN Comtrade (HS96 before 2002,
    HS02, HS07, HS12, HS17, HS22 from 2022): the revision of a reporter-side record. -#}
{% macro hs_revision_in_force(year) -%}
    case
        when {{ year }} >= 2022 then 'HS22'
        when {{ year }} >= 2017 then 'HS17'
        when {{ year }} >= 2012 then 'HS12'
        when {{ year }} >= 2007 then 'HS07'
        when {{ year }} >= 2002 then 'HS02'
        else 'HS96'
    end
{%- endmacro %}
