-- For the importers of the dbt var exposure_importers (default USA, CHN, EU27: the EU
-- aggregate), their most exposed minerals, ranked. One row per importer_iso3 x mineral_id x
-- stage, from the latest year of the trade source of the dbt var exposure_trade_source
-- (default baci), minerals with imports of at least exposure_min_import_value_usd (default 10
-- million).
-- Three components, each a column, and their mean exposure_score (dim_metric):
--   top_supplier_share           single-supplier dependence (fct_import_dependence);
--   share_outside_friendly_bloc  imports from countries outside the importer's friendly
--                                bloc (dbt var friendly_blocs; unspecified areas count as
--                                outside);
--   exposed_value_share          imports under an export control in force
--                                (fct_export_control_exposure).
-- reason names the largest component in words.
{% set importers = var('exposure_importers') %}
{% set importers_sql = "'" ~ importers | join("', '") ~ "'" %}
{% set friendly = var('friendly_blocs') %}
with

dependence as (
    select * from {{ ref('fct_import_dependence') }}
    where
        source = '{{ var("exposure_trade_source") }}'
        and importer_iso3 in ({{ importers_sql }})
),

bilateral as (
    select * from {{ ref('fct_bilateral_dependence') }}
),

controls as (
    select * from {{ ref('fct_export_control_exposure') }}
),

members as (
    select * from {{ ref('int_exposure__bloc_members') }}
),

latest as (
    select
        *,
        case importer_iso3
            {% for importer in friendly -%}
                when '{{ importer }}' then '{{ friendly[importer] }}'
            {% endfor -%}
            else '{{ var("friendly_bloc_default") }}'
        end as friendly_bloc
    from dependence
    where import_value_usd >= {{ var('exposure_min_import_value_usd') }}
    qualify year = max(year) over (partition by importer_iso3)
),

outside as (
    select
        latest.importer_iso3,
        latest.mineral_id,
        latest.stage,
        coalesce(sum(bilateral.value_share) filter (where members.country_iso3 is null), 0)
            as share_outside_friendly_bloc
    from latest
    inner join bilateral
        on
            latest.source = bilateral.source
            and latest.importer_iso3 = bilateral.importer_iso3
            and latest.mineral_id = bilateral.mineral_id
            and latest.stage = bilateral.stage
            and latest.year = bilateral.year
    left join members
        on
            latest.friendly_bloc = members.bloc_id
            and bilateral.supplier_iso3 = members.country_iso3
            and bilateral.year = members.year
    group by latest.importer_iso3, latest.mineral_id, latest.stage
),

scored as (
    select
        latest.importer_iso3,
        latest.mineral_id,
        latest.stage,
        latest.source,
        latest.year,
        latest.is_importer_aggregate,
        latest.importer_members_count,
        latest.import_value_usd,
        latest.top_supplier_iso3,
        latest.top_supplier_share,
        latest.china_share,
        latest.friendly_bloc,
        outside.share_outside_friendly_bloc,
        coalesce(controls.exposed_value_share, 0) as exposed_value_share,
        controls.control_ids,
        latest.includes_shared_codes,
        {{ trade_coverage_columns('latest') }},
        (
            coalesce(latest.top_supplier_share, 0)
            + outside.share_outside_friendly_bloc
            + coalesce(controls.exposed_value_share, 0)
        ) / 3 as exposure_score
    from latest
    inner join outside
        on
            latest.importer_iso3 = outside.importer_iso3
            and latest.mineral_id = outside.mineral_id
            and latest.stage = outside.stage
    left join controls
        on
            latest.source = controls.source
            and latest.importer_iso3 = controls.importer_iso3
            and latest.mineral_id = controls.mineral_id
            and latest.stage = controls.stage
            and latest.year = controls.year
),

final as (
    select
        *,
        row_number() over (
            partition by importer_iso3
            order by exposure_score desc, import_value_usd desc, mineral_id asc, stage asc
        ) as exposure_rank,
        case
            when
                exposed_value_share >= top_supplier_share
                and exposed_value_share >= share_outside_friendly_bloc
                then
                    cast(round(100 * exposed_value_share) as integer)
                    || '% of imports under export controls ('
                    || control_ids || ')'
            when top_supplier_share >= share_outside_friendly_bloc
                then
                    cast(round(100 * top_supplier_share) as integer) || '% from one supplier ('
                    || top_supplier_iso3 || ')'
            else
                cast(round(100 * share_outside_friendly_bloc) as integer)
                || '% from outside '
                || friendly_bloc
                || ' (top supplier ' || top_supplier_iso3 || ' '
                || cast(round(100 * top_supplier_share) as integer) || '%)'
        end as reason
    from scored
)

select * from final
