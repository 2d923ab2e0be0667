"""A self-contained HTML report from the published warehouse (read-only).

`python -m outputs.html_report [--importer USA] [--report-only]` writes the exports,
the data dictionary and $MINERALS_WAREHOUSE_DIR/report.html, and prints their paths.
Charts are plotly figures; plotly.js is inlined once, so the file opens offline and fetches
nothing. Every chart names its source and edition or year. No Dagster here.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.offline import get_plotlyjs

from sources.common.files import atomic_write
from sources.registry import all_sources
from storage.publishing import read_publication
from storage.settings import DBT_PROJECT_DIR

MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"
# <meta name="warehouse-publication" content="<publication_id>">: the publication the page
# was read from (storage/publishing.py), before the inlined plotly.js
PUBLICATION_META = "warehouse-publication"
PUBLICATION_META_RE = re.compile(rf'<meta name="{PUBLICATION_META}" content="([^"]*)">')
HEAD_BYTES = 4096

# titles and credits come from the source records (sources/<name>/source.py)
SOURCES = {s.name: s.title for s in all_sources()}
CREDITS = {s.name: s.citation for s in all_sources()}
CHINA_MINERALS = [
    "rare_earths",
    "graphite",
    "gallium",
    "germanium",
    "cobalt",
    "lithium",
    "tungsten",
    "antimony",
    "magnesium",
    "vanadium",
]
STAGE_COLOURS = {
    "mine": "#1f77b4",
    "refinery": "#d62728",
    "smelter": "#ff7f0e",
    "processing": "#9467bd",
    "capacity": "#7f7f7f",
}
EXPOSURE_DIR = "models/exposure/marts/"
PALETTE = qualitative.Dark24
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
CHINA_RED = "#d62728"


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: Iterable = ()) -> list[dict]:
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _relations(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        name
        for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'main'"
        ).fetchall()
    }


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {
        name
        for (name,) in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'main' and table_name = ?",
            [table],
        ).fetchall()
    }


def _span(values: Iterable) -> str:
    values = sorted({v for v in values if v is not None})
    if not values:
        return "n/a"
    return str(values[0]) if values[0] == values[-1] else f"{values[0]}-{values[-1]}"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.0f}%"


def _figure_html(figure: go.Figure) -> str:
    figure.update_layout(
        template="plotly_white",
        margin={"l": 10, "r": 10, "t": 60, "b": 40},
        font={"family": "system-ui, sans-serif", "size": 12},
    )
    return figure.to_html(
        full_html=False, include_plotlyjs=False, config={"displaylogo": False, "responsive": True}
    )


def _caption(text: str) -> str:
    return f'<p class="source">{html.escape(text)}</p>'


class Section:
    def __init__(self, key: str, title: str, intro: str):
        self.key, self.title, self.intro, self.parts = key, title, intro, []

    def add(self, fragment: str) -> None:
        self.parts.append(fragment)

    def html(self) -> str:
        return (
            f'<section id="{self.key}"><h2>{html.escape(self.title)}</h2>'
            f"<p>{html.escape(self.intro)}</p>{''.join(self.parts)}</section>"
        )


# -- concentration by mineral and stage ---------------------------------------------------

LATEST_CONCENTRATION = """
select c.source, c.mineral_id, m.mineral_name, c.stage, c.basis, c.year, c.edition,
    c.hhi, c.top_producer_iso3, c.top_producer_share, c.china_share,
    c.is_world_total_below_listed
from fct_production_concentration as c
left join dim_mineral as m using (mineral_id)
where c.hhi is not null and not c.is_single_country_series
qualify c.year = max(c.year) over (partition by c.source, c.mineral_id, c.stage, c.basis)
order by c.source, c.hhi
"""


def concentration_section(con: duckdb.DuckDBPyConnection) -> Section:
    section = Section(
        "concentration",
        "Concentration by mineral and stage",
        "Herfindahl-Hirschman index (0-10,000) of producing countries' shares, latest year "
        "of each series, one chart per source (sources are never mixed). The label gives "
        "the largest producer and its share of world output. Above 1,800 is highly "
        "concentrated under the 2023 Merger Guidelines. Series where at most one country "
        "produces are left out. † marks a series whose published (rounded) world total is "
        "below the sum of the listed countries (is_world_total_below_listed): its shares may "
        "pass 100% and its HHI 10,000 slightly, as USGS's own shares would.",
    )
    rows = _rows(con, LATEST_CONCENTRATION)
    for source in sorted({r["source"] for r in rows}, key=list(SOURCES).index):
        series = [r for r in rows if r["source"] == source]
        figure = go.Figure()
        for stage in sorted({r["stage"] for r in series}):
            of_stage = [r for r in series if r["stage"] == stage]
            figure.add_bar(
                name=stage,
                orientation="h",
                x=[r["hhi"] for r in of_stage],
                y=[_series_label(r) for r in of_stage],
                text=[
                    f"{r['top_producer_iso3'] or ''} {_pct(r['top_producer_share'])}"
                    + ("†" if r["is_world_total_below_listed"] else "")
                    for r in of_stage
                ],
                textposition="outside",
                marker_color=STAGE_COLOURS.get(stage),
                customdata=[
                    [r["year"], r["edition"], _pct(r["china_share"]), r["basis"]] for r in of_stage
                ],
                hovertemplate=(
                    "%{y}<br>HHI %{x:,.0f}<br>top producer %{text}<br>China %{customdata[2]}"
                    "<br>year %{customdata[0]}, edition %{customdata[1]}<extra></extra>"
                ),
            )
        order = [_series_label(r) for r in sorted(series, key=lambda r: r["hhi"])]
        figure.update_yaxes(categoryorder="array", categoryarray=order, automargin=True)
        figure.update_xaxes(title="HHI (0-10,000)", range=[0, 11500])
        figure.add_vline(x=1800, line_dash="dot", line_color="#999")
        figure.update_layout(
            title=f"{SOURCES.get(source, source)}: latest year per series",
            height=max(320, 18 * len(series) + 120),
            barmode="overlay",
            legend_title="stage",
        )
        section.add(_figure_html(figure))
        section.add(
            _caption(
                f"Source: {SOURCES.get(source, source)}, editions "
                f"{_span(r['edition'] for r in series)}; years {_span(r['year'] for r in series)}"
                f" (fct_production_concentration, {len(series)} series)."
            )
        )
    return section


def _series_label(row: dict) -> str:
    name = row.get("mineral_name") or row["mineral_id"]
    return f"{name} · {row['stage']} · {row['basis']} ({row['year']})"


# -- China's share over the years ---------------------------------------------------------

CHINA_SHARE = """
select c.source, c.mineral_id, m.mineral_name, c.stage, c.basis, c.year, c.edition,
    c.china_share
from fct_production_concentration as c
left join dim_mineral as m using (mineral_id)
where c.mineral_id in (select unnest(?::varchar[])) and c.china_share is not null
    and not c.is_single_country_series
order by c.source, c.mineral_id, c.stage, c.basis, c.year
"""


def china_section(con: duckdb.DuckDBPyConnection, minerals: list[str] = CHINA_MINERALS) -> Section:
    section = Section(
        "china",
        "China's share over the years",
        "China's share of world production (0-100%) by year, for minerals where export "
        "controls or concentration are in the news; one chart per source, each line a "
        "mineral, stage and basis. Click a legend entry to hide or show a line.",
    )
    rows = _rows(con, CHINA_SHARE, [minerals])
    for source in sorted({r["source"] for r in rows}, key=list(SOURCES).index):
        series_rows = [r for r in rows if r["source"] == source]
        figure = go.Figure()
        keys = dict.fromkeys((r["mineral_id"], r["stage"], r["basis"]) for r in series_rows)
        colours = {
            m: PALETTE[i % len(PALETTE)] for i, m in enumerate(dict.fromkeys(k[0] for k in keys))
        }
        lines_of: dict[str, int] = {}
        for mineral_id, stage, basis in keys:
            dash = DASHES[lines_of.get(mineral_id, 0) % len(DASHES)]
            lines_of[mineral_id] = lines_of.get(mineral_id, 0) + 1
            points = [
                r
                for r in series_rows
                if (r["mineral_id"], r["stage"], r["basis"]) == (mineral_id, stage, basis)
            ]
            name = points[0]["mineral_name"] or mineral_id
            figure.add_scatter(
                name=f"{name} · {stage} · {basis}",
                x=[r["year"] for r in points],
                y=[100 * r["china_share"] for r in points],
                mode="lines+markers",
                line={"color": colours[mineral_id], "dash": dash},
                customdata=[r["edition"] for r in points],
                hovertemplate=f"{name} {stage}<br>%{{x}}: %{{y:.0f}}%"
                "<br>edition %{customdata}<extra></extra>",
            )
        figure.update_yaxes(title="China's share, %", range=[0, 102])
        figure.update_xaxes(title="year", dtick=1)
        figure.update_layout(
            title=f"{SOURCES.get(source, source)}: China's share of world production",
            height=max(460, 22 * len(keys) + 120),
        )
        section.add(_figure_html(figure))
        section.add(
            _caption(
                f"Source: {SOURCES.get(source, source)}, editions "
                f"{_span(r['edition'] for r in series_rows)}; years "
                f"{_span(r['year'] for r in series_rows)} (fct_production_concentration)."
            )
        )
    return section


# -- China's share, 1984 to the latest year, one series per mineral ---------------------------

HISTORY = """
select h.mineral_id, m.mineral_name, h.stage, h.year, h.source, h.edition, h.basis,
    h.china_share, h.is_splice_disagreement, h.former_states_present
from fct_production_concentration_history as h
left join dim_mineral as m using (mineral_id)
where h.mineral_id in (select unnest(?::varchar[])) and h.china_share is not null
order by h.mineral_id, h.stage, h.year
"""


def history_section(
    con: duckdb.DuckDBPyConnection, minerals: list[str] = CHINA_MINERALS
) -> Section:
    section = Section(
        "history",
        "China's share, 1984 to today",
        "China's share of world production as one series per mineral and stage "
        "(fct_production_concentration_history): each year from the preferred source that "
        "gives it (USGS MCS, then the USGS Minerals Yearbook, World Mining Data, the IEA, "
        "and the WMD 1984-2017 compilation), the source named on every point. Hollow "
        "markers: another source differs by more than 10 points or 10% in world total "
        "that year (fct_production_history_sources has every source).",
    )
    rows = _rows(con, HISTORY, [minerals])
    if not rows:
        return section
    figure = go.Figure()
    keys = list(dict.fromkeys((r["mineral_id"], r["stage"]) for r in rows))
    for i, (mineral_id, stage) in enumerate(keys):
        points = [r for r in rows if (r["mineral_id"], r["stage"]) == (mineral_id, stage)]
        name = points[0]["mineral_name"] or mineral_id
        figure.add_scatter(
            name=f"{name} · {stage}",
            x=[r["year"] for r in points],
            y=[100 * r["china_share"] for r in points],
            mode="lines+markers",
            line={"color": PALETTE[i % len(PALETTE)]},
            marker={
                "symbol": [
                    "circle-open" if r["is_splice_disagreement"] else "circle" for r in points
                ]
            },
            customdata=[[r["source"], r["edition"], r["basis"]] for r in points],
            hovertemplate=f"{name} {stage}<br>%{{x}}: %{{y:.0f}}%<br>%{{customdata[0]}} "
            "edition %{customdata[1]}, %{customdata[2]}<extra></extra>",
            visible=True if stage == "mine" else "legendonly",
        )
    figure.update_yaxes(title="China's share, %", range=[0, 102])
    figure.update_xaxes(title="year")
    figure.update_layout(
        title="China's share of world production, by mineral", height=560, legend_title="series"
    )
    section.add(_figure_html(figure))
    section.add(
        _caption(
            f"Sources: {', '.join(sorted({r['source'] for r in rows}))}; years "
            f"{_span(r['year'] for r in rows)} (fct_production_concentration_history)."
        )
    )
    return section


# -- what each trade source holds ----------------------------------------------------------

COVERAGE = """
select source, completeness, mineral_id, stage,
    min(year) filter (where n_codes_present > 0) as first_year,
    max(year) filter (where n_codes_present > 0) as last_year,
    count(*) filter (where n_codes_present > 0) as years,
    string_agg(distinct hs6_codes, ' ') as codes_present,
    any_value(hs6_codes_missing order by year desc) as codes_missing_latest_year,
    count(*) filter (where is_default_series) as years_default
from dim_trade_coverage
group by all
having count(*) filter (where n_codes_present > 0) > 0
order by mineral_id, stage, source
"""


def coverage_section(con: duckdb.DuckDBPyConnection) -> Section:
    section = Section(
        "coverage",
        "What each trade source holds",
        "Per source, mineral and stage: the years with flows, the HS codes present and the "
        "mapped codes missing in its latest year, how complete the source is (complete: "
        "all reporters and partners; top_partners; reporter_side: one reporter's own "
        "report; partner_subset) and in how many years it is the default series "
        "(dim_trade_coverage). A partial row is a floor, not the mineral's trade.",
    )
    section.add(_table_html(_rows(con, COVERAGE)))
    return section


# -- hidden dependence: Chinese origin through third countries ----------------------------

HIDDEN_GAPS = """
select h.importer_iso3, h.mineral_id, h.stage, h.year, h.source,
    h.direct_china_share, h.embedded_china_share, h.hidden_china_share,
    h.top_china_carriers, h.untraced_share
from fct_hidden_dependence as h
where h.is_default_series and h.import_value_usd >= 1e6 and h.importer_iso3 != 'CHN'
qualify h.year = max(h.year) over (partition by h.source, h.mineral_id, h.stage)
order by h.hidden_china_share desc, h.importer_iso3
limit 5
"""


def hidden_dependence_section(con: duckdb.DuckDBPyConnection) -> Section:
    section = Section(
        "hidden",
        "Hidden dependence",
        "The five largest gaps between an importer's direct Chinese share (bought from "
        "China) and its embedded Chinese share (traced three trade hops back through what "
        "its suppliers produced and imported one stage below: fct_hidden_dependence), in "
        "each series' latest year, imports of USD 1 million or more (China itself left "
        "out). The tracing assumes a "
        "country's exports carry the mix of what it produced and imported (docs/metrics.md); "
        "untraced: the share left with a supplier whose inputs have no figures.",
    )
    if "fct_hidden_dependence" in _relations(con):
        gaps = _rows(con, HIDDEN_GAPS)
        for row in gaps:
            for column in ("direct_china_share", "embedded_china_share", "hidden_china_share"):
                row[column] = _pct(row[column])
            row["untraced_share"] = _pct(row["untraced_share"])
        section.add(_table_html(gaps))
    return section


def country_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """ISO3 -> a display name ('United States', not CLDR's 'US')."""
    rows = con.execute("select country_iso3, country_name, official_name from dim_country")
    return {
        iso3: (official if official and len(short or "") <= 3 else short) or iso3
        for iso3, short, official in rows.fetchall()
    }


# -- an importer's suppliers ----------------------------------------------------------------

BILATERAL = """
with latest as (
    select max(year) as year from fct_bilateral_dependence
    where source = ? and importer_iso3 = ?
)
select b.mineral_id, m.mineral_name, b.stage, b.year, b.supplier_iso3, b.value_usd,
    b.value_share, b.includes_shared_codes,
    sum(b.value_usd) over (partition by b.mineral_id, b.stage) as import_value_usd
from fct_bilateral_dependence as b
inner join latest using (year)
left join dim_mineral as m using (mineral_id)
where b.source = ? and b.importer_iso3 = ?
order by import_value_usd, b.mineral_id, b.stage, b.value_share desc
"""
TOP_SUPPLIERS = 5


def importer_section(
    con: duckdb.DuckDBPyConnection, importer: str = "USA", source: str = "baci"
) -> Section:
    importer = importer.upper()
    names = country_names(con)
    label = names.get(importer, importer)
    section = Section(
        "dependence",
        f"{label}: imports by supplier",
        f"Each supplier's share of {label}'s imports by value, per mineral and trade stage, "
        f"latest year of {SOURCES.get(source, source)}; the {TOP_SUPPLIERS} largest "
        "suppliers of each row are shown, the rest are grouped. Rows are ordered by import "
        "value; * marks rows that count a shared HS code (811292) whole.",
    )
    rows = _rows(con, BILATERAL, [source, importer, source, importer])
    if not rows:
        section.add(f"<p>No {html.escape(source)} imports for {html.escape(importer)}.</p>")
        return section
    year = rows[0]["year"]
    series: dict[tuple, list[dict]] = {}
    for row in rows:
        series.setdefault((row["mineral_id"], row["stage"]), []).append(row)
    labels, shares_by_supplier, totals = [], {}, []
    for (_, stage), suppliers in series.items():
        first = suppliers[0]
        star = "*" if any(r["includes_shared_codes"] for r in suppliers) else ""
        labels.append(f"{first['mineral_name'] or first['mineral_id']} · {stage}{star}")
        totals.append(first["import_value_usd"])
    ranked: dict[str, float] = {}
    for suppliers in series.values():
        for row in suppliers[:TOP_SUPPLIERS]:
            ranked[row["supplier_iso3"]] = ranked.get(row["supplier_iso3"], 0) + row["value_usd"]
    shown = sorted(ranked, key=ranked.get, reverse=True)
    for supplier in [*shown, "other"]:
        shares_by_supplier[supplier] = []
    for suppliers in series.values():
        top = {r["supplier_iso3"]: r for r in suppliers[:TOP_SUPPLIERS]}
        for supplier in shown:
            shares_by_supplier[supplier].append(
                top[supplier]["value_share"] if supplier in top else None
            )
        shares_by_supplier["other"].append(sum(r["value_share"] for r in suppliers[TOP_SUPPLIERS:]))
    figure = go.Figure()
    reds = {"#fb0d0d", "#af0038", "#fc0080", "#e15f99", "#862a16", "#eb663b", "#620042"}
    others = [c for c in PALETTE if c.lower() not in reds]
    for index, (supplier, shares) in enumerate(shares_by_supplier.items()):
        name = "other suppliers" if supplier == "other" else f"{supplier} {names.get(supplier, '')}"
        colour = {"CHN": CHINA_RED, "other": "#cccccc"}.get(supplier, others[index % len(others)])
        figure.add_bar(
            name=name.strip(),
            orientation="h",
            x=[None if s is None else 100 * s for s in shares],
            y=labels,
            text=[supplier if s and s >= 0.08 and supplier != "other" else "" for s in shares],
            textposition="inside",
            insidetextanchor="middle",
            customdata=[f"${t / 1e6:,.1f} M" for t in totals],
            marker_color=colour,
            hovertemplate=f"{name.strip()}<br>%{{y}}: %{{x:.0f}}% of %{{customdata}}"
            "<extra></extra>",
        )
    figure.update_layout(
        barmode="stack",
        title=f"{label}'s suppliers, {SOURCES.get(source, source)} {year} (share of import value)",
        height=max(360, 20 * len(labels) + 140),
        legend={"traceorder": "normal"},
    )
    figure.update_xaxes(title="share of import value, %", range=[0, 100])
    figure.update_yaxes(automargin=True)
    section.add(_figure_html(figure))
    section.add(
        _caption(
            f"{CREDITS.get(source, source)}, year {year} (fct_bilateral_dependence, "
            f"{len(labels)} mineral-stage rows, total ${sum(totals) / 1e9:,.2f} bn)."
        )
    )
    return section


# -- exposure marts -------------------------------------------------------------------------


def exposure_marts(con: duckdb.DuckDBPyConnection, manifest: Path = MANIFEST) -> list[str]:
    """Marts of dbt_project/models/exposure/marts/ that the published file holds (the known
    ones first, in a reading order, then the others by name)."""
    present = _relations(con)
    found = {name for name in EXPOSURE_CHARTS if name in present}
    if manifest.exists():
        nodes = json.loads(manifest.read_text(encoding="utf-8"))["nodes"].values()
        found |= {
            node["name"]
            for node in nodes
            if node["resource_type"] == "model"
            and node["original_file_path"].startswith(EXPOSURE_DIR)
            and node["name"] in present
        }
    known = [name for name in EXPOSURE_CHARTS if name in found]
    return known + sorted(found - set(known))


def _table_html(rows: list[dict]) -> str:
    if not rows:
        return "<p>(no rows)</p>"
    head = "".join(f"<th>{html.escape(k)}</th>" for k in rows[0])
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_fmt(v))}</td>" for v in row.values()) + "</tr>"
        for row in rows
    )
    return f'<div class="table"><table><tr>{head}</tr>{body}</table></div>'


def _fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    if isinstance(value, list | tuple):
        return " ".join(map(str, value))
    return str(value)


def _has(con: duckdb.DuckDBPyConnection, table: str, *columns: str) -> bool:
    return set(columns) <= _columns(con, table)


def _latest_year(con, table: str, where: str, params: list) -> int | None:
    (year,) = con.execute(f'select max(year) from "{table}" where {where}', params).fetchone()
    return year


def bloc_share_chart(con: duckdb.DuckDBPyConnection, table: str, importer: str) -> str | None:
    if not _has(con, table, "bloc_id", "mineral_id", "stage", "year", "measure", "share"):
        return None
    flag = (
        "b.is_world_total_below_listed"
        if _has(con, table, "is_world_total_below_listed")
        else "false"
    )
    measure = "production_usgs_mcs"
    rows = _rows(
        con,
        f"""
        select b.bloc_id, coalesce(m.mineral_name, b.mineral_id) as mineral, b.stage, b.year,
            b.share, {flag} as is_world_total_below_listed
        from "{table}" as b
        left join dim_mineral as m using (mineral_id)
        where b.measure = ?
        qualify b.year = max(b.year) over (partition by b.mineral_id, b.stage)
        order by mineral desc, b.stage desc
        """,
        [measure],
    )
    if not rows:
        return None
    blocs = sorted({r["bloc_id"] for r in rows})

    def label(r: dict) -> str:
        mark = " †" if r["is_world_total_below_listed"] else ""
        return f"{r['mineral']} · {r['stage']} ({r['year']}){mark}"

    labels = list(dict.fromkeys(label(r) for r in rows))
    share = {(label(r), r["bloc_id"]): r["share"] for r in rows}
    z = [
        [None if share.get((y, b)) is None else 100 * share[(y, b)] for b in blocs] for y in labels
    ]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=blocs,
            y=labels,
            colorscale="Reds",
            zmin=0,
            zmax=100,
            text=[[("" if v is None else f"{v:.0f}") for v in row] for row in z],
            texttemplate="%{text}",
            colorbar={"title": "share, %"},
            hovertemplate="%{x}: %{z:.1f}% of %{y}<extra></extra>",
        )
    )
    figure.update_layout(
        title="Blocs' share of world production, latest year per series (USGS MCS)",
        height=max(400, 16 * len(labels) + 140),
    )
    figure.update_xaxes(side="top")
    figure.update_yaxes(automargin=True)
    return _figure_html(figure) + _caption(
        f"Source: {SOURCES['usgs_mcs']}, years {_span(r['year'] for r in rows)}; membership "
        f"as of 31 December of the year ({table}, measure {measure}). Blank: the source lists "
        "no member (share_null_reason). † the published (rounded) world total is below the "
        "sum of the listed countries (is_world_total_below_listed): a share may pass 100% "
        "slightly (BRICS vanadium 2025: 103%)."
    )


def export_control_chart(con: duckdb.DuckDBPyConnection, table: str, importer: str) -> str | None:
    needed = ("source", "importer_iso3", "mineral_id", "stage", "year", "exposed_value_share")
    if not _has(con, table, *needed):
        return None
    source = "baci"
    year = _latest_year(con, table, "source = ? and importer_iso3 = ?", [source, importer])
    controls = ", e.control_ids" if _has(con, table, "control_ids") else ", null as control_ids"
    rows = _rows(
        con,
        f"""
        select coalesce(m.mineral_name, e.mineral_id) as mineral, e.stage,
            e.exposed_value_share {controls}
        from "{table}" as e
        left join dim_mineral as m using (mineral_id)
        where e.source = ? and e.importer_iso3 = ? and e.year = ? and e.exposed_value_share > 0
        order by e.exposed_value_share
        """,
        [source, importer, year],
    )
    if not rows:
        return f"<p>No {importer} imports under an export control in {source} {year}.</p>"
    figure = go.Figure(
        go.Bar(
            orientation="h",
            x=[100 * r["exposed_value_share"] for r in rows],
            y=[f"{r['mineral']} · {r['stage']}" for r in rows],
            marker_color=CHINA_RED,
            customdata=[_fmt(r["control_ids"]) for r in rows],
            hovertemplate="%{y}: %{x:.0f}%<br>controls: %{customdata}<extra></extra>",
        )
    )
    figure.update_layout(
        title=f"{importer}: share of imports under an export control in force, {year}",
        height=max(320, 20 * len(rows) + 140),
    )
    figure.update_xaxes(title="share of import value, %", range=[0, 100])
    figure.update_yaxes(automargin=True)
    return _figure_html(figure) + _caption(f"{CREDITS[source]}, year {year} ({table}).")


def disruption_chart(con: duckdb.DuckDBPyConnection, table: str, importer: str) -> str | None:
    needed = ("source", "importer_iso3", "mineral_id", "stage", "year", "disrupted_supplier")
    if not _has(con, table, *needed, "lost_value_share"):
        return None
    source, supplier = "baci", "CHN"
    year = _latest_year(con, table, "source = ? and importer_iso3 = ?", [source, importer])
    coverage = (
        "d.friendly_coverage_ratio"
        if _has(con, table, "friendly_coverage_ratio")
        else "null::double as friendly_coverage_ratio"
    )
    rows = _rows(
        con,
        f"""
        select coalesce(m.mineral_name, d.mineral_id) as mineral, d.stage,
            d.lost_value_share, {coverage}
        from "{table}" as d
        left join dim_mineral as m using (mineral_id)
        where d.source = ? and d.importer_iso3 = ? and d.year = ? and d.disrupted_supplier = ?
            and d.lost_value_share >= 0.005
        order by d.lost_value_share
        """,
        [source, importer, year, supplier],
    )
    if not rows:
        return None
    figure = go.Figure(
        go.Bar(
            orientation="h",
            x=[100 * r["lost_value_share"] for r in rows],
            y=[f"{r['mineral']} · {r['stage']}" for r in rows],
            marker_color=CHINA_RED,
            customdata=[_fmt(r["friendly_coverage_ratio"]) for r in rows],
            hovertemplate="%{y}: %{x:.0f}% lost"
            "<br>friendly bloc coverage ratio: %{customdata}<extra></extra>",
        )
    )
    figure.update_layout(
        title=f"{importer}: share of imports lost if China stops supplying, {year}",
        height=max(320, 20 * len(rows) + 140),
    )
    figure.update_xaxes(title="share of import value lost, %", range=[0, 100])
    figure.update_yaxes(automargin=True)
    return _figure_html(figure) + _caption(
        f"{CREDITS[source]}, year {year} ({table}, disrupted_supplier = {supplier})."
    )


ExposureChart = Callable[[duckdb.DuckDBPyConnection, str, str], str | None]
EXPOSURE_CHARTS: dict[str, ExposureChart] = {
    "fct_bloc_share": bloc_share_chart,
    "fct_export_control_exposure": export_control_chart,
    "fct_disruption_scenarios": disruption_chart,
}
PREVIEW_ROWS = 12


def _preview(con: duckdb.DuckDBPyConnection, table: str, importer: str) -> str:
    """The first rows (the importer's where the mart has importers), for marts without a chart."""
    where, params = "", []
    if _has(con, table, "importer_iso3"):
        where, params = "where importer_iso3 = ?", [importer]
    order = "order by year desc" if _has(con, table, "year") else ""
    rows = _rows(con, f'select * from "{table}" {where} {order} limit {PREVIEW_ROWS}', params)
    (total,) = con.execute(f'select count(*) from "{table}"').fetchone()
    note = f"First {len(rows)} of {total:,} rows" + (f" (importer {importer})" if where else "")
    return _table_html(rows) + _caption(f"{note}; the whole table is in exports/{table}.csv.")


def exposure_section(
    con: duckdb.DuckDBPyConnection, tables: list[str], importer: str, manifest: Path
) -> Section:
    section = Section(
        "exposure",
        "Exposure",
        "Blocs, export controls, governance and disruption scenarios, as far as the published "
        f"warehouse holds them: a chart where one is defined (importer {importer}), else the "
        "first rows.",
    )
    descriptions = {}
    if manifest.exists():
        for node in json.loads(manifest.read_text(encoding="utf-8"))["nodes"].values():
            if node["resource_type"] == "model":
                descriptions[node["name"]] = " ".join((node.get("description") or "").split())
    for table in tables:
        section.add(f'<h3 id="{table}">{html.escape(table)}</h3>')
        if descriptions.get(table):
            section.add(f"<p>{html.escape(descriptions[table])}</p>")
        chart = EXPOSURE_CHARTS.get(table)
        section.add(
            (chart(con, table, importer) if chart else None) or _preview(con, table, importer)
        )
    return section


# -- the page -------------------------------------------------------------------------------

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1200px; margin: 0 auto; padding: 1em;
       color: #222; }
h1 { margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ddd; margin-top: 2em; }
nav a { margin-right: 1em; } p.source { color: #555; font-size: 0.9em; margin-top: 0; }
.table { overflow-x: auto; } table { border-collapse: collapse; font-size: 0.85em; }
td, th { border: 1px solid #ddd; padding: 2px 6px; text-align: right; white-space: nowrap; }
"""


def _publication_meta(publication: dict | None) -> str:
    if publication is None:
        return ""
    return (
        f'<meta name="{PUBLICATION_META}" content="{html.escape(publication["publication_id"])}">'
    )


def _publication_text(publication: dict | None, published: Path) -> str:
    if publication is None:  # a file published before publications had ids
        built = datetime.fromtimestamp(published.stat().st_mtime, UTC)
        return f" of {built:%Y-%m-%d %H:%M UTC}"
    return html.escape(
        f", publication {publication['publication_id']} (published {publication['published_at']}, "
        f"dbt build of run {publication['build_run_id']})"
    )


def report_publication(report: Path) -> str | None:
    """The publication id a report.html was written from (None: a page without one)."""
    with report.open("rb") as page:
        head = page.read(HEAD_BYTES).decode("utf-8", errors="replace")
    found = PUBLICATION_META_RE.search(head)
    return html.unescape(found.group(1)) if found else None


def build_report(
    con: duckdb.DuckDBPyConnection,
    published: Path,
    importer: str = "USA",
    manifest: Path = MANIFEST,
) -> tuple[str, list[str]]:
    """The page and the ids of its sections."""
    sections = [concentration_section(con), china_section(con), importer_section(con, importer)]
    sections += [history_section(con), coverage_section(con), hidden_dependence_section(con)]
    if tables := exposure_marts(con, manifest):
        sections.append(exposure_section(con, tables, importer.upper(), manifest))
    publication = read_publication(con)
    nav = "".join(f'<a href="#{s.key}">{html.escape(s.title)}</a>' for s in sections)
    credits = "".join(f"<li>{html.escape(c)}</li>" for c in CREDITS.values())
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{_publication_meta(publication)}
<title>Critical minerals: concentration and dependence</title>
<style>{STYLE}</style>
<script type="text/javascript">{get_plotlyjs()}</script>
</head><body>
<h1>Critical minerals: concentration and dependence</h1>
<p class="source">From the published warehouse {html.escape(published.name)}\
{_publication_text(publication, published)}.
Shares are of world production (or of the importer's imports); HHI runs 0-10,000, except
where † marks a published (rounded) world total below the listed countries' sum.</p>
<nav>{nav}</nav>
{"".join(s.html() for s in sections)}
<h2>Sources</h2><ul>{credits}</ul>
</body></html>
"""
    return page, [s.key for s in sections]


def write_report(
    published: Path, target: Path, importer: str = "USA", manifest: Path = MANIFEST
) -> dict:
    """Write report.html atomically (temporary file + rename) from the published file."""
    started = time.perf_counter()
    with duckdb.connect(str(published), read_only=True) as con:
        page, sections = build_report(con, published, importer, manifest)
    atomic_write(target, page)
    return {
        "path": str(target),
        "bytes": target.stat().st_size,
        "sections": sections,
        "seconds": round(time.perf_counter() - started, 3),
    }
