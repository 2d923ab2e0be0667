"""The raw layer's ledger: what each landing wrote, and a check that the files are that (no
Dagster).

    $MINERALS_WAREHOUSE_DIR/raw/<source>/<table>/_ledger.json

One ledger per partitioned table, one entry per partition (year or edition): the file, its
sha256, bytes and rows, the run that landed it and when. The landing writes the partition
file and its entry under the table's file lock (raw_layer.py files are written without the
DuckDB writer lock, by parallel steps and runs), so a reader that takes the lock sees both
or neither.

dbt reads every ``<key>=*/*.parquet`` file of a table (the globs of the generated dbt source
YAML), so :func:`verify` runs before dbt and again before publishing: a file the ledger does
not list, a file whose sha256 differs from its entry, a listed file that is missing, or a
year outside the partitions definition is refused, by name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock

from sources.common.files import atomic_write, sha256_of
from storage.raw_layer import table_dir

LEDGER = "_ledger.json"
FIRST_YEAR = 1995  # BACI HS92 starts in 1995; the partitions definition starts here too
RELAND = "dagster asset materialize -m orchestration.definitions --select 'key:\"{source}/*\"'"


class RawLayerRefused(ValueError):
    """The raw layer holds files nobody landed, or lacks files a landing wrote."""


def landable_years(today: datetime | None = None) -> range:
    """The years (trade) and editions (USGS) of the partitions definition: 1995 to this year."""
    return range(FIRST_YEAR, (today or datetime.now(UTC)).year + 1)


def spans(years: Iterable[int]) -> str:
    """Years as runs: [1990, 1991, 2027, 2028, 2029] -> "1990...1991, 2027...2029"."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}...{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _partitions_option(years: list[int]) -> str:
    """The CLI option that lands ``years`` (one run)."""
    if len(years) == 1:
        return f"--partition {years[0]}"
    return f"--partition-range {min(years)}...{max(years)}"


def partitioned_tables() -> list[tuple[str, str]]:
    """(source, table) of every registered table landed as Parquet files."""
    from sources.registry import all_sources

    return sorted((s.name, t.name) for s in all_sources() for t in s.partitioned_tables)


def ledger_file(raw_root: Path, source: str, table: str) -> Path:
    return table_dir(raw_root, source, table) / LEDGER


@contextmanager
def table_lock(raw_root: Path, source: str, table: str) -> Iterator[None]:
    """Held while a partition file and its ledger entry change, or while they are checked."""
    path = ledger_file(raw_root, source, table)
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(path.with_name(LEDGER + ".lock")):
        yield


def read_ledger(raw_root: Path, source: str, table: str) -> dict[str, dict] | None:
    """The table's entries by partition value ("2024"); None when it has no ledger."""
    path = ledger_file(raw_root, source, table)
    try:
        return json.loads(path.read_text(encoding="utf-8"))["partitions"]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RawLayerRefused(f"{path}: not a readable raw-layer ledger ({exc})") from exc


def record_landing(
    raw_root: Path, source: str, table: str, data_file: Path, rows: int, run_id: str
) -> dict:
    """Enter a partition file just written (under :func:`table_lock`) in its table's ledger."""
    folder = table_dir(raw_root, source, table)
    key, value = data_file.parent.name.split("=", 1)
    entry = {
        "key": key,
        "file": data_file.relative_to(folder).as_posix(),
        "sha256": sha256_of(data_file),
        "bytes": data_file.stat().st_size,
        "rows": rows,
        "run_id": run_id,
        "landed_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    partitions = read_ledger(raw_root, source, table) or {}
    partitions[value] = entry
    ledger = {"table": f"{source}/{table}", "partitions": dict(sorted(partitions.items()))}
    atomic_write(ledger_file(raw_root, source, table), json.dumps(ledger, indent=2) + "\n")
    return entry


def _value(data_file: Path) -> str:
    """The partition value of a file in a ``<key>=<value>/`` folder."""
    return data_file.parent.name.split("=", 1)[1]


def _value_refused(value: str, years: range) -> str | None:
    if value.isdigit() and int(value) in years:
        return None
    return f"{value} is outside the partitions definition ({years[0]}...{years[-1]})"


def _table_problems(
    raw_root: Path, source: str, table: str, years: range
) -> tuple[list[str], dict[str, str]]:
    """What is wrong with one table's files, and the sha256 of each good one (by path
    relative to raw_root)."""
    folder = table_dir(raw_root, source, table)
    on_disk = {p.relative_to(folder).as_posix(): p for p in sorted(folder.glob("*=*/*.parquet"))}
    ledger = read_ledger(raw_root, source, table)
    name = f"raw/{source}/{table}"
    reland = RELAND.format(source=source)
    if ledger is None:
        if not on_disk:
            return [
                f"{name}: no landed partition; land its years ({reland} --partition-range "
                "FIRST...LAST)"
            ], {}
        held = sorted({int(v) for p in on_disk.values() if (v := _value(p)).isdigit()})
        return [
            f"{name}: files of {spans(held) or 'no year'} but no ledger ({LEDGER}): landed "
            f"before the raw layer kept one; land them again ({reland} "
            f"{_partitions_option(held or [FIRST_YEAR])}) and remove any file of a year you "
            "do not land"
        ], {}
    problems, verified = [], {}
    listed = {entry["file"]: value for value, entry in ledger.items()}
    for relative in sorted(set(on_disk) - set(listed)):
        value = _value(on_disk[relative])
        if outside := _value_refused(value, years):
            problems.append(f"{name}/{relative}: {outside}; remove it")
            continue
        problems.append(
            f"{name}/{relative}: not landed by any run (not in its ledger); remove it, or land "
            f"that year ({reland} --partition {value})"
        )
    for value, entry in sorted(ledger.items()):
        path, where = folder / entry["file"], f"{name}/{entry['file']}"
        if refused := _value_refused(value, years):
            problems.append(f"{where}: {refused}; remove it and its ledger entry")
        elif entry["file"] not in on_disk:
            problems.append(
                f"{where}: missing (landed by run {entry['run_id']} at {entry['landed_at']}, "
                f"{entry['rows']:,} rows lost); land {entry['key']} {value} again ({reland} "
                f"--partition {value})"
            )
        elif (digest := sha256_of(path)) != entry["sha256"]:
            problems.append(
                f"{where}: changed after run {entry['run_id']} landed it (sha256 {digest[:12]}, "
                f"ledger {entry['sha256'][:12]}); land {entry['key']} {value} again ({reland} "
                f"--partition {value})"
            )
        else:
            verified[f"{source}/{table}/{entry['file']}"] = digest
    return problems, verified


def verify(
    raw_root: Path, tables: Iterable[tuple[str, str]] | None = None, years: range | None = None
) -> dict[str, str]:
    """The sha256 of every partition file of ``tables`` (default: every registered one), by
    path relative to ``raw_root``, once each matches its ledger; RawLayerRefused naming every
    file that does not (unlisted, changed, missing, outside the partitions definition)."""
    years = years or landable_years()
    problems, verified = [], {}
    for source, table in partitioned_tables() if tables is None else tables:
        with table_lock(raw_root, source, table):
            found, digests = _table_problems(raw_root, source, table, years)
        problems += found
        verified |= digests
    if problems:
        raise RawLayerRefused(
            f"the raw layer ({raw_root}) is not what the landings wrote:\n  - "
            + "\n  - ".join(problems)
        )
    return verified
