{#- A country-name seed row is either a country (3-letter ISO code) or an aggregate, never both. -#}
{% test iso3_or_aggregate(model) %}
select *
from {{ model }}
where (is_aggregate and iso3 is not null)
    or (not is_aggregate and (iso3 is null or not regexp_full_match(iso3, '[A-Z]{3}')))
{% endtest %}
