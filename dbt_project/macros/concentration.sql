{#- The concentration maths, written once, for every concentration mart (production,
    exports, import dependence, blocs, scenarios, governance risk). Aggregates over one row
    per supplier (producer, exporter...) carrying its share of the total (0-1), its rank by
    size (1 = largest) and its ISO3 code; to be used inside a group by. `where` restricts
    the rows that count (e.g. identified countries, not unspecified areas). -#}

{#- ` filter (where a and b)` from the conditions that are not none; empty when none. -#}
{% macro _concentration_filter(conditions) -%}
    {%- set kept = conditions | reject('none') | list -%}
    {%- if kept %} filter (where {{ kept | join(' and ') }}){% endif -%}
{%- endmacro %}

{#- Herfindahl-Hirschman index on the 0-10,000 scale: sum of squared percentage shares. -#}
{% macro hhi(share, where=none) -%}
    sum(power({{ share }} * 100, 2)){{ _concentration_filter([where]) }}
{%- endmacro %}

{#- CR-n: combined share of the n largest (n = 1: the largest share). -#}
{% macro cr_n(share, rank, n, where=none) -%}
    {%- if n == 1 -%}
        max({{ share }}){{ _concentration_filter([where, rank ~ ' = 1']) }}
    {%- else -%}
        sum({{ share }}){{ _concentration_filter([where, rank ~ ' <= ' ~ n]) }}
    {%- endif -%}
{%- endmacro %}

{#- The largest supplier's code. -#}
{% macro top_iso3(iso3, rank, where=none) -%}
    max({{ iso3 }}){{ _concentration_filter([where, rank ~ ' = 1']) }}
{%- endmacro %}

{#- One country's share (null when it is not among the rows; zero_if_absent -> 0). -#}
{% macro country_share(share, iso3, country='CHN', zero_if_absent=false) -%}
    {%- if zero_if_absent -%}
        coalesce(sum({{ share }}) filter (where {{ iso3 }} = '{{ country }}'), 0)
    {%- else -%}
        sum({{ share }}) filter (where {{ iso3 }} = '{{ country }}')
    {%- endif -%}
{%- endmacro %}

{#- Why one country's share is null (null when it is not): the null convention of
    docs/metrics.md (null = the source gives no figure, with the reason; 0 = the source's
    figures show none). Over rows of one series carrying the country's `quantity` and
    `value_flag`: not listed by the source, listed without a number (W: withheld; NA...),
    or listed with a number but no share (no denominator: world total not computable). -#}
{% macro country_share_null_reason(share, iso3, quantity, value_flag, country='CHN') -%}
    case
        when {{ country_share(share, iso3, country) }} is not null then null
        when count(*) filter (where {{ iso3 }} = '{{ country }}') = 0
            then 'not listed by the source'
        when
            bool_or({{ value_flag }} = 'withheld') filter (where {{ iso3 }} = '{{ country }}')
            then 'withheld by the source (W)'
        when
            count({{ quantity }}) filter (where {{ iso3 }} = '{{ country }}') = 0
            then 'listed without a number ('
            || coalesce(max({{ value_flag }}) filter (where {{ iso3 }} = '{{ country }}'), 'blank')
            || ')'
        else 'no share denominator (world total not computable)'
    end
{%- endmacro %}

{#- Production marts: hhi, cr1, cr3, top_iso3 and top_share (only when the largest has a
    positive quantity), china_share (null when China is not among the rows or has no
    number) and china_share_null_reason. -#}
{% macro concentration_stats(share, rank, iso3, quantity, value_flag='value_flag') -%}
    {{ hhi(share) }} as hhi,
    {{ cr_n(share, rank, 1) }} as cr1,
    {{ cr_n(share, rank, 3) }} as cr3,
    {{ top_iso3(iso3, rank, quantity ~ ' > 0 and ' ~ share ~ ' is not null') }} as top_iso3,
    {{ cr_n(share, rank, 1, quantity ~ ' > 0') }} as top_share,
    {{ country_share(share, iso3, 'CHN') }} as china_share,
    {{ country_share_null_reason(share, iso3, quantity, value_flag, 'CHN') }}
        as china_share_null_reason
{%- endmacro %}

{#- HHI (0-10,000) after a supplier set is cut: quantities `quantity` of which the cut
    ones (`is_cut`, a boolean expression) lose `cut_fraction`; shares are of `total` minus
    what was cut (`cut_total`). -#}
{% macro hhi_after_cut(quantity, is_cut, cut_fraction, total, cut_total, where=none) -%}
    {{ hhi(
        '(' ~ quantity ~ ' * (1 - case when ' ~ is_cut ~ ' then ' ~ cut_fraction
        ~ ' else 0 end)) / nullif(' ~ total ~ ' - ' ~ cut_total ~ ', 0)',
        where
    ) }}
{%- endmacro %}

{#- Governance-weighted HHI of the EU CRM method (0-10): sum of share^2 (0-1) x the
    supplier's WGI scaled 0-10 (higher = worse); suppliers without a WGI are left out (and
    reported by the marts as a gap). -#}
{% macro hhi_wgi(share, wgi_scaled) -%}
    sum(power({{ share }}, 2) * {{ wgi_scaled }}) filter (where {{ wgi_scaled }} is not null)
{%- endmacro %}

{#- geopolrisk-py's governance weight from the Political Stability estimate. -#}
{% macro geopolrisk_weight(pv) -%}
    least(1.0, (2.5 - {{ pv }}) / 5.0)
{%- endmacro %}

{#- geopolrisk-py's import risk (WTA): sum(q_i x g_i) / (domestic production + imports). -#}
{% macro geopolrisk_import_risk(numerator, domestic_production, total_imports) -%}
    {{ numerator }} / nullif({{ domestic_production }} + {{ total_imports }}, 0)
{%- endmacro %}

{#- EU CRM supply risk: (HHI_WGI,global x IR/2 + HHI_WGI,sourcing x (1 - IR/2))
    x (1 - EOL_RIR) x SI. -#}
{% macro eu_supply_risk(hhi_wgi_global, hhi_wgi_sourcing, import_reliance, eol_rir, si) -%}
    (
        {{ hhi_wgi_global }} * {{ import_reliance }} / 2
        + {{ hhi_wgi_sourcing }} * (1 - {{ import_reliance }} / 2)
    ) * (1 - {{ eol_rir }}) * {{ si }}
{%- endmacro %}
