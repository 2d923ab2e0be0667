{{ config(store_failures=true, schema='audit') }}
-- Every partner name of the WITS partner rows is in the reviewed seed wits_partner_names (the
-- World rows say 'World' by the landing's schema). Failing rows name the file, sheet, first
-- row and the name.
select
    partner_name,
    any_value(source_file) as source_file,
    any_value(sheet) as sheet,
    min(row_number) as first_row_number,
    'partner name not in seeds/wits_china_exports/wits_partner_names.csv' as problem
from {{ ref('stg_wits_china_exports__flows') }}
where importer_iso3 is null
group by partner_name
