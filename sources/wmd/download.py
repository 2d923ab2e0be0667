"""Live download of World Mining Data table 6.4 (the publisher's current workbook).

The workbook lands as ``<dest_dir>/<file name from the URL>`` with a ``.provenance.json``
sidecar (``sources/common/http.py``: retries, limits, atomic write, cache by URL and sha256;
the body must be a complete xlsx (ZIP) workbook). The publisher
replaces the file with each new edition under the same URL; the loader derives the edition
from the header years (``sources.wmd.parse.edition_from_years``).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import httpx

from sources.common.archive import safe_file_name
from sources.common.errors import shorten
from sources.common.http import Limits, RetryPolicy, download
from sources.wmd.source import SOURCE

LIVE_URL = (
    "https://www.world-mining-data.info/wmd/downloads/XLS/"
    "6.4.%20Production_of_Mineral_Raw_Materials_of_individual_Countries_by_Minerals.xlsx"
)
PUBLISHER = SOURCE.publisher
LICENCE = SOURCE.licence
DATASET = (
    "World Mining Data, table 6.4 Production of Mineral Raw Materials of individual "
    "Countries, by Minerals, https://www.world-mining-data.info/"
)


def file_name_of(url: str) -> str:
    """The file name at the end of ``url``'s path; refuses one that is no plain file name."""
    name = PurePosixPath(unquote(urlsplit(url).path)).name
    if safe_file_name(name) is None or not name.lower().endswith(".xlsx"):
        raise ValueError(
            f"{shorten(url, 300)}: expected a URL ending in a workbook file name (*.xlsx), "
            f"got {name!r}"
        )
    return name


def download_table(
    dest_dir: Path,
    *,
    url: str = LIVE_URL,
    client: httpx.Client | None = None,
    force: bool = False,
    retry: RetryPolicy | None = None,
    limits: Limits | None = None,
    revalidate: bool = False,
) -> Path:
    """Fetch the table 6.4 workbook to ``dest_dir``; refuse a body that is not an xlsx.

    ``revalidate``: ask the server whether the cached copy changed (the publisher replaces the
    file under the same URL) instead of reusing it without a request."""
    name = file_name_of(url)
    dest = Path(dest_dir) / name
    provenance = {
        "publisher": PUBLISHER,
        "licence": LICENCE,
        "dataset": DATASET,
        "file_name": name,
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
        revalidate=revalidate,
    )
    return dest


def download_release(dest_dir: Path, *, url: str, edition: int | None = None) -> Path:
    """The landing's entry point (orchestration/assets/releases.py): fetch the release into
    ``dest_dir`` and return the folder to load."""
    download_table(dest_dir, url=url)
    return Path(dest_dir)
