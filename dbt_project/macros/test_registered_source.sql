{#
  The column holds only sources registered for the fact (sources/registry, generated into
  registered_sources.sql): a row of a source nobody registered fails, naming it.
#}
{% test registered_source(model, column_name, fact) %}
    select
        {{ column_name }} as unregistered_source,
        count(*) as n_rows
    from {{ model }}
    where {{ column_name }} not in ('{{ registered_sources(fact) | join("', '") }}')
    group by {{ column_name }}
{% endtest %}
