-- US net import reliance (NIR) cells of the salient statistics, every edition, with the
-- component they are for. A cell is NIR when its column has NIR before an underscore
-- (NIR_pct, NIR_Palladium_pct, Bauxite_NIR_pct, Granite_NIR_pct, HPQNIR_pct...) or, in the
-- MCS2026 long file, when its statistic is "Net import reliance". The component is what is
-- left of the column name, lower case, unit suffixes (pct, and the mislabelled ct / t of a
-- few files) dropped; in MCS2026, the text after the colon of the detail ("...: Palladium";
-- "Granite only: ..." gives granite), else the row's commodity where a chapter has several
-- (Bauxite, Alumina). Rows still identical (mica gives two) are numbered in file order.
-- usgs_nir_components maps these names onto mineral ids and the earlier editions' names.
-- One row per source_file x line_number x column_name.
with

salient as (
    select * from {{ ref('stg_usgs_mcs__salient_statistics') }}
    where
        regexp_matches(column_name, 'NIR(_|$)')
        or statistic ilike 'net import reliance%'
),

commodities as (
    select * from {{ ref('usgs_salient_commodities') }}
),

components as (
    select * from {{ ref('usgs_nir_components') }}
),

counted as (
    select
        *,
        count(distinct commodity) over (
            partition by source_file, commodity_code
        ) as n_chapter_commodities,
        count(*) over (
            partition by source_file, commodity, column_name, year
        ) as n_identical,
        row_number() over (
            partition by source_file, commodity, column_name, year
            order by line_number
        ) as identical_rank
    from salient
),

named as (
    select
        *,
        case
            when statistic ilike 'net import reliance%'
                then
                    trim(
                        concat(
                            lower(
                                trim(
                                    coalesce(
                                        nullif(regexp_extract(detail, '^(.*?) only:', 1), ''),
                                        nullif(regexp_extract(detail, ':\s*(.*)$', 1), ''),
                                        case when n_chapter_commodities > 1 then commodity end,
                                        ''
                                    )
                                )
                            ),
                            case when n_identical > 1 then ' #' || identical_rank end
                        )
                    )
            else
                lower(
                    trim(
                        regexp_replace(
                            regexp_replace(
                                regexp_replace(
                                    '_' || regexp_replace(column_name, '#\d+$', '') || '_',
                                    'NIR_',
                                    '_',
                                    'g'
                                ),
                                '_(pct|ct|t)_$',
                                '_'
                            ),
                            'pct_$',
                            '_'
                        ),
                        '_'
                    )
                )
        end as column_component
    from counted
),

final as (
    select
        named.edition,
        named.source_file,
        named.line_number,
        named.column_name,
        named.commodity_code,
        named.commodity,
        coalesce(components.mineral_id, commodities.mineral_id) as mineral_id,
        -- a reviewed row of usgs_nir_components wins, its empty component included
        case
            when components.commodity_code is not null then coalesce(components.component, '')
            else named.column_component
        end as component,
        named.year,
        named.value_raw,
        named.value_flag,
        named.value,
        named.value_lower,
        named.value_upper
    from named
    left join commodities on named.commodity_code = commodities.commodity_code
    left join components
        on
            named.commodity_code = components.commodity_code
            and named.column_component = coalesce(components.column_component, '')
)

select * from final
