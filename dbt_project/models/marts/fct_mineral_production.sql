-- Mine, refinery, smelter, processing output and capacity by country, from every source and
-- every edition (actual figures; projections are in fct_production_projections).
-- Country groups that a source publishes as one row ("United States and Canada") are kept,
-- with country_iso3 null and is_country_group true: never add them to their members.
-- One row per source x mineral_id x stage x basis x coalesce(country_iso3, country_group)
-- x year x edition.
with

countries as (
    select * from {{ ref('int_production__by_country') }}
    where not is_projection
),

groups as (
    select * from {{ ref('int_production__world_aggregates') }}
    where aggregate_kind = 'country_group' and not is_projection
),

series_editions as (
    select
        source,
        mineral_id,
        stage,
        basis,
        year,
        max(edition) as latest_edition
    from {{ ref('int_production__concentration') }}
    group by all
),

rows_ as (
    select
        source,
        mineral_id,
        stage,
        basis,
        country_iso3,
        null as country_group,
        false as is_country_group,
        year,
        edition,
        quantity,
        quantity_unit,
        value_flag,
        value_raw,
        source_country_names,
        n_source_rows,
        source_files
    from countries
    union all
    select
        source,
        mineral_id,
        stage,
        basis,
        null as country_iso3,
        source_names as country_group,
        true as is_country_group,
        year,
        edition,
        quantity,
        quantity_unit,
        value_flag,
        null as value_raw,
        source_names as source_country_names,
        n_source_rows,
        null as source_files
    from groups
),

final as (
    select
        rows_.source,
        rows_.mineral_id,
        rows_.stage,
        rows_.basis,
        rows_.country_iso3,
        rows_.country_group,
        rows_.is_country_group,
        rows_.year,
        rows_.edition,
        rows_.quantity,
        rows_.quantity_unit,
        rows_.value_flag,
        rows_.value_flag = 'estimated' as is_estimate,
        rows_.value_raw,
        rows_.source_country_names,
        rows_.n_source_rows,
        rows_.source_files,
        -- latest per series-year, not per country: a country that the newest edition folds
        -- into "Other countries" has no latest figure of its own
        rows_.edition = series_editions.latest_edition as is_latest_edition
    from rows_
    inner join series_editions using (source, mineral_id, stage, basis, year)
)

select * from final
