"""Parquet and CSV copies of every mart, for Excel and Power BI users (no Dagster here).

Everything is read from the PUBLISHED warehouse opened read-only, never the working copy, so
the exports match what analysts query. One call writes the whole exports/ folder (files of
every mart, the data dictionary, export_info.json) into a temporary folder beside it, then
swaps it in with two renames; a failure midway leaves the previous exports untouched. A mart
whose content key (columns and types, rows and their hashes, export formats) equals the one
export_info.json recorded for the previous exports keeps their files (hard links): an
unchanged mart is not written again.
`write_outputs` adds the HTML report (html_report.py), written by an atomic rename too.
export_info.json, the dictionary and the report name the publication they were read from
(table meta.publication of the published file; outputs/repair.py compares them). One writer
at a time (.outputs.lock); it first removes what a killed writer left (.exports.tmp-*,
.exports.old-*, .report.html.*.part).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from filelock import FileLock

from outputs import dictionary, html_report
from storage import publishing
from storage.publishing import read_publication
from storage.settings import DBT_PROJECT_DIR, WarehousePaths

MART_SCHEMA = "main"
MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"
EXPORT_INFO = "export_info.json"
FORMATS = ("parquet", "csv")
NOT_WRITTEN = "(not written)"
DEFAULT_IMPORTER = "USA"


def exports_dir(paths: WarehousePaths) -> Path:
    return paths.exports


def report_path(paths: WarehousePaths) -> Path:
    return paths.report


def leftovers(paths: WarehousePaths) -> list[Path]:
    """What killed writers of exports/ and report.html left: temporary folders and files."""
    exports, report = paths.exports.name, paths.report.name
    patterns = (f".{exports}.tmp-*", f".{exports}.old-*", f".{report}.*.part")
    return sorted(path for pattern in patterns for path in paths.root.glob(pattern))


@contextmanager
def writing(paths: WarehousePaths, log: Callable[[str], None]) -> Iterator[None]:
    """One writer of exports/ and report.html at a time (the asset, the CLI and the repair
    may overlap); it first removes what a killed writer left."""
    paths.root.mkdir(parents=True, exist_ok=True)
    with FileLock(str(paths.root / ".outputs.lock")):
        for path in leftovers(paths):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            log(f"removed {path}, left by a writer of the outputs that was stopped")
        yield


def exports_publication(paths: WarehousePaths) -> str | None:
    """The publication id exports/ was written from (None: exports without one)."""
    try:
        info = json.loads((paths.exports / EXPORT_INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return NOT_WRITTEN
    return (info.get("publication") or {}).get("publication_id")


def report_publication(paths: WarehousePaths) -> str | None:
    """The publication id report.html was written from (None: a page without one)."""
    if not paths.report.exists():
        return NOT_WRITTEN
    return html_report.report_publication(paths.report)


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


PARQUET_OPTIONS = "(format parquet, compression zstd)"
CSV_OPTIONS = (
    "(format csv, header true, delimiter ',', dateformat '%Y-%m-%d', "
    "timestampformat '%Y-%m-%dT%H:%M:%S')"
)


def content_key(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """What a mart's export files are made of: its columns and types, its rows (count and
    the sum of their hashes) and the export formats. Equal keys give equal exports."""
    relation = f"{quoted(MART_SCHEMA)}.{quoted(name)}"
    columns = con.execute(f"describe {relation}").fetchall()
    ((rows, total),) = con.execute(
        f"select count(*), coalesce(sum(hash(*columns(*))::hugeint), 0) from {relation}"
    ).fetchall()
    signature = json.dumps([[c[0], c[1]] for c in columns] + [PARQUET_OPTIONS, CSV_OPTIONS])
    return f"{rows}:{total}:{hashlib.sha256(signature.encode()).hexdigest()[:16]}"


def export_mart(con: duckdb.DuckDBPyConnection, name: str, folder: Path) -> dict:
    """<name>.parquet (zstd) and <name>.csv (UTF-8, header, comma, ISO dates) in folder."""
    relation = f"{quoted(MART_SCHEMA)}.{quoted(name)}"
    parquet, csv = folder / f"{name}.parquet", folder / f"{name}.csv"
    started = time.perf_counter()
    con.execute(f"copy (select * from {relation}) to '{_sql_path(parquet)}' {PARQUET_OPTIONS}")
    con.execute(f"copy (select * from {relation}) to '{_sql_path(csv)}' {CSV_OPTIONS}")
    (rows,) = con.execute(f"select count(*) from {relation}").fetchone()
    return {
        "rows": rows,
        "parquet": parquet.name,
        "csv": csv.name,
        "parquet_bytes": parquet.stat().st_size,
        "csv_bytes": csv.stat().st_size,
        "seconds": round(time.perf_counter() - started, 3),
    }


def previous_exports(folder: Path) -> dict[str, dict]:
    """The marts of the exports in ``folder`` whose files are still as export_info.json
    recorded them (sizes), by name; {} when there are none."""
    try:
        info = json.loads((folder / EXPORT_INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    kept = {}
    for name, entry in info.get("marts", {}).items():
        files = [(folder / entry.get(kind, ""), entry.get(f"{kind}_bytes")) for kind in FORMATS]
        if entry.get("content_key") and all(
            path.is_file() and path.stat().st_size == size for path, size in files
        ):
            kept[name] = entry
    return kept


def keep_export(entry: dict, source: Path, folder: Path) -> dict:
    """The previous export files of a mart whose content did not change, linked into folder
    (copied where links are not possible): not written again."""
    for kind in FORMATS:
        previous, target = source / entry[kind], folder / entry[kind]
        try:
            os.link(previous, target)
        except OSError:
            shutil.copyfile(previous, target)
    return {**entry, "seconds": 0.0, "kept_from": entry.get("kept_from") or entry["exported_at"]}


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
    with writing(paths, log):
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
            publication = read_publication(con)
            previous = previous_exports(target)
            exported_at = datetime.now(UTC).isoformat(timespec="seconds")
            tables = {}
            for name, kind in marts(con):
                key = content_key(con, name)
                if previous.get(name, {}).get("content_key") == key:
                    tables[name] = keep_export(previous[name], target, staged)
                    log(f"kept {name}: {tables[name]['rows']:,} rows, unchanged")
                    continue
                tables[name] = {"kind": kind, **export_mart(con, name, staged)}
                tables[name].update(content_key=key, exported_at=exported_at)
                log(f"exported {name}: {tables[name]['rows']:,} rows")
            entries = dictionary.build(con, manifest)
        for name, entry in entries["marts"].items():
            if name in tables:
                entry["exports"] = {k: tables[name][k] for k in ("parquet", "csv")}
        dictionary.write(entries, staged)
        summary = {
            "publication": publication,
            "published": info,
            "exported_at": exported_at,
            "seconds": round(time.perf_counter() - started, 3),
            "marts": tables,
        }
        (staged / EXPORT_INFO).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        staged.chmod(0o755)  # mkdtemp makes it private
        swap_in(staged, target)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return {"path": str(target), **summary}


def write_outputs(
    paths: WarehousePaths,
    importer: str = DEFAULT_IMPORTER,
    manifest: Path = MANIFEST,
    log: Callable[[str], None] = lambda message: None,
) -> dict:
    """Exports, data dictionary and report.html from the published warehouse.

    Returns {"exports": <export_info>, "report": {"path", "bytes", "sections"}}."""
    with writing(paths, log):
        exports = _write_exports(paths, manifest, log)
        report = _write_report(paths, importer, manifest, log)
    return {"exports": exports, "report": report}


def write_report(
    paths: WarehousePaths,
    importer: str = DEFAULT_IMPORTER,
    manifest: Path = MANIFEST,
    log: Callable[[str], None] = lambda message: None,
) -> dict:
    """report.html from the published warehouse (html_report.py), one writer at a time."""
    with writing(paths, log):
        return _write_report(paths, importer, manifest, log)


def _write_report(
    paths: WarehousePaths, importer: str, manifest: Path, log: Callable[[str], None]
) -> dict:
    report = html_report.write_report(paths.published, paths.report, importer, manifest)
    log(f"wrote {report['path']} ({report['bytes'] / 1e6:.1f} MB)")
    return report


def published_publication(paths: WarehousePaths) -> str | None:
    """The publication id of the published file (None: published before ids existed)."""
    with duckdb.connect(str(paths.published), read_only=True) as con:
        return (read_publication(con) or {}).get("publication_id")


def stale_outputs(paths: WarehousePaths) -> dict[str, str | None]:
    """Outputs not written from the published file: name -> the publication they come from."""
    current = published_publication(paths)
    found = {"exports": exports_publication(paths), "report": report_publication(paths)}
    return {name: stamp for name, stamp in found.items() if stamp != current}


def repair_outputs(
    paths: WarehousePaths,
    log: Callable[[str], None] = lambda message: None,
    warn: Callable[[str], None] | None = None,
) -> list[str]:
    """A run stopped between publishing and writing the outputs leaves exports/ and
    report.html on the previous publication: rewrite those that do not come from the
    published file, and remove what killed writers left. Every run does this first; it never
    raises (a failure is passed to ``warn``, and the next run tries again).
    Returns the names of the outputs rewritten."""
    try:
        publishing.remove_abandoned_staging(paths, log)
        if not paths.published.exists():
            return []
        with writing(paths, log):
            stale = stale_outputs(paths)
            current = published_publication(paths)
            for name, stamp in stale.items():
                log(
                    f"{name} came from publication {stamp}, not {current} as "
                    f"{paths.published.name} (a run stopped after publishing): rewriting it"
                )
                if name == "exports":
                    _write_exports(paths, MANIFEST, log)
                else:
                    _write_report(paths, DEFAULT_IMPORTER, MANIFEST, log)
            return list(stale)
    except Exception as exc:  # noqa: BLE001 - a failed repair must not stop the run
        (warn or log)(
            f"exports/ and report.html could not be checked against {paths.published} "
            f"(the next run tries again): {type(exc).__name__}: {exc}"
        )
        return []
