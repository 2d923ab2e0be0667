-- Where US imports come from: USGS's published supplier shares ("Import Sources", MCS2026:
-- 2021-24) beside the shares the trade data give for the same mineral and trade stages over
-- the years of that period each trade source has (BACI, UN Comtrade), never mixed.
-- One row per edition x usgs_commodity x detail x supplier (a country, or "Other countries").
-- Trade shares of "Other countries" are 1 minus the trade shares of the suppliers USGS
-- lists. Items with no trade equivalent (scrap, pigments...) keep the USGS share only.
-- What each side covers is named on every row: the trade stages the USGS item spans
-- (usgs_item_stages; for a total, 'all', the stages of its sibling items and of the HS seed),
-- the HS6 codes the seed maps to them, and the stages and HS6 codes each trade source actually
-- counted; is_<source>_coverage_partial flags a trade share over fewer stages than the item
-- (antimony "Total metal and oxide" vs BACI unwrought metal 811010 only).
with

usgs as (
    select * from {{ ref('stg_usgs_mcs__import_sources') }}
),

hs_codes as (
    select * from {{ ref('hs_minerals') }}
    where length(hs6) = 6  -- HS6 codes (4-digit headings map HS4-only sources)
),

bilateral as (
    select * from {{ ref('fct_bilateral_dependence') }}
    where importer_iso3 = 'USA'
),

items as (
    select distinct
        edition,
        usgs_commodity,
        detail,
        mineral_id,
        trade_stages,
        year_start,
        year_end
    from usgs
    where trade_stages is not null
),

-- the trade stages each item spans: its own, or for a total ('all') every stage of the
-- commodity's other items and of the HS seed for the mineral
item_stage_rows as (
    select
        edition,
        usgs_commodity,
        detail,
        unnest(string_split(trade_stages, ' ')) as stage
    from items
    where trade_stages != 'all'
),

item_stages as (
    select
        edition,
        usgs_commodity,
        detail,
        stage
    from item_stage_rows
    union
    select
        items.edition,
        items.usgs_commodity,
        items.detail,
        siblings.stage
    from items
    inner join item_stage_rows as siblings
        on
            items.edition = siblings.edition
            and items.usgs_commodity = siblings.usgs_commodity
    where items.trade_stages = 'all'
    union
    select
        items.edition,
        items.usgs_commodity,
        items.detail,
        hs_codes.trade_stage as stage
    from items
    inner join hs_codes on items.mineral_id = hs_codes.mineral_id
    where items.trade_stages = 'all'
),

item_codes as (
    select
        item_stages.edition,
        item_stages.usgs_commodity,
        item_stages.detail,
        list_sort(list_distinct(list(item_stages.stage))) as stages,
        list_sort(list_distinct(list(hs_codes.hs6))) as hs6_codes
    from item_stages
    inner join items
        on
            item_stages.edition = items.edition
            and item_stages.usgs_commodity = items.usgs_commodity
            and item_stages.detail = items.detail
    left join hs_codes
        on
            items.mineral_id = hs_codes.mineral_id
            and item_stages.stage = hs_codes.trade_stage
    group by item_stages.edition, item_stages.usgs_commodity, item_stages.detail
),

trade as (
    select
        items.edition,
        items.usgs_commodity,
        items.detail,
        bilateral.*
    from items
    inner join bilateral
        on
            items.mineral_id = bilateral.mineral_id
            and (
                items.trade_stages = 'all'
                or list_contains(string_split(items.trade_stages, ' '), bilateral.stage)
            )
            and bilateral.year between items.year_start and items.year_end
),

trade_by_supplier as (
    select
        edition,
        usgs_commodity,
        detail,
        source,
        supplier_iso3,
        sum(value_usd) as value_usd
    from trade
    group by all
),

trade_shares as (
    select
        *,
        value_usd / nullif(
            sum(value_usd) over (partition by edition, usgs_commodity, detail, source), 0
        ) as trade_share,
        sum(value_usd) over (partition by edition, usgs_commodity, detail, source)
            as trade_total_usd
    from trade_by_supplier
),

listed as (
    select
        usgs.*,
        max(trade_shares.trade_share) filter (where trade_shares.source = 'baci')
            as baci_share,
        max(trade_shares.trade_share) filter (where trade_shares.source = 'comtrade')
            as comtrade_share
    from usgs
    left join trade_shares
        on
            usgs.edition = trade_shares.edition
            and usgs.usgs_commodity = trade_shares.usgs_commodity
            and usgs.detail = trade_shares.detail
            and usgs.supplier_iso3 = trade_shares.supplier_iso3
    group by all
),

coverage as (
    select
        edition,
        usgs_commodity,
        detail,
        string_agg(distinct year::varchar, ' ' order by year::varchar) filter (
            where source = 'baci'
        ) as baci_years,
        sum(value_usd) filter (where source = 'baci') as baci_total_usd,
        list_sort(list_distinct(list(stage) filter (where source = 'baci'))) as baci_stages,
        list_sort(list_distinct(flatten(
            list(string_split(pair_hs6_codes, ' ')) filter (where source = 'baci')
        ))) as baci_hs6_codes,
        string_agg(distinct year::varchar, ' ' order by year::varchar) filter (
            where source = 'comtrade'
        ) as comtrade_years,
        sum(value_usd) filter (where source = 'comtrade') as comtrade_total_usd,
        list_sort(list_distinct(list(stage) filter (where source = 'comtrade'))) as comtrade_stages,
        list_sort(list_distinct(flatten(
            list(string_split(pair_hs6_codes, ' ')) filter (where source = 'comtrade')
        ))) as comtrade_hs6_codes
    from trade
    group by edition, usgs_commodity, detail
),

final as (
    select
        listed.edition,
        listed.usgs_commodity,
        listed.detail,
        listed.mineral_id,
        listed.trade_stages,
        listed.usgs_commodity || ': ' || listed.detail || case
            when listed.trade_stages = 'all' then ' (every form the item counts)'
            when listed.trade_stages is null then ' (no trade equivalent)'
            else ' (trade stage ' || listed.trade_stages || ')'
        end as usgs_item_coverage,
        array_to_string(item_codes.stages, ' ') as usgs_item_stages,
        nullif(array_to_string(item_codes.hs6_codes, ' '), '') as usgs_item_hs6_codes,
        listed.supplier_name,
        listed.supplier_iso3,
        listed.is_other_countries,
        listed.period_raw,
        listed.year_start,
        listed.year_end,
        listed.value_raw as usgs_share_text,
        listed.value_flag as usgs_value_flag,
        listed.usgs_share,
        listed.usgs_share_lower,
        listed.usgs_share_upper,
        case
            when listed.is_other_countries and coverage.baci_total_usd is not null
                then
                    1 - coalesce(
                        sum(listed.baci_share) filter (where not listed.is_other_countries) over (
                            partition by listed.edition, listed.usgs_commodity, listed.detail
                        ),
                        0
                    )
            when coverage.baci_total_usd is not null then coalesce(listed.baci_share, 0)
        end as baci_share,
        coverage.baci_years,
        array_to_string(coverage.baci_stages, ' ') as baci_stages,
        array_to_string(coverage.baci_hs6_codes, ' ') as baci_hs6_codes,
        case
            when coverage.baci_total_usd is not null
                then not list_has_all(coverage.baci_stages, item_codes.stages)
        end as is_baci_coverage_partial,
        case
            when listed.is_other_countries and coverage.comtrade_total_usd is not null
                then
                    1 - coalesce(
                        sum(listed.comtrade_share) filter (
                            where not listed.is_other_countries
                        ) over (
                            partition by listed.edition, listed.usgs_commodity, listed.detail
                        ),
                        0
                    )
            when coverage.comtrade_total_usd is not null then coalesce(listed.comtrade_share, 0)
        end as comtrade_share,
        coverage.comtrade_years,
        array_to_string(coverage.comtrade_stages, ' ') as comtrade_stages,
        array_to_string(coverage.comtrade_hs6_codes, ' ') as comtrade_hs6_codes,
        case
            when coverage.comtrade_total_usd is not null
                then not list_has_all(coverage.comtrade_stages, item_codes.stages)
        end as is_comtrade_coverage_partial,
        listed.notes
    from listed
    left join coverage
        on
            listed.edition = coverage.edition
            and listed.usgs_commodity = coverage.usgs_commodity
            and listed.detail = coverage.detail
    left join item_codes
        on
            listed.edition = item_codes.edition
            and listed.usgs_commodity = item_codes.usgs_commodity
            and listed.detail = item_codes.detail
)

select * from final
