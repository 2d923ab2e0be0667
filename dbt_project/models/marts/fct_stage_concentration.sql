-- Concentration along the value chain: for each mineral and year, mine-production HHI
-- (fct_production_concentration) beside export HHI by trade stage, where both exist.
-- One row per mineral_id x year x source x stage (trade stage).
-- Each production series comes from one source (mine_source, refinery_source): USGS where it
-- has the stage, else another source (IEA gives refining for cobalt, lithium, nickel,
-- graphite and magnet rare earths). Where a source has several series (bases) for a stage,
-- the one with the most producing countries is used (its basis is shown).
-- includes_shared_codes: the export side counts an HS code shared by several minerals
-- (811292) whole for each of them, so their export HHIs can be equal; compare with care.
with

production as (
    select * from {{ ref('fct_production_concentration') }}
),

exports as (
    select * from {{ ref('fct_export_concentration') }}
),

production_ranked as (
    select
        *,
        case when stage = 'mine' then 'mine' else 'refinery' end as production_step,
        row_number() over (
            partition by
                mineral_id,
                year,
                case when stage = 'mine' then 'mine' else 'refinery' end
            order by
                source = 'usgs_mcs' desc, n_producing_countries desc, source asc, stage asc,
                basis asc
        ) as series_rank
    from production
    where stage in ('mine', 'refinery', 'smelter') and hhi is not null
),

mine as (
    select * from production_ranked
    where production_step = 'mine' and series_rank = 1
),

refinery as (
    select * from production_ranked
    where production_step = 'refinery' and series_rank = 1
),

final as (
    select
        exports.mineral_id,
        exports.year,
        exports.source,
        exports.stage,
        exports.hhi as export_hhi,
        exports.top_exporter_iso3,
        exports.top_exporter_share,
        exports.china_share as export_china_share,
        exports.includes_shared_codes,
        mine.source as mine_source,
        mine.edition as mine_edition,
        mine.basis as mine_basis,
        mine.hhi as mine_hhi,
        mine.top_producer_iso3 as mine_top_producer_iso3,
        mine.china_share as mine_china_share,
        refinery.source as refinery_source,
        refinery.edition as refinery_edition,
        refinery.stage as refinery_stage,
        refinery.basis as refinery_basis,
        refinery.hhi as refinery_hhi,
        refinery.top_producer_iso3 as refinery_top_producer_iso3,
        refinery.china_share as refinery_china_share,
        {{ trade_coverage_columns('exports') }}
    from exports
    left join mine on exports.mineral_id = mine.mineral_id and exports.year = mine.year
    left join refinery
        on exports.mineral_id = refinery.mineral_id and exports.year = refinery.year
)

select * from final
where mine_hhi is not null or refinery_hhi is not null
