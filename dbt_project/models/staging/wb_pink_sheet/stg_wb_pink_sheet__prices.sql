-- One row per Pink Sheet series with a mineral x month (the price contract of
-- macros/price_sources.sql): the monthly nominal US dollar prices of the metals and minerals
-- (aluminum, copper, nickel, gold, phosphate rock, potash ...). Series without a mineral
-- (energy, food, fertilizers, timber) stay out, listed with the reason in
-- seeds/wb_pink_sheet/wb_pink_sheet_series.csv (tests/assert_wb_pink_sheet_series_mapped.sql
-- fails on a series not listed there). Missing cells ('…', '...') are kept: value_nominal
-- null, value_raw the mark. The monthly sheet is nominal only: value_real is null. Where
-- several releases are landed, each month comes from the latest (the World Bank revises).
with

prices as (
    select * from {{ source('wb_pink_sheet', 'wb_pink_sheet__monthly_prices') }}
    qualify row_number() over (
        partition by series_code, year, month order by edition desc, updated_on desc
    ) = 1
),

series as (
    select * from {{ ref('wb_pink_sheet_series') }}
    where mineral_id is not null
),

final as (
    select
        'wb_pink_sheet' as source,
        prices.edition,
        series.mineral_id,
        prices.series_code as series,
        prices.series_name
        || case when prices.methodology_change then ' (methodology change, **)' else '' end
            as series_label,
        'month' as frequency,
        make_date(prices.year, prices.month, 1) as period,
        prices.year,
        series.unit,
        prices.value as value_nominal,
        cast(null as double) as value_real,
        cast(null as varchar) as real_basis,
        prices.value_raw,
        prices.source_file
    from prices
    inner join series on prices.series_code = series.series_code
)

select * from final
