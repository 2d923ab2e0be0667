-- How concentrated supply is, as each edition of each source published it.
-- One row per source x mineral_id x stage x basis x year x edition.
--
-- share_basis says what the shares are fractions of:
--   published_world_total                the source's world total (as USGS does in table T5),
--                                        or the sum of the listed countries where a
--                                        reviewed row of seeds/checks/world_total_misprints
--                                        .csv says the total is misprinted (MCS2025 kaolin
--                                        2024 prints 4,400 kt for ~44,000). Never automatic:
--                                        a total far below its countries without a row
--                                        fails assert_world_totals_cover_countries;
--   published_world_total_excluding_us   USGS's total that leaves the withheld US out;
--   listed_countries_and_residual        no total published: the listed countries plus
--                                        "Other countries" and country groups;
--   world_total_not_computable           the source says a world total cannot be computed
--                                        (USGS XX / NA) for this mineral's table, and
--                                        publishes no total for the series: no shares,
--                                        HHI, CR-n or top share.
-- Withheld (W) and other non-numeric country values are never counted as zero: they are
-- left out of the sums and counted in n_countries_without_value. "Other countries" is a
-- residual of many producers, not one: not a producer in HHI or CR-n (HHI is a lower
-- bound), reported as other_countries_share.
with

countries as (
    select * from {{ ref('int_production__by_country') }}
),

aggregates as (
    select * from {{ ref('int_production__world_aggregates') }}
),

misprints as (
    select * from {{ ref('world_total_misprints') }}
),

-- An edition covers a series-year only where it gives a figure or a code for it: a blank
-- cell (flag 'missing') is not a newer figure (MCS2025 leaves its capacity columns blank
-- for most commodities; those blanks must not hide the capacities MCS2024 published).
series_rows as (
    select
        source,
        mineral_id,
        stage,
        basis,
        year,
        edition,
        is_projection
    from countries
    where value_flag != 'missing'
    union all
    select
        source,
        mineral_id,
        stage,
        basis,
        year,
        edition,
        is_projection
    from aggregates
    where value_flag != 'missing'
),

series as (
    select distinct * from series_rows
),

published as (
    select
        series.source,
        series.mineral_id,
        series.stage,
        series.basis,
        series.year,
        series.edition,
        series.is_projection,
        count(aggregates.aggregate_kind) filter (
            where aggregates.aggregate_kind in ('world_total', 'world_total_excluding_us')
        ) > 0 as has_world_total_row,
        max(aggregates.quantity) filter (
            where aggregates.aggregate_kind in ('world_total', 'world_total_excluding_us')
        ) as world_total_published,
        string_agg(aggregates.source_files, '; ' order by aggregates.source_files) filter (
            where aggregates.aggregate_kind in ('world_total', 'world_total_excluding_us')
        ) as world_total_source_files,
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
    from series
    left join aggregates
        using (source, mineral_id, stage, basis, year, edition)
    group by all
),

country_totals as (
    select
        source,
        mineral_id,
        stage,
        basis,
        year,
        edition,
        sum(quantity) as listed_countries_quantity,
        count(*) as n_listed_countries,
        count(*) filter (where quantity > 0) as n_producing_countries,
        count(*) filter (where quantity is null) as n_countries_without_value,
        any_value(quantity_unit) as quantity_unit
    from countries
    group by source, mineral_id, stage, basis, year, edition
),

denominators as (
    select
        published.* exclude (quantity_unit),
        country_totals.listed_countries_quantity,
        coalesce(country_totals.n_listed_countries, 0) as n_listed_countries,
        coalesce(country_totals.n_producing_countries, 0) as n_producing_countries,
        coalesce(country_totals.n_countries_without_value, 0) as n_countries_without_value,
        coalesce(published.quantity_unit, country_totals.quantity_unit) as quantity_unit,
        misprints.reason is not null as is_world_total_misprinted,
        case
            when published.world_total_published is not null and published.world_total_excludes_us
                then 'published_world_total_excluding_us'
            when published.world_total_published is not null then 'published_world_total'
            -- USGS says so once per table (boron: XX on the world-total row while each
            -- country reports another product or stage): no series of it gets a share
            when
                bool_or(
                    published.has_world_total_row and published.world_total_published is null
                )
                    over (
                        partition by
                            published.source,
                            published.mineral_id,
                            published.year,
                            published.edition
                    )
                then 'world_total_not_computable'
            else 'listed_countries_and_residual'
        end as share_basis
    from published
    left join country_totals using (source, mineral_id, stage, basis, year, edition)
    left join misprints
        on
            published.source = misprints.source
            and published.mineral_id = misprints.mineral_id
            and published.stage = misprints.stage
            and published.basis = misprints.basis
            and published.year = misprints.year
            and published.edition = misprints.edition
            and contains(published.world_total_source_files, misprints.source_file)
),

with_denominator as (
    select
        *,
        case
            when share_basis = 'world_total_not_computable' then null
            when share_basis = 'listed_countries_and_residual'
                then
                    listed_countries_quantity
                    + coalesce(other_countries_quantity, 0)
                    + coalesce(country_groups_quantity, 0)
            -- shares are of the published (rounded) total, as USGS computes them, even
            -- where the listed countries add up to a little more (rounding: cr3 and HHI
            -- may then pass 1 and 10,000 slightly; is_world_total_below_listed says so);
            -- a reviewed misprint (MCS2025 kaolin 2024: 4,400 kt for ~44,000 kt) uses the
            -- listed sum instead
            when is_world_total_misprinted then listed_countries_quantity
            else world_total_published
        end as share_denominator,
        -- below by more than float noise (a Total equal to its countries' sum, as WMD's,
        -- must not flip with the order of the sum)
        coalesce(world_total_published < listed_countries_quantity * (1 - 1e-9), false)
            as is_world_total_below_listed
    from denominators
),

shares as (
    select
        countries.source,
        countries.mineral_id,
        countries.stage,
        countries.basis,
        countries.year,
        countries.edition,
        countries.country_iso3,
        countries.quantity,
        countries.value_flag,
        countries.quantity / nullif(with_denominator.share_denominator, 0) as share,
        row_number() over (
            partition by
                countries.source,
                countries.mineral_id,
                countries.stage,
                countries.basis,
                countries.year,
                countries.edition
            order by countries.quantity desc nulls last, countries.country_iso3 asc
        ) as producer_rank
    from countries
    inner join with_denominator
        using (source, mineral_id, stage, basis, year, edition)
),

share_stats as (
    select
        source,
        mineral_id,
        stage,
        basis,
        year,
        edition,
        {{ concentration_stats('share', 'producer_rank', 'country_iso3', 'quantity') }},
        max(share) filter (where country_iso3 = 'USA') as us_share,
        max(value_flag) filter (where country_iso3 = 'USA') as us_value_flag
    from shares
    group by source, mineral_id, stage, basis, year, edition
),

final as (
    select
        with_denominator.source,
        with_denominator.mineral_id,
        with_denominator.stage,
        with_denominator.basis,
        with_denominator.year,
        with_denominator.edition,
        with_denominator.is_projection,
        with_denominator.quantity_unit,
        with_denominator.share_basis,
        with_denominator.world_total_published,
        with_denominator.world_total_excludes_us,
        with_denominator.listed_countries_quantity,
        with_denominator.other_countries_quantity,
        with_denominator.share_denominator,
        with_denominator.is_world_total_below_listed,
        with_denominator.is_world_total_misprinted,
        with_denominator.n_listed_countries,
        with_denominator.n_producing_countries,
        with_denominator.n_countries_without_value,
        with_denominator.n_producing_countries <= 1 as is_single_country_series,
        share_stats.hhi,
        {{ hhi_band_2010('share_stats.hhi') }} as hhi_band_doj_2010,
        {{ hhi_band_2023('share_stats.hhi') }} as hhi_band_merger_2023,
        share_stats.cr1,
        share_stats.cr3,
        share_stats.top_iso3 as top_producer_iso3,
        share_stats.top_share as top_producer_share,
        share_stats.china_share,
        -- a series without country rows lists no China either
        case
            when share_stats.china_share is null
                then coalesce(share_stats.china_share_null_reason, 'not listed by the source')
        end as china_share_null_reason,
        share_stats.us_share,
        share_stats.us_value_flag,
        with_denominator.other_countries_quantity
        / nullif(with_denominator.share_denominator, 0) as other_countries_share,
        with_denominator.listed_countries_quantity
        / nullif(with_denominator.share_denominator, 0) as listed_countries_share
    from with_denominator
    left join share_stats using (source, mineral_id, stage, basis, year, edition)
)

select * from final
