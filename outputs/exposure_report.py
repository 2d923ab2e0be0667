"""Where the US and China are most exposed: five minerals each, with the reason (read-only).

The lead's report calls ``print_exposure(console)`` after the concentration summary.
"""

from __future__ import annotations

import duckdb
from rich.console import Console
from rich.table import Table

from storage.settings import warehouse_paths

MOST_EXPOSED = """
select
    r.importer_iso3,
    r.exposure_rank,
    m.mineral_name,
    r.stage,
    r.year,
    r.import_value_usd,
    r.exposure_score,
    r.reason
from fct_importer_exposure_ranking as r
inner join dim_mineral as m using (mineral_id)
where r.importer_iso3 = ?
qualify row_number() over (partition by r.mineral_id order by r.exposure_rank) = 1
order by r.exposure_rank
limit ?
"""

SIDES = {"USA": "the United States", "CHN": "China"}


def most_exposed(con: duckdb.DuckDBPyConnection, importer: str, limit: int = 5) -> list[tuple]:
    """The importer's ``limit`` most exposed minerals (best-ranked stage of each)."""
    return con.execute(MOST_EXPOSED, [importer, limit]).fetchall()


def print_exposure(console: Console, limit: int = 5) -> None:
    path = warehouse_paths().published
    with duckdb.connect(str(path), read_only=True) as con:
        for importer, name in SIDES.items():
            rows = most_exposed(con, importer, limit)
            table = Table(title=f"Where {name} is most exposed (fct_importer_exposure_ranking)")
            for column in ("rank", "mineral", "stage", "year", "imports", "score", "reason"):
                table.add_column(
                    column, justify="right" if column in ("imports", "score") else "left"
                )
            for _, rank, mineral, stage, year, value, score, reason in rows:
                table.add_row(
                    str(rank),
                    mineral,
                    stage,
                    str(year),
                    f"${value / 1e6:,.0f} m",
                    f"{score:.2f}",
                    reason,
                )
            console.print(table)
    console.print(
        "Score: mean of single-supplier share, share from outside the friendly bloc (US: MSP, "
        "China: BRICS) and share under export controls; see docs/metrics.md."
    )


if __name__ == "__main__":
    print_exposure(Console())
