{{ config(store_failures=true, schema='audit') }}
-- Every country name of the WMD 1984-2017 compilation is mapped, in wmd_country_names or
-- wmd_history_country_names (never in both), to a code or marked as an aggregate, and the
-- seeds agree with the parser (Total rows are world_total aggregates, country rows are not
-- aggregates). Failing rows name file, block and name.
with

in_both as (
    select history.country_name
    from {{ ref('wmd_history_country_names') }} as history
    inner join {{ ref('wmd_country_names') }} as wmd
        on history.country_name = wmd.country_name
)

select distinct
    production.source_file,
    production.sheet as block,
    production.country_name,
    production.row_kind,
    case
        when in_both.country_name is not null then 'name in both country seeds'
        when not production.is_country_mapped then 'name not in a country seed'
        else 'aggregate flag disagrees with row_kind'
    end as problem
from {{ ref('stg_wmd_history__production') }} as production
left join in_both on production.country_name = in_both.country_name
where
    in_both.country_name is not null
    or not production.is_country_mapped
    or (production.row_kind = 'total' and coalesce(production.aggregate_kind, '') != 'world_total')
    or (production.row_kind = 'country' and production.is_aggregate)
