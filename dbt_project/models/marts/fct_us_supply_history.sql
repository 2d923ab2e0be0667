-- US net import reliance (NIR) and apparent consumption per mineral x year: USGS Data Series
-- 140 (1900-1992 from the JSON library, lithium to 2021 and rare earths to 2020 from the full
-- workbooks) beside the Mineral Commodity Summaries series (fct_us_net_import_reliance).
-- One row per source x edition x mineral_id x series x year (series: the DS140 commodity and
-- worksheet, or MCS's published_in and component).
--
-- DS140 NIR = 100 x (imports - exports - stock change) / consumption, where stock change is
-- the change of year-end stocks (Stocks or Total stocks, else industry + government stocks)
-- from the year before (left out, and said, where DS140 gives none) and consumption is the
-- published apparent consumption; where DS140 gives none, its estimated consumption
-- (lithium), else the consumption computed from the components, production + imports -
-- exports - stock change (nir_method says which).
with

statistics as (
    select * from {{ ref('stg_usgs_ds140__statistics') }}
    where mineral_id is not null and nir_component is not null
),

mcs as (
    select * from {{ ref('fct_us_net_import_reliance') }}
),

components as (
    select
        edition,
        source_file,
        commodity,
        mineral_id,
        worksheet,
        year,
        max(value) filter (where nir_component = 'production') as production,
        max(value) filter (where nir_component = 'imports') as imports,
        max(value) filter (where nir_component = 'exports') as exports,
        max(value) filter (where nir_component = 'stocks') as stocks_total,
        sum(value) filter (where nir_component = 'stocks_part') as stocks_parts,
        count(*) filter (where nir_component = 'stocks_part') as n_stock_parts,
        count(value) filter (where nir_component = 'stocks_part') as n_stock_parts_given,
        max(value) filter (where nir_component = 'apparent_consumption')
            as apparent_consumption_published,
        max(value) filter (where nir_component = 'estimated_consumption')
            as estimated_consumption,
        max(unit_basis) as unit_basis
    from statistics
    group by edition, source_file, commodity, mineral_id, worksheet, year
),

stocks as (
    select
        *,
        coalesce(
            stocks_total,
            case
                when n_stock_parts > 0 and n_stock_parts = n_stock_parts_given then stocks_parts
            end
        ) as stocks_level
    from components
),

stock_changes as (
    select
        *,
        case
            when lag(year) over w = year - 1 then stocks_level - lag(stocks_level) over w
        end as stock_change
    from stocks
    window w as (partition by source_file, worksheet order by year)
),

consumption as (
    select
        *,
        case
            when apparent_consumption_published is not null then 'ds140_apparent_consumption'
            when estimated_consumption is not null then 'ds140_estimated_consumption'
            when production is not null and imports is not null and exports is not null
                then 'ds140_computed_consumption'
        end as nir_method,
        coalesce(
            apparent_consumption_published,
            estimated_consumption,
            production + imports - exports - coalesce(stock_change, 0)
        ) as apparent_consumption
    from stock_changes
),

ds140 as (
    select
        'usgs_ds140' as source,
        edition,
        source_file,
        mineral_id,
        commodity || ' / ' || worksheet as series,
        year,
        production,
        imports,
        exports,
        stock_change,
        apparent_consumption,
        unit_basis,
        nir_method,
        stock_change is not null as is_stock_change_included,
        case
            when imports is not null and exports is not null and apparent_consumption > 0
                then round(
                    100 * (imports - exports - coalesce(stock_change, 0)) / apparent_consumption, 1
                )
        end as nir_percent,
        null::varchar as nir_text,
        'computed' as nir_flag,
        case
            when apparent_consumption is null
                then 'no apparent or estimated consumption, nor the components to compute it'
            when apparent_consumption <= 0 then 'consumption is zero or negative'
            when imports is null then 'imports not available'
            when exports is null then 'exports not available'
        end as nir_percent_null_reason
    from consumption
    where coalesce(imports, exports, apparent_consumption) is not null
),

mcs_rows as (
    select
        'usgs_mcs' as source,
        edition,
        source_file,
        mineral_id,
        published_in || ' / ' || coalesce(component, '') as series,
        year,
        null::double as production,
        null::double as imports,
        null::double as exports,
        null::double as stock_change,
        null::double as apparent_consumption,
        null::varchar as unit_basis,
        'mcs_published' as nir_method,
        null::boolean as is_stock_change_included,
        nir_percent,
        nir_text,
        nir_flag,
        case
            when
                nir_percent is null
                then 'published as ' || coalesce(nir_text, 'nothing') || ' (' || nir_flag || ')'
        end as nir_percent_null_reason
    from mcs
),

combined as (
    select * from ds140
    union all
    select * from mcs_rows
),

-- the other source's figure for the same mineral and year. DS140: the latest edition giving
-- one number for the year (the library ends in 1992, so after it the workbooks). MCS: its
-- latest edition's salient rows, as the range their values and bounds span (">50" is 50-100,
-- "E" at most 0; several components, e.g. rare-earth concentrate and compounds, span one
-- range), since DS140 gives one total where MCS splits a mineral.
latest_ds140 as (
    select
        mineral_id,
        year,
        nir_percent,
        edition
    from ds140
    where nir_percent is not null
    qualify
        count(*) over (partition by mineral_id, year, edition) = 1
        and edition = max(edition) over (partition by mineral_id, year)
),

mcs_bounds as (
    select
        *,
        coalesce(nir_lower_percent, nir_percent) as lower_percent,
        coalesce(nir_upper_percent, nir_percent) as upper_percent
    from mcs
    where
        coalesce(nir_percent, nir_lower_percent, nir_upper_percent) is not null
),

latest_mcs as (
    select
        mineral_id,
        year,
        max(edition) as edition,
        case when bool_and(lower_percent is not null) then min(lower_percent) end as lower_percent,
        case when bool_and(upper_percent is not null) then max(upper_percent) end as upper_percent,
        string_agg(
            case
                when coalesce(component, '') = '' then nir_text
                else component || ': ' || nir_text
            end,
            '; ' order by component
        ) as nir_text
    from mcs_bounds
    where published_in = 'salient' and is_latest_edition
    group by mineral_id, year
),

compared as (
    select
        combined.*,
        coalesce(other_mcs.edition, other_ds140.edition) as other_source_edition,
        case
            when combined.source = 'usgs_mcs' then other_ds140.nir_percent
            when other_mcs.lower_percent = other_mcs.upper_percent then other_mcs.lower_percent
        end as other_source_nir_percent,
        other_mcs.nir_text as other_source_nir_text,
        case
            when combined.source = 'usgs_ds140'
                then [combined.nir_percent, other_mcs.lower_percent, other_mcs.upper_percent]
            else [other_ds140.nir_percent, bounds.lower_percent, bounds.upper_percent]
        end as value_and_range
    from combined
    left join latest_mcs as other_mcs
        on
            combined.source = 'usgs_ds140'
            and combined.mineral_id = other_mcs.mineral_id
            and combined.year = other_mcs.year
    left join latest_ds140 as other_ds140
        on
            combined.source = 'usgs_mcs'
            and combined.mineral_id = other_ds140.mineral_id
            and combined.year = other_ds140.year
    left join mcs_bounds as bounds
        on
            combined.source = 'usgs_mcs'
            and combined.edition = bounds.edition
            and combined.mineral_id = bounds.mineral_id
            and combined.series = bounds.published_in || ' / ' || coalesce(bounds.component, '')
            and combined.year = bounds.year
),

final as (
    select
        * exclude (value_and_range),
        -- points by which DS140's number lies outside MCS's value or range (0: inside)
        case
            when
                value_and_range[1] is not null
                and coalesce(value_and_range[2], value_and_range[3]) is not null
                then round(greatest(
                    coalesce(value_and_range[2] - value_and_range[1], 0),
                    coalesce(value_and_range[1] - value_and_range[3], 0),
                    0
                ), 1)
        end as nir_difference_points
    from compared
)

select
    *,
    coalesce(nir_difference_points > 10, false) as is_overlap_differing_over_10_points
from final
