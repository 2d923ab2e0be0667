-- Where the production sources disagree: the latest actual figure of each source (USGS
-- MCS, World Mining Data, IEA) for the same mineral x stage x basis x country x year, side
-- by side, with the gaps against USGS and which source is larger. Only the same basis is
-- compared (IEA magnet rare earths are never set against USGS total REO). World totals as
-- published are compared too, as country_iso3 'WLD'.
-- One row per mineral_id x stage x basis x country_iso3 x year, where at least two sources
-- give a number. The columns are per source, so the sources compared are the three named
-- here (a registered source without columns of its own is left out, not mixed in).

with

production as (
    select * from {{ ref('fct_mineral_production') }}
    where
        is_latest_edition and not is_country_group
        and source in ('usgs_mcs', 'wmd', 'iea')
),

world as (
    select * from {{ ref('fct_production_concentration') }}
    where
        world_total_published is not null
        and source in ('usgs_mcs', 'wmd', 'iea')
),

figures as (
    select
        source,
        mineral_id,
        stage,
        basis,
        country_iso3,
        year,
        edition,
        quantity,
        quantity_unit,
        value_flag
    from production
    where quantity is not null
    union all
    select
        source,
        mineral_id,
        stage,
        basis,
        'WLD' as country_iso3,
        year,
        edition,
        world_total_published as quantity,
        quantity_unit,
        'reported' as value_flag
    from world
),

pivoted as (
    select
        mineral_id,
        stage,
        basis,
        country_iso3,
        year,
        any_value(quantity_unit) as quantity_unit,
        count(distinct quantity_unit) as n_units,
        max(quantity) filter (where source = 'usgs_mcs') as usgs_quantity,
        max(edition) filter (where source = 'usgs_mcs') as usgs_edition,
        max(value_flag) filter (where source = 'usgs_mcs') as usgs_value_flag,
        max(quantity) filter (where source = 'wmd') as wmd_quantity,
        max(edition) filter (where source = 'wmd') as wmd_edition,
        max(value_flag) filter (where source = 'wmd') as wmd_value_flag,
        max(quantity) filter (where source = 'iea') as iea_quantity,
        max(edition) filter (where source = 'iea') as iea_edition,
        count(distinct source) as n_sources,
        -- ties (two sources with the same figure): the first source by name
        first(source order by quantity desc, source asc) as largest_source,
        first(source order by quantity asc, source asc) as smallest_source,
        max(quantity) as max_quantity,
        min(quantity) as min_quantity
    from figures
    group by mineral_id, stage, basis, country_iso3, year
),

final as (
    select
        mineral_id,
        stage,
        basis,
        country_iso3,
        year,
        quantity_unit,
        n_sources,
        usgs_quantity,
        usgs_edition,
        usgs_value_flag,
        wmd_quantity,
        wmd_edition,
        wmd_value_flag,
        iea_quantity,
        iea_edition,
        wmd_quantity - usgs_quantity as wmd_minus_usgs,
        (wmd_quantity - usgs_quantity) / nullif(usgs_quantity, 0) as wmd_gap_fraction,
        iea_quantity - usgs_quantity as iea_minus_usgs,
        (iea_quantity - usgs_quantity) / nullif(usgs_quantity, 0) as iea_gap_fraction,
        largest_source,
        smallest_source,
        (max_quantity - min_quantity) / nullif(max_quantity, 0) as max_gap_fraction
    from pivoted
    where n_sources >= 2 and n_units = 1
)

select * from final
