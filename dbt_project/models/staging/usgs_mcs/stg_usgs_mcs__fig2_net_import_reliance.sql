-- USGS figure 2 (MCS2023 on): US net import reliance of the edition's last year per
-- commodity, with its major import sources. One row per edition x line_number.
with

trends as (
    select * from {{ ref('stg_usgs_mcs__industry_trends') }}
    where table_name = 'Fig2_Net_Import_Reliance'
),

commodities as (
    select * from {{ ref('usgs_fig2_commodities') }}
),

pivoted as (
    select
        edition,
        source_file,
        line_number,
        trim(max(value_raw) filter (where column_name = 'Commodity')) as fig2_commodity,
        max(column_name) filter (where column_name like 'Net_Import_Reliance_pct_%')
            as nir_column,
        max(value_raw) filter (where column_name like 'Net_Import_Reliance_pct_%')
            as nir_text,
        max(value_flag) filter (where column_name like 'Net_Import_Reliance_pct_%')
            as nir_flag,
        max(value) filter (where column_name like 'Net_Import_Reliance_pct_%') as nir_value,
        max(value_lower) filter (where column_name like 'Net_Import_Reliance_pct_%')
            as nir_lower,
        max(value_upper) filter (where column_name like 'Net_Import_Reliance_pct_%')
            as nir_upper,
        max(value_raw) filter (where column_name like 'Major_Import_Sources_%')
            as major_import_sources
    from trends
    group by edition, source_file, line_number
),

final as (
    select
        pivoted.edition,
        pivoted.source_file,
        pivoted.line_number,
        pivoted.fig2_commodity,
        commodities.mineral_id,
        coalesce(commodities.component, '') as component,
        cast(right(pivoted.nir_column, 4) as integer) as year,
        pivoted.nir_text,
        pivoted.nir_flag,
        pivoted.nir_value,
        pivoted.nir_lower,
        pivoted.nir_upper,
        pivoted.major_import_sources
    from pivoted
    left join commodities on pivoted.fig2_commodity = commodities.fig2_commodity
)

select * from final
