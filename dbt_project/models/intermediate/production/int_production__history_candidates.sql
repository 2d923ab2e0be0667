-- The candidates of the production history (fct_production_concentration_history): each
-- source's latest edition per mineral x stage x year with a computable HHI, in the basis
-- with the most producing countries (then alphabetical), and the source's registration
-- preference (source_rank, 1 = most preferred). One row per source x mineral_id x stage x
-- year.
with

concentration as (
    select * from {{ ref('fct_production_concentration') }}
    where hhi is not null
),

final as (
    select
        *,
        {{ production_source_rank('source') }} as source_rank
    from concentration
    qualify row_number() over (
        partition by source, mineral_id, stage, year
        order by n_producing_countries desc, basis asc
    ) = 1
)

select * from final
