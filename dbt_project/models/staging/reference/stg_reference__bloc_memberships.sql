-- Bloc membership spells (seeds/exposure/blocs.csv, bytes unchanged) with the dates the
-- warehouse uses. One row per bloc_id x country_iso3 x member_since (a spell).
--
-- Rules (docs/metrics.md, "Blocs"):
--   * only membership roles count: invited_declined and invited_status_ambiguous
--     (Argentina, Saudi Arabia in BRICS) never make a country a member;
--   * a member with an unknown member_since (Italy in the MSP) is dated from the bloc's
--     earliest dated member (its founding), flagged is_start_date_assumed; CHINA (a bloc of
--     one, no dates) is a member in every year;
--   * `EU` is the European Union as one participant (MSP, MSP_FN, G7), not an ISO3 code:
--     it stays one row here; int_exposure__bloc_members expands it to the EU27 members of
--     each year only when the dbt var expand_eu_to_members is true.
with

blocs as (
    select * from {{ ref('blocs') }}
),

dated as (
    select
        *,
        min(member_since) over (partition by bloc_id) as bloc_first_member_since
    from blocs
),

final as (
    select
        bloc_id,
        bloc_name,
        country_iso3,
        role,
        status,
        source,
        note,
        member_since,
        member_until,
        role not in ('invited_declined', 'invited_status_ambiguous') as is_member_role,
        country_iso3 = 'EU' as is_eu_participant,
        member_since is null as is_start_date_assumed,
        coalesce(member_since, bloc_first_member_since, date '1900-01-01') as effective_since
    from dated
)

select * from final
