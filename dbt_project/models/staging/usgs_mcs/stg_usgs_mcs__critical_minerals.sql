-- USGS 2022 list of critical minerals with their primary applications (table T4).
-- One row per edition x critical mineral name.
with

trends as (
    select * from {{ ref('stg_usgs_mcs__industry_trends') }}
    where table_name = 'T4_Critical_Minerals_End_Use'
),

pivoted as (
    select
        edition,
        line_number,
        trim(max(value_raw) filter (where column_name = 'Critical Mineral')) as critical_mineral,
        max(value_raw) filter (where column_name = 'Primary Applications') as primary_applications,
        nullif(max(value_raw) filter (where column_name = 'Category_Note'), '') as category_note
    from trends
    group by edition, line_number
),

names as (
    select * from {{ ref('usgs_critical_mineral_names') }}
    where source_table = 'T4'
),

final as (
    select
        pivoted.edition,
        pivoted.line_number,
        pivoted.critical_mineral,
        names.mineral_id,
        pivoted.primary_applications,
        pivoted.category_note
    from pivoted
    left join names on pivoted.critical_mineral = names.name
)

select * from final
