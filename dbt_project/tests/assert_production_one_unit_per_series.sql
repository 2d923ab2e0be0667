{{ config(meta={'dagster': {'ref': {'name': 'int_production__by_country'}}}) }}
-- The rows a source gives for one country and series, summed into one figure, share one
-- unit (a sum of tonnes and carats would be meaningless). Lists the series with several.
select
    source,
    mineral_id,
    stage,
    basis,
    country_iso3,
    year,
    edition,
    count(distinct quantity_unit) as n_quantity_units,
    string_agg(distinct quantity_unit, ', ') as quantity_units
from (
    {{ production_rows(aggregates=false) }}
)
group by all
having count(distinct quantity_unit) > 1
