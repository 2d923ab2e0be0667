{{ config(store_failures=true, schema='audit') }}
-- Every MOFCOM item with a CN code maps to a control of the ledger (seeds/exposure), or its
-- notice is listed in seeds/mofcom_controls/mofcom_controls_announcements.csv as not in the
-- ledger with a reason; every mineral tag is reviewed. Failing rows name notice and item.
with

items as (
    select * from {{ ref('stg_mofcom_controls__items') }}
),

announcements as (
    select * from {{ ref('mofcom_controls_announcements') }}
),

item_minerals as (
    select * from {{ ref('mofcom_controls_item_minerals') }}
),

ledger as (
    select * from {{ ref('stg_reference__export_controls') }}
),

problems as (
    select
        items.announcement_id,
        items.notice_zh,
        items.item_no,
        items.item_zh,
        items.hs6,
        case
            when announcements.announcement_id is null
                then 'notice not in mofcom_controls_announcements'
            when
                announcements.control_id is null
                and coalesce(trim(announcements.note), '') = ''
                then 'notice not in the ledger and no reason given'
            when announcements.control_id is not null and ledger.control_id is null
                then 'control_id ' || announcements.control_id || ' is not in the ledger'
            when item_minerals.mineral_librarian is null
                then
                    'mineral tag ' || items.mineral_librarian
                    || ' not in mofcom_controls_item_minerals'
        end as problem
    from items
    left join announcements on items.announcement_id = announcements.announcement_id
    left join ledger on announcements.control_id = ledger.control_id
    left join item_minerals on items.mineral_librarian = item_minerals.mineral_librarian
    where items.hs6 is not null
)

select * from problems
where problem is not null
