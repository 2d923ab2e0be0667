-- Production and capacity by country from every registered production source, kept apart:
-- each row says its source and edition, and no series mixes two sources or two bases. Rows
-- a source gives several times for one country (USGS helium by field, WMD 2017 "Russia,
-- Asia" and "Russia, Europe") are summed; their names and flags are kept (a blank row
-- beside a row with a value is left out of the flag: macros/production_sources.sql).
-- One row per source x mineral_id x stage x basis x country_iso3 x year x edition.
with

production as (
    {{ production_rows(aggregates=false) }}
),

final as (
    select
        source,
        mineral_id,
        stage,
        basis,
        country_iso3,
        year,
        edition,
        {{ collapsed_production_figures() }},
        {{ collapsed_value_raw() }} as value_raw,
        bool_or(is_projection) as is_projection,
        string_agg(distinct country_name, '; ' order by country_name) as source_country_names,
        string_agg(distinct source_file, '; ' order by source_file) as source_files,
        count(*) as n_source_rows
    from production
    group by source, mineral_id, stage, basis, country_iso3, year, edition
)

select * from final
