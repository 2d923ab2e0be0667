-- IEA's published "Top 3 share" per block and year (one row per source_file x sheet x block x row x
-- year), beside the share computed from the block's three largest countries and its Total,
-- so a test can check that our cr3 reproduces IEA's.
with

cells as (
    select * from {{ source('iea', 'iea__mineral_supply') }}
    where row_kind = 'top3_share'
),

supply as (
    select * from {{ ref('stg_iea__mineral_supply') }}
),

blocks as (
    select * from {{ ref('iea_supply_blocks') }}
),

ranked as (
    select
        source_file,
        block_title,
        year,
        quantity,
        row_number() over (
            partition by source_file, block_title, year order by quantity desc
        ) as producer_rank
    from supply
    where row_kind = 'country' and quantity is not null
),

top3 as (
    select
        source_file,
        block_title,
        year,
        sum(quantity) as top3_quantity
    from ranked
    where producer_rank <= 3
    group by source_file, block_title, year
),

totals as (
    select
        source_file,
        block_title,
        year,
        quantity as world_total
    from supply
    where row_kind = 'total'
),

final as (
    select
        'iea' as source,
        cells.edition,
        cells.source_file,
        cells.sheet,
        cells.row_number,
        cells.column_letter,
        cells.block_title,
        blocks.mineral_id,
        blocks.stage,
        blocks.basis,
        cells.year,
        cells.is_projection,
        cells.value_raw,
        cells.value as top3_share_published,
        top3.top3_quantity,
        totals.world_total,
        top3.top3_quantity / nullif(totals.world_total, 0) as top3_share_computed
    from cells
    left join blocks on cells.block_title = blocks.block_title
    left join top3
        on
            cells.source_file = top3.source_file
            and cells.block_title = top3.block_title
            and cells.year = top3.year
    left join totals
        on
            cells.source_file = totals.source_file
            and cells.block_title = totals.block_title
            and cells.year = totals.year
)

select * from final
