-- How a source revised a country's figure between editions: the first published value of
-- a year against the value in the latest edition of that series-year. One row per
-- source x mineral_id x stage x basis x country_iso3 x year, for country-years given by at
-- least two editions. A country the latest edition no longer lists (folded into "Other
-- countries") keeps its row, with latest_quantity null and is_in_latest_edition false.
-- A revision by more than a factor of 50 either way (is_large_revision) is a misreading (a
-- unit label read literally) unless a reviewed row of seeds/checks/
-- production_revision_exceptions.csv explains it (revision_exception_reason): the dbt test
-- on this model fails listing every large revision without one.
with

-- a blank cell (flag 'missing') is no figure: neither a first estimate nor a revision
production as (
    select * from {{ ref('fct_mineral_production') }}
    where not is_country_group and value_flag != 'missing'
),

ranked as (
    select
        *,
        row_number() over (
            partition by source, mineral_id, stage, basis, country_iso3, year order by edition
        ) as edition_rank,
        count(*) over (
            partition by source, mineral_id, stage, basis, country_iso3, year
        ) as n_editions
    from production
),

first_estimate as (
    select * from ranked
    where edition_rank = 1 and n_editions >= 2
),

latest as (
    select * from ranked
    where is_latest_edition
),

exceptions as (
    select * from {{ ref('production_revision_exceptions') }}
),

revisions as (
    select
        first_estimate.source,
        first_estimate.mineral_id,
        first_estimate.stage,
        first_estimate.basis,
        first_estimate.country_iso3,
        first_estimate.year,
        first_estimate.n_editions,
        first_estimate.edition as first_edition,
        first_estimate.quantity as first_quantity,
        first_estimate.value_flag as first_value_flag,
        latest.edition as latest_edition,
        latest.quantity as latest_quantity,
        latest.value_flag as latest_value_flag,
        latest.edition is not null as is_in_latest_edition,
        first_estimate.quantity_unit,
        latest.quantity - first_estimate.quantity as revision,
        (latest.quantity - first_estimate.quantity)
        / nullif(first_estimate.quantity, 0) as revision_fraction
    from first_estimate
    left join latest
        on
            first_estimate.source = latest.source
            and first_estimate.mineral_id = latest.mineral_id
            and first_estimate.stage = latest.stage
            and first_estimate.basis = latest.basis
            and first_estimate.country_iso3 = latest.country_iso3
            and first_estimate.year = latest.year
            and first_estimate.edition != latest.edition
),

final as (
    select
        revisions.*,
        coalesce(
            revisions.first_quantity > 0
            and revisions.latest_quantity > 0
            and (
                revisions.latest_quantity > 50 * revisions.first_quantity
                or revisions.first_quantity > 50 * revisions.latest_quantity
            ),
            false
        ) as is_large_revision,
        exceptions.reason as revision_exception_reason
    from revisions
    left join exceptions
        on
            revisions.source = exceptions.source
            and revisions.mineral_id = exceptions.mineral_id
            and revisions.stage = exceptions.stage
            and revisions.basis = exceptions.basis
            and revisions.country_iso3 = exceptions.country_iso3
            and revisions.year = exceptions.year
            and revisions.first_edition = exceptions.first_edition
            and revisions.latest_edition = exceptions.latest_edition
)

select * from final
