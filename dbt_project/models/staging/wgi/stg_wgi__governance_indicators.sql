-- WGI estimates with the reviewed World Bank code -> ISO3 map (seeds/exposure/
-- wgi_country_codes.csv). One row per edition x wb_code x indicator x year.
with

indicators as (
    select * from {{ source('wgi', 'wgi__governance_indicators') }}
),

codes as (
    select * from {{ ref('wgi_country_codes') }}
),

final as (
    select
        indicators.edition,
        indicators.source_file,
        indicators.layout,
        indicators.sheet,
        indicators.row_number,
        indicators.column_letter,
        indicators.wb_code,
        indicators.country_name,
        codes.country_iso3,
        codes.mapping as code_mapping,
        codes.wb_code is not null as is_code_reviewed,
        indicators.indicator,
        indicators.year,
        indicators.estimate,
        indicators.std_error,
        indicators.n_sources,
        indicators.pct_rank,
        indicators.value_flag,
        max(indicators.edition) over (
            partition by indicators.wb_code, indicators.indicator, indicators.year
        ) = indicators.edition as is_latest_edition
    from indicators
    left join codes on indicators.wb_code = codes.wb_code
)

select * from final
