-- A check fixture, not a published mart: it lands in schema reference, beside the test
-- case's seeds (the exports and the report read schema main only); the dbt test
-- assert_exposure_geopolrisk_testcase_reproduced compares it with the expected outputs.
{{ config(schema='reference') }}

-- geopolrisk-py's published reference case (USA 2022: nickel, manganese, graphite)
-- recomputed from its inputs with this warehouse's macros (geopolrisk_import_risk), beside
-- the expected outputs. One row per material x year x importer_iso3.
-- governance weights: the test case's own column, and the same weight recomputed from the
-- bundled WGI (geopolrisk_weight of int_exposure__wgi_by_country_year) to show they agree.
with

production as (
    select * from {{ ref('geopolrisk_testcase_production') }}
),

trade as (
    select * from {{ ref('geopolrisk_testcase_trade') }}
),

expected as (
    select * from {{ ref('geopolrisk_testcase_expected') }}
),

countries as (
    select * from {{ ref('dim_country') }}
),

wgi as (
    select * from {{ ref('int_exposure__wgi_by_country_year') }}
),

hhi as (
    select
        material,
        year,
        sum(power(quantity_t, 2)) / power(sum(quantity_t), 2) as hhi
    from production
    group by material, year
),

trade_weighted as (
    select
        trade.*,
        wgi.geopolrisk_weight as warehouse_weight
    from trade
    left join countries on trade.exporter_m49 = countries.m49_code
    left join wgi on countries.country_iso3 = wgi.country_iso3 and trade.year = wgi.year
),

imports as (
    select
        material,
        year,
        sum(quantity_t * governance_weight) as numerator,
        sum(quantity_t) as total_imports_t,
        sum(value_kusd) as value_kusd,
        max(abs(warehouse_weight - governance_weight)) as max_weight_difference,
        count(*) filter (where warehouse_weight is null) as n_partners_without_wgi
    from trade_weighted
    group by material, year
),

final as (
    select
        expected.material,
        expected.year,
        expected.importer_iso3,
        hhi.hhi,
        coalesce(domestic.quantity_t, 0) as domestic_production_t,
        imports.numerator,
        imports.total_imports_t,
        {{ geopolrisk_import_risk(
            'imports.numerator', 'coalesce(domestic.quantity_t, 0)', 'imports.total_imports_t'
        ) }} as import_risk,
        hhi.hhi * {{ geopolrisk_import_risk(
            'imports.numerator', 'coalesce(domestic.quantity_t, 0)', 'imports.total_imports_t'
        ) }} as geopolrisk_score,
        imports.value_kusd / imports.total_imports_t as price_usd_per_kg,
        imports.max_weight_difference,
        imports.n_partners_without_wgi,
        expected.hhi as expected_hhi,
        expected.import_risk as expected_import_risk,
        expected.geopolrisk_score as expected_geopolrisk_score,
        expected.cf as expected_cf,
        expected.price_usd_per_kg as expected_price_usd_per_kg
    from expected
    inner join hhi on expected.material = hhi.material and expected.year = hhi.year
    inner join imports on expected.material = imports.material and expected.year = imports.year
    left join production as domestic
        on
            expected.material = domestic.material
            and expected.year = domestic.year
            and expected.importer_iso3 = domestic.country_iso3
)

select
    *,
    -- characterisation factor: score x price / copper reference price (0.409412948)
    geopolrisk_score * price_usd_per_kg / 0.409412948 as cf
from final
