-- Names people search for -> mineral (and stage where the name means one). A name for a
-- group ("PGM", "REE") leads to the group and to each of its members (the members hold the
-- rows: platinum and palladium production, not platinum_group_metals).
-- One row per alias x mineral_id.
with

aliases as (
    select * from {{ ref('mineral_aliases') }}
),

minerals as (
    select * from {{ ref('minerals') }}
),

direct as (
    select
        alias,
        mineral_id,
        stage,
        cast(null as varchar) as via_group_id,
        note
    from aliases
),

members as (
    select
        aliases.alias,
        minerals.mineral_id,
        aliases.stage,
        aliases.mineral_id as via_group_id,
        'Member of ' || aliases.mineral_id || ', which the alias names.' as note
    from aliases
    inner join minerals on aliases.mineral_id = minerals.mineral_group
),

unioned as (
    select * from direct
    union all
    select * from members
),

final as (
    select
        alias,
        mineral_id,
        stage,
        via_group_id is not null as is_group_member,
        via_group_id,
        note
    from unioned
)

select * from final
