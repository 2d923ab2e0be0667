-- For every importer x mineral x stage x year (and source) with imports, supplier value
-- shares sum to 1.
select
    source,
    importer_iso3,
    mineral_id,
    stage,
    year,
    sum(value_share) as total_share
from {{ ref('fct_bilateral_dependence') }}
group by source, importer_iso3, mineral_id, stage, year
having sum(value_usd) > 0 and abs(sum(value_share) - 1) > 1e-9
