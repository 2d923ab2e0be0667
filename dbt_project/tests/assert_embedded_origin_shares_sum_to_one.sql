-- Every row group of fct_embedded_origin_share (source x importer x mineral x stage x
-- year x hops) accounts for all of the importer's imports: its origin shares sum to 1 within
-- 1e-9, and those of origins that are not countries to origin_unresolved_share. A failing
-- row names the group and both totals.
select
    source,
    importer_iso3,
    mineral_id,
    stage,
    year,
    hops,
    sum(origin_share) as total_share,
    coalesce(sum(origin_share) filter (where not origin_is_country), 0) as unresolved_total,
    any_value(origin_unresolved_share) as origin_unresolved_share
from {{ ref('fct_embedded_origin_share') }}
group by source, importer_iso3, mineral_id, stage, year, hops
having
    abs(sum(origin_share) - 1) > 1e-9
    or abs(
        coalesce(sum(origin_share) filter (where not origin_is_country), 0)
        - any_value(origin_unresolved_share)
    ) > 1e-9
