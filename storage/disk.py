"""Free disk space: a full disk said as such, with the path and the bytes left (no Dagster here).

A full disk reaches users through the first writer that hits it, rarely in its own words:
SQLite (Dagster's run and event storage in DAGSTER_HOME) says "disk I/O error" or "database
or disk is full", DuckDB "disk I/O error" or "cannot rollback". `disk_full_error` turns such an
error into one that says the disk is full, naming the path and its free bytes; an I/O error
counts as a full disk only when the path's disk has less than MIN_FREE_BYTES left.

MIN_FREE_BYTES is also the space a run needs before it starts (`require_free_space`): a full
build from the bundled snapshot writes about 300 MB (the working copy ~95 MB, the staged
published file ~65 MB, exports ~75 MB, the report ~5 MB, Dagster's event log ~35 MB), so a
run is refused below 512 MiB free rather than left to fail half-way.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

MIN_FREE_BYTES = 512 * 2**20
FULL_DISK_WORDS = ("no space left", "database or disk is full", "disk full")
IO_ERROR_WORDS = ("disk i/o error", "cannot rollback")


class DiskFullError(OSError):
    """No space left (or too little to start) on the disk of a path; says path and free bytes."""

    def __init__(self, path: Path, free: int, detail: str) -> None:
        super().__init__(
            errno.ENOSPC,
            f"disk full: {path} has {free:,} bytes free ({free / 2**20:.0f} MiB); {detail}",
        )


def free_bytes(path: Path) -> int:
    """Free bytes on the disk of ``path`` (or of its nearest existing parent)."""
    existing = Path(path).absolute()
    while not existing.exists():
        existing = existing.parent
    return shutil.disk_usage(existing).free


def disk_full_error(exc: BaseException, path: Path) -> DiskFullError | None:
    """``exc`` as the full disk it is, or None when it is something else."""
    if isinstance(exc, DiskFullError):
        return exc
    text = str(exc).lower()
    free = free_bytes(path)
    said_full = (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or any(
        words in text for words in FULL_DISK_WORDS
    )
    io_error_on_a_full_disk = any(words in text for words in IO_ERROR_WORDS) and (
        free < MIN_FREE_BYTES
    )
    if not (said_full or io_error_on_a_full_disk):
        return None
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return DiskFullError(
        path,
        free,
        f"writing there failed ({first_line}); free some space and run again "
        "(the published warehouse was not changed)",
    )


def require_free_space(*paths: Path, minimum: int = MIN_FREE_BYTES) -> None:
    """Refuse to start a run when the disk of any of ``paths`` has less than ``minimum`` free."""
    for path in paths:
        if (free := free_bytes(path)) < minimum:
            raise DiskFullError(
                path,
                free,
                f"a run needs at least {minimum:,} bytes ({minimum / 2**20:.0f} MiB, "
                "storage/disk.py): free some space and run again; nothing was started",
            )
