-- USGS table T5 (MCS2024, MCS2025; T7 from MCS2026 on): critical-mineral salient figures,
-- incl. USGS's own leading producer and its share of world production.
-- One row per edition x critical mineral.
with

trends as (
    select * from {{ ref('stg_usgs_mcs__industry_trends') }}
    where table_name in ('T5_Critical_Minerals_Salient', 'T7_Critical_Minerals_Salient')
),

names as (
    select * from {{ ref('usgs_critical_mineral_names') }}
    where source_table in ('T5', 'T7')
),

pivoted as (
    select
        edition,
        line_number,
        left(any_value(table_name), 2) as source_table,
        trim(max(value_raw) filter (where column_name = 'Critical_mineral')) as critical_mineral,
        max(value_raw) filter (where column_name = 'Year') as year_raw,
        max(value_raw) filter (where column_name = 'Net_Import_Reliance')
            as net_import_reliance_text,
        trim(max(value_raw) filter (where column_name = 'Leading_source_country'))
            as leading_country_name,
        max(value) filter (where column_name = 'Leading_country_prod')
            as leading_country_production,
        max(value) filter (where column_name = 'World_total_prod') as world_total_production,
        max(value_raw) filter (where column_name = 'World_prod_notes') as world_production_notes,
        max(value) filter (where column_name = 'Leading_source_precent_world')
            as leading_country_percent_of_world
    from trends
    group by edition, line_number
),

final as (
    select
        pivoted.edition,
        pivoted.line_number,
        pivoted.source_table,
        pivoted.critical_mineral,
        names.mineral_id,
        names.t5_stage,
        names.t5_basis,
        cast(left(pivoted.year_raw, 4) as integer) as year,
        pivoted.net_import_reliance_text,
        pivoted.leading_country_name,
        pivoted.leading_country_production,
        pivoted.world_total_production,
        pivoted.world_production_notes,
        pivoted.leading_country_percent_of_world
    from pivoted
    left join names
        on pivoted.critical_mineral = names.name and pivoted.source_table = names.source_table
)

select * from final
