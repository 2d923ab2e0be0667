-- DS140 unit values in the price contract: one row per source x edition x series x period
-- (series = commodity/worksheet; year periods). value_nominal is the "Unit value ($/t)"
-- column, value_real the "Unit value (98$/t)" column (real_basis 'USD of 1998'). A year with
-- neither (NA) is left out, as are commodities with no mineral (seeds/usgs_ds140/
-- usgs_ds140_commodities.csv says why) and the one unit-value column whose dollar basis is
-- unread (titanium Ilmenite and Slag); all stay in stg_usgs_ds140__statistics. A year that
-- both the JSON library (to 1992) and a full workbook give (lithium, rare earths: the same
-- cells, PROVENANCE.md) is taken once, from the full workbook (its cells to 2020/2021): one row per
-- source x series x period, as every price source (fct_mineral_prices).
with

unit_values as (
    select * from {{ ref('stg_usgs_ds140__statistics') }}
    where
        measure = 'unit_value'
        and price_basis in ('nominal', 'real_1998')
        and mineral_id is not null
        and value is not null
),

nominal_values as (
    select * from unit_values
    where price_basis = 'nominal'
),

real_values as (
    select * from unit_values
    where price_basis = 'real_1998'
),

paired as (
    select
        coalesce(nominal_values.edition, real_values.edition) as edition,
        coalesce(nominal_values.source_file, real_values.source_file) as source_file,
        coalesce(nominal_values.commodity, real_values.commodity) as commodity,
        coalesce(nominal_values.mineral_id, real_values.mineral_id) as mineral_id,
        coalesce(nominal_values.worksheet, real_values.worksheet) as worksheet,
        coalesce(nominal_values.year, real_values.year) as year,
        nominal_values.value as value_nominal,
        real_values.value as value_real,
        coalesce(nominal_values.value_raw, real_values.value_raw) as value_raw
    from nominal_values
    full outer join real_values
        on
            nominal_values.source_file = real_values.source_file
            and nominal_values.worksheet = real_values.worksheet
            and nominal_values.year = real_values.year
),

final as (
    select
        'usgs_ds140' as source,
        edition,
        mineral_id,
        commodity || '/' || worksheet as series,
        'DS140 ' || commodity || ', ' || worksheet || ': unit value' as series_label,
        'year' as frequency,
        make_date(year, 1, 1) as period,
        year,
        'USD/t' as unit,
        value_nominal,
        value_real,
        case when value_real is not null then 'USD of 1998' end as real_basis,
        value_raw,
        source_file
    from paired
    qualify row_number() over (
        partition by commodity, worksheet, year order by source_file like '%.xlsx' desc
    ) = 1
)

select * from final
