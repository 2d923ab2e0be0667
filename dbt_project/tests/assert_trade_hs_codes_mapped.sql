{{
    config(
        store_failures=true,
        schema='audit',
        meta={'dagster': {'ref': {'name': 'int_trade__flows'}}},
    )
}}
-- Every HS6 code (in its HS revision) of the trade data has a mineral in the seed
-- hs_minerals. Failing rows name the source, code and revision.
select distinct
    flows.source,
    flows.hs6,
    flows.hs_revision
from {{ ref('int_trade__flows') }} as flows
left join {{ ref('hs_minerals') }} as hs_minerals
    on
        flows.hs6 = hs_minerals.hs6
        and list_contains(string_split(hs_minerals.hs_revisions, ' '), flows.hs_revision)
where hs_minerals.hs6 is null
