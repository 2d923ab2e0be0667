"""Live download of World Mining Data table 6.4 (the publisher's current workbook) or of an
archived edition.

The workbook lands as ``<dest_dir>/<file name from the URL>`` with a ``.provenance.json``
sidecar (``sources/common/http.py``: retries, limits, atomic write, cache by URL and sha256;
the body must be a complete xlsx (ZIP) workbook). The publisher
replaces the file with each new edition under the same URL; the loader derives the edition
from the header years (``sources.wmd.parse.edition_from_years``) and the table (6.4 or 6.5)
from the title. Past editions are no longer online at the publisher: ``ARCHIVED`` gives the
GitHub copies the bundled snapshot was taken from (raw URLs at a fixed commit), each checked
against the sha256 of the bundled file, so a changed file is refused rather than landed.
"""

from __future__ import annotations

from dataclasses import dataclass
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
FINEPRINT = (
    "https://raw.githubusercontent.com/repolly/EW_MFA_UN_IRP_Update_v3/"
    "667d3a351dd6f2aeceeadf6224fbf7603ee6f7bd/03_intermediate/01_data_retrieval/wmd/"
)
ORIGIN_STRATEGIC_MINERALS = (
    "https://raw.githubusercontent.com/annejscott/origin-strategic-minerals/"
    "284178c5e532fab96d1d970ce8d3f788109cfd16/data/mining-data/"
)


@dataclass(frozen=True)
class Archived:
    """An edition's workbook at a fixed commit of the repository it was copied from."""

    url: str
    sha256: str


ARCHIVED = {
    2020: Archived(
        FINEPRINT + "wmd_raw_2020-07-17.xlsx",
        "4df495f87e8fe1a6ad0dd5a630a26b23df59eb69376be6767083a1c9d72a6616",
    ),
    2021: Archived(
        FINEPRINT + "wmd_raw_2021-04-07.xlsx",
        "d35d504c82b14009b0ab639e5dc6238544c1b4779a2d47188d8fff70265845ec",
    ),
    2022: Archived(
        FINEPRINT + "wmd_raw_2022-09-07.xlsx",
        "2122c9739c2fa0a468aab8869866f1058f8b265e2e0fbba1640b649cfd14e178",
    ),
    2024: Archived(
        ORIGIN_STRATEGIC_MINERALS
        + "6.5.%20Share_of_World_Mineral_Production_2022_by_Countries.xlsx",
        "4c944d01c48fe2150915083105778c8bb148bdaaf66b24105156bfe8f0a9967b",
    ),
}
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
    sha256: str | None = None,
) -> Path:
    """Fetch a WMD workbook to ``dest_dir``; refuse a body that is not an xlsx, or whose sha256
    is not ``sha256`` when given (an archived edition's).

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
        sha256=sha256,
    )
    return dest


def download_release(dest_dir: Path, *, url: str, edition: int | None = None) -> Path:
    """The landing's entry point (orchestration/assets/releases.py): fetch the release into
    ``dest_dir`` and return the folder to load. With an archived ``edition`` (2020, 2021,
    2022, 2024) and the default ``url`` (the publisher's current file), the archived copy is
    fetched instead and must match its sha256; any other ``url`` is fetched as given."""
    archived = ARCHIVED.get(edition) if edition is not None else None
    if archived is not None and url == LIVE_URL:
        download_table(dest_dir, url=archived.url, sha256=archived.sha256)
    else:
        download_table(dest_dir, url=url)
    return Path(dest_dir)
