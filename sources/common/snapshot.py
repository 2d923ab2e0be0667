"""Bundled snapshots: a MANIFEST.csv beside the files records their sha256, checked on load."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sources.common.archive import unsafe_name_reason
from sources.common.errors import SourceDataError, preview
from sources.common.files import sha256_of

MANIFEST_NAME = "MANIFEST.csv"
MANIFEST_FIELDS = [
    "path",
    "bytes",
    "sha256",
    "edition",
    "publisher",
    "dataset",
    "licence",
]


@dataclass(frozen=True)
class ManifestEntry:
    path: str
    bytes: int
    sha256: str
    edition: str
    publisher: str
    dataset: str
    licence: str


def read_manifest(snapshot_dir: Path, source: str = "snapshot") -> list[ManifestEntry]:
    """The manifest's entries; a path that could leave ``snapshot_dir`` (absolute, ``..``,
    a drive letter, a backslash, or a symlink pointing out) is an error naming its line."""
    snapshot_dir = Path(snapshot_dir)
    manifest = snapshot_dir / MANIFEST_NAME
    if not manifest.exists():
        raise FileNotFoundError(f"snapshot {snapshot_dir} has no {MANIFEST_NAME}")
    root = snapshot_dir.resolve()
    entries = []
    with manifest.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            line = reader.line_num
            path = row.get("path") or ""
            reason = unsafe_name_reason(path)
            if reason is None and not (snapshot_dir / path).resolve().is_relative_to(root):
                reason = "resolves outside the snapshot folder"
            if reason:
                raise SourceDataError(
                    source,
                    MANIFEST_NAME,
                    f"path {preview(path)} {reason}; expected a path inside {snapshot_dir.name}/",
                    line=line,
                    column="path",
                )
            try:
                entries.append(ManifestEntry(**{**row, "bytes": int(row["bytes"])}))
            except (TypeError, ValueError) as exc:
                raise SourceDataError(
                    source, MANIFEST_NAME, f"malformed entry: {exc}", line=line
                ) from exc
    return entries


def verify_manifest(source: str, snapshot_dir: Path) -> list[ManifestEntry]:
    """Check every file listed in the manifest exists with the recorded size and sha256."""
    entries = read_manifest(snapshot_dir, source)
    for entry in entries:
        path = snapshot_dir / entry.path
        if not path.exists():
            raise SourceDataError(source, entry.path, "listed in MANIFEST.csv but missing")
        actual = sha256_of(path)
        if actual != entry.sha256:
            raise SourceDataError(
                source,
                entry.path,
                f"sha256 {actual} does not match MANIFEST.csv ({entry.sha256}); "
                "the bundled file was changed: restore it or re-record the manifest",
            )
    return entries


def write_manifest(snapshot_dir: Path, entries: list[ManifestEntry]) -> Path:
    manifest = snapshot_dir / MANIFEST_NAME
    with manifest.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=MANIFEST_FIELDS, lineterminator="\n")
        writer.writeheader()
        for entry in sorted(entries, key=lambda e: e.path):
            writer.writerow(entry.__dict__)
    return manifest


def record_manifest(snapshot_dir: Path, describe) -> Path:
    """(Re)write the manifest for every data file below snapshot_dir.

    `describe(relative_path) -> (edition, publisher, dataset, licence)`.
    """
    entries = []
    for path in sorted(snapshot_dir.rglob("*")):
        if not path.is_file() or path.name in (MANIFEST_NAME, "PROVENANCE.md"):
            continue
        rel = path.relative_to(snapshot_dir).as_posix()
        edition, publisher, dataset, licence = describe(rel)
        entries.append(
            ManifestEntry(
                rel,
                path.stat().st_size,
                sha256_of(path),
                edition,
                publisher,
                dataset,
                licence,
            )
        )
    return write_manifest(snapshot_dir, entries)


def refresh_manifest(snapshot_dir: Path) -> Path:
    """Re-record size and sha256 of the listed files (after a reviewed update of the bundle)."""
    entries = [
        ManifestEntry(
            **{
                **entry.__dict__,
                "bytes": (snapshot_dir / entry.path).stat().st_size,
                "sha256": sha256_of(snapshot_dir / entry.path),
            }
        )
        for entry in read_manifest(snapshot_dir)
    ]
    return write_manifest(snapshot_dir, entries)
