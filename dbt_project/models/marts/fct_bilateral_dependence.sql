-- Who supplies whom: each supplier's share of a country's imports of a mineral at a stage.
-- One row per source x importer_iso3 x supplier_iso3 x mineral_id x stage x year.
-- Shares are fractions (0-1) of the importer's total over all suppliers, unspecified areas
-- ("Areas, nes", free zones...) included, so they sum to 1. Only flows that may speak for
-- the importer (macros/trade_sources.sql covers_importer); every row carries its source's
-- coverage (dim_trade_coverage). pair_hs6_codes: the codes of this importer-supplier pair.
-- importer_iso3 'EU27' (is_importer_aggregate): the EU members of the year as one importer,
-- their imports from non-members only (macros/eu27_importer.sql), from sources that cover
-- every member (complete, top_partners). importer_members_count: the members of the year.
with

mineral_flows as (
    select * from {{ ref('int_trade__mineral_flows') }}
    where covers_importer
),

importers as (
    select country_iso3 from {{ ref('dim_country') }}
    where is_country
),

flows as (
    select
        mineral_flows.*,
        false as is_importer_aggregate,
        cast(null as bigint) as importer_members_count
    from mineral_flows
    semi join importers on mineral_flows.importer_iso3 = importers.country_iso3
    union all by name
    select
        * exclude (member_importer_iso3),
        true as is_importer_aggregate
    from ({{ eu27_importer_flows('mineral_flows') }})
),

coverage as (
    select * from {{ ref('dim_trade_coverage') }}
),

by_supplier as (
    select
        flows.source,
        flows.importer_iso3,
        flows.exporter_iso3 as supplier_iso3,
        flows.mineral_id,
        flows.trade_stage as stage,
        flows.year,
        flows.is_importer_aggregate,
        flows.importer_members_count,
        sum(flows.value_usd) as value_usd,
        sum(flows.quantity_t) as quantity_t,
        -- Comtrade flows the importer did not report, taken from the exporter's report
        coalesce(sum(flows.value_usd) filter (where flows.reported_by = 'exporter'), 0)
            as mirror_value_usd,
        bool_or(flows.is_shared) as includes_shared_codes,
        string_agg(distinct flows.hs6, ' ' order by flows.hs6) as pair_hs6_codes
    from flows
    group by all
),

shares as (
    select
        *,
        value_usd / nullif(
            sum(value_usd) over (
                partition by source, importer_iso3, mineral_id, stage, year
            ),
            0
        ) as value_share,
        quantity_t / nullif(
            sum(quantity_t) over (
                partition by source, importer_iso3, mineral_id, stage, year
            ),
            0
        ) as quantity_share
    from by_supplier
),

final as (
    select
        shares.*,
        {{ trade_coverage_columns('coverage') }}
    from shares
    left join coverage using (source, mineral_id, stage, year)
)

select * from final
