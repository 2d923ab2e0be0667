-- The members of the EU27 importer aggregate in each year, with their count. One row per
-- year x country_iso3.
-- A year's membership: a member on 31 December of the year (int_exposure__bloc_members,
-- the warehouse's one rule for blocs). The United Kingdom (left 2020-01-31) is a member
-- through 2019, Croatia (joined 2013-07-01) from 2013, the ten of 2004-05-01 from 2004.
-- The same members decide both sides: whose imports make EU27's, and which flows are
-- intra-EU (left out).
with

members as (
    select * from {{ ref('int_exposure__bloc_members') }}
    where bloc_id = 'EU27'
),

final as (
    select
        year,
        country_iso3,
        count(*) over (partition by year) as members_count
    from members
)

select * from final
