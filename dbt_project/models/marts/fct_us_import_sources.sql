-- Where US imports come from: USGS's published supplier shares ("Import Sources", MCS2026:
-- 2021-24) beside the shares the trade data give for the same mineral and trade stages over
-- the years of that period each trade source has (BACI, UN Comtrade), never mixed.
-- One row per edition x usgs_commodity x detail x supplier (a country, or "Other countries").
-- Trade shares of "Other countries" are 1 minus the trade shares of the suppliers USGS
-- lists. Items with no trade equivalent (scrap, pigments...) keep the USGS share only.
with

usgs as (
    select * from {{ ref('stg_usgs_mcs__import_sources') }}
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
        string_agg(distinct year::varchar, ' ' order by year::varchar) filter (
            where source = 'comtrade'
        ) as comtrade_years,
        sum(value_usd) filter (where source = 'comtrade') as comtrade_total_usd
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
        listed.notes
    from listed
    left join coverage
        on
            listed.edition = coverage.edition
            and listed.usgs_commodity = coverage.usgs_commodity
            and listed.detail = coverage.detail
)

select * from final
