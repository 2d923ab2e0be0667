-- USGS lists of critical minerals with their primary applications: the 2022 list (table
-- T4 of MCS2023-MCS2025) and the 2025 list (table T6 of MCS2026 on).
-- One row per edition x critical mineral name.
with

trends as (
    select * from {{ ref('stg_usgs_mcs__industry_trends') }}
    where table_name in ('T4_Critical_Minerals_End_Use', 'T6_Critical_Minerals_End_Use')
),

pivoted as (
    select
        edition,
        line_number,
        left(any_value(table_name), 2) as source_table,
        trim(max(value_raw) filter (where column_name in ('Critical Mineral', 'Critical_Mineral')))
            as critical_mineral,
        max(value_raw) filter (where column_name = 'Primary Applications') as primary_applications,
        nullif(max(value_raw) filter (where column_name = 'Category_Note'), '') as category_note
    from trends
    group by edition, line_number
),

names as (
    select * from {{ ref('usgs_critical_mineral_names') }}
    where source_table in ('T4', 'T6')
),

final as (
    select
        pivoted.edition,
        pivoted.line_number,
        pivoted.critical_mineral,
        case pivoted.source_table when 'T6' then 2025 else 2022 end as critical_list_year,
        names.mineral_id,
        pivoted.primary_applications,
        pivoted.category_note
    from pivoted
    left join names
        on pivoted.critical_mineral = names.name and pivoted.source_table = names.source_table
)

select * from final
