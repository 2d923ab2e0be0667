-- The export-control ledger (seeds/exposure/export_controls.csv, bytes unchanged) with the
-- dates the warehouse uses. One row per control_id.
--   in_force_from: effective, else announced (is_effective_date_assumed: the ledger leaves
--     effective blank, e.g. Namibia 2023);
--   in_force_until: ended (for a suspended measure, the day its suspension began; the
--     suspension rows themselves are events, see export_control_scope.link).
--   hs6_list: the ledger's HS codes as a list (empty when the source lists none).
with

controls as (
    select * from {{ ref('export_controls') }}
),

final as (
    select
        control_id,
        country_iso3,
        measure,
        materials,
        hs_codes,
        case
            when hs_codes is null then []
            else string_split(replace(cast(hs_codes as varchar), ' ', ''), ';')
        end as hs6_list,
        announced,
        effective,
        ended,
        target_iso3,
        status,
        status = 'unverified' as is_unverified,
        source,
        note,
        coalesce(effective, announced) as in_force_from,
        effective is null as is_effective_date_assumed,
        ended as in_force_until
    from controls
)

select * from final
