"""Publish the working copy as minerals.duckdb, safe against whatever analysts have open.

1. Only a working copy that passed a full dbt build is published (build_state).
2. It is copied into a staging file in an older storage format DuckDB 1.4 clients read
   (COPY FROM DATABASE into a file attached with STORAGE_VERSION), checked, then renamed
   over minerals.duckdb: readers keep their snapshot, new readers see the new file.
3. A read-write session someone holds on the published file makes publishing stop before
   anything is replaced (their work would be lost); the error names the holder.
4. A .wal that a crashed read-write session left would be replayed onto the new file and
   break it for every reader: the old file and its .wal move to previous/ first, so nothing
   an analyst wrote is lost and the new file opens cleanly.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from storage import build_state
from storage.settings import WarehousePaths

STORAGE_VERSION = "v1.4.0"
KEEP_PREVIOUS = 3


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


def _stage(build: Path, staging: Path) -> None:
    staging.unlink(missing_ok=True)
    wal_of(staging).unlink(missing_ok=True)
    with duckdb.connect() as con:
        con.execute(f"attach '{build}' as build_copy (read_only)")
        con.execute(f"attach '{staging}' as published_copy (storage_version '{STORAGE_VERSION}')")
        con.execute("copy from database build_copy to published_copy")
        con.execute("detach published_copy")
    with duckdb.connect(str(staging), read_only=True) as con:
        con.execute("select count(*) from information_schema.tables").fetchone()


def _set_aside(published: Path, previous: Path) -> Path | None:
    """Move the published file and its stale .wal to previous/; keep the newest few."""
    wal = wal_of(published)
    if not wal.exists():
        return None
    previous.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kept = previous / f"minerals-{stamp}.duckdb"
    os.replace(published, kept)
    os.replace(wal, wal_of(kept))
    for old in sorted(previous.glob("minerals-*.duckdb"))[:-KEEP_PREVIOUS]:
        old.unlink()
        wal_of(old).unlink(missing_ok=True)
    return kept


def publish(paths: WarehousePaths, log: Callable[[str], None] = lambda message: None) -> Path:
    if reason := build_state.why_not_publishable(paths):
        raise PublishRefused(reason)
    published, staging = paths.published, staging_of(paths.published)
    try:
        _stage(paths.build, staging)
    except (duckdb.Error, OSError) as exc:
        staging.unlink(missing_ok=True)
        wal_of(staging).unlink(missing_ok=True)
        raise (disk_full_error(exc, staging) or exc) from exc
    if holder := holder_of_write_lock(published):
        staging.unlink(missing_ok=True)
        raise PublishRefused(
            f"{published} is open read-write by another process ({holder}); publishing would "
            "drop what it writes. Close that session (open the warehouse read-only: "
            "duckdb -readonly) and publish again; the passed build is kept in build/"
        )
    if kept := _set_aside(published, paths.previous):
        log(f"a read-write session left {wal_of(published).name}: kept with the old file as {kept}")
    os.replace(staging, published)
    return published
