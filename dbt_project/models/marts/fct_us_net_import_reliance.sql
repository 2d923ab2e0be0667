-- US net import reliance (NIR) as USGS publishes it, every edition kept: the salient
-- statistics (five years per edition) and figure 2 (the edition's last year, for every
-- commodity, including those whose salient file is defective, e.g. cobalt in MCS2024).
-- One row per published_in x mineral_id x component x year x edition. Censored values
-- (">50", "<25", "E" = net exporter) are kept as text with bounds, never forced to a number.
with

salient as (
    select * from {{ ref('stg_usgs_mcs__salient_net_import_reliance') }}
),

fig2 as (
    select * from {{ ref('stg_usgs_mcs__fig2_net_import_reliance') }}
),

combined as (
    select
        'salient' as published_in,
        mineral_id,
        component,
        year,
        edition,
        commodity_code,
        commodity as usgs_commodity,
        source_file,
        column_name as source_column,
        value_raw as nir_text,
        value_flag as nir_flag,
        value as nir_percent,
        value_lower,
        value_upper
    from salient
    union all
    select
        'fig2' as published_in,
        mineral_id,
        component,
        year,
        edition,
        null as commodity_code,
        fig2_commodity as usgs_commodity,
        source_file,
        'Net_Import_Reliance_pct_' || year as source_column,
        nir_text,
        nir_flag,
        nir_value as nir_percent,
        nir_lower as value_lower,
        nir_upper as value_upper
    from fig2
),

final as (
    select
        published_in,
        mineral_id,
        component,
        year,
        edition,
        commodity_code,
        usgs_commodity,
        source_file,
        source_column,
        nir_text,
        nir_flag,
        nir_percent,
        case when nir_flag = 'net_exporter' then null else value_lower end
            as nir_lower_percent,
        case
            when nir_flag = 'net_exporter' then 0
            when nir_flag = 'lower_bound' then 100
            else value_upper
        end as nir_upper_percent,
        nir_flag = 'net_exporter' as is_net_exporter,
        edition = max(edition) over (
            partition by published_in, mineral_id, component, year
        ) as is_latest_edition
    from combined
)

select * from final
