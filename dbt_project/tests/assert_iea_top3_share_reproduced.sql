{{ config(store_failures=true, schema='audit') }}
-- IEA's published Top 3 share equals the three largest countries of the block and year over
-- its Total (to 1e-6), so our concentration arithmetic reproduces IEA's. Reviewed exceptions
-- (with the reason) are in seeds/iea/iea_top3_share_exceptions.csv.
with

shares as (
    select * from {{ ref('stg_iea__top3_share') }}
),

exceptions as (
    select * from {{ ref('iea_top3_share_exceptions') }}
)

select shares.*
from shares
left join exceptions
    on shares.block_title = exceptions.block_title and shares.year = exceptions.year
where
    exceptions.block_title is null
    and shares.top3_share_published is not null
    and (
        shares.top3_share_computed is null
        or abs(shares.top3_share_published - shares.top3_share_computed) > 1e-6
    )
