-- Minerals and materials: one id per mineral used by every mart, with its group and
-- members (rare_earths, platinum_group_metals, mica, abrasives), the names people search
-- for (aliases: "bauxite", "alumina", "REE", "PGM"...) and membership in the USGS 2022
-- list of critical minerals (table T4). A group counts as critical when one of its members
-- is listed. One row per mineral_id.
with

minerals as (
    select * from {{ ref('minerals') }}
),

aliases as (
    select * from {{ ref('mineral_aliases') }}
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
    where mineral_id is not null
    group by mineral_id
),

critical_groups as (
    select distinct minerals.mineral_group as mineral_id
    from minerals
    inner join critical_by_mineral on minerals.mineral_id = critical_by_mineral.mineral_id
    where minerals.mineral_group is not null
),

members as (
    select
        mineral_group as mineral_id,
        list(mineral_id order by mineral_id) as member_mineral_ids
    from minerals
    where mineral_group is not null
    group by mineral_group
),

alias_lists as (
    select
        mineral_id,
        list(alias order by alias) as aliases
    from aliases
    group by mineral_id
),

final as (
    select
        minerals.mineral_id,
        minerals.mineral_name,
        minerals.mineral_group,
        members.mineral_id is not null as is_group,
        coalesce(members.member_mineral_ids, []) as member_mineral_ids,
        coalesce(alias_lists.aliases, []) as aliases,
        lower(
            concat_ws(
                ' | ',
                minerals.mineral_id,
                minerals.mineral_name,
                array_to_string(coalesce(alias_lists.aliases, []), ' | ')
            )
        ) as search_text,
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
    left join members on minerals.mineral_id = members.mineral_id
    left join alias_lists on minerals.mineral_id = alias_lists.mineral_id
)

select * from final
