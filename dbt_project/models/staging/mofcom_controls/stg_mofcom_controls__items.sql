-- MOFCOM export-control items (re-keyed table), one row per announcement_id x item_no x hs6:
-- hs6 = the first six digits of each CN code of the item (8 or 10 digits); an item without
-- a code keeps one row with hs6 null and hs6_null_reason. control_id is the ledger's control
-- (seeds/mofcom_controls/mofcom_controls_announcements.csv), mineral_id the reviewed map of
-- the librarian's mineral tag (mofcom_controls_item_minerals.csv).
with

items as (
    select * from {{ source('mofcom_controls', 'mofcom_controls__items') }}
),

announcements as (
    select * from {{ ref('mofcom_controls_announcements') }}
),

item_minerals as (
    select * from {{ ref('mofcom_controls_item_minerals') }}
),

cn_codes as (
    select
        announcement_id,
        item_no,
        unnest(string_split(cn_hs_codes, ';')) as cn_code
    from items
    where cn_hs_codes is not null
),

hs6_codes as (
    select
        announcement_id,
        item_no,
        left(cn_code, 6) as hs6,
        list_sort(list(distinct cn_code)) as cn_code_list
    from cn_codes
    group by announcement_id, item_no, left(cn_code, 6)
),

final as (
    select
        items.source,
        items.edition,
        items.announcement_id,
        items.notice_zh,
        announcements.control_id,
        items.date_announced,
        items.date_effective,
        items.status,
        items.status_zh,
        items.pause_notice,
        items.pause_announced,
        items.pause_end_date,
        items.item_no,
        items.item_zh,
        items.item_en_librarian,
        items.mineral_librarian,
        item_minerals.mineral_id,
        items.control_code,
        items.control_code = '—' as is_control_code_missing,
        hs6_codes.hs6,
        hs6_codes.cn_code_list,
        case
            when hs6_codes.hs6 is not null then null
            when items.control_type = 'status_adjustment'
                then 'status change: suspends other notices, no item of its own'
            when items.control_type = 'technology_control'
                then 'technology or rule: no tariff line applies'
            else 'the notice lists no tariff line for this item'
        end || ' (as given: ' || items.cn_hs_as_given || ')' as hs6_null_reason,
        items.cn_hs_as_given,
        items.cn_hs_as_given like '%（%' as is_code_list_annotated,
        items.control_type,
        items.source_url,
        items.source_url_app,
        items.source_file,
        items.line_number
    from items
    left join hs6_codes
        on
            items.announcement_id = hs6_codes.announcement_id
            and items.item_no = hs6_codes.item_no
    left join announcements on items.announcement_id = announcements.announcement_id
    left join item_minerals on items.mineral_librarian = item_minerals.mineral_librarian
)

select * from final
