"""Live download of the IEA Critical Minerals Dataset workbook.

IEA publishes the workbook from its data-explorer page behind a (free) login, so there is no
stable public file URL. The URL is therefore a parameter (Dagster config ``url``); the default
is the data-explorer page named in the provenance (PROVENANCE-2 §A6). Whatever the URL, the
body must be an xlsx workbook (a ZIP container): an HTML page is refused with a
:class:`DownloadError` that says so, and nothing is left behind.

The file lands as ``<dest_dir>/<file_name>`` with a ``.provenance.json`` sidecar
(``sources/common/http.py``: retries, limits, atomic write, cache by URL and sha256;
the body must be a complete xlsx (ZIP) workbook).
"""

from __future__ import annotations

from pathlib import Path

import httpx

from sources.common.http import DownloadError, Limits, RetryPolicy, download
from sources.iea.source import SOURCE

DEFAULT_URL = "https://www.iea.org/data-and-statistics/data-tools/critical-minerals-data-explorer"
DEFAULT_FILE_NAME = "CM_Data_Explorer.xlsx"
PUBLISHER = SOURCE.publisher
LICENCE = SOURCE.licence
DATASET = "IEA Critical Minerals Data Explorer / Critical Minerals Dataset"


def download_workbook(
    dest_dir: Path,
    *,
    url: str = DEFAULT_URL,
    edition: int | None = None,
    file_name: str = DEFAULT_FILE_NAME,
    client: httpx.Client | None = None,
    force: bool = False,
    retry: RetryPolicy | None = None,
    limits: Limits | None = None,
) -> Path:
    """Fetch the workbook at ``url`` to ``dest_dir/file_name``; refuse a non-xlsx body."""
    dest = Path(dest_dir) / file_name
    provenance = {
        "publisher": PUBLISHER,
        "licence": LICENCE,
        "dataset": DATASET,
        "edition": edition,
        "page": DEFAULT_URL,
        "file_name": file_name,
    }
    try:
        download(
            url,
            dest,
            provenance=provenance,
            client=client,
            force=force,
            retry=retry,
            kind="xlsx",
            limits=limits,
        )
    except DownloadError as exc:
        if "not an xlsx workbook" in str(exc):
            raise DownloadError(
                url,
                "the body is not an xlsx workbook; IEA serves the workbook from its "
                "data-explorer page after a login: pass the workbook's own URL",
                status=exc.status,
                expected="an xlsx workbook (ZIP container)",
            ) from exc
        raise
    return dest


def download_release(dest_dir: Path, *, url: str, edition: int | None = None) -> Path:
    """The landing's entry point (orchestration/assets/releases.py): fetch the release into
    ``dest_dir`` and return the folder to load."""
    download_workbook(dest_dir, url=url, edition=edition)
    return Path(dest_dir)
