{{
    config(
        store_failures=true,
        schema='audit',
        meta={'dagster': {'ref': {'name': 'stg_usgs_mcs__world_cells'}}}
    )
}}
-- Every USGS year lies within its edition's range (seeds/checks/usgs_edition_years.csv): a
-- column headed 2099 is bad input. An edition not in the seed fails too, naming itself.
with

years as (
    select * from {{ ref('usgs_edition_years') }}
),

cells as (
    select
        'world' as table_kind,
        edition,
        source_file,
        year
    from {{ ref('stg_usgs_mcs__world_cells') }}
    where year is not null
    union all
    select
        'salient' as table_kind,
        edition,
        source_file,
        year
    from {{ ref('stg_usgs_mcs__salient_statistics') }}
)

select distinct
    cells.table_kind,
    cells.edition,
    cells.source_file,
    cells.year,
    years.first_year,
    years.last_year
from cells
left join years on cells.edition = years.edition
where years.edition is null or cells.year not between years.first_year and years.last_year
