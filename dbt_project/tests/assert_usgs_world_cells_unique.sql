{{
    config(
        store_failures=true,
        schema='audit',
        meta={'dagster': {'ref': {'name': 'stg_usgs_mcs__world_cells'}}}
    )
}}
-- A country row given twice (China's manganese doubled, and its share with it) parses
-- cleanly: one figure per edition x file x commodity x country x type x measure x year.
select
    edition,
    source_file,
    commodity_code,
    country_name,
    type_name,
    measure,
    year,
    column_name,
    count(*) as n_rows,
    string_agg(line_number::varchar, ', ' order by line_number) as line_numbers
from {{ ref('stg_usgs_mcs__world_cells') }}
where measure != 'unnamed'
group by all
having count(*) > 1
