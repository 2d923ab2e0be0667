{#
  One more hop of origin tracing (models/exposure/origin/int_origin__routes.sql). Each row of
  `previous` holds a share of an importer's imports sitting at a node: a country at a chain
  stage (node_order). A node that exported (route_kind 'direct' or 'import') is replaced by
  its pool at the nearest stage below with a pool (int_origin__pools): its production stays
  with it ('production'), its imports move to the countries they came from ('import', traced
  further at the next hop) or to the unresolved ('unspecified'). A node with no pool below
  keeps its share: 'top_stage' where the chain has no stage below (it mined the ore),
  'untraced' where it has one but no figures. Other rows are final and pass unchanged.
#}
{% macro expand_origin_hop(previous, hop) -%}
    select
        previous.source,
        previous.importer_iso3,
        previous.mineral_id,
        previous.stage,
        previous.year,
        {{ hop }} as hops,
        previous.via_iso3,
        coalesce(pools.input_iso3, previous.node_iso3) as node_iso3,
        coalesce(pools.chain_order, previous.node_order) as node_order,
        previous.share * coalesce(pools.pool_share, 1) as share,
        case
            when pools.input_kind is not null then pools.input_kind
            when previous.route_kind not in ('direct', 'import') then previous.route_kind
            when previous.node_order > chain_first.first_order then 'untraced'
            else 'top_stage'
        end as route_kind
    from {{ previous }} as previous
    inner join chain_first on previous.mineral_id = chain_first.mineral_id
    left join pool_reach as reach
        on
            previous.route_kind in ('direct', 'import')
            and previous.mineral_id = reach.mineral_id
            and previous.year = reach.year
            and previous.node_iso3 = reach.country_iso3
            and previous.node_order = reach.node_order
    left join pools
        on
            reach.pool_order = pools.chain_order
            and reach.mineral_id = pools.mineral_id
            and reach.year = pools.year
            and reach.country_iso3 = pools.country_iso3
{%- endmacro %}

{# The hops traced back (dbt var embedded_origin_max_hops, at least 1). #}
{% macro embedded_origin_max_hops() -%}
    {%- set hops = var('embedded_origin_max_hops') -%}
    {#- sqlfluff's stand-in for a var is a word: the linter reads the default, 3 hops -#}
    {{ return(3 if hops is string and not hops.isdigit() else [hops | int, 1] | max) }}
{%- endmacro %}
