-- China's imports of HS4 2846 by origin as China reports them (UN Comtrade), in the conformed
-- trade columns (macros/trade_sources.sql): the origin the exporter, importer CHN, the heading
-- in hs6 ('2846') with hs_revision 'HS4' and the classification China reported in beside it,
-- reported_by 'importer', completeness 'reporter_side'. The World rows are the check totals
-- (sources/comtrade_china_imports/load.py) and are left out. One row per year x exporter_iso3
-- x hs6.
with

records as (
    select * from {{ ref('stg_comtrade_china_imports__records') }}
    where partner_area_kind is distinct from 'world'
),

final as (
    select
        'comtrade_china_imports' as source,
        year,
        partner_iso3 as exporter_iso3,
        'CHN' as importer_iso3,
        cmd_code as hs6,
        'HS4' as hs_revision,
        value_usd,
        net_weight_kg / 1000 as quantity_t,
        'importer' as reported_by,
        'reporter_side' as completeness,
        partner_code,
        partner_desc,
        partner_area_kind as exporter_area_kind,
        classification_code,
        is_net_weight_estimated,
        edition,
        source_file,
        record_number
    from records
)

select * from final
