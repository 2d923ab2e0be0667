"""Live download of the two USITC DataWeb workbooks (imports for consumption, domestic exports).

DataWeb answers queries interactively (or through its API with an account); the query of
2026-07-10 is kept as two workbooks by the repository that made it, fetched here at a fixed
commit and checked against the known sha256 of each (the bytes of the bundled snapshot), so a
changed file is refused rather than landed. Each lands as ``<dest_dir>/<name>`` with a
``.provenance.json`` sidecar (``sources/common/http.py``: retries, limits, atomic write, cache by
URL and sha256; the body must be a complete xlsx workbook).
"""

from __future__ import annotations

from pathlib import Path

import httpx

from sources.common.http import Limits, RetryPolicy, download
from sources.usitc_dataweb.source import COMMIT, REPO_FOLDER, REPOSITORY, SOURCE

LIVE_URL = SOURCE.url  # the folder; each file name is appended
# file name -> sha256 of the bytes at the commit (equal to the repository's query_manifest.json)
FILES = {
    "us_imports_for_consumption_1993-2026.xlsx": (
        "fb453f549a3a9923b474a7b1fc4833b98319eef110e00920d79fb63b558d9b45"
    ),
    "us_domestic_exports_1993-2026.xlsx": (
        "204dbe2f51cf3d0f5eaf554359dac50a27c45c3572b17d268b12629fea59f19c"
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
    """Fetch both workbooks from the folder ``url`` to ``dest_dir``; refuse a body that is not
    an xlsx or (``check_sha256``) whose sha256 is not the known one."""
    paths = []
    for name, sha256 in FILES.items():
        dest = Path(dest_dir) / name
        provenance = {
            "publisher": SOURCE.publisher,
            "licence": SOURCE.licence,
            "dataset": SOURCE.dataset,
            "file_name": name,
            "repository": REPOSITORY,
            "commit": COMMIT,
            "repository_path": f"{REPO_FOLDER}/{name}",
        }
        download(
            url.rstrip("/") + "/" + name,
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
    """The landing's entry point (orchestration/assets/releases.py): fetch both workbooks into
    ``dest_dir`` and return the folder to load."""
    download_workbooks(dest_dir, url=url)
    return Path(dest_dir)
