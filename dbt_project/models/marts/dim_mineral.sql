-- Minerals and materials: one id per mineral used by every mart, with its group and
-- members (rare_earths, platinum_group_metals, mica, abrasives), the names people search
-- for (aliases: "bauxite", "alumina", "REE", "PGM", "cobalt metal", "NdFeB"...) and
-- membership in the USGS lists of critical minerals (2022: table T4 of MCS2023-2025; 2025:
-- table T6 of MCS2026). A group counts as critical when one of its members is listed. A
-- member's search_text carries its group's id, name and aliases too, so a search for a group
-- ("PGM") finds its members, which hold the rows (platinum, palladium). One row per
-- mineral_id.
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
        bool_or(critical_list_year = 2022) as is_listed_2022,
        bool_or(critical_list_year = 2025) as is_listed_2025,
        string_agg(distinct critical_mineral, '; ') as usgs_critical_mineral_names,
        arg_max(primary_applications, edition) as primary_applications,
        arg_max(category_note, edition) as critical_mineral_note
    from critical
    where mineral_id is not null
    group by mineral_id
),

critical_groups as (
    select
        minerals.mineral_group as mineral_id,
        bool_or(critical_by_mineral.is_listed_2022) as is_listed_2022,
        bool_or(critical_by_mineral.is_listed_2025) as is_listed_2025
    from minerals
    inner join critical_by_mineral on minerals.mineral_id = critical_by_mineral.mineral_id
    where minerals.mineral_group is not null
    group by minerals.mineral_group
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

searchable as (
    select
        minerals.mineral_id,
        concat_ws(
            ' | ',
            minerals.mineral_id,
            minerals.mineral_name,
            nullif(array_to_string(alias_lists.aliases, ' | '), '')
        ) as own_text
    from minerals
    left join alias_lists on minerals.mineral_id = alias_lists.mineral_id
),

final as (
    select
        minerals.mineral_id,
        minerals.mineral_name,
        minerals.mineral_group,
        members.mineral_id is not null as is_group,
        coalesce(members.member_mineral_ids, []) as member_mineral_ids,
        coalesce(alias_lists.aliases, []) as aliases,
        -- a member's text ends with its group's: "palladium | ... | platinum_group_metals | pgm"
        lower(concat_ws(' | ', own.own_text, group_text.own_text)) as search_text,
        minerals.usgs_commodity_codes,
        coalesce(critical_by_mineral.is_listed_2022, false)
        or coalesce(critical_groups.is_listed_2022, false) as is_usgs_critical_2022,
        coalesce(critical_by_mineral.is_listed_2025, false)
        or coalesce(critical_groups.is_listed_2025, false) as is_usgs_critical_2025,
        critical_by_mineral.usgs_critical_mineral_names,
        critical_by_mineral.primary_applications,
        critical_by_mineral.critical_mineral_note,
        minerals.note
    from minerals
    left join critical_by_mineral on minerals.mineral_id = critical_by_mineral.mineral_id
    left join critical_groups on minerals.mineral_id = critical_groups.mineral_id
    left join members on minerals.mineral_id = members.mineral_id
    left join alias_lists on minerals.mineral_id = alias_lists.mineral_id
    left join searchable as own on minerals.mineral_id = own.mineral_id
    left join searchable as group_text on minerals.mineral_group = group_text.mineral_id
)

select * from final
