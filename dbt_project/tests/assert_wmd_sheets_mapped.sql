{{ config(store_failures=true, schema='audit') }}
-- Every WMD sheet of every edition is in seeds/wmd/wmd_sheets.csv, with a mineral when in
-- scope, and every unit is in seeds/wmd/wmd_units.csv. Failing rows name file and sheet.
select distinct
    source_file,
    edition,
    sheet,
    unit,
    case
        when not is_sheet_mapped then 'sheet not in wmd_sheets'
        when is_in_scope and mineral_id is null then 'in scope but no mineral_id'
        else 'unit not in wmd_units'
    end as problem
from {{ ref('stg_wmd__production') }}
where
    not is_sheet_mapped
    or (is_in_scope and mineral_id is null)
    or quantity_unit is null
