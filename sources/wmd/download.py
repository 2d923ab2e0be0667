"""Live download of World Mining Data table 6.4 (the publisher's current workbook).

The workbook lands as ``<dest_dir>/<file name from the URL>`` with a ``.provenance.json``
sidecar (``sources/common/http.py``: retries, atomic write, cache by sha256). The publisher
replaces the file with each new edition under the same URL; the loader derives the edition
from the header years (``sources.wmd.parse.edition_from_years``).
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import httpx

from sources.common.http import DownloadError, RetryPolicy, download, sidecar_path

LIVE_URL = (
    "https://www.world-mining-data.info/wmd/downloads/XLS/"
    "6.4.%20Production_of_Mineral_Raw_Materials_of_individual_Countries_by_Minerals.xlsx"
)
PUBLISHER = "Austrian Federal Ministry of Finance (BMF), World Mining Data"
LICENCE = (
    "Free government publication; attribution required "
    "(Reichl, C., Schatz, M.: World Mining Data <edition>, Vienna)"
)
DATASET = (
    "World Mining Data, table 6.4 Production of Mineral Raw Materials of individual "
    "Countries, by Minerals, https://www.world-mining-data.info/"
)
_XLSX_MAGIC = b"PK\x03\x04"


def file_name_of(url: str) -> str:
    return PurePosixPath(unquote(urlsplit(url).path)).name


def download_table(
    dest_dir: Path,
    *,
    url: str = LIVE_URL,
    client: httpx.Client | None = None,
    force: bool = False,
    retry: RetryPolicy | None = None,
) -> Path:
    """Fetch the table 6.4 workbook to ``dest_dir``; refuse a body that is not an xlsx."""
    name = file_name_of(url)
    dest = Path(dest_dir) / name
    provenance = {
        "publisher": PUBLISHER,
        "licence": LICENCE,
        "dataset": DATASET,
        "file_name": name,
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
            f"the body is not an xlsx workbook (starts with {head!r})",
            status=200,
            expected="an xlsx workbook (ZIP container)",
        )
    return dest
