-- Who belongs to each bloc at the end of each year (31 December): member_since (or the
-- assumed start, stg_reference__bloc_memberships) on or before that day and member_until
-- after it. One row per bloc_id x country_iso3 x year.
-- `EU` (the European Union as one MSP/MSP_FN/G7 participant) stays a single non-country
-- row unless the dbt var expand_eu_to_members is true: then it is replaced by the EU27
-- members of that year (via_eu).
with

spells as (
    select * from {{ ref('stg_reference__bloc_memberships') }}
    where is_member_role
),

years as (
    select unnest(range(1958, {{ var('exposure_last_year') }} + 1)) as year
),

direct as (
    select
        spells.bloc_id,
        spells.country_iso3,
        years.year,
        spells.is_start_date_assumed,
        spells.status = 'unverified' as is_unverified,
        false as via_eu
    from spells
    inner join years
        on
            spells.effective_since <= make_date(years.year, 12, 31)
            and (
                spells.member_until is null
                or spells.member_until > make_date(years.year, 12, 31)
            )
),

{% if var('expand_eu_to_members') %}
    eu_members as (
        select
            participant.bloc_id,
            member.country_iso3,
            participant.year,
            participant.is_start_date_assumed or member.is_start_date_assumed
                as is_start_date_assumed,
            participant.is_unverified or member.is_unverified as is_unverified,
            true as via_eu
        from direct as participant
        inner join direct as member
            on participant.year = member.year and member.bloc_id = 'EU27'
        where participant.country_iso3 = 'EU'
    ),

    all_rows as (
        select * from direct
        where country_iso3 != 'EU'
        union all
        select * from eu_members
    ),
{% else %}
    all_rows as (
        select * from direct
    ),
{% endif %}

final as (
    select
        bloc_id,
        country_iso3,
        year,
        bool_and(is_start_date_assumed) as is_start_date_assumed,
        bool_or(is_unverified) as is_unverified,
        bool_and(via_eu) as via_eu,
        country_iso3 = 'EU' as is_eu_participant
    from all_rows
    group by bloc_id, country_iso3, year
)

select * from final
