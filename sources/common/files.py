"""Files written whole or not at all, and their sha256: the one helper of each (no Dagster).

Every writer of a file someone else may read while it changes (downloads and their sidecars,
the raw layer's Parquet partitions, report.html) goes through :func:`atomic_path` or
:func:`atomic_write`: a temp file ``.<name>.<random>.part`` beside the target, fsync, mode 0644,
``os.replace`` onto the target (atomic on one file system), then an fsync of the folder. A
reader sees the old file or the new one, never half of one; on any exception the temp file is
removed and the target is left as it was. Temp files of a killed run older than
:data:`STALE_PART_SECONDS` are swept on the next write of the same target.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

FILE_MODE = 0o644
PART_SUFFIX = ".part"
STALE_PART_SECONDS = 6 * 3600  # longer than any download deadline: a .part this old is dead
_BLOCK = 1 << 20


def sha256_of(path: str | os.PathLike) -> str:
    """The sha256 (hex) of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def remove_stale_parts(target: Path, older_than_s: float = STALE_PART_SECONDS) -> None:
    """Delete ``.<name>.*.part`` temp files of ``target`` left by a killed run."""
    prefix, now = f".{target.name}.", time.time()
    with suppress(OSError):
        for path in target.parent.iterdir():
            name = path.name
            if name.startswith(prefix) and name.endswith(PART_SUFFIX):
                with suppress(OSError):
                    if now - path.stat().st_mtime > older_than_s:
                        path.unlink()


@contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temp path beside ``target`` for the caller to write; on a clean exit it is
    fsynced, made 0644 and renamed onto ``target``; on any exception it is removed and
    ``target`` is untouched. The temp file exists (empty) when yielded: write over it."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(target)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PART_SUFFIX, dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        _fsync_file(temp)
        os.chmod(temp, FILE_MODE)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def atomic_write(
    target: str | os.PathLike,
    data: bytes | str | Iterable[bytes],
    *,
    verify: Callable[[Path, str, int], None] | None = None,
) -> tuple[str, int]:
    """Write ``data`` (bytes, str as UTF-8, or an iterable of byte chunks, streamed) to
    ``target`` atomically (see :func:`atomic_path`); returns (sha256 hex, byte count).

    ``verify(temp_path, sha256, size)`` may refuse the body (raise) before it replaces
    ``target``.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    chunks = [data] if isinstance(data, bytes | bytearray | memoryview) else data
    digest, size = hashlib.sha256(), 0
    with atomic_path(target) as temp:
        with temp.open("wb") as out:
            for chunk in chunks:
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
        if verify is not None:
            verify(temp, digest.hexdigest(), size)
    return digest.hexdigest(), size


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(directory: Path) -> None:
    with suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
