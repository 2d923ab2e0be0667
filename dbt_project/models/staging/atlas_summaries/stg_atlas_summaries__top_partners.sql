-- Atlas trade summaries: the top-8 exporters and importers per HS6 code and year, with the
-- partner's ISO3 from its ISO2 (stg_reference__country_codes). Not bilateral flows: the
-- counterpart of each row is the world. One row per hs6 x year x side x rank.
with

partners as (
    select * from {{ source('atlas_summaries', 'atlas_summaries__top_partners') }}
),

countries as (
    select * from {{ ref('stg_reference__country_codes') }}
),

final as (
    select
        'atlas_summaries' as source,
        partners.edition,
        partners.source_file,
        partners.year,
        partners.hs6,
        partners.side,
        partners.rank,
        partners.partner_iso2,
        countries.country_iso3 as partner_iso3,
        partners.partner_name,
        partners.value_usd,
        partners.share
    from partners
    left join countries on partners.partner_iso2 = countries.country_iso2
)

select * from final
