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
        case
            when regexp_matches(lower(statistic), '(^|[a-z])nir$|net import reliance')
                then 'net_import_reliance'
            when contains(lower(statistic), 'price') then 'price'
            when contains(lower(statistic), 'import') then 'imports'
            when contains(lower(statistic), 'export') then 'exports'
            when starts_with(lower(statistic), 'consump') then 'consumption'
            when starts_with(lower(statistic), 'stock') then 'stocks'
            when lower(statistic) = 'employment' then 'employment'
            when
                regexp_matches(
                    lower(statistic), '^(usprod|production|prod$|hpqproduction|crystalproduction)'
                )
                then 'production'
            when regexp_matches(lower(statistic), '^(shipment|sold|sales)') then 'shipments'
            else 'other'
        end as statistic_kind,
        -- the unit as a short symbol where USGS's code or words are unambiguous, else as
        -- published
        case
            when unit in ('t', 'metric tons') then 't'
            when unit in ('kt', 'thousand metric tons') then 'kt'
            when unit in ('mmt', 'million metric tons') then 'Mt'
            when unit in ('kg', 'kilograms') then 'kg'
            when unit in ('pct', 'percent') then 'percent'
            when unit in ('dt', 'dollars per metric ton') then 'USD/t'
            when unit in ('dkg', 'dollars per kilogram') then 'USD/kg'
            when unit in ('dlb', 'dollars per pound') then 'USD/lb'
            when unit in ('ctslb', 'cents per pound') then 'US cents/lb'
            when unit in ('dtoz', 'dollars per troy ounce') then 'USD/troy oz'
            when unit in ('dst', 'dollars per short ton') then 'USD/short ton'
            when unit in ('dct', 'dollars per carat') then 'USD/carat'
            when unit in ('mdol', 'million dollars') then 'million USD'
            when unit in ('num', 'number') then 'number'
            when unit in ('mct', 'million carats') then 'million carats'
            when unit in ('mcm', 'million cubic meters') then 'million m3'
            when unit = 'million liters' then 'million liters'
            when unit = 'thousand metric dry tons' then 'kt (dry)'
            else nullif(unit, '')
        end as unit_symbol
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
