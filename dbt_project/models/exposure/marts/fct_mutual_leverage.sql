-- Mutual leverage (Beijing's question, and its mirror): for China and each partner, by
-- mineral, stage and year, China's dependence on the partner beside the partner's
-- dependence on China, direct (hops = 1) and embedded (var('embedded_origin_max_hops')),
-- from one trade source; the partner EU27 is the members of the year together on both
-- sides. A high partner_on_china and a low china_on_partner: China's
-- controls would hurt the partner more than its counter-measures would hurt China.
-- One row per source x partner_iso3 x mineral_id x stage x year.
{% set max_hops = embedded_origin_max_hops() %}
with

origin as (
    select * from {{ ref('fct_embedded_origin_share') }}
    where hops in (1, {{ max_hops }})
),

china_origins as (
    -- China's imports by origin country, and by the EU27 (its members of the year summed:
    -- the partner EU27 is an importer aggregate on the other side)
    select
        origin.source,
        origin.origin_iso3 as partner_iso3,
        origin.mineral_id,
        origin.stage,
        origin.year,
        origin.hops,
        origin.origin_share,
        origin.origin_value_usd
    from origin
    where origin.importer_iso3 = 'CHN' and origin.origin_iso3 != 'CHN'
    union all
    select
        origin.source,
        'EU27' as partner_iso3,
        origin.mineral_id,
        origin.stage,
        origin.year,
        origin.hops,
        origin.origin_share,
        origin.origin_value_usd
    from origin
    inner join {{ ref('int_trade__eu27_members') }} as members
        on origin.origin_iso3 = members.country_iso3 and origin.year = members.year
    where origin.importer_iso3 = 'CHN'
),

china_on_partner as (
    select
        source,
        partner_iso3,
        mineral_id,
        stage,
        year,
        sum(origin_share) filter (where hops = 1) as china_on_partner_direct,
        sum(origin_share) filter (where hops = {{ max_hops }}) as china_on_partner_embedded,
        sum(origin_value_usd) filter (where hops = 1) as china_imports_from_partner_usd
    from china_origins
    group by all
),

partner_on_china as (
    select
        source,
        importer_iso3 as partner_iso3,
        mineral_id,
        stage,
        year,
        sum(origin_share) filter (where hops = 1) as partner_on_china_direct,
        sum(origin_share) filter (where hops = {{ max_hops }}) as partner_on_china_embedded,
        sum(origin_value_usd) filter (where hops = 1) as partner_imports_from_china_usd
    from origin
    where origin_iso3 = 'CHN' and importer_iso3 != 'CHN'
    group by all
),

final as (
    select
        source,
        partner_iso3,
        mineral_id,
        stage,
        year,
        coalesce(china_on_partner.china_on_partner_direct, 0) as china_on_partner_direct,
        coalesce(china_on_partner.china_on_partner_embedded, 0) as china_on_partner_embedded,
        coalesce(partner_on_china.partner_on_china_direct, 0) as partner_on_china_direct,
        coalesce(partner_on_china.partner_on_china_embedded, 0) as partner_on_china_embedded,
        coalesce(partner_on_china.partner_on_china_embedded, 0)
        - coalesce(china_on_partner.china_on_partner_embedded, 0) as leverage_of_china,
        coalesce(china_on_partner.china_imports_from_partner_usd, 0)
            as china_imports_from_partner_usd,
        coalesce(partner_on_china.partner_imports_from_china_usd, 0)
            as partner_imports_from_china_usd
    from china_on_partner
    full outer join partner_on_china using (source, partner_iso3, mineral_id, stage, year)
)

select * from final
