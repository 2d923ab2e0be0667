-- The US salient statistics of every USGS MCS edition, one row per published figure:
-- production, imports, exports, consumption, prices, stocks, employment, net import reliance
-- and the rest, as each edition's salient table gives them (MCS2022-2025: one file per
-- commodity; MCS2026: the long file). statistic is the published column (MCS2022-2025, e.g.
-- "Imports_Oxide_t") or label (MCS2026, e.g. "Import: Imports for consumption"), so names
-- differ between the two formats; statistic_kind groups them. Rows a chapter repeats
-- under the same name (MCS2026 mica: scrap/flake then sheet) are numbered in file order
-- (" #1", " #2"). Files superseded by usgs_superseded_files (world tables published under a
-- salient name) are left out. fct_us_net_import_reliance is the reviewed NIR series.
-- One row per mineral_id x usgs_commodity x statistic x year x edition.
with

salient as (
    select * from {{ ref('stg_usgs_mcs__salient_statistics') }}
),

commodities as (
    select * from {{ ref('usgs_salient_commodities') }}
),

superseded as (
    select * from {{ ref('usgs_superseded_files') }}
),

counted as (
    select
        salient.*,
        count(*) over (
            partition by salient.source_file, salient.commodity, salient.column_name, salient.year
        ) as n_identical,
        row_number() over (
            partition by salient.source_file, salient.commodity, salient.column_name, salient.year
            order by salient.line_number
        ) as identical_rank
    from salient
    left join superseded on salient.source_file = superseded.source_file
    where superseded.source_file is null
),

classified as (
    select
        *,
        lower(statistic) as statistic_lower,
        {{ usgs_statistic_kind('statistic') }} as statistic_kind,
        -- the unit as a short symbol where USGS's code or words are unambiguous, else as
        -- published (macros/usgs_salient.sql)
        {{ usgs_unit_symbol('unit') }} as unit_symbol
    from counted
),

final as (
    select
        classified.edition,
        commodities.mineral_id,
        classified.commodity_code,
        classified.commodity as usgs_commodity,
        classified.statistic_kind,
        classified.column_name
        || case when classified.n_identical > 1 then ' #' || classified.identical_rank else '' end
            as statistic,
        classified.statistic as statistic_group,
        classified.detail as statistic_detail,
        classified.year,
        classified.year_raw,
        classified.unit_symbol as unit,
        classified.unit as unit_as_published,
        classified.value_raw,
        classified.value,
        classified.value_lower,
        classified.value_upper,
        classified.value_flag,
        classified.source_file,
        classified.line_number
    from classified
    left join commodities on classified.commodity_code = commodities.commodity_code
)

select * from final
