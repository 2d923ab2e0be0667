{{
    config(
        store_failures=true,
        schema='audit',
        meta={'dagster': {'ref': {'name': 'stg_usgs_mcs__world_cells'}}}
    )
}}
-- Well-formed but implausible values (a negative production, an NIR of 150%...) fail the
-- build: the rules are reviewed data (seeds/checks/plausibility_rules.csv), one row per
-- model x column with its bounds. Failing rows name the rule, the model and the value.
-- depends_on: {{ ref('plausibility_rules') }}
-- depends_on: {{ ref('stg_usgs_mcs__world_cells') }}
-- depends_on: {{ ref('stg_usgs_mcs__salient_net_import_reliance') }}
-- depends_on: {{ ref('stg_usgs_mcs__import_sources') }}
-- depends_on: {{ ref('stg_wmd__production') }}
-- depends_on: {{ ref('stg_iea__mineral_supply') }}
-- depends_on: {{ ref('stg_baci__trade_flows') }}
-- depends_on: {{ ref('stg_comtrade__reported_flows') }}
{%- set rules = [] -%}
{%- if execute -%}
    {%- set rules = run_query("select * from " ~ ref('plausibility_rules') ~ " order by rule_id").rows -%}
{%- endif %}
{% for rule in rules %}
    select
        '{{ rule["rule_id"] }}' as rule_id,
        '{{ rule["model"] }}' as model_name,
        '{{ rule["column_name"] }}' as column_name,
        cast({{ rule["column_name"] }} as double) as checked_value
    from {{ ref(rule["model"]) }}
    where
        ({{ rule["where_clause"] }})
        and (
            {%- if rule["min_value"] is not none %} {{ rule["column_name"] }} < {{ rule["min_value"] }}{% else %} false{% endif %}
            or {%- if rule["max_value"] is not none %} {{ rule["column_name"] }} > {{ rule["max_value"] }}{% else %} false{% endif %}
        )
    {% if not loop.last %}union all{% endif %}
{% endfor %}
{% if rules | length == 0 %}
    select null as rule_id, null as model_name, null as column_name, null as checked_value
    where false
{% endif %}
