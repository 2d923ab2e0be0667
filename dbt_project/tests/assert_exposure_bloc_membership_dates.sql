-- Bloc membership respects dates (end-of-year rule): India joined the MSP on 2023-06-22
-- (member at end-2023, not end-2022); the UK left the EU on 2020-01-31 (member at
-- end-2019, not end-2020); Indonesia joined BRICS on 2025-01-06; Saudi Arabia (invited,
-- status ambiguous) and Argentina (declined) are never BRICS members; Italy's unknown MSP
-- start is dated from the MSP's founding (2022) and flagged.
with

members as (
    select * from {{ ref('int_exposure__bloc_members') }}
),

expected as (
    select
        col0 as bloc_id,
        col1 as country_iso3,
        col2 as year,
        col3 as is_member
    from (
        values
        ('MSP', 'IND', 2022, false),
        ('MSP', 'IND', 2023, true),
        ('EU27', 'GBR', 2019, true),
        ('EU27', 'GBR', 2020, false),
        ('BRICS', 'IDN', 2024, false),
        ('BRICS', 'IDN', 2025, true),
        ('BRICS', 'SAU', 2024, false),
        ('BRICS', 'ARG', 2024, false),
        ('MSP', 'ITA', 2021, false),
        ('MSP', 'ITA', 2022, true),
        ('G7', 'RUS', 2013, true),
        ('G7', 'RUS', 2014, false)
    )
)

select
    expected.*,
    members.country_iso3 is not null as found_member
from expected
left join members
    on
        expected.bloc_id = members.bloc_id
        and expected.country_iso3 = members.country_iso3
        and expected.year = members.year
where
    expected.is_member != (members.country_iso3 is not null)
    or (
        expected.country_iso3 = 'ITA'
        and members.country_iso3 is not null
        and not members.is_start_date_assumed
    )
