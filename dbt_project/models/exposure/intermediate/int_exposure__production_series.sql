-- The world production series a trade stage is compared with, shared by
-- fct_importer_supply_risk and fct_disruption_scenarios. One row per mineral_id x
-- trade_stage x year.
-- The series: the primary basis (int_exposure__production_shares) of the matching
-- production stage (seeds/exposure/trade_production_stages.csv, preference 1 first) from
-- the first production source in the dbt var governance_production_sources that has that
-- year; when the var is empty, every registered production source in the registry's order
-- of preference (macros/registered_sources.sql: usgs_mcs, wmd, iea, ...).
{% set production_sources = var('governance_production_sources')
    or registered_sources('production') %}
{% set production_sources_sql = "'" ~ production_sources | join("', '") ~ "'" %}
with

production_keys as (
    select distinct
        source,
        mineral_id,
        stage,
        basis,
        year
    from {{ ref('int_exposure__production_shares') }}
    where is_primary_basis
),

stage_map as (
    select * from {{ ref('trade_production_stages') }}
),

final as (
    select
        production_keys.mineral_id,
        stage_map.trade_stage,
        production_keys.year,
        production_keys.source as production_source,
        production_keys.stage as production_stage,
        production_keys.basis as production_basis
    from stage_map
    inner join production_keys on stage_map.production_stage = production_keys.stage
    where
        production_keys.source in ({{ production_sources_sql }})
    qualify row_number() over (
        partition by production_keys.mineral_id, stage_map.trade_stage, production_keys.year
        order by
            {% for s in production_sources -%}
                production_keys.source = '{{ s }}' desc,
            {% endfor -%}
            stage_map.preference asc
    ) = 1
)

select * from final
