-- Each country's WGI for every year from 1996 to the last exposure year: per indicator, the
-- latest published estimate up to that year (WGI skips 1997, 1999, 2001 and ends in 2022 in
-- the bundled update). One row per country_iso3 x year.
--   wgi_mean_estimate   mean of the indicators found (n_indicators says how many of six);
--   wgi_scaled_eu       5 - 2 x wgi_mean_estimate: 0 (best) to 10 (worst), EU CRM method;
--   pv_estimate         Political Stability and Absence of Violence/Terrorism;
--   geopolrisk_weight   min(1, (2.5 - pv_estimate) / 5), geopolrisk-py's weight.
-- A country without an estimate gets no row: marts flag it as a gap, never 0.5.
with

wgi as (
    select * from {{ ref('stg_wgi__governance_indicators') }}
    where is_latest_edition and country_iso3 is not null and estimate is not null
),

years as (
    select unnest(range(1996, {{ var('exposure_last_year') }} + 1)) as year
),

series as (
    select distinct
        wgi.country_iso3,
        wgi.indicator
    from wgi
),

latest as (
    select
        series.country_iso3,
        series.indicator,
        years.year,
        wgi.year as wgi_year,
        wgi.estimate
    from series
    cross join years
    inner join wgi
        on
            series.country_iso3 = wgi.country_iso3
            and series.indicator = wgi.indicator
            and years.year >= wgi.year
    qualify row_number() over (
        partition by series.country_iso3, series.indicator, years.year
        order by wgi.year desc
    ) = 1
),

final as (
    select
        country_iso3,
        year,
        avg(estimate) as wgi_mean_estimate,
        count(*) as n_indicators,
        min(wgi_year) as wgi_year_min,
        max(wgi_year) as wgi_year_max,
        5 - 2 * avg(estimate) as wgi_scaled_eu,
        max(estimate) filter (where indicator = 'pv') as pv_estimate,
        max(wgi_year) filter (where indicator = 'pv') as pv_year,
        {{ geopolrisk_weight("max(estimate) filter (where indicator = 'pv')") }}
            as geopolrisk_weight
    from latest
    group by country_iso3, year
)

select * from final
