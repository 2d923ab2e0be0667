{{ config(meta={'dagster': {'ref': {'name': 'stg_usgs_mcs__salient_statistics'}}}) }}
-- Every salient-statistics commodity code has a mineral in the seed usgs_salient_commodities.
select distinct
    salient.source_file,
    salient.commodity_code
from {{ ref('stg_usgs_mcs__salient_statistics') }} as salient
left join {{ ref('usgs_salient_commodities') }} as commodities
    on salient.commodity_code = commodities.commodity_code
where commodities.mineral_id is null
