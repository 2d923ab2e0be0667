-- What each country's exports at a stage of a mineral's chain are made from: its pool at
-- the stage below (seeds/exposure/stage_chain.csv), i.e. its own production at that stage
-- plus its imports at that stage, by the country they come from (the proportional "pool"
-- assumption: a country's exports carry the mix of what it produced and imported).
-- One row per year x mineral_id x trade_stage x country_iso3 x input_iso3 x input_kind;
-- pool_share sums to 1 per year x mineral_id x trade_stage x country_iso3.
-- input_kind: 'production' (the country's own, input_iso3 = country_iso3), 'import' (from
-- a country) or 'unspecified' (from an area that is not a country: cannot be traced).
-- Imports: tonnes from the one trade source that covers the country as importer best
-- (completeness, then registration order; sources that report quantities only).
-- Production: tonnes of the production series of the stage (int_exposure__production_series),
-- or of the nearest stage below it with a series that year (is_production_proxy).
-- The parameters (seeds/exposure/embedded_origin_parameters.csv, the mineral's row else
-- '*') are named on every row: home_use_share, production_weight, upstream_basis.
with

chain as (
    select * from {{ ref('stage_chain') }}
),

parameters as (
    select * from {{ ref('int_origin__parameters') }}
),

countries as (
    select country_iso3 from {{ ref('dim_country') }}
    where is_country
),

imports as (
    select
        bilateral.source as trade_source,
        bilateral.importer_iso3 as country_iso3,
        bilateral.supplier_iso3 as input_iso3,
        bilateral.mineral_id,
        bilateral.stage as trade_stage,
        bilateral.year,
        bilateral.quantity_t as input_t
    from {{ ref('fct_bilateral_dependence') }} as bilateral
    inner join countries on bilateral.importer_iso3 = countries.country_iso3
    where bilateral.quantity_t > 0
    qualify dense_rank() over (
        partition by
            bilateral.importer_iso3, bilateral.mineral_id, bilateral.stage, bilateral.year
        order by
            {{ completeness_rank('bilateral.completeness') }},
            {{ trade_source_rank('bilateral.source') }}
    ) = 1
),

series as (
    -- the production series of the stage (int_exposure__production_series); in a year
    -- without one, the series of the nearest stage below it that has one (REE compounds
    -- without a refinery series: the mine series; the country is taken to process what it
    -- mines), said in production_stage_used and is_production_proxy
    select
        chain.mineral_id,
        chain.trade_stage,
        production_series.year,
        production_series.production_source,
        production_series.production_stage,
        production_series.production_basis,
        lower_stage.trade_stage != chain.trade_stage as is_production_proxy
    from chain
    inner join chain as lower_stage
        on
            chain.mineral_id = lower_stage.mineral_id
            and chain.chain_order >= lower_stage.chain_order
    inner join {{ ref('int_exposure__production_series') }} as production_series
        on
            lower_stage.mineral_id = production_series.mineral_id
            and lower_stage.trade_stage = production_series.trade_stage
    qualify row_number() over (
        partition by chain.mineral_id, chain.trade_stage, production_series.year
        order by lower_stage.chain_order desc
    ) = 1
),

production as (
    select
        series.production_source,
        series.production_stage,
        series.is_production_proxy,
        shares.country_iso3,
        series.mineral_id,
        series.trade_stage,
        series.year,
        shares.quantity as input_t
    from series
    inner join {{ ref('int_exposure__production_shares') }} as shares
        on
            series.production_source = shares.source
            and series.mineral_id = shares.mineral_id
            and series.production_stage = shares.stage
            and series.production_basis = shares.basis
            and series.year = shares.year
    where shares.quantity > 0 and shares.quantity_unit = 't'
),

inputs as (
    select
        country_iso3,
        mineral_id,
        trade_stage,
        year,
        country_iso3 as input_iso3,
        'production' as input_kind,
        input_t,
        null as trade_source,
        production_source,
        production_stage as production_stage_used,
        is_production_proxy
    from production
    union all
    select
        imports.country_iso3,
        imports.mineral_id,
        imports.trade_stage,
        imports.year,
        imports.input_iso3,
        case
            when countries.country_iso3 is null then 'unspecified' else 'import'
        end as input_kind,
        imports.input_t,
        imports.trade_source,
        null as production_source,
        null as production_stage_used,
        null as is_production_proxy
    from imports
    left join countries on imports.input_iso3 = countries.country_iso3
),

weighted as (
    select
        inputs.*,
        chain.chain_order,
        parameters.home_use_share,
        parameters.production_weight,
        parameters.upstream_basis,
        case
            when inputs.input_kind = 'production'
                then
                    inputs.input_t
                    * (1 - parameters.home_use_share)
                    * parameters.production_weight
            else inputs.input_t
        end as weighted_t
    from inputs
    inner join chain
        on inputs.mineral_id = chain.mineral_id and inputs.trade_stage = chain.trade_stage
    inner join parameters on inputs.mineral_id = parameters.mineral_id
),

pool_totals as (
    select
        *,
        sum(case when input_kind = 'production' then weighted_t else 0 end) over pool
            as production_t,
        sum(case when input_kind != 'production' then weighted_t else 0 end) over pool
            as imports_t
    from weighted
    window pool as (partition by country_iso3, mineral_id, trade_stage, year)
),

by_basis as (
    -- upstream_basis: production_and_trade (both), trade (imports; production only where
    -- there are none), production (production; imports only where there is none)
    select
        *,
        case upstream_basis
            when 'production_and_trade' then weighted_t
            when 'trade'
                then
                    case
                        when input_kind = 'production' and imports_t > 0 then 0
                        else weighted_t
                    end
            when 'production'
                then
                    case
                        when input_kind != 'production' and production_t > 0 then 0
                        else weighted_t
                    end
        end as pool_t
    from pool_totals
),

final as (
    select
        year,
        mineral_id,
        trade_stage,
        chain_order,
        country_iso3,
        input_iso3,
        input_kind,
        input_t,
        pool_t,
        pool_t / sum(pool_t) over (
            partition by country_iso3, mineral_id, trade_stage, year
        ) as pool_share,
        trade_source,
        production_source,
        production_stage_used,
        is_production_proxy,
        home_use_share,
        production_weight,
        upstream_basis
    from by_basis
    where pool_t > 0
)

select * from final
