-- How a source revised a country's figure between editions: the first published value of
-- a year against the value in the latest edition of that series-year. One row per
-- source x mineral_id x stage x basis x country_iso3 x year, for country-years given by at
-- least two editions. A country the latest edition no longer lists (folded into "Other
-- countries") keeps its row, with latest_quantity null and is_in_latest_edition false.
-- Each figure is checked against its previous edition in int_production__jumps (a jump
-- beyond a documented factor needs a reviewed reason; the dbt test
-- assert_production_jumps_reviewed).
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

final as (
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
)

select * from final
