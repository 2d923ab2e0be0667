"""Parquet and CSV copies of every mart, for Excel and Power BI users (no Dagster here).

Everything is read from the PUBLISHED warehouse opened read-only, never the working copy, so
the exports match what analysts query. One call writes the whole exports/ folder (files of
every mart, the data dictionary, export_info.json) into a temporary folder beside it, then
swaps it in with two renames; a failure midway leaves the previous exports untouched.
`write_outputs` adds the HTML report (html_report.py), written by an atomic rename too.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from filelock import FileLock

from outputs import dictionary, html_report
from storage.settings import DBT_PROJECT_DIR, WarehousePaths

MART_SCHEMA = "main"
MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"


def exports_dir(paths: WarehousePaths) -> Path:
    return paths.root / "exports"


def report_path(paths: WarehousePaths) -> Path:
    return paths.root / "report.html"


def _lock(paths: WarehousePaths) -> FileLock:
    """One writer of exports/ and report.html at a time (the asset and the CLI may overlap)."""
    paths.root.mkdir(parents=True, exist_ok=True)
    return FileLock(str(paths.root / ".outputs.lock"))


def marts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, 'table' or 'view') of every relation in the mart schema, by name."""
    rows = con.execute(
        "select table_name, table_type from information_schema.tables "
        "where table_schema = ? order by table_name",
        [MART_SCHEMA],
    ).fetchall()
    return [(name, "view" if kind == "VIEW" else "table") for name, kind in rows]


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def export_mart(con: duckdb.DuckDBPyConnection, name: str, folder: Path) -> dict:
    """<name>.parquet (zstd) and <name>.csv (UTF-8, header, comma, ISO dates) in folder."""
    relation = f"{quoted(MART_SCHEMA)}.{quoted(name)}"
    parquet, csv = folder / f"{name}.parquet", folder / f"{name}.csv"
    started = time.perf_counter()
    con.execute(
        f"copy (select * from {relation}) to '{_sql_path(parquet)}' "
        "(format parquet, compression zstd)"
    )
    con.execute(
        f"copy (select * from {relation}) to '{_sql_path(csv)}' "
        "(format csv, header true, delimiter ',', dateformat '%Y-%m-%d', "
        "timestampformat '%Y-%m-%dT%H:%M:%S')"
    )
    (rows,) = con.execute(f"select count(*) from {relation}").fetchone()
    return {
        "rows": rows,
        "parquet": parquet.name,
        "csv": csv.name,
        "parquet_bytes": parquet.stat().st_size,
        "csv_bytes": csv.stat().st_size,
        "seconds": round(time.perf_counter() - started, 3),
    }


def swap_in(staged: Path, target: Path) -> None:
    """Replace the folder `target` by `staged`: rename the old one aside, the new one in,
    then delete the old one (a directory cannot be renamed over a non-empty one)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}-{time.time_ns()}")
        os.replace(target, old)
    try:
        os.replace(staged, target)
    except OSError:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _published_info(published: Path) -> dict:
    stat = published.stat()
    return {
        "path": str(published),
        "bytes": stat.st_size,
        "modified": datetime.fromtimestamp(stat.st_mtime, UTC).isoformat(timespec="seconds"),
    }


def write_exports(
    paths: WarehousePaths,
    manifest: Path = MANIFEST,
    log: Callable[[str], None] = lambda message: None,
) -> dict:
    """Write exports/ (every mart as Parquet and CSV, DATA_DICTIONARY.md,
    data_dictionary.json, export_info.json) from the published file, all or nothing."""
    with _lock(paths):
        return _write_exports(paths, manifest, log)


def _write_exports(paths: WarehousePaths, manifest: Path, log: Callable[[str], None]) -> dict:
    published = paths.published
    if not published.exists():
        raise FileNotFoundError(
            f"no published warehouse at {published}: build it first (make demo, or the "
            "Dagster job build_warehouse)"
        )
    target = exports_dir(paths)
    staged = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=paths.root))
    try:
        started = time.perf_counter()
        # the connection keeps the file it opened even if a publish renames another over it
        with duckdb.connect(str(published), read_only=True) as con:
            info = _published_info(published)
            tables = {}
            for name, kind in marts(con):
                tables[name] = {"kind": kind, **export_mart(con, name, staged)}
                log(f"exported {name}: {tables[name]['rows']:,} rows")
            entries = dictionary.build(con, manifest)
        for name, entry in entries["marts"].items():
            if name in tables:
                entry["exports"] = {k: tables[name][k] for k in ("parquet", "csv")}
        dictionary.write(entries, staged)
        summary = {
            "published": info,
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - started, 3),
            "marts": tables,
        }
        (staged / "export_info.json").write_text(
            json.dumps(summary, indent=2) + "\n", encoding="utf-8"
        )
        staged.chmod(0o755)  # mkdtemp makes it private
        swap_in(staged, target)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return {"path": str(target), **summary}


def write_outputs(
    paths: WarehousePaths,
    importer: str = "USA",
    manifest: Path = MANIFEST,
    log: Callable[[str], None] = lambda message: None,
) -> dict:
    """Exports, data dictionary and report.html from the published warehouse.

    Returns {"exports": <export_info>, "report": {"path", "bytes", "sections"}}."""
    with _lock(paths):
        exports = _write_exports(paths, manifest, log)
        report = html_report.write_report(
            paths.published, report_path(paths), importer=importer, manifest=manifest
        )
    log(f"wrote {report['path']} ({report['bytes'] / 1e6:.1f} MB)")
    return {"exports": exports, "report": report}
