-- Governance-weighted concentration of world production. One row per mineral_id x stage x
-- year x source (production source; the primary basis of int_exposure__production_shares).
--   hhi_wgi (EU CRM method, 0-10): sum of share^2 x wgi_scaled_eu, shares of the published
--     world total, WGI of the latest year up to the production year;
--   geopolrisk_hhi (geopolrisk-py, 0-1): sum P_i^2 / (sum P_i)^2 over listed producers;
--   production_wgi_mean_scaled: share-weighted mean WGI (0-10) of the covered producers.
-- Producers without a WGI are left out and reported (share_without_wgi,
-- producers_without_wgi, is_wgi_complete): a gap, never a default of 0.5.
with

shares as (
    select * from {{ ref('int_exposure__production_shares') }}
    where is_primary_basis
),

wgi as (
    select * from {{ ref('int_exposure__wgi_by_country_year') }}
),

joined as (
    select
        shares.*,
        wgi.wgi_scaled_eu,
        wgi.geopolrisk_weight,
        wgi.wgi_year_max,
        shares.quantity / nullif(
            sum(shares.quantity) over (
                partition by shares.source, shares.mineral_id, shares.stage, shares.year
            ),
            0
        ) as listed_share
    from shares
    left join wgi on shares.country_iso3 = wgi.country_iso3 and shares.year = wgi.year
),

final as (
    select
        mineral_id,
        stage,
        year,
        source,
        any_value(basis) as basis,
        any_value(share_basis) as share_basis,
        count(*) filter (where quantity > 0) as n_producers,
        {{ hhi('share') }} as hhi,
        {{ hhi_wgi('share', 'wgi_scaled_eu') }} as hhi_wgi,
        sum(share * wgi_scaled_eu) / nullif(sum(share) filter (where wgi_scaled_eu is not null), 0)
            as production_wgi_mean_scaled,
        sum(power(listed_share, 2)) as geopolrisk_hhi,
        coalesce(sum(share) filter (where wgi_scaled_eu is null and quantity > 0), 0)
            as share_without_wgi,
        string_agg(country_iso3, ' ' order by country_iso3) filter (
            where wgi_scaled_eu is null and quantity > 0
        ) as producers_without_wgi,
        count(*) filter (where wgi_scaled_eu is null and quantity > 0) = 0 as is_wgi_complete,
        max(wgi_year_max) as wgi_year
    from joined
    group by mineral_id, stage, year, source
)

select * from final
