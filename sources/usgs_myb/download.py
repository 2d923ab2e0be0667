"""Live download of USGS Minerals Yearbook tables from USGS's file host.

USGS serves each workbook under its own name at :data:`HOST`; the bundled manifest gives the
names and sha256 of the files of each edition, so a download is checked against the bytes
of the snapshot (a changed file is refused, not landed). Files land in ``dest_dir`` under
their USGS names with a ``.provenance.json`` sidecar (``sources/common/http.py``: retries,
limits, atomic write, cache by URL and sha256).
"""

from __future__ import annotations

from pathlib import Path

import httpx

from sources.common.http import RetryPolicy, download
from sources.common.snapshot import verify_manifest
from sources.usgs_myb.load import SNAPSHOT_DIR
from sources.usgs_myb.source import HOST, SOURCE


def snapshot_files(edition: int | None = None) -> dict[str, str]:
    """file name -> sha256 of the bundled files (of ``edition`` only, if given)."""
    entries = verify_manifest(SOURCE.name, SNAPSHOT_DIR)
    return {e.path: e.sha256 for e in entries if edition is None or int(e.edition) == edition}


def download_file(
    dest_dir: Path,
    file_name: str,
    *,
    host: str = HOST,
    client: httpx.Client | None = None,
    retry: RetryPolicy | None = None,
    sha256: str | None = None,
) -> Path:
    """Fetch ``<host>/<file_name>`` to ``dest_dir``; refuse a body that is not a workbook of
    the file's kind or whose sha256 is not the snapshot's (``sha256`` overrides)."""
    known = snapshot_files().get(file_name)
    dest = Path(dest_dir) / file_name
    provenance = {
        "publisher": SOURCE.publisher,
        "licence": SOURCE.licence,
        "dataset": SOURCE.dataset,
        "file_name": file_name,
    }
    download(
        f"{host.rstrip('/')}/{file_name}",
        dest,
        provenance=provenance,
        client=client,
        retry=retry,
        kind=None if file_name.endswith(".xls") else "xlsx",  # .xls: no sniffing kind; sha256
        sha256=sha256 or known,
    )
    return dest


def download_release(dest_dir: Path, *, url: str = HOST, edition: int | None = None) -> Path:
    """The landing's entry point: fetch every file of ``edition`` (default: all bundled
    editions) from the host ``url`` (the record's URL names one file: its folder is used)."""
    host = url.rsplit("/", 1)[0] if url.endswith((".xlsx", ".xls")) else url
    for name in snapshot_files(edition):
        download_file(dest_dir, name, host=host)
    return Path(dest_dir)
