"""Live download of the World Mining Data 1984-2017 compilation (table 6.4, one workbook).

The publisher offers no download of this long series; the only copy found is the one the
FINEPRINT project (WU Vienna) keeps as input data on GitHub, fetched here at a fixed commit and
checked against the known sha256 (the bytes of the bundled snapshot), so a changed file is
refused rather than landed. The workbook lands as ``<dest_dir>/wmd_6.4._total_1984-2017.xlsx``
with a ``.provenance.json`` sidecar (``sources/common/http.py``: retries, limits, atomic write,
cache by URL and sha256; the body must be a complete xlsx (ZIP) workbook).
"""

from __future__ import annotations

from pathlib import Path

import httpx

from sources.common.http import Limits, RetryPolicy, download
from sources.wmd_history.source import COMMIT, REPO_PATH, REPOSITORY, SOURCE

FILE_NAME = "wmd_6.4._total_1984-2017.xlsx"
LIVE_URL = SOURCE.url
SHA256 = "97e979a470461bc1ebf8572a76b981fd645b819238831fce820a584283e81fda"
BYTES = 610424
PUBLISHER = SOURCE.publisher
LICENCE = SOURCE.licence
DATASET = (
    "World Mining Data, table 6.4 Production of Mineral Raw Materials of individual "
    "Countries, by Minerals, 1984-2017 compilation (saved 2019-07-12), "
    f"https://www.world-mining-data.info/; copy from GitHub {REPOSITORY}@{COMMIT} {REPO_PATH}"
)


def download_table(
    dest_dir: Path,
    *,
    url: str = LIVE_URL,
    client: httpx.Client | None = None,
    force: bool = False,
    retry: RetryPolicy | None = None,
    limits: Limits | None = None,
    sha256: str | None = SHA256,
) -> Path:
    """Fetch the compilation to ``dest_dir``; refuse a body that is not an xlsx or whose sha256
    is not ``sha256`` (default: the known digest; None: accept any workbook)."""
    dest = Path(dest_dir) / FILE_NAME
    provenance = {
        "publisher": PUBLISHER,
        "licence": LICENCE,
        "dataset": DATASET,
        "file_name": FILE_NAME,
        "repository": REPOSITORY,
        "commit": COMMIT,
        "repository_path": REPO_PATH,
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
    """The landing's entry point (orchestration/assets/releases.py): fetch the compilation
    into ``dest_dir`` and return the folder to load."""
    download_table(dest_dir, url=url)
    return Path(dest_dir)
