-- Minerals and materials, with membership in the USGS 2022 list of critical minerals
-- (table T4 of MCS2023/MCS2024). A group (rare_earths, platinum_group_metals) counts as
-- critical when one of its members is listed. One row per mineral_id.
with

minerals as (
    select * from {{ ref('minerals') }}
),

critical as (
    select * from {{ ref('stg_usgs_mcs__critical_minerals') }}
),

critical_by_mineral as (
    select
        mineral_id,
        string_agg(distinct critical_mineral, '; ') as usgs_critical_mineral_names,
        arg_max(primary_applications, edition) as primary_applications,
        arg_max(category_note, edition) as critical_mineral_note
    from critical
    group by mineral_id
),

critical_groups as (
    select distinct minerals.mineral_group as mineral_id
    from minerals
    inner join critical_by_mineral on minerals.mineral_id = critical_by_mineral.mineral_id
    where minerals.mineral_group is not null
),

final as (
    select
        minerals.mineral_id,
        minerals.mineral_name,
        minerals.mineral_group,
        minerals.usgs_commodity_codes,
        critical_by_mineral.mineral_id is not null
        or critical_groups.mineral_id is not null as is_usgs_critical_2022,
        critical_by_mineral.usgs_critical_mineral_names,
        critical_by_mineral.primary_applications,
        critical_by_mineral.critical_mineral_note,
        minerals.note
    from minerals
    left join critical_by_mineral on minerals.mineral_id = critical_by_mineral.mineral_id
    left join critical_groups on minerals.mineral_id = critical_groups.mineral_id
)

select * from final
