{#
  The EU27 importer aggregate, written once (docs/metrics.md, "EU27 importer aggregate and
  the CRMA benchmark"). eu27_importer_flows(flows) selects, from a relation of flows with
  source, year, exporter_iso3, importer_iso3 (and completeness when only_complete), the
  flows into an EU member of that year from a non-member of that year (intra-EU trade left
  out), with importer_iso3 = 'EU27', member_importer_iso3 = the member that imported and
  importer_members_count = the members of that year (int_trade__eu27_members).
  only_complete: only flows of sources that cover every member as importer (complete or
  top_partners); one member's own report does not make an EU27 row.
#}
{% macro eu27_importer_flows(flows, only_complete=true) -%}
    select
        eu27_flows.* replace ('EU27' as importer_iso3),
        eu27_importer.country_iso3 as member_importer_iso3,
        eu27_importer.members_count as importer_members_count
    from {{ flows }} as eu27_flows
    inner join {{ ref('int_trade__eu27_members') }} as eu27_importer
        on
            eu27_flows.importer_iso3 = eu27_importer.country_iso3
            and eu27_flows.year = eu27_importer.year
    anti join {{ ref('int_trade__eu27_members') }} as eu27_exporter
        on
            eu27_flows.exporter_iso3 = eu27_exporter.country_iso3
            and eu27_flows.year = eu27_exporter.year
    {%- if only_complete %}
    where {{ covers_world('eu27_flows.completeness') }}
    {%- endif %}
{%- endmacro %}
