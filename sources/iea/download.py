"""Live download of the IEA Critical Minerals Dataset workbook.

IEA publishes the workbook from its data-explorer page behind a (free) login, so there is no
stable public file URL. The URL is therefore a parameter (Dagster config ``url``); the default
is the data-explorer page named in the provenance (PROVENANCE-2 §A6). Whatever the URL, the
body must be an xlsx workbook (a ZIP container): an HTML page is refused with a
:class:`DownloadError` that says so, and nothing is left behind.

The file lands as ``<dest_dir>/<file_name>`` with a ``.provenance.json`` sidecar
(``sources/common/http.py``: retries, atomic write, cache by sha256).
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

import httpx

from sources.common.http import DownloadError, RetryPolicy, download, sidecar_path

DEFAULT_URL = "https://www.iea.org/data-and-statistics/data-tools/critical-minerals-data-explorer"
DEFAULT_FILE_NAME = "CM_Data_Explorer.xlsx"
PUBLISHER = "International Energy Agency (IEA), Paris"
LICENCE = "CC BY 4.0; cite: IEA (<edition>), Critical Minerals Data Explorer, IEA, Paris"
DATASET = "IEA Critical Minerals Data Explorer / Critical Minerals Dataset"
_XLSX_MAGIC = b"PK\x03\x04"


def download_workbook(
    dest_dir: Path,
    *,
    url: str = DEFAULT_URL,
    edition: int | None = None,
    file_name: str = DEFAULT_FILE_NAME,
    client: httpx.Client | None = None,
    force: bool = False,
    retry: RetryPolicy | None = None,
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
    download(url, dest, provenance=provenance, client=client, force=force, retry=retry)
    with dest.open("rb") as handle:
        head = handle.read(len(_XLSX_MAGIC))
    if head != _XLSX_MAGIC:
        for path in (dest, sidecar_path(dest)):
            with suppress(FileNotFoundError):
                path.unlink()
        raise DownloadError(
            url,
            f"the body is not an xlsx workbook (starts with {head!r}); IEA serves the workbook "
            "from its data-explorer page after a login: pass the workbook's own URL",
            status=200,
            expected="an xlsx workbook (ZIP container)",
        )
    return dest
