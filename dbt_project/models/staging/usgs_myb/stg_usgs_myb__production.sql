-- One row per value cell of the USGS Minerals Yearbook world tables (editions 2016, 2019 and
-- 2020), with the production contract's columns. Each row is resolved from its label and its
-- heading (seeds/usgs_myb/usgs_myb_country_names.csv): a country ("Australia",
-- "Australia, spodumene", or a product/measure row under a country heading such as
-- "Australia:" / "Gross weight"), a country subtotal (a Total under a country heading), a
-- world total, a grand total or a breakdown ("Of which"). A country heading covers the rows
-- after it until a row names another country. The series (mineral, stage, basis, unit) comes
-- from seeds/usgs_myb/usgs_myb_series.csv by file, table and qualifier (the heading, the
-- label's rest, after the column's measure where there is one: "li content: lithium
-- hydroxide"; the longest matching prefix wins). Capacity tables,
-- LCE columns, intermediates and ferroalloys are kept with is_mapped = false.
with

cells as (
    select * from {{ source('usgs_myb', 'usgs_myb__world_cells') }}
),

series as (
    select * from {{ ref('usgs_myb_series') }}
),

country_names as (
    select * from {{ ref('usgs_myb_country_names') }}
),

table_rows as (
    select distinct
        source_file,
        sheet,
        row_number,
        group_row,
        row_group,
        country_raw
    from cells
),

-- the longest seed name a label is or starts with ("Australia, spodumene" -> Australia)
label_matches as (
    select
        table_rows.source_file,
        table_rows.sheet,
        table_rows.row_number,
        names.country_name as label_name,
        names.iso3 as label_iso3,
        names.is_aggregate as label_is_aggregate,
        names.aggregate_kind as label_aggregate_kind,
        nullif(
            ltrim(substr(table_rows.country_raw, length(names.country_name) + 1), ', '), ''
        ) as label_rest
    from table_rows
    inner join country_names as names
        on
            lower(table_rows.country_raw) = lower(names.country_name)
            or starts_with(lower(table_rows.country_raw), lower(names.country_name) || ', ')
    qualify row_number() over (
        partition by table_rows.source_file, table_rows.sheet, table_rows.row_number
        order by length(names.country_name) desc
    ) = 1
),

-- the same for headings ("Kazakhstan, concentrate:" -> Kazakhstan; "Total:")
group_matches as (
    select distinct
        table_rows.source_file,
        table_rows.sheet,
        table_rows.group_row,
        names.country_name as group_name,
        names.iso3 as group_iso3,
        names.is_aggregate as group_is_aggregate,
        names.aggregate_kind as group_aggregate_kind
    from table_rows
    inner join country_names as names
        on
            lower(table_rows.row_group) = lower(names.country_name)
            or starts_with(lower(table_rows.row_group), lower(names.country_name) || ', ')
    qualify row_number() over (
        partition by table_rows.source_file, table_rows.sheet, table_rows.group_row
        order by length(names.country_name) desc
    ) = 1
),

labelled as (
    select
        table_rows.*,
        label_matches.label_name,
        label_matches.label_iso3,
        coalesce(label_matches.label_is_aggregate, false) as label_is_aggregate,
        label_matches.label_aggregate_kind,
        label_matches.label_rest,
        group_matches.group_name,
        group_matches.group_iso3,
        coalesce(group_matches.group_is_aggregate, false) as group_is_aggregate,
        group_matches.group_aggregate_kind,
        -- a country heading covers its rows until a row names another country
        coalesce(
            sum(
                case
                    when
                        label_matches.label_iso3 is not null
                        and label_matches.label_iso3 != group_matches.group_iso3
                        then 1
                    else 0
                end
            ) over (
                partition by table_rows.source_file, table_rows.sheet, table_rows.group_row
                order by table_rows.row_number
                rows between unbounded preceding and current row
            ) > 0,
            false
        ) as is_heading_closed
    from table_rows
    left join label_matches
        on
            table_rows.source_file = label_matches.source_file
            and table_rows.sheet = label_matches.sheet
            and table_rows.row_number = label_matches.row_number
    left join group_matches
        on
            table_rows.source_file = group_matches.source_file
            and table_rows.sheet = group_matches.sheet
            and table_rows.group_row = group_matches.group_row
),

resolved as (
    select
        *,
        group_iso3 is not null and not is_heading_closed as is_under_country,
        -- the heading speaks for the row (its markers apply): a series heading (Palladium:),
        -- or a country heading still open and not overridden by the row's own country
        case
            when group_iso3 is null then true
            else not is_heading_closed and coalesce(label_iso3 = group_iso3, true)
        end as is_heading_in_effect,
        case
            when label_iso3 is not null then 'country'
            when label_is_aggregate and group_iso3 is not null and not is_heading_closed
                then 'country_subtotal'
            when label_is_aggregate then label_aggregate_kind
            when group_iso3 is not null and not is_heading_closed then 'country'
            when group_is_aggregate then group_aggregate_kind
            else 'unresolved'
        end as row_role,
        case
            when label_iso3 is not null then label_name
            when label_is_aggregate then label_name
            when group_iso3 is not null and not is_heading_closed then group_name
            when group_is_aggregate then group_name
        end as resolved_name,
        case
            when label_iso3 is not null then label_iso3
            when label_is_aggregate then null
            when not is_heading_closed then group_iso3
        end as resolved_iso3,
        lower(coalesce(
            case
                when label_iso3 is not null
                    then coalesce(label_rest, case when group_iso3 is null then row_group end)
                when label_is_aggregate then case when group_iso3 is null then row_group end
                when group_iso3 is not null or group_is_aggregate then country_raw
            end,
            ''
        )) as row_qualifier
    from labelled
),

qualified as (
    select
        cells.*,
        resolved.row_role,
        resolved.resolved_name,
        resolved.resolved_iso3,
        resolved.is_heading_in_effect,
        case
            when cells.measure is null then resolved.row_qualifier
            when resolved.row_qualifier = '' then lower(cells.measure)
            else lower(cells.measure) || ': ' || resolved.row_qualifier
        end as qualifier
    from cells
    inner join resolved
        on
            cells.source_file = resolved.source_file
            and cells.sheet = resolved.sheet
            and cells.row_number = resolved.row_number
),

matched as (
    select
        qualified.*,
        series.qualifier as series_qualifier,
        series.in_scope,
        series.mineral_id,
        series.stage,
        series.basis,
        series.quantity_unit,
        series.to_quantity_unit,
        series.world_total_label,
        series.note,
        series.source_file is not null as is_series_mapped
    from qualified
    left join series
        on
            qualified.source_file = series.source_file
            and qualified.table_id = series.table_id
            and starts_with(qualified.qualifier, coalesce(series.qualifier, ''))
    qualify row_number() over (
        partition by
            qualified.source_file,
            qualified.sheet,
            qualified.row_number,
            qualified.column_letter
        order by length(coalesce(series.qualifier, '')) desc
    ) = 1
),

final as (
    select
        'usgs_myb' as source,
        edition,
        source_file,
        sheet,
        table_id,
        row_number,
        column_letter,
        mineral_id,
        stage,
        basis,
        resolved_iso3 as country_iso3,
        coalesce(resolved_name, country_raw) as country_name,
        row_role != 'country' as is_aggregate,
        case
            when
                row_role in ('total', 'grand_total')
                and lower(resolved_name) = world_total_label
                then 'world_total'
        end as aggregate_kind,
        year,
        value * to_quantity_unit as quantity,
        quantity_unit,
        value_raw,
        case
            when value_flag != 'reported' then value_flag
            when regexp_matches(coalesce(footnote, ''), '(^|, )e(,|$)') then 'estimated'
            when
                is_heading_in_effect
                and regexp_matches(coalesce(group_footnote, ''), '(^|, )e(,|$)')
                then 'estimated'
            when regexp_matches(substr(year_header, 5), 'e') then 'estimated'
            when regexp_matches(substr(year_header, 5), 'p') then 'preliminary'
            else value_flag
        end as value_flag,
        false as is_projection,
        false as excludes_us,
        coalesce(in_scope, false)
        and (
            row_role = 'country'
            or (row_role in ('total', 'grand_total') and lower(resolved_name) = world_total_label)
        ) as is_mapped,
        coalesce(in_scope, false) as is_in_scope,
        is_series_mapped,
        row_role,
        qualifier,
        series_qualifier,
        value_flag as cell_flag,
        flag_raw,
        footnote,
        group_footnote,
        year_header,
        measure,
        row_group,
        label_raw,
        country_raw,
        table_title,
        unit_line,
        value,
        note
    from matched
)

select * from final
