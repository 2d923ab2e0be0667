-- Published aggregates (world total, world total excluding the US, "Other countries",
-- country groups) from every registered production source, as each source's staging model
-- gives them (IEA: the residual is Total minus the listed countries; WMD: the Total row of
-- each sheet). One row per source x mineral_id x stage x basis x year x edition x
-- aggregate_kind.
with

aggregates as (
    {{ production_rows(aggregates=true) }}
),

final as (
    select
        source,
        mineral_id,
        stage,
        basis,
        year,
        edition,
        aggregate_kind,
        {{ collapsed_production_figures() }},
        bool_or(excludes_us) as excludes_us,
        bool_or(is_projection) as is_projection,
        string_agg(distinct country_name, '; ' order by country_name) as source_names,
        string_agg(distinct source_file, '; ' order by source_file) as source_files,
        count(*) as n_source_rows
    from aggregates
    group by source, mineral_id, stage, basis, year, edition, aggregate_kind
)

select * from final
