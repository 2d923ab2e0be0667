-- A stop cuts at least as much embedded as direct: for every importer (and the world row)
-- of a scenario, the embedded loss (bought from the stopped suppliers or traced to their
-- material) is not below the direct loss, in USD or in tonnes. A failing row names the
-- scenario, the importer and both losses.
with

direct as (
    select * from {{ ref('fct_world_disruption') }}
    where loss_basis = 'direct'
),

embedded as (
    select * from {{ ref('fct_world_disruption') }}
    where loss_basis = 'embedded'
)

select
    direct.source,
    direct.mineral_id,
    direct.stage,
    direct.year,
    direct.scenario_id,
    direct.friendly_bloc,
    direct.importer_iso3,
    direct.loss_usd as direct_loss_usd,
    embedded.loss_usd as embedded_loss_usd,
    direct.loss_t as direct_loss_t,
    embedded.loss_t as embedded_loss_t
from direct
left join embedded
    on
        direct.source = embedded.source
        and direct.mineral_id = embedded.mineral_id
        and direct.stage = embedded.stage
        and direct.year = embedded.year
        and direct.scenario_id = embedded.scenario_id
        and direct.friendly_bloc = embedded.friendly_bloc
        and direct.importer_iso3 = embedded.importer_iso3
where
    coalesce(embedded.loss_usd, 0) < direct.loss_usd * (1 - 1e-9)
    or coalesce(embedded.loss_t, 0) < direct.loss_t * (1 - 1e-9)
