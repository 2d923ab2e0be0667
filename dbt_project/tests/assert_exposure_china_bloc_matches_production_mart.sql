-- The CHINA bloc's production share in fct_bloc_share equals china_share of
-- fct_production_concentration for the same source, mineral, stage, basis and year.
select
    blocs.measure,
    blocs.mineral_id,
    blocs.stage,
    blocs.year,
    blocs.share,
    production.china_share
from {{ ref('fct_bloc_share') }} as blocs
inner join {{ ref('fct_production_concentration') }} as production
    on
        blocs.source = production.source
        and blocs.mineral_id = production.mineral_id
        and blocs.stage = production.stage
        and blocs.basis = production.basis
        and blocs.year = production.year
where
    blocs.bloc_id = 'CHINA'
    and blocs.measure_kind = 'production'
    and abs(blocs.share - coalesce(production.china_share, 0)) > 1e-9
