"""Zip members and server-given file names, checked before anything is extracted or read.

* names: no absolute path, no ``..``, no drive letter, no backslash or NUL
  (:func:`member_path`, :func:`safe_file_name`);
* sizes: a member's declared size is at most ``max_member_bytes``, its compression ratio at
  most ``max_ratio`` (members above RATIO_FLOOR), an archive's declared total at most
  ``max_total_bytes`` (:func:`check_member`);
* streaming caps: declared sizes can lie, so reading stops as soon as the inflated bytes pass
  the declared size or the limit (:func:`member_blocks`, :func:`member_bytes`).

Errors are :class:`SourceDataError` naming the source, the archive and the member.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from sources.common.errors import SourceDataError, preview

READ_BYTES = 1 << 16
RATIO_FLOOR = 1 << 20  # below this inflated size the ratio is not checked (tiny files compress)
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class ArchiveLimits:
    """What one archive may hold. Defaults suit data releases of CSV and xlsx files."""

    max_member_bytes: int = 256 << 20
    max_total_bytes: int = 2 << 30
    max_ratio: float = 200.0
    max_members: int = 20_000


DEFAULT_ARCHIVE_LIMITS = ArchiveLimits()


def unsafe_name_reason(name: str) -> str | None:
    """Why ``name`` may not be used as a relative path (None: it may)."""
    if not name or "\x00" in name:
        return "is empty or holds a NUL byte"
    if "\\" in name:
        return "holds a backslash"
    if name.startswith("/"):
        return "is an absolute path"
    if _DRIVE.match(name):
        return "starts with a drive letter"
    if ".." in name.split("/"):
        return "climbs out with '..'"
    return None


def member_path(info: zipfile.ZipInfo, *, source: str, archive: str) -> PurePosixPath:
    """The member's relative path; an unsafe name is an error naming the archive."""
    reason = unsafe_name_reason(info.filename)
    if reason:
        raise SourceDataError(
            source,
            archive,
            f"member name {preview(info.filename)} {reason}; "
            "expected a relative path inside the archive",
        )
    return PurePosixPath(info.filename)


def safe_file_name(name: str) -> str | None:
    """``name`` if it is a plain file name (no folder, not hidden, no '..'), else None."""
    if unsafe_name_reason(name) or "/" in name or name.startswith("."):
        return None
    return name


def check_archive(
    archive: zipfile.ZipFile, *, source: str, archive_name: str, limits: ArchiveLimits
) -> None:
    """Member count and declared total size within ``limits``."""
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise SourceDataError(
            source,
            archive_name,
            f"{len(infos):,} members, expected at most {limits.max_members:,}",
        )
    total = sum(i.file_size for i in infos)
    if total > limits.max_total_bytes:
        raise SourceDataError(
            source,
            archive_name,
            f"members declare {total:,} bytes in all, expected at most {limits.max_total_bytes:,}"
            " (raise ArchiveLimits.max_total_bytes if genuine)",
        )


def check_member(
    info: zipfile.ZipInfo,
    *,
    source: str,
    archive: str,
    max_bytes: int,
    max_ratio: float | None = DEFAULT_ARCHIVE_LIMITS.max_ratio,
    label: str | None = None,
) -> None:
    """Refuse a member whose declared size or compression ratio is above the limits.

    ``label`` names the member in the message (default: ``member '<its name>'``)."""
    name = label or f"member {preview(info.filename)}"
    if info.file_size > max_bytes:
        raise SourceDataError(
            source,
            archive,
            f"{name} declares {info.file_size:,} bytes, expected at most {max_bytes:,}",
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if max_ratio is not None and info.file_size > RATIO_FLOOR and ratio > max_ratio:
        raise SourceDataError(
            source,
            archive,
            f"{name} inflates {ratio:,.0f} times ({info.compress_size:,} -> "
            f"{info.file_size:,} bytes), expected at most {max_ratio:g} times "
            "(a decompression bomb?)",
        )


def member_blocks(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    *,
    source: str,
    archive_name: str,
    max_bytes: int,
    max_ratio: float | None = DEFAULT_ARCHIVE_LIMITS.max_ratio,
    label: str | None = None,
) -> Iterator[bytes]:
    """The member's bytes in blocks; checked first, and cut off once past its declared size
    or ``max_bytes`` (whichever is smaller). ``label`` names it in errors (see check_member)."""
    member_path(info, source=source, archive=archive_name)
    name = label or f"member {preview(info.filename)}"
    check_member(
        info,
        source=source,
        archive=archive_name,
        max_bytes=max_bytes,
        max_ratio=max_ratio,
        label=name,
    )
    cap = min(info.file_size, max_bytes)
    size = 0
    try:
        with archive.open(info) as handle:
            while block := handle.read(READ_BYTES):
                size += len(block)
                if size > cap:
                    raise SourceDataError(
                        source,
                        archive_name,
                        f"{name} inflates past {cap:,} bytes "
                        "(its declared size or the limit): corrupt or a decompression bomb",
                    )
                yield block
    except (zipfile.BadZipFile, EOFError, NotImplementedError, zlib.error, OSError) as exc:
        raise SourceDataError(
            source,
            archive_name,
            f"{name} is unreadable: {type(exc).__name__}: {exc}; expected a complete, "
            "uncorrupted member",
        ) from exc


def member_bytes(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    *,
    source: str,
    archive_name: str,
    max_bytes: int,
    max_ratio: float | None = DEFAULT_ARCHIVE_LIMITS.max_ratio,
) -> bytes:
    """The whole member, under the same checks as :func:`member_blocks`."""
    return b"".join(
        member_blocks(
            archive,
            info,
            source=source,
            archive_name=archive_name,
            max_bytes=max_bytes,
            max_ratio=max_ratio,
        )
    )
