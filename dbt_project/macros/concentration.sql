{#- The concentration maths, written once. Aggregates over one row per supplier
    (producer, exporter...) carrying its share of the total (0-1), its rank by size (1 =
    largest) and its ISO3 code; to be used inside a group by. Returns hhi (0-10,000), cr1,
    cr3, top_iso3 and top_share (only when the largest supplier has a positive quantity)
    and china_share (null when China is not among the rows). -#}
{% macro concentration_stats(share, rank, iso3, quantity) -%}
    sum(power({{ share }} * 100, 2)) as hhi,
    max({{ share }}) filter (where {{ rank }} = 1) as cr1,
    sum({{ share }}) filter (where {{ rank }} <= 3) as cr3,
    max({{ iso3 }}) filter (
        where {{ rank }} = 1 and {{ quantity }} > 0 and {{ share }} is not null
    ) as top_iso3,
    max({{ share }}) filter (where {{ rank }} = 1 and {{ quantity }} > 0) as top_share,
    max({{ share }}) filter (where {{ iso3 }} = 'CHN') as china_share
{%- endmacro %}
