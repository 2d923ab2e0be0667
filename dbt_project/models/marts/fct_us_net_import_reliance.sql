-- US net import reliance (NIR) as published in the salient statistics, every edition kept.
-- One row per commodity_code x detail x year x edition. Censored values (">50", "<25",
-- "E" = net exporter) are kept as text with bounds, never forced to a number.
with

salient as (
    select * from {{ ref('stg_usgs_mcs__salient_statistics') }}
    where statistic = 'NIR'
),

commodities as (
    select * from {{ ref('usgs_salient_commodities') }}
),

final as (
    select
        commodities.mineral_id,
        salient.commodity_code,
        salient.commodity,
        salient.detail,
        salient.column_name,
        salient.year,
        salient.edition,
        salient.value_raw as nir_text,
        salient.value_flag as nir_flag,
        salient.value as nir_percent,
        case
            when salient.value_flag = 'net_exporter' then null
            else salient.value_lower
        end as nir_lower_percent,
        case
            when salient.value_flag = 'net_exporter' then 0
            when salient.value_flag = 'lower_bound' then 100
            else salient.value_upper
        end as nir_upper_percent,
        salient.value_flag = 'net_exporter' as is_net_exporter,
        salient.edition = max(salient.edition) over (
            partition by salient.commodity_code, salient.detail, salient.year
        ) as is_latest_edition
    from salient
    left join commodities on salient.commodity_code = commodities.commodity_code
)

select * from final
