"""Live downloader for the USGS Mineral Commodity Summaries (MCS) data releases on ScienceBase.

Files are laid out as ``<dest_dir>/mcs<edition>/...`` in the same way as the bundled snapshot
(``sources/usgs_mcs/snapshot``), so the same parsers read live and bundled files:

* ``mcs2022/mcs2022-<code>_{world,salient}.csv``: MCS 2022 has one child item per commodity;
* ``mcs<edition>/{world,salient,industry_trends,meta}/``: from MCS 2023 on, the release item
  carries zips (``world.zip``, ``salient.zip``, an industry-trends zip, and for MCS 2025
  ``World_Data_Release_MCS_2025.zip`` holding the combined ``MCS2025_World_Data.csv``);
* ``mcs2026/MCS2026_Commodities_Data.csv`` and ``mcs2026/industry_trends/``: MCS 2026 replaces
  the per-commodity files by one long file (item 696a75d5d4be0228872d3bf8), beside the trend
  tables (loose CSVs or a zip, whichever the item carries).

Each laid-out file has a ``.provenance.json`` sidecar. Downloaded zips are kept, with their
own sidecars, under ``<dest_dir>/_archives/mcs<edition>/``.

Nothing is written outside ``dest_dir``: a file name from ScienceBase must be a plain name
(no folder, no ``..``, not absolute), else the download fails naming the item; zip members
are checked before extraction (``sources.common.archive``: safe path, declared size and
compression ratio within ``archive_limits``, extraction cut off past the declared size).
ScienceBase's listed ``size`` and checksum (when given) are verified.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

import httpx

from sources.common.archive import (
    DEFAULT_ARCHIVE_LIMITS,
    ArchiveLimits,
    check_archive,
    member_blocks,
    member_path,
    safe_file_name,
)
from sources.common.errors import SourceDataError, preview
from sources.common.files import atomic_write
from sources.common.http import (
    DownloadError,
    Limits,
    RetryPolicy,
    client_scope,
    download,
    get_json,
    is_cached,
    read_sidecar,
    write_sidecar,
)
from sources.usgs_mcs.source import SOURCE

# ScienceBase release items (ids and DOIs as published; sources/usgs_mcs/snapshot/PROVENANCE.md).
# "files": "children" = one child item per commodity; "item" = files (zips) on the release item.
# "world_item": the child item that carries the combined world CSV on its own (MCS 2025 on).
EDITIONS: dict[int, dict[str, str]] = {
    2022: {
        "item": "6197ccbed34eb622f692ee1c",
        "doi": "10.5066/P9KKMCP4",
        "files": "children",
        "title": "Mineral commodity summaries 2022 data release",
    },
    2023: {
        "item": "63b5f411d34e92aad3caa57f",
        "doi": "10.5066/P9WCYUI6",
        "files": "item",
        "title": "U.S. Geological Survey Mineral Commodity Summaries 2023 Data Release",
    },
    2024: {
        "item": "65a6e45fd34e5af967a46749",
        "doi": "10.5066/P144BA54",
        "files": "item",
        "title": "U.S. Geological Survey Mineral Commodity Summaries 2024 Data Release"
        " (ver. 2.0, March 2024)",
    },
    2025: {
        "item": "677eaf95d34e760b392c4970",
        "doi": "10.5066/P13XCP3R",
        "files": "item",
        "world_item": "6798fd34d34ea8c18376e8ee",
        "title": "U.S. Geological Survey Mineral Commodity Summaries 2025 Data Release"
        " (ver. 2.0, April 2025)",
    },
    2026: {
        "item": "696a75d5d4be0228872d3bf8",
        "doi": "10.5066/P1WKQ63T",
        "files": "item",
        "title": "Mineral Commodity Summaries 2026 Data Release",
    },
}

SCIENCEBASE = "https://www.sciencebase.gov"
PUBLISHER = SOURCE.publisher
LICENCE = SOURCE.licence
ARCHIVES_DIR = "_archives"

_DATA_SUFFIXES = (".csv", ".xlsx", ".xml", ".txt")
_TRENDS_FILE = re.compile(r"^_?MCS\d{4}_(?:T\d+|Fig\d+|Mineral_Industry)", re.IGNORECASE)
_MAX_PAGES = 50
# a USGS data file is at most a few MB; a release zip at most ~100 MB
USGS_ARCHIVE_LIMITS = ArchiveLimits(
    max_member_bytes=64 << 20, max_total_bytes=512 << 20, max_ratio=100.0, max_members=5000
)


def citation(edition: int) -> str:
    spec = _spec(edition)
    return (
        f"National Minerals Information Center, {edition}, {spec['title']}: "
        f"U.S. Geological Survey data release, https://doi.org/{spec['doi']}"
    )


def target_path(edition: int, name: str, *, archive: str = "") -> PurePosixPath | None:
    """Where a released file goes under ``dest_dir`` (None: not a data file, skip it)."""
    low = name.lower()
    if not low.endswith(_DATA_SUFFIXES) or low.startswith("."):
        return None
    base = PurePosixPath(f"mcs{edition}")
    if "trend" in archive.lower() or _TRENDS_FILE.match(name):
        return base / "industry_trends" / name
    if low.endswith("_meta.xml") or (low.endswith(".xml") and "world_data" in low):
        return base / "meta" / name
    if _spec(edition)["files"] == "children":
        return base / name
    if "_world" in low:
        return base / "world" / name
    if "_salient" in low:
        return base / "salient" / name
    return base / name


def download_edition(
    edition: int,
    dest_dir: Path,
    *,
    base_url: str = SCIENCEBASE,
    client: httpx.Client | None = None,
    force: bool = False,
    retry: RetryPolicy | None = None,
    limits: Limits | None = None,
    archive_limits: ArchiveLimits = USGS_ARCHIVE_LIMITS,
) -> list[Path]:
    """Fetch one MCS edition from ScienceBase and lay it out under ``dest_dir/mcs<edition>``.

    ``limits`` bounds each download (default: per kind, ``sources.common.http``);
    ``archive_limits`` bounds what a release zip may unpack. Safe to call before the
    warehouse writer lock is taken: it writes only below ``dest_dir``, atomically."""
    spec = _spec(edition)
    with client_scope(client) as http:
        run = _EditionRun(
            edition,
            Path(dest_dir),
            base_url.rstrip("/"),
            http,
            force,
            retry,
            limits,
            archive_limits,
        )
        if spec["files"] == "children":
            run.take_children(spec["item"])
        else:
            run.take_item(spec["item"])
    return sorted(run.written)


def download_world_data(
    edition: int,
    dest_dir: Path,
    *,
    base_url: str = SCIENCEBASE,
    client: httpx.Client | None = None,
    force: bool = False,
    retry: RetryPolicy | None = None,
    limits: Limits | None = None,
) -> Path:
    """Fetch only the combined ``MCS<edition>_World_Data.csv`` (MCS 2025 on)."""
    spec = _spec(edition)
    if "world_item" not in spec:
        raise ValueError(f"MCS {edition} has no combined world-data item in EDITIONS")
    name = f"MCS{edition}_World_Data.csv"
    with client_scope(client) as http:
        run = _EditionRun(edition, Path(dest_dir), base_url.rstrip("/"), http, force, retry, limits)
        item_url, item = run.item_json(spec["world_item"])
        entry = next(
            (f for f in item.get("files") or [] if str(f.get("name", "")).lower() == name.lower()),
            None,
        )
        if entry is None:
            raise DownloadError(
                item_url,
                f"ScienceBase item lists no file named {name}",
                status=200,
                expected=f"a 'files' entry named {name}",
            )
        run.take_file(entry, spec["world_item"])
    return next(iter(run.written))


class _EditionRun:
    """One edition's download: follows item JSON, fetches files, unpacks zips, lays out."""

    def __init__(
        self,
        edition: int,
        dest_dir: Path,
        base_url: str,
        http: httpx.Client,
        force: bool,
        retry: RetryPolicy | None,
        limits: Limits | None = None,
        archive_limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
    ) -> None:
        self.limits = limits
        self.archive_limits = archive_limits
        self.edition = edition
        self.dest_dir = dest_dir
        self.base_url = base_url
        self.http = http
        self.force = force
        self.retry = retry
        self.written: dict[Path, None] = {}  # ordered set of laid-out files

    def item_json(self, item_id: str) -> tuple[str, dict[str, Any]]:
        url = f"{self.base_url}/catalog/item/{item_id}"
        item = get_json(url, client=self.http, params={"format": "json"}, retry=self.retry)
        if not isinstance(item, dict):
            raise DownloadError(url, "item JSON is not an object", status=200)
        return url, item

    def children(self, parent_id: str) -> list[dict[str, Any]]:
        url: str | None = f"{self.base_url}/catalog/items"
        params: dict[str, Any] | None = {
            "parentId": parent_id,
            "format": "json",
            "max": 1000,
            "fields": "title,files",
        }
        found: list[dict[str, Any]] = []
        for _ in range(_MAX_PAGES):
            if not url:
                break
            page = get_json(url, client=self.http, params=params, retry=self.retry)
            if not isinstance(page, dict):
                raise DownloadError(url, "item listing is not a JSON object", status=200)
            found.extend(page.get("items") or [])
            url, params = (page.get("nextlink") or {}).get("url"), None
        return found

    def child_files(self, child: dict[str, Any]) -> list[dict[str, Any]]:
        if "files" in child:
            return child.get("files") or []
        return self.item_json(child["id"])[1].get("files") or []

    def take_children(self, parent_id: str, *, only: str = "") -> None:
        for child in self.children(parent_id):
            for entry in self.child_files(child):
                if only in str(entry.get("name", "")).lower():
                    self.take_file(entry, child["id"])

    def take_item(self, item_id: str) -> None:
        _, item = self.item_json(item_id)
        world_gone: DownloadError | None = None
        for entry in item.get("files") or []:
            try:
                self.take_file(entry, item_id)
            except DownloadError as exc:
                # MCS 2024: the release's world.zip is a dead link; its children carry the CSVs.
                if exc.status != 404 or "world" not in str(entry.get("name", "")).lower():
                    raise
                world_gone = exc
        if world_gone is not None:
            before = len(self.written)
            self.take_children(item_id, only="_world.csv")
            if len(self.written) == before:
                raise world_gone

    def take_file(self, entry: dict[str, Any], item_id: str) -> None:
        name = str(entry.get("name") or "")
        url = (
            entry.get("downloadUri")
            or entry.get("url")
            or f"{self.base_url}/catalog/file/get/{item_id}?name={quote(name)}"
        )
        wanted = name.lower().endswith(".zip") or target_path(self.edition, name) is not None
        if wanted and safe_file_name(name) is None:
            raise DownloadError(
                f"{self.base_url}/catalog/item/{item_id}",
                f"ScienceBase lists a file named {preview(name)}, which is not a plain file name",
                status=200,
                expected="a file name without folders, '..' or a leading '/'",
            )
        if name.lower().endswith(".zip"):
            self.unpack(name, url, item_id, entry)
            return
        rel = target_path(self.edition, name)
        if rel is None or self.dest_dir / rel in self.written:
            return
        dest = download(
            url,
            self.dest_dir / rel,
            provenance=self.provenance(item_id, name),
            client=self.http,
            force=self.force,
            retry=self.retry,
            limits=self.limits,
            **_published_checks(entry),
        )
        self.written[dest] = None

    def unpack(self, name: str, url: str, item_id: str, entry: dict[str, Any]) -> None:
        zip_path = self.dest_dir / ARCHIVES_DIR / f"mcs{self.edition}" / name
        download(
            url,
            zip_path,
            provenance=self.provenance(item_id, name),
            client=self.http,
            force=self.force,
            retry=self.retry,
            kind="zip",
            limits=self.limits,
            **_published_checks(entry),
        )
        zip_sha = (read_sidecar(zip_path) or {}).get("sha256", "")
        try:
            archive = zipfile.ZipFile(zip_path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise SourceDataError("usgs_mcs", name, f"not a readable zip file: {exc}") from exc
        limits = self.archive_limits
        with archive:
            check_archive(archive, source="usgs_mcs", archive_name=name, limits=limits)
            for info in archive.infolist():
                member = member_path(info, source="usgs_mcs", archive=name)
                if info.is_dir() or "__MACOSX" in member.parts:
                    continue
                rel = target_path(self.edition, member.name, archive=name)
                if rel is None or self.dest_dir / rel in self.written:
                    continue
                dest = self.dest_dir / rel
                origin = {"name": name, "sha256": zip_sha, "member": info.filename}
                if self.force or not _extracted_from(dest, origin):
                    blocks = member_blocks(
                        archive,
                        info,
                        source="usgs_mcs",
                        archive_name=name,
                        max_bytes=limits.max_member_bytes,
                        max_ratio=limits.max_ratio,
                    )
                    digest, size = atomic_write(dest, blocks)
                    provenance = {**self.provenance(item_id, member.name), "archive": origin}
                    write_sidecar(dest, url=url, provenance=provenance, sha256=digest, size=size)
                self.written[dest] = None

    def provenance(self, item_id: str, file_name: str) -> dict[str, Any]:
        doi = _spec(self.edition)["doi"]
        return {
            "publisher": PUBLISHER,
            "licence": LICENCE,
            "dataset": citation(self.edition),
            "doi": f"https://doi.org/{doi}",
            "edition": self.edition,
            "sciencebase_item": f"{SCIENCEBASE}/catalog/item/{item_id}",
            "file_name": file_name,
        }


def _published_checks(entry: dict[str, Any]) -> dict[str, Any]:
    """ScienceBase's listed size and checksum of a file, as ``download`` checks."""
    checks: dict[str, Any] = {}
    size = entry.get("size")
    if isinstance(size, int) and not isinstance(size, bool) and size > 0:
        checks["expected_bytes"] = size
    checksum = entry.get("checksum")
    if isinstance(checksum, dict) and isinstance(checksum.get("value"), str):
        kind = str(checksum.get("type") or "").lower().replace("-", "")
        if kind in ("md5", "sha256"):
            checks[kind] = checksum["value"]
    return checks


def _extracted_from(dest: Path, origin: dict[str, str]) -> bool:
    """True if ``dest`` is intact and was extracted from this very archive member."""
    return is_cached(dest) and (read_sidecar(dest) or {}).get("archive") == origin


def _spec(edition: int) -> dict[str, str]:
    try:
        return EDITIONS[edition]
    except KeyError:
        known = ", ".join(str(e) for e in sorted(EDITIONS))
        raise ValueError(f"no MCS edition {edition} in EDITIONS (known: {known})") from None
