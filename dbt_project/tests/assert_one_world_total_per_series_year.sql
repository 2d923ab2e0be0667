-- A series-year of one edition has at most one published world total.
select
    mineral_id,
    stage,
    basis,
    year,
    edition,
    count(*) as n_world_totals
from {{ ref('int_usgs_mcs__world_aggregates') }}
where aggregate_kind in ('world_total', 'world_total_excluding_us')
group by all
having count(*) > 1
