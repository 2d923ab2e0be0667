"""Live download of the World Bank Pink Sheet monthly workbook.

The World Bank republishes ``CMO-Historical-Data-Monthly.xlsx`` every month at a new
thedocs.worldbank.org address (linked from https://www.worldbank.org/en/research/
commodity-markets); ``LIVE_URL`` is the one recorded with the bundled release and the URL is a
parameter (Dagster config ``url``). The body must be a complete xlsx (ZIP) workbook; its bytes
change with each release, so no sha256 is pinned. It lands as ``<dest_dir>/<FILE_NAME>`` with a
``.provenance.json`` sidecar (``sources/common/http.py``: retries, limits, atomic write, cache
by URL and sha256).
"""

from __future__ import annotations

from pathlib import Path

import httpx

from sources.common.http import Limits, RetryPolicy, download
from sources.wb_pink_sheet.source import SOURCE

FILE_NAME = "CMO-Historical-Data-Monthly.xlsx"
LIVE_URL = SOURCE.url
PAGE = "https://www.worldbank.org/en/research/commodity-markets"


def download_workbook(
    dest_dir: Path,
    *,
    url: str = LIVE_URL,
    client: httpx.Client | None = None,
    force: bool = False,
    retry: RetryPolicy | None = None,
    limits: Limits | None = None,
    sha256: str | None = None,
) -> Path:
    """Fetch the monthly workbook to ``dest_dir``; refuse a body that is not an xlsx (or, when
    ``sha256`` is given, whose digest differs)."""
    dest = Path(dest_dir) / FILE_NAME
    provenance = {
        "publisher": SOURCE.publisher,
        "licence": SOURCE.licence,
        "dataset": SOURCE.title,
        "page": PAGE,
        "file_name": FILE_NAME,
    }
    download(
        url,
        dest,
        provenance=provenance,
        client=client,
        force=force,
        retry=retry,
        kind="xlsx",
        limits=limits,
        sha256=sha256,
    )
    return dest


def download_release(dest_dir: Path, *, url: str, edition: int | None = None) -> Path:
    """The landing's entry point (orchestration/assets/releases.py): fetch the workbook into
    ``dest_dir`` and return the folder to load (its edition is its release date's year)."""
    download_workbook(dest_dir, url=url)
    return Path(dest_dir)
