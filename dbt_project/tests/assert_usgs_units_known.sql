-- Every unit in a world table header converts to tonnes, carats or cubic metres.
select distinct
    source_file,
    column_name,
    unit
from {{ ref('stg_usgs_mcs__world_cells') }}
where measure_kind != 'unnamed' and quantity_unit is null
