"""The trade coverage table of the README, from the published warehouse (dim_trade_coverage).

`python -m outputs.coverage` rewrites the block between the README's coverage markers;
`--check` says whether it is stale (a build test runs it against the session's warehouse).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from storage.settings import REPO_ROOT, warehouse_paths

README = REPO_ROOT / "README.md"
BEGIN, END = "<!-- coverage:begin -->", "<!-- coverage:end -->"

SOURCES = """
select source, completeness, min(year) as first_year, max(year) as last_year,
    count(distinct year) as years,
    count(distinct mineral_id || '/' || stage) as mineral_stages,
    count(distinct mineral_id || '/' || stage) filter (where is_partial_coverage
        and hs6_codes_missing != '') as with_codes_missing,
    bool_or(feeds_world_marts) as feeds_world_marts
from dim_trade_coverage
where n_codes_present > 0
group by source, completeness
order by min(year), source
"""


def coverage_markdown(con: duckdb.DuckDBPyConnection) -> str:
    """One line per trade source: completeness, years, mineral-stages held, how many of them
    miss a mapped code, and whether it feeds the world marts."""
    lines = [
        "| source | completeness | years | mineral x stage series | with mapped codes missing "
        "| feeds world marts |",
        "|---|---|---|---|---|---|",
    ]
    for row in con.execute(SOURCES).fetchall():
        source, completeness, first, last, years, series, missing, world = row
        span = f"{first}-{last}" + ("" if years == last - first + 1 else f" ({years} years)")
        lines.append(
            f"| `{source}` | {completeness} | {span} | {series} | {missing} | "
            f"{'yes' if world else 'no'} |"
        )
    return "\n".join(lines)


def readme_with(table: str, readme: str) -> str:
    start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
    return readme[:start] + "\n" + table + "\n" + readme[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the README is stale")
    parser.add_argument("--warehouse", type=Path, help="default: the published warehouse")
    args = parser.parse_args(argv)
    published = args.warehouse or warehouse_paths().published
    with duckdb.connect(str(published), read_only=True) as con:
        wanted = readme_with(coverage_markdown(con), README.read_text(encoding="utf-8"))
    if args.check:
        stale = wanted != README.read_text(encoding="utf-8")
        if stale:
            print(f"{README}: the coverage table is stale: run python -m outputs.coverage")
        return int(stale)
    README.write_text(wanted, encoding="utf-8")
    print(f"wrote the coverage table of {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
