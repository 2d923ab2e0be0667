"""Live download of the World Bank Worldwide Governance Indicators.

Since the 2024 update the World Bank publishes the full dataset as one long-layout workbook
(one row per economy x indicator x year) at ``DEFAULT_URL``; :mod:`sources.wgi.parse` reads it
as well as the older wide workbook bundled in the snapshot. The URL is a parameter (Dagster
config ``url``). The body must be an xlsx workbook (ZIP container) or a CSV: an HTML page is
refused with a :class:`DownloadError` and nothing is left behind.

The file lands as ``<dest_dir>/<file_name>`` with a ``.provenance.json`` sidecar
(``sources/common/http.py``: retries, atomic write, cache by sha256).
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

import httpx

from sources.common.http import DownloadError, RetryPolicy, download, sidecar_path
from sources.wgi.source import SOURCE

DEFAULT_URL = "https://www.worldbank.org/content/dam/sites/govindicators/doc/wgidataset.xlsx"
PAGE = "https://www.worldbank.org/en/publication/worldwide-governance-indicators"
DEFAULT_FILE_NAME = "wgidataset.xlsx"
PUBLISHER = SOURCE.publisher
LICENCE = SOURCE.licence
DATASET = "Worldwide Governance Indicators (WGI)"
_XLSX_MAGIC = b"PK\x03\x04"


def download_dataset(
    dest_dir: Path,
    *,
    url: str = DEFAULT_URL,
    edition: int | None = None,
    file_name: str = DEFAULT_FILE_NAME,
    client: httpx.Client | None = None,
    force: bool = False,
    retry: RetryPolicy | None = None,
) -> Path:
    """Fetch the dataset at ``url`` to ``dest_dir/file_name``; refuse an HTML page."""
    dest = Path(dest_dir) / file_name
    provenance = {
        "publisher": PUBLISHER,
        "licence": LICENCE,
        "dataset": DATASET,
        "edition": edition,
        "page": PAGE,
        "file_name": file_name,
    }
    download(url, dest, provenance=provenance, client=client, force=force, retry=retry)
    with dest.open("rb") as handle:
        head = handle.read(512)
    is_xlsx = head.startswith(_XLSX_MAGIC)
    looks_html = head.lstrip().lower().startswith((b"<!doctype", b"<html"))
    if dest.suffix.lower() == ".xlsx" and not is_xlsx or looks_html:
        for path in (dest, sidecar_path(dest)):
            with suppress(FileNotFoundError):
                path.unlink()
        raise DownloadError(
            url,
            f"the body is not the WGI dataset (starts with {head[:16]!r}); pass the URL of "
            "the xlsx workbook or the long-layout CSV",
            status=200,
            expected="an xlsx workbook (ZIP container) or a CSV",
        )
    return dest


def download_release(dest_dir: Path, *, url: str, edition: int | None = None) -> Path:
    """The landing's entry point (orchestration/assets/releases.py): fetch the release into
    ``dest_dir`` and return the folder to load."""
    download_dataset(dest_dir, url=url, edition=edition)
    return Path(dest_dir)
