"""Print the most concentrated critical minerals from the published warehouse (read-only)."""

from __future__ import annotations

import duckdb
from rich.console import Console
from rich.table import Table

from storage.settings import warehouse_paths

MOST_CONCENTRATED = """
select
    m.mineral_name,
    c.stage,
    c.source,
    c.year,
    c.top_producer_iso3,
    c.top_producer_share,
    c.hhi,
    c.hhi_band_merger_2023,
    c.china_share,
    c.is_world_total_below_listed
from fct_production_concentration as c
inner join dim_mineral as m using (mineral_id)
where (m.is_usgs_critical_2022 or m.is_usgs_critical_2025)
    and c.stage in ('mine', 'refinery', 'smelter')
    and c.hhi is not null
    and not c.is_single_country_series
    and c.year = (
        select max(year) from fct_production_concentration as latest
        where latest.source = c.source and latest.mineral_id = c.mineral_id
            and latest.stage = c.stage and latest.basis = c.basis
    )
order by c.hhi desc
limit ?
"""


SINGLE_SUPPLIER_DEPENDENCE = """
select
    d.importer_iso3,
    m.mineral_name,
    d.stage,
    d.year,
    d.import_value_usd,
    d.top_supplier_iso3,
    d.top_supplier_share,
    d.china_share
from fct_import_dependence as d
inner join dim_mineral as m using (mineral_id)
where d.source = 'baci' and d.import_value_usd >= 5e8 and not d.includes_shared_codes
order by d.top_supplier_share desc
limit ?
"""


# Marks a share or HHI of a series whose rounded world total is below the listed countries'
# sum (is_world_total_below_listed): it may pass 100% or 10,000 slightly, as USGS's would.
ABOVE_RANGE_MARK = "†"
ABOVE_RANGE_NOTE = (
    f"{ABOVE_RANGE_MARK} the published (rounded) world total is below the sum of the listed "
    "countries (is_world_total_below_listed): shares may pass 100% and HHI 10,000 slightly. "
    "n/a: the source gives no figure (China not listed, or withheld: china_share_null_reason)."
)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.0f}%"


def _flagged(text: str, flag: bool | None) -> str:
    return f"{text}{ABOVE_RANGE_MARK}" if flag else text


def query(sql: str, limit: int) -> list[tuple]:
    with duckdb.connect(str(warehouse_paths().published), read_only=True) as con:
        return con.execute(sql, [limit]).fetchall()


def main(console: Console | None = None) -> None:
    console = console or Console()
    path = warehouse_paths().published
    table = Table(title=f"Most concentrated critical minerals ({path})")
    for column in (
        "mineral",
        "stage",
        "source",
        "year",
        "top producer",
        "share",
        "HHI",
        "2023 band",
        "China",
    ):
        table.add_column(column, justify="right" if column in ("share", "HHI", "China") else "left")
    flagged_rows = 0
    for name, stage, source, year, top, share, hhi, band, china, above in query(
        MOST_CONCENTRATED, 15
    ):
        flagged_rows += bool(above)
        table.add_row(
            name,
            stage,
            source,
            str(year),
            top or "n/a",
            _flagged(_pct(share), above),
            _flagged(f"{hhi:,.0f}", above),
            band.split()[0],
            _flagged(_pct(china), above and china is not None),
        )
    console.print(table)
    if flagged_rows:
        console.print(ABOVE_RANGE_NOTE, soft_wrap=True)
    trade = Table(title="Largest single-supplier dependences (BACI 2024, imports >= $0.5 bn)")
    for column in ("importer", "mineral", "stage", "year", "imports", "top supplier", "share"):
        trade.add_column(column, justify="right" if column in ("imports", "share") else "left")
    for importer, name, stage, year, value, top, share, _ in query(SINGLE_SUPPLIER_DEPENDENCE, 10):
        trade.add_row(importer, name, stage, str(year), f"${value / 1e9:.1f} bn", top, _pct(share))
    console.print(trade)
    console.print(
        f'Query it: make sql, or duckdb -readonly {path} "from fct_production_concentration"',
        soft_wrap=True,
    )


if __name__ == "__main__":
    main()
