-- One row per year x reporter x partner x flow x HS6 (codes as published).
--
-- Duplicate rule: the collector of the bundled extracts dropped Comtrade's breakdown columns
-- (customs procedure, transport mode, second partner), so one key can repeat with the total
-- and its parts. The maximum per key is the total: it reproduces the reporter's partner =
-- World rows (checked by the test assert_comtrade_max_rule_matches_world_totals).
-- Summing the repeats would over-count (about 8x for Germany's 850511 imports).
with

records as (
    select * from {{ ref('stg_comtrade__records') }}
),

final as (
    select
        year,
        hs_revision,
        reporter_code,
        any_value(reporter_iso3) as reporter_iso3,
        partner_code,
        any_value(partner_iso3) as partner_iso3,
        any_value(partner_area_kind) as partner_area_kind,
        flow_code,
        hs6,
        max(value_usd) as value_usd,
        max(net_weight_kg) as net_weight_kg,
        count(*) as n_records,
        count(distinct value_usd) as n_distinct_values,
        string_agg(distinct source_file, '; ') as source_files
    from records
    group by year, hs_revision, reporter_code, partner_code, flow_code, hs6
)

select * from final
