-- How concentrated world supply is, from the latest edition that covers each series-year.
-- One row per mineral_id x stage x basis x year.
--
-- Shares are fractions of the published world total (as USGS computes them in table T5);
-- where USGS publishes no world total, of the listed countries plus "Other countries".
-- Withheld (W) and other non-numeric country values are never counted as zero: they are
-- left out of the sums and counted in n_countries_without_value; us_share / china_share are
-- null when that country's value is withheld or the country is not listed. "Other
-- countries" is a residual of many producers, not one: it is not a producer in HHI or CR-n
-- (so HHI is a lower bound), and its share is reported as other_countries_share.
with

countries as (
    select * from {{ ref('int_usgs_mcs__production_by_country') }}
),

aggregates as (
    select * from {{ ref('int_usgs_mcs__world_aggregates') }}
),

covered as (
    select
        mineral_id,
        stage,
        basis,
        year,
        edition
    from countries
    union all
    select
        mineral_id,
        stage,
        basis,
        year,
        edition
    from aggregates
),

series_editions as (
    select
        mineral_id,
        stage,
        basis,
        year,
        max(edition) as edition
    from covered
    group by mineral_id, stage, basis, year
),

latest_countries as (
    select countries.*
    from countries
    inner join series_editions using (mineral_id, stage, basis, year, edition)
),

latest_aggregates as (
    select
        series_editions.mineral_id,
        series_editions.stage,
        series_editions.basis,
        series_editions.year,
        series_editions.edition,
        max(aggregates.quantity) filter (
            where aggregates.aggregate_kind in ('world_total', 'world_total_excluding_us')
        ) as world_total_published,
        coalesce(
            bool_or(aggregates.excludes_us) filter (
                where aggregates.aggregate_kind in ('world_total', 'world_total_excluding_us')
            ),
            false
        ) as world_total_excludes_us,
        sum(aggregates.quantity) filter (where aggregates.aggregate_kind = 'other_countries')
            as other_countries_quantity,
        sum(aggregates.quantity) filter (where aggregates.aggregate_kind = 'country_group')
            as country_groups_quantity,
        any_value(aggregates.quantity_unit) as quantity_unit
    from series_editions
    left join aggregates using (mineral_id, stage, basis, year, edition)
    group by all
),

country_totals as (
    select
        mineral_id,
        stage,
        basis,
        year,
        sum(quantity) as listed_countries_quantity,
        count(*) as n_listed_countries,
        count(*) filter (where quantity > 0) as n_producing_countries,
        count(*) filter (where quantity is null) as n_countries_without_value,
        any_value(quantity_unit) as quantity_unit
    from latest_countries
    group by mineral_id, stage, basis, year
),

denominators as (
    select
        latest_aggregates.*,
        country_totals.listed_countries_quantity,
        coalesce(country_totals.n_listed_countries, 0) as n_listed_countries,
        coalesce(country_totals.n_producing_countries, 0) as n_producing_countries,
        coalesce(country_totals.n_countries_without_value, 0) as n_countries_without_value,
        coalesce(latest_aggregates.quantity_unit, country_totals.quantity_unit)
            as unit_of_quantity,
        coalesce(
            latest_aggregates.world_total_published,
            country_totals.listed_countries_quantity
            + coalesce(latest_aggregates.other_countries_quantity, 0)
            + coalesce(latest_aggregates.country_groups_quantity, 0)
        ) as share_denominator
    from latest_aggregates
    left join country_totals using (mineral_id, stage, basis, year)
),

shares as (
    select
        latest_countries.mineral_id,
        latest_countries.stage,
        latest_countries.basis,
        latest_countries.year,
        latest_countries.country_iso3,
        latest_countries.quantity,
        latest_countries.value_flag,
        latest_countries.quantity / nullif(denominators.share_denominator, 0) as share,
        row_number() over (
            partition by
                latest_countries.mineral_id,
                latest_countries.stage,
                latest_countries.basis,
                latest_countries.year
            order by latest_countries.quantity desc nulls last, latest_countries.country_iso3 asc
        ) as producer_rank
    from latest_countries
    inner join denominators using (mineral_id, stage, basis, year)
),

share_stats as (
    select
        mineral_id,
        stage,
        basis,
        year,
        sum(power(share * 100, 2)) as hhi,
        max(share) filter (where producer_rank = 1) as cr1,
        sum(share) filter (where producer_rank <= 3) as cr3,
        max(country_iso3) filter (where producer_rank = 1 and quantity > 0) as top_producer_iso3,
        max(share) filter (where country_iso3 = 'CHN') as china_share,
        max(share) filter (where country_iso3 = 'USA') as us_share,
        max(value_flag) filter (where country_iso3 = 'USA') as us_value_flag
    from shares
    group by mineral_id, stage, basis, year
),

final as (
    select
        denominators.mineral_id,
        denominators.stage,
        denominators.basis,
        denominators.year,
        denominators.edition,
        denominators.unit_of_quantity as quantity_unit,
        denominators.world_total_published,
        denominators.world_total_excludes_us,
        denominators.listed_countries_quantity,
        denominators.other_countries_quantity,
        denominators.share_denominator,
        denominators.n_listed_countries,
        denominators.n_producing_countries,
        denominators.n_countries_without_value,
        share_stats.hhi,
        {{ hhi_band_2010('share_stats.hhi') }} as hhi_band_doj_2010,
        {{ hhi_band_2023('share_stats.hhi') }} as hhi_band_merger_2023,
        share_stats.cr1,
        share_stats.cr3,
        share_stats.top_producer_iso3,
        case when share_stats.top_producer_iso3 is not null then share_stats.cr1 end
            as top_producer_share,
        share_stats.china_share,
        share_stats.us_share,
        share_stats.us_value_flag,
        denominators.other_countries_quantity
        / nullif(denominators.share_denominator, 0) as other_countries_share,
        denominators.listed_countries_quantity
        / nullif(denominators.share_denominator, 0) as listed_countries_share
    from denominators
    left join share_stats using (mineral_id, stage, basis, year)
)

select * from final
