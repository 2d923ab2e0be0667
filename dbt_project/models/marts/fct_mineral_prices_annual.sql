{{ config(materialized='view') }}
-- Annual prices for joining onto yearly marts: a yearly series as published, a monthly
-- series as the mean of the months with a price. is_complete_year: every month of the year
-- has a price (12 for a monthly series, 1 for a yearly one); a year still running (the
-- Pink Sheet's last year) or with missing months is not complete and its mean says so.
-- One row per source x series x year.
with

prices as (
    select * from {{ ref('fct_mineral_prices') }}
),

final as (
    select
        source,
        mineral_id,
        series,
        any_value(series_label) as series_label,
        any_value(frequency) as frequency,
        year,
        any_value(unit) as unit,
        avg(value_nominal) as price_nominal,
        count(value_nominal) as n_periods_priced,
        case any_value(frequency) when 'month' then 12 else 1 end as n_periods_expected,
        count(value_nominal) = case any_value(frequency) when 'month' then 12 else 1 end
            as is_complete_year,
        max(edition) as edition
    from prices
    group by source, mineral_id, series, year
)

select * from final
