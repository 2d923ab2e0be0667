{#- A model's column rules in one query, one scan: each listed column not null
    (not_null: [columns]), in its accepted values (accepted_values: {column: [values]}), or
    within its range (between: {column: [min_value, max_value]}). Null values pass the value
    and range rules, as dbt's accepted_values and the between test do. A failing row is
    returned whole, failed_rules naming each column and rule it breaks. -#}
{% test column_rules(model, not_null=[], accepted_values={}, between={}) %}
    {%- set rules = [] -%}
    {%- for column in not_null -%}
        {%- do rules.append("case when " ~ column ~ " is null then '" ~ column ~ " is null' end") -%}
    {%- endfor -%}
    {%- for column, values in accepted_values.items() -%}
        {%- set quoted = values | map("string") | map("replace", "'", "''") | join("', '") -%}
        {%- set outside = column ~ " not in ('" ~ quoted ~ "')" -%}
        {%- do rules.append("case when " ~ outside ~ " then '" ~ column ~ " not in accepted values' end") -%}
    {%- endfor -%}
{%- for column, range in between.items() -%}
        {%- set outside = column ~ " < " ~ range[0] ~ " or " ~ column ~ " > " ~ range[1] -%}
        {%- set named = column ~ " outside [" ~ range[0] ~ ", " ~ range[1] ~ "]" -%}
        {%- do rules.append("case when " ~ outside ~ " then '" ~ named ~ "' end") -%}
    {%- endfor %}
    select *
    from (
        select
            concat_ws('; ', {{ rules | join(', ') }}) as failed_rules,
            *
        from {{ model }}
    )
    where failed_rules != ''
{% endtest %}
