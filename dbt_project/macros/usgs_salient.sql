{#
  How a USGS MCS salient statistic is read, written once for fct_us_salient_statistics and
  stg_usgs_mcs__prices: its kind from its published name, and its unit as a short symbol
  where USGS's code or words are unambiguous (else as published).
#}

{% macro usgs_statistic_kind(statistic) %}
    case
        when regexp_matches(lower({{ statistic }}), '(^|[a-z])nir$|net import reliance')
            then 'net_import_reliance'
        when contains(lower({{ statistic }}), 'price') then 'price'
        when contains(lower({{ statistic }}), 'import') then 'imports'
        when contains(lower({{ statistic }}), 'export') then 'exports'
        when starts_with(lower({{ statistic }}), 'consump') then 'consumption'
        when starts_with(lower({{ statistic }}), 'stock') then 'stocks'
        when lower({{ statistic }}) = 'employment' then 'employment'
        when
            regexp_matches(
                lower({{ statistic }}),
                '^(usprod|production|prod$|hpqproduction|crystalproduction)'
            )
            then 'production'
        when regexp_matches(lower({{ statistic }}), '^(shipment|sold|sales)') then 'shipments'
        else 'other'
    end
{% endmacro %}

{% macro usgs_unit_symbol(unit) %}
    case
        when {{ unit }} in ('t', 'metric tons') then 't'
        when {{ unit }} in ('kt', 'thousand metric tons') then 'kt'
        when {{ unit }} in ('mmt', 'million metric tons') then 'Mt'
        when {{ unit }} in ('kg', 'kilograms') then 'kg'
        when {{ unit }} in ('pct', 'percent') then 'percent'
        when {{ unit }} in ('dt', 'dollars per metric ton') then 'USD/t'
        when {{ unit }} in ('dkg', 'dollars per kilogram') then 'USD/kg'
        when {{ unit }} in ('dlb', 'dollars per pound') then 'USD/lb'
        when {{ unit }} in ('ctslb', 'cents per pound') then 'US cents/lb'
        when {{ unit }} in ('dtoz', 'dollars per troy ounce') then 'USD/troy oz'
        when {{ unit }} in ('dst', 'dollars per short ton') then 'USD/short ton'
        when {{ unit }} in ('dct', 'dollars per carat') then 'USD/carat'
        when {{ unit }} in ('mdol', 'million dollars') then 'million USD'
        when {{ unit }} in ('num', 'number') then 'number'
        when {{ unit }} in ('mct', 'million carats') then 'million carats'
        when {{ unit }} in ('mcm', 'million cubic meters') then 'million m3'
        when {{ unit }} = 'million liters' then 'million liters'
        when {{ unit }} = 'thousand metric dry tons' then 'kt (dry)'
        else nullif({{ unit }}, '')
    end
{% endmacro %}
