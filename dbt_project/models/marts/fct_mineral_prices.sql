-- Mineral prices from every registered price source (macros/price_sources.sql): the World
-- Bank Pink Sheet's monthly prices (1960 on) and USGS MCS's annual US salient prices, each
-- in its own unit and never mixed. Missing, withheld and range cells are kept with
-- value_nominal null and value_raw as published.
-- One row per source x series x period.
with

prices as (
    {{ price_rows() }}
),

final as (
    select
        source,
        mineral_id,
        series,
        series_label,
        frequency,
        period,
        year,
        unit,
        value_nominal,
        value_real,
        real_basis,
        edition,
        source_file,
        value_raw
    from prices
)

select * from final
