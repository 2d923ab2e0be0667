{{
    config(
        store_failures=true,
        schema='audit',
        meta={'dagster': {'ref': {'name': 'stg_usgs_mcs__salient_statistics'}}}
    )
}}
-- Every salient table gives every year of its edition (five): a file cut at a line boundary
-- parses cleanly but loses years. Tables USGS publishes shorter are listed, with the
-- reason, in seeds/checks/usgs_partial_salient_tables.csv.
with

years as (
    select * from {{ ref('usgs_edition_years') }}
),

partial_tables as (
    select * from {{ ref('usgs_partial_salient_tables') }}
),

tables as (
    select
        edition,
        source_file,
        commodity_code,
        count(distinct year) as n_years
    from {{ ref('stg_usgs_mcs__salient_statistics') }}
    group by edition, source_file, commodity_code
)

select
    tables.edition,
    tables.source_file,
    tables.commodity_code,
    tables.n_years,
    years.salient_years as expected_years
from tables
inner join years on tables.edition = years.edition
anti join partial_tables
    on
        tables.edition = partial_tables.edition
        and tables.commodity_code = partial_tables.commodity_code
where tables.n_years != years.salient_years
