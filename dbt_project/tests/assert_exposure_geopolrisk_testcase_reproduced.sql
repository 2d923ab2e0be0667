-- geopolrisk-py's reference case (USA 2022: nickel, manganese, graphite) is reproduced from
-- its inputs to 6 decimals (HHI, import risk, score, CF), and the governance weights the
-- bundled WGI gives its partners equal the test case's (where the partner has a WGI).
select *
from {{ ref('fct_geopolrisk_testcase') }}
where
    abs(hhi - expected_hhi) > 1e-6
    or abs(import_risk - expected_import_risk) > 1e-6
    or abs(geopolrisk_score - expected_geopolrisk_score) > 1e-6
    or abs(cf - expected_cf) > 1e-6
    or abs(price_usd_per_kg - expected_price_usd_per_kg) > 1e-6
    or max_weight_difference > 1e-6
    or (select count(*) from {{ ref('fct_geopolrisk_testcase') }}) != 3
