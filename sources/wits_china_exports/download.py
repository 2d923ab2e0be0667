"""Live download of the three WITS panels of China's exports (one workbook per HS6 code).

WITS offers its downloads only through an interactive query; the panels (China's exports to
every partner, 2010-2024, with WITS's World rows) exist only in the replication repository
named in the source record, fetched here at a fixed commit and checked against the known
sha256 of each workbook (the bytes of the bundled snapshot), so a changed file is refused
rather than landed. Each workbook lands as ``<dest_dir>/<name>`` with a ``.provenance.json``
sidecar (``sources/common/http.py``: retries, limits, atomic write, cache by URL and sha256;
the body must be a complete xlsx workbook).
"""

from __future__ import annotations

from pathlib import Path

import httpx

from sources.common.http import Limits, RetryPolicy, download
from sources.wits_china_exports.source import COMMIT, REPO_FOLDER, REPOSITORY, SOURCE

LIVE_URL = SOURCE.url  # the repository folder at the commit; file names are appended
WORKBOOKS = {  # name -> sha256 (the bundled snapshot's bytes)
    "clean_china_ree_exports_284690_2010_2024.xlsx": (
        "2d348bbb14807c4912ac7ee22febc362102817a29ba66dca32692d34799ccd55"
    ),
    "china_ree_exports_280530_with_controls.xlsx": (
        "8aef7e950dbc947705f76ec5f8311f03637f5bdab79c0c397a398a208a8250e0"
    ),
    "china_ree_exports_850511_with_controls.xlsx": (
        "8a8548305291ad68a4d9b3fe531c0118bf37a1a68f09282a05b53a9f9aa8bd9f"
    ),
}


def download_workbooks(
    dest_dir: Path,
    *,
    url: str = LIVE_URL,
    client: httpx.Client | None = None,
    force: bool = False,
    retry: RetryPolicy | None = None,
    limits: Limits | None = None,
    check_sha256: bool = True,
) -> list[Path]:
    """Fetch the three workbooks from the folder ``url`` into ``dest_dir``; refuse a body that
    is not an xlsx or (with ``check_sha256``) whose sha256 is not the known one."""
    folder = url if url.endswith("/") else url + "/"
    paths = []
    for name, sha256 in WORKBOOKS.items():
        provenance = {
            "publisher": SOURCE.publisher,
            "licence": SOURCE.licence,
            "dataset": SOURCE.dataset,
            "file_name": name,
            "repository": REPOSITORY,
            "commit": COMMIT,
            "repository_path": f"{REPO_FOLDER}/{name}",
        }
        dest = Path(dest_dir) / name
        download(
            folder + name,
            dest,
            provenance=provenance,
            client=client,
            force=force,
            retry=retry,
            kind="xlsx",
            limits=limits,
            sha256=sha256 if check_sha256 else None,
        )
        paths.append(dest)
    return paths


def download_release(dest_dir: Path, *, url: str, edition: int | None = None) -> Path:
    """The landing's entry point (orchestration/assets/releases.py): fetch the workbooks into
    ``dest_dir`` and return the folder to load."""
    download_workbooks(dest_dir, url=url)
    return Path(dest_dir)
