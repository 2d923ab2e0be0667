"""Publish the working copy as minerals.duckdb, safe against whatever analysts have open.

1. Only a working copy that passed a full dbt build is published (build_state).
2. It is copied into a staging file in an older storage format DuckDB 1.4 clients read
   (COPY FROM DATABASE into a file attached with STORAGE_VERSION), checked, then renamed
   over minerals.duckdb: readers keep their snapshot, new readers see the new file.
3. A read-write session someone holds on the published file makes publishing stop before
   anything is replaced (their work would be lost); the error names the holder.
4. Nothing an analyst wrote into the published file is lost: the file being replaced moves
   to previous/ (the newest KEEP_PREVIOUS kept) when it differs from what was published
   (its sha256 and size in publication.json: a session wrote a table and closed), or when a
   crashed read-write session left a .wal (it would be replayed onto the new file and
   break it for every reader).
5. Every publication has an id (time and the passed build's run), written into the file
   itself (table meta.publication) and into publication.json beside it; the exports and the
   report carry the id of the file they were read from (outputs/repair.py).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

from sources.common.files import atomic_write, sha256_of
from storage import build_state
from storage.settings import WarehousePaths

STORAGE_VERSION = "v1.4.0"
KEEP_PREVIOUS = 3
PUBLICATION_TABLE = "meta.publication"
PUBLICATION_COLUMNS = ("publication_id", "build_run_id", "build_passed_at", "published_at")
PUBLICATION_COMMENT = (
    "Which publication this file is (one row, written when it was published): exports/ "
    "(export_info.json, data_dictionary.json) and report.html carry the same publication_id."
)


class PublishRefused(RuntimeError):
    """Publishing would lose or break something; nothing was replaced."""


def wal_of(db: Path) -> Path:
    return db.with_name(db.name + ".wal")


def staging_of(db: Path) -> Path:
    return db.with_name(f".{db.name}.publishing")


def holder_of_write_lock(db: Path) -> str | None:
    """The message DuckDB gives when another process holds the file read-write, else None."""
    if not db.exists():
        return None
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            con.execute("select 1").fetchone()
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            return str(exc).splitlines()[0]
        raise
    except duckdb.Error:
        # a stale .wal that cannot be replayed read-only: handled by moving it away
        return None
    return None


def disk_full_error(exc: BaseException, path: Path) -> OSError | None:
    """DuckDB reports a full disk as 'disk I/O error' or 'cannot rollback': say what it is."""
    text = str(exc).lower()
    free = shutil.disk_usage(path.parent).free if path.parent.exists() else None
    if (
        (isinstance(exc, OSError) and exc.errno == errno.ENOSPC)
        or "no space left" in text
        or (free is not None and free < 1 << 20)
    ):
        return OSError(
            errno.ENOSPC,
            f"no space left on device writing {path} ({free} bytes free); free some space "
            "and run again (the published warehouse was not changed)",
        )
    return None


def sql_string(value: object) -> str:
    """A single-quoted SQL literal (a path with an apostrophe stays one string)."""
    return "'" + str(value).replace("'", "''") + "'"


def new_publication(paths: WarehousePaths) -> dict[str, str | None]:
    """The id and provenance of the publication of the passed build (build/passed.json)."""
    passed = json.loads(paths.build_passed.read_text())
    now = datetime.now(UTC)
    run_id = passed.get("run_id")
    return {
        "publication_id": f"{now:%Y%m%dT%H%M%SZ}-{(run_id or 'no-run')[:8]}",
        "build_run_id": run_id,
        "build_passed_at": passed.get("passed_at"),
        "published_at": now.isoformat(timespec="seconds"),
    }


def read_publication(con: duckdb.DuckDBPyConnection) -> dict[str, str | None] | None:
    """The publication of the open (published) file; None for a file published without one."""
    try:
        row = con.execute(
            f"select {', '.join(PUBLICATION_COLUMNS)} from {PUBLICATION_TABLE}"
        ).fetchone()
    except duckdb.CatalogException:
        return None
    return dict(zip(PUBLICATION_COLUMNS, row, strict=True)) if row else None


def read_record(paths: WarehousePaths) -> dict | None:
    """publication.json: the last publication, with the file's sha256 and size as published."""
    try:
        return json.loads(paths.publication.read_text())
    except (OSError, ValueError):
        return None


def _stamp(con: duckdb.DuckDBPyConnection, database: str, publication: dict) -> None:
    table = f"{database}.{PUBLICATION_TABLE}"
    con.execute(f"create schema {database}.{PUBLICATION_TABLE.split('.')[0]}")
    con.execute(f"create table {table} ({', '.join(f'{c} varchar' for c in PUBLICATION_COLUMNS)})")
    con.execute(
        f"insert into {table} values ({', '.join('?' for _ in PUBLICATION_COLUMNS)})",
        [publication[c] for c in PUBLICATION_COLUMNS],
    )
    con.execute(f"comment on table {table} is {sql_string(PUBLICATION_COMMENT)}")


def _stage(build: Path, staging: Path, publication: dict) -> None:
    staging.unlink(missing_ok=True)
    wal_of(staging).unlink(missing_ok=True)
    with duckdb.connect() as con:
        con.execute(f"attach {sql_string(build)} as build_copy (read_only)")
        con.execute(
            f"attach {sql_string(staging)} as published_copy (storage_version '{STORAGE_VERSION}')"
        )
        con.execute("copy from database build_copy to published_copy")
        _stamp(con, "published_copy", publication)
        con.execute("detach published_copy")
    with duckdb.connect(str(staging), read_only=True) as con:
        con.execute("select count(*) from information_schema.tables").fetchone()


def why_keep(paths: WarehousePaths) -> str | None:
    """Why the published file must be kept before it is replaced, or None (it is exactly
    what was published, and no session left a .wal)."""
    published = paths.published
    if not published.exists():
        return None
    if wal_of(published).exists():
        return f"a read-write session left {wal_of(published).name}"
    record = read_record(paths)
    if record is None:
        return f"there is no record of what was published ({paths.publication.name})"
    if [published.stat().st_size, sha256_of(published)] != [record["bytes"], record["sha256"]]:
        return (
            f"it differs from publication {record['publication_id']} as published (a "
            "read-write session wrote to it)"
        )
    return None


def _set_aside(published: Path, previous: Path) -> Path:
    """Move the published file (and its .wal) to previous/; keep the newest few."""
    previous.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kept = previous / f"minerals-{stamp}.duckdb"
    os.replace(published, kept)
    if wal_of(published).exists():
        os.replace(wal_of(published), wal_of(kept))
    for old in sorted(previous.glob("minerals-*.duckdb"))[:-KEEP_PREVIOUS]:
        old.unlink()
        wal_of(old).unlink(missing_ok=True)
    return kept


def _record(publication: dict, staged: Path) -> dict:
    return {**publication, "sha256": sha256_of(staged), "bytes": staged.stat().st_size}


def remove_abandoned_staging(
    paths: WarehousePaths, log: Callable[[str], None] = lambda message: None
) -> None:
    """A publish killed midway leaves its staging file (as large as the warehouse): remove
    it, unless a writer holds the lock (it may be publishing now)."""
    staging = staging_of(paths.published)
    leftovers = [path for path in (staging, wal_of(staging)) if path.exists()]
    if not leftovers:
        return
    paths.lock.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(paths.lock)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return
    try:
        for path in leftovers:
            path.unlink(missing_ok=True)
            log(f"removed {path}, left by a publish that was stopped")
    finally:
        lock.release()


def publish(paths: WarehousePaths, log: Callable[[str], None] = lambda message: None) -> Path:
    if reason := build_state.why_not_publishable(paths):
        raise PublishRefused(reason)
    published, staging = paths.published, staging_of(paths.published)
    publication = new_publication(paths)
    try:
        _stage(paths.build, staging, publication)
        record = _record(publication, staging)
    except (duckdb.Error, OSError) as exc:
        staging.unlink(missing_ok=True)
        wal_of(staging).unlink(missing_ok=True)
        raise (disk_full_error(exc, staging) or exc) from exc
    if holder := holder_of_write_lock(published):
        staging.unlink(missing_ok=True)
        raise PublishRefused(
            f"{published} is open read-write by another process ({holder}); publishing would "
            "drop what it writes. Close that session (open the warehouse read-only: "
            f"duckdb -readonly) and publish again: the file as it leaves it is then kept in "
            f"{paths.previous}/ (the newest {KEEP_PREVIOUS}); the passed build is kept in build/"
        )
    if reason := why_keep(paths):
        kept = _set_aside(published, paths.previous)
        log(f"{published.name} kept as {kept} before it was replaced: {reason}")
    os.replace(staging, published)
    atomic_write(paths.publication, json.dumps(record, indent=2) + "\n")
    log(f"published {published} as publication {publication['publication_id']}")
    return published
