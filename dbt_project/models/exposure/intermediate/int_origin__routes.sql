-- Where an importer's imports of a mineral at a stage come from, traced back through the
-- exporters' pools (int_origin__pools) for 1 to var('embedded_origin_max_hops') hops.
-- One row per source x importer_iso3 x mineral_id x stage x year x hops x via_iso3 x
-- origin_iso3 x route_kind. Hop 1 is the direct supplier (fct_bilateral_dependence value
-- shares); each further hop replaces an exporter by its pool at the nearest stage below
-- that has figures (macros/embedded_origin.sql). via_iso3: the direct supplier the share
-- passes through. Shares of a source x importer x mineral x stage x year x hops sum to 1.
{% set max_hops = embedded_origin_max_hops() %}
with

chain as (
    select * from {{ ref('stage_chain') }}
),

pools as (
    select * from {{ ref('int_origin__pools') }}
),

countries as (
    select country_iso3 from {{ ref('dim_country') }}
    where is_country
),

chain_first as (
    select
        mineral_id,
        min(chain_order) as first_order
    from chain
    group by mineral_id
),

pool_stages as (
    select distinct
        mineral_id,
        year,
        country_iso3,
        chain_order
    from pools
),

pool_reach as (
    -- for a country at a chain stage: the nearest stage below it with a pool
    select
        nodes.mineral_id,
        nodes.year,
        nodes.country_iso3,
        nodes.chain_order as node_order,
        max(pool_stages.chain_order) as pool_order
    from (
        select distinct
            pool_countries.mineral_id,
            pool_countries.year,
            pool_countries.country_iso3,
            chain.chain_order
        from pool_stages as pool_countries
        inner join chain on pool_countries.mineral_id = chain.mineral_id
    ) as nodes
    inner join pool_stages
        on
            nodes.mineral_id = pool_stages.mineral_id
            and nodes.year = pool_stages.year
            and nodes.country_iso3 = pool_stages.country_iso3
            and nodes.chain_order > pool_stages.chain_order
    group by all
),

hop_1 as (
    select
        bilateral.source,
        bilateral.importer_iso3,
        bilateral.mineral_id,
        bilateral.stage,
        bilateral.year,
        1 as hops,
        bilateral.supplier_iso3 as via_iso3,
        bilateral.supplier_iso3 as node_iso3,
        chain.chain_order as node_order,
        bilateral.value_share as share,
        case
            when countries.country_iso3 is null then 'unspecified' else 'direct'
        end as route_kind
    from {{ ref('fct_bilateral_dependence') }} as bilateral
    inner join chain
        on bilateral.mineral_id = chain.mineral_id and bilateral.stage = chain.trade_stage
    left join countries on bilateral.supplier_iso3 = countries.country_iso3
    where bilateral.value_share > 0
),

{% for hop in range(2, max_hops + 1) %}
    hop_{{ hop }} as (
        {{ expand_origin_hop('hop_' ~ (hop - 1), hop) }}
    ),
{% endfor %}

routes as (
    {% for hop in range(1, max_hops + 1) %}
        {% if not loop.first %}union all{% endif %}
        select * from hop_{{ hop }}
    {% endfor %}
),

final as (
    select
        source,
        importer_iso3,
        mineral_id,
        stage,
        year,
        hops,
        via_iso3,
        node_iso3 as origin_iso3,
        route_kind,
        sum(share) as share
    from routes
    group by all
)

select * from final
