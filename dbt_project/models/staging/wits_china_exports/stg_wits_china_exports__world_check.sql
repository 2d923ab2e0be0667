-- WITS's World row beside the sum of the partner rows, per HS6 code and year: China's total
-- exports as China reports them, and how far the partners are from it (the landing refuses a
-- relative gap above 1e-6 in value or 1e-5 in kg; sources/wits_china_exports/load.py).
-- One row per hs6 x year.
with

world_rows as (
    select * from {{ source('wits_china_exports', 'wits_china_exports__world_rows') }}
),

partner_flows as (
    select * from {{ source('wits_china_exports', 'wits_china_exports__partner_flows') }}
),

partner_sums as (
    select
        hs6,
        year,
        count(*) as n_partners,
        sum(export_value_usd) as partner_value_usd,
        sum(quantity_kg) as partner_quantity_kg
    from partner_flows
    group by hs6, year
),

final as (
    select
        world_rows.hs6,
        world_rows.year,
        world_rows.source_file,
        world_rows.export_value_usd as world_value_usd,
        world_rows.quantity_kg as world_quantity_kg,
        partner_sums.n_partners,
        partner_sums.partner_value_usd,
        partner_sums.partner_quantity_kg,
        (partner_sums.partner_value_usd - world_rows.export_value_usd)
        / nullif(world_rows.export_value_usd, 0) as value_relative_difference,
        (partner_sums.partner_quantity_kg - world_rows.quantity_kg)
        / nullif(world_rows.quantity_kg, 0) as quantity_relative_difference
    from world_rows
    left join partner_sums
        on world_rows.hs6 = partner_sums.hs6 and world_rows.year = partner_sums.year
)

select * from final
