-- Each country figure compared with what the sources already said: the same series (source,
-- mineral_id, stage, basis, country) in the previous edition for the same year
-- (compared_with 'previous_edition'), and the neighbouring years of its own edition
-- (compared_with 'neighbouring_years': a spike, beyond the factor against both neighbours in
-- the same direction; a step between two years is how a new mine or a closure looks, and the
-- first and last year of an edition are checked against the previous edition and the world
-- total instead). Only jumps are kept: a factor beyond var('production_jump_factor') either
-- way, on a figure material to its series (it or what it is compared with at least
-- var('production_jump_min_share') of the series' world total). Zeros are not compared (0
-- means none; a producer starting or stopping is not a jump). A reviewed row of
-- seeds/checks/production_jump_exceptions.csv explains a real one (exception_reason); the
-- dbt test assert_production_jumps_reviewed fails on any other.
-- One row per source x mineral_id x stage x basis x country_iso3 x year x edition x
-- compared_with.
{% set factor = var('production_jump_factor') %}
{% set min_share = var('production_jump_min_share') %}
with

countries as (
    select * from {{ ref('int_production__by_country') }}
    where value_flag != 'missing' and not is_projection and quantity > 0
),

concentration as (
    select * from {{ ref('int_production__concentration') }}
),

exceptions as (
    select * from {{ ref('production_jump_exceptions') }}
),

figures as (
    select
        countries.source,
        countries.mineral_id,
        countries.stage,
        countries.basis,
        countries.country_iso3,
        countries.year,
        countries.edition,
        countries.quantity,
        countries.quantity_unit,
        countries.value_raw,
        countries.source_files,
        coalesce(
            concentration.share_denominator, concentration.listed_countries_quantity
        ) as series_total,
        lag(countries.quantity) over series_by_edition as previous_edition_quantity,
        lag(countries.edition) over series_by_edition as previous_edition,
        lag(countries.quantity) over series_by_year as previous_year_quantity,
        lag(countries.year) over series_by_year as previous_year,
        lead(countries.quantity) over series_by_year as next_year_quantity,
        lead(countries.year) over series_by_year as next_year
    from countries
    left join concentration
        on
            countries.source = concentration.source
            and countries.mineral_id = concentration.mineral_id
            and countries.stage = concentration.stage
            and countries.basis = concentration.basis
            and countries.year = concentration.year
            and countries.edition = concentration.edition
    window
        series_by_edition as (
            partition by
                countries.source,
                countries.mineral_id,
                countries.stage,
                countries.basis,
                countries.country_iso3,
                countries.year
            order by countries.edition
        ),
        series_by_year as (
            partition by
                countries.source,
                countries.mineral_id,
                countries.stage,
                countries.basis,
                countries.country_iso3,
                countries.edition
            order by countries.year
        )
),

comparisons as (
    select
        * exclude (previous_year_quantity, next_year_quantity, previous_year, next_year),
        'previous_edition' as compared_with,
        'edition ' || previous_edition as compared_figures,
        previous_edition_quantity as compared_quantity
    from figures
    where previous_edition_quantity is not null
    union all
    -- a spike: above (or below) both neighbours; compared with the nearer of the two
    select
        * exclude (previous_year_quantity, next_year_quantity, previous_year, next_year),
        'neighbouring_years' as compared_with,
        'years ' || previous_year || ' and ' || next_year || ' (' || previous_year_quantity
        || ' and ' || next_year_quantity || ')' as compared_figures,
        case
            when quantity > previous_year_quantity
                then greatest(previous_year_quantity, next_year_quantity)
            else least(previous_year_quantity, next_year_quantity)
        end as compared_quantity
    from figures
    where
        previous_year = year - 1
        and next_year = year + 1
        and (quantity > previous_year_quantity) = (quantity > next_year_quantity)
),

measured as (
    select
        *,
        greatest(quantity, compared_quantity) / least(quantity, compared_quantity) as factor,
        greatest(quantity, compared_quantity) / nullif(series_total, 0) as material_share
    from comparisons
),

final as (
    select
        measured.source,
        measured.mineral_id,
        measured.stage,
        measured.basis,
        measured.country_iso3,
        measured.year,
        measured.edition,
        measured.compared_with,
        measured.source_files,
        measured.value_raw,
        measured.quantity,
        measured.quantity_unit,
        measured.compared_figures,
        measured.compared_quantity,
        measured.factor,
        measured.series_total,
        measured.material_share,
        exceptions.reason as exception_reason
    from measured
    left join exceptions
        on
            measured.source = exceptions.source
            and measured.mineral_id = exceptions.mineral_id
            and measured.stage = exceptions.stage
            and measured.basis = exceptions.basis
            and measured.country_iso3 = exceptions.country_iso3
            and measured.year = exceptions.year
            and measured.edition = exceptions.edition
            and measured.compared_with = exceptions.compared_with
            and contains(measured.source_files, exceptions.source_file)
    where
        measured.factor > {{ factor }}
        -- a series without a total (none published, none listed) is measured by the figure
        and coalesce(measured.material_share, 1) >= {{ min_share }}
)

select * from final
