-- One row per USGS MCS salient price series x year (the price contract of
-- macros/price_sources.sql): every salient statistic whose name says price (LME cash, US
-- spot, unit value of imports ...), as the latest edition publishing that year gives it
-- (MCS revises the previous years). series is commodity code | commodity | statistic as
-- published, so the two formats (MCS2022-2025 "Price_LME_dlb", MCS2026 "Price: Price,
-- average, dollars per pound: ...") stay distinct series. Withheld, not available, range
-- and qualitative figures are kept: value_nominal null, value_raw their text. USGS labels
-- prices nominal except where the label says otherwise ("annual average-real" for lithium
-- 2026); value_real is null (no deflated series is published beside them). Files
-- superseded by usgs_superseded_files are left out, as in fct_us_salient_statistics.
with

salient as (
    select * from {{ ref('stg_usgs_mcs__salient_statistics') }}
),

commodities as (
    select * from {{ ref('usgs_salient_commodities') }}
),

superseded as (
    select * from {{ ref('usgs_superseded_files') }}
),

prices as (
    select
        salient.*,
        salient.commodity_code || ' | ' || salient.commodity || ' | ' || salient.column_name
            as series
    from salient
    left join superseded on salient.source_file = superseded.source_file
    where
        superseded.source_file is null
        and {{ usgs_statistic_kind('salient.statistic') }} = 'price'
    qualify row_number() over (
        partition by series, salient.year order by salient.edition desc
    ) = 1
),

final as (
    select
        'usgs_mcs' as source,
        prices.edition,
        commodities.mineral_id,
        prices.series,
        prices.commodity || ', ' || prices.statistic
        || coalesce(' (' || nullif(prices.detail, '') || ')', '') as series_label,
        'year' as frequency,
        make_date(prices.year, 1, 1) as period,
        prices.year,
        coalesce({{ usgs_unit_symbol('prices.unit') }}, 'unknown') as unit,
        prices.value as value_nominal,
        cast(null as double) as value_real,
        cast(null as varchar) as real_basis,
        prices.value_raw,
        prices.source_file
    from prices
    left join commodities on prices.commodity_code = commodities.commodity_code
)

select * from final
