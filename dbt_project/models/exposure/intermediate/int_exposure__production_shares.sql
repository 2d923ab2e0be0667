-- Each country's share of world production, from the latest edition of each source, with
-- the share denominators of fct_production_concentration (published world total, or the
-- listed countries plus residual where none is published). One row per source x
-- mineral_id x stage x basis x year x country_iso3.
-- is_primary_basis marks, per source x mineral x stage x year, the basis with the most
-- producing countries (ties: basis name), the one bloc shares and governance risk use.
with

production as (
    select * from {{ ref('fct_mineral_production') }}
    where is_latest_edition and country_iso3 is not null
),

concentration as (
    select * from {{ ref('fct_production_concentration') }}
),

primary_basis as (
    select
        source,
        mineral_id,
        stage,
        basis,
        year
    from concentration
    where share_denominator is not null
    qualify row_number() over (
        partition by source, mineral_id, stage, year
        order by n_producing_countries desc, basis asc
    ) = 1
),

final as (
    select
        production.source,
        production.mineral_id,
        production.stage,
        production.basis,
        production.year,
        production.edition,
        production.country_iso3,
        production.quantity,
        production.quantity_unit,
        production.value_flag,
        concentration.share_denominator,
        concentration.share_basis,
        production.quantity / nullif(concentration.share_denominator, 0) as share,
        -- the rounded published total is below the listed countries: shares summed over
        -- countries (blocs, HHI) may pass 1 (10,000) slightly, as USGS's own would
        concentration.is_world_total_below_listed,
        primary_basis.basis is not null as is_primary_basis
    from production
    inner join concentration
        on
            production.source = concentration.source
            and production.mineral_id = concentration.mineral_id
            and production.stage = concentration.stage
            and production.basis = concentration.basis
            and production.year = concentration.year
            and production.edition = concentration.edition
    left join primary_basis
        on
            production.source = primary_basis.source
            and production.mineral_id = primary_basis.mineral_id
            and production.stage = primary_basis.stage
            and production.basis = primary_basis.basis
            and production.year = primary_basis.year
)

select * from final
