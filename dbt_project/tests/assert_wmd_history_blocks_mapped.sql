{{ config(store_failures=true, schema='audit') }}
-- Every block of the WMD 1984-2017 compilation is in seeds/wmd_history/wmd_history_blocks.csv,
-- with a mineral when in scope, and every unit is in wmd_units or wmd_history_units. Failing
-- rows name file and block.
select distinct
    source_file,
    edition,
    sheet as block,
    unit,
    case
        when not is_sheet_mapped then 'block not in wmd_history_blocks'
        when is_in_scope and mineral_id is null then 'in scope but no mineral_id'
        else 'unit not in wmd_units or wmd_history_units'
    end as problem
from {{ ref('stg_wmd_history__production') }}
where
    not is_sheet_mapped
    or (is_in_scope and mineral_id is null)
    or quantity_unit is null
