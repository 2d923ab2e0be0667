"""Whether the working copy may be published: only after a full dbt build that passed.

A full `dbt build` whose every model and test passed writes build/passed.json with the
working copy's fingerprint (size and modification time after a checkpoint). Landing new data
removes it; so does any other change of the working copy (the fingerprint no longer
matches). The raw layer's partition files (raw_layer.py) are landed without the writer lock,
so the record also holds their sha256 as dbt found them when it started, once they matched
the raw layer's ledger (raw_ledger.py): a year landed during or after that build makes the
record stale, and a file nobody landed, changed or missing is refused by name. Publishing
refuses without a matching record, whatever was materialized.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import duckdb

from storage import raw_ledger
from storage.settings import WarehousePaths

PASSING_STATUSES = {"success", "pass", "warn"}


def _fingerprint(paths: WarehousePaths) -> dict[str, int]:
    stat = paths.build.stat()
    return {"bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def failed_nodes(run_results: dict) -> list[str]:
    """dbt nodes that did not pass (error, fail, skipped...), from run_results.json."""
    return [
        f"{r['unique_id']}: {r['status']}"
        for r in run_results.get("results", [])
        if r.get("status") not in PASSING_STATUSES
    ]


def invalidate(paths: WarehousePaths) -> None:
    paths.build_passed.unlink(missing_ok=True)


def verified_raw_files(paths: WarehousePaths) -> dict[str, str]:
    """The sha256 of every partition file, once each matches the ledger (else
    raw_ledger.RawLayerRefused naming the files that do not)."""
    return raw_ledger.verify(paths.raw_downloads)


def record_passed(
    paths: WarehousePaths, run_id: str | None, n_nodes: int, raw: dict[str, str]
) -> None:
    """Mark the working copy publishable; ``raw``: the partition files the build read (their
    sha256, from verified_raw_files)."""
    with duckdb.connect(str(paths.build)) as con:
        con.execute("checkpoint")
    paths.build_passed.write_text(
        json.dumps(
            {
                "run_id": run_id,
                "dbt_nodes": n_nodes,
                "passed_at": datetime.now(UTC).isoformat(timespec="seconds"),
                **_fingerprint(paths),
                "raw_files": raw,
            }
        )
    )


def why_not_publishable(paths: WarehousePaths) -> str | None:
    """None when the working copy passed a full dbt build and has not changed since."""
    if not paths.build.exists():
        return f"there is no working copy ({paths.build}); run the whole build first"
    try:
        record = json.loads(paths.build_passed.read_text())
    except (OSError, ValueError):
        return (
            "the working copy has not passed a full dbt build since it last changed (the last "
            "dbt build failed, was partial, or new data landed after it); nothing published"
        )
    if {k: record.get(k) for k in ("bytes", "mtime_ns")} != _fingerprint(paths):
        return (
            f"the working copy changed after the dbt build of run {record.get('run_id')} passed; "
            "rebuild before publishing; nothing published"
        )
    try:
        raw_files = verified_raw_files(paths)
    except raw_ledger.RawLayerRefused as exc:
        return f"{exc}\nnothing published"
    if record.get("raw_files") != raw_files:
        return (
            f"raw partition files changed after the dbt build of run {record.get('run_id')} "
            "started (a year was landed); rebuild before publishing; nothing published"
        )
    return None
