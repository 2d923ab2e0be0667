-- The project's export-control ledger beside USGS's own list (MCS2026 table T4,
-- "effective as of January 2026", lifted controls excluded). One row per country_iso3 x
-- mineral_id named by either. agreement: both, ledger_only, usgs_t4_only.
-- The ledger side counts controls linked to a mineral (export_control_scope: hs_codes or
-- material) and says whether one is in force on the T4 reference date (2026-01-01).
with

controls as (
    select * from {{ ref('stg_reference__export_controls') }}
),

scope as (
    select * from {{ ref('export_control_scope') }}
    where link in ('hs_codes', 'material')
),

t4 as (
    select * from {{ ref('usgs_t4_export_controls') }}
),

ledger as (
    select
        controls.country_iso3,
        scope.mineral_id,
        string_agg(distinct controls.control_id, ' ' order by controls.control_id)
            as ledger_control_ids,
        min(year(controls.in_force_from)) as ledger_first_year,
        bool_or(
            controls.in_force_from <= date '2026-01-01'
            and (controls.in_force_until is null or controls.in_force_until > date '2026-01-01')
        ) as ledger_in_force_2026_01_01,
        bool_or(controls.is_unverified) as ledger_includes_unverified
    from controls
    inner join scope on controls.control_id = scope.control_id
    group by controls.country_iso3, scope.mineral_id
),

usgs as (
    select
        country_iso3,
        mineral_id,
        string_agg(distinct item, '; ' order by item) as usgs_items,
        min(year_listed) as usgs_year,
        string_agg(distinct cast(line_number as varchar), ' ') as usgs_t4_lines
    from t4
    group by country_iso3, mineral_id
),

final as (
    select
        coalesce(ledger.country_iso3, usgs.country_iso3) as country_iso3,
        coalesce(ledger.mineral_id, usgs.mineral_id) as mineral_id,
        case
            when ledger.mineral_id is not null and usgs.mineral_id is not null then 'both'
            when ledger.mineral_id is not null then 'ledger_only'
            else 'usgs_t4_only'
        end as agreement,
        ledger.ledger_control_ids,
        ledger.ledger_first_year,
        ledger.ledger_in_force_2026_01_01,
        ledger.ledger_includes_unverified,
        usgs.usgs_items,
        usgs.usgs_year,
        usgs.usgs_t4_lines,
        ledger.ledger_first_year != usgs.usgs_year as years_differ
    from ledger
    full outer join usgs
        on ledger.country_iso3 = usgs.country_iso3 and ledger.mineral_id = usgs.mineral_id
)

select * from final
