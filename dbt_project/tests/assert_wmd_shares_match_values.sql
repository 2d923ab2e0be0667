{{ config(store_failures=true, schema='audit') }}
-- WMD table 6.5 (2024 edition) publishes, beside each producer's 2022 figure, its share of
-- the Total row (%), the cumulative share and the HHI component (share squared); the Total
-- row says 100 % and the commodity's HHI. Every stored share must equal the figure divided by
-- the Total, within rounding, and the Total row its countries' sum: a sheet read into the
-- wrong columns, or a figure misread, fails here. Failing rows name file, sheet and row.
-- A check on stg_wmd__production, which brings the table's figures into production:
-- depends_on: {{ ref('stg_wmd__production') }}
with

shares as (
    select * from {{ source('wmd', 'wmd__shares') }}
),

sheets as (
    select
        source_file,
        sheet,
        any_value(value) filter (where row_kind = 'total') as total_value,
        any_value(hhi_component) filter (where row_kind = 'total') as total_hhi,
        sum(value) filter (where row_kind = 'country') as countries_value,
        sum(hhi_component) filter (where row_kind = 'country') as countries_hhi
    from shares
    group by source_file, sheet
),

checked as (
    select
        shares.source_file,
        shares.sheet,
        shares.row_number,
        shares.country_name,
        shares.value,
        shares.share_percent,
        100 * shares.value / sheets.total_value as computed_share_percent,
        shares.hhi_component,
        case
            when abs(shares.share_percent - 100 * shares.value / sheets.total_value) > 0.001
                then 'share differs from 100 x value / Total'
            when
                shares.row_kind = 'country'
                and abs(shares.hhi_component - shares.share_percent ^ 2) > 0.001
                then 'HHI component differs from the share squared'
            when
                shares.row_kind = 'total'
                and abs(sheets.total_hhi - sheets.countries_hhi) > 0.01
                then 'Total HHI differs from the sum of the countries'' components'
            when
                shares.row_kind = 'total'
                and abs(sheets.total_value - sheets.countries_value) > 1
                then 'Total differs from the sum of the countries'
        end as problem
    from shares
    inner join sheets
        on shares.source_file = sheets.source_file and shares.sheet = sheets.sheet
)

select * from checked
where problem is not null
