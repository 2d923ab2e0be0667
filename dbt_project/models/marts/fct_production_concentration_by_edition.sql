-- How concentrated world supply was, as each edition of each source published it (actual
-- figures only; projections are in fct_production_projections).
-- One row per source x mineral_id x stage x basis x year x edition.
with

concentration as (
    select * from {{ ref('int_production__concentration') }}
    where not is_projection
),

final as (
    select
        * exclude (is_projection),
        edition = max(edition) over (
            partition by source, mineral_id, stage, basis, year
        ) as is_latest_edition
    from concentration
)

select * from final
