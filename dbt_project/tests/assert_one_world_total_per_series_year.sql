-- A series-year of one edition of a source has at most one published world total.
select
    source,
    mineral_id,
    stage,
    basis,
    year,
    edition,
    count(*) as n_world_totals
from {{ ref('int_production__world_aggregates') }}
where aggregate_kind in ('world_total', 'world_total_excluding_us')
group by all
having count(*) > 1
