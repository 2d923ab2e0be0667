"""Live download of USGS Data Series 140: the JSON library and the two full workbooks.

* The JSON library (to 1992) exists only as a GitHub copy: ``catalog.json``, then
  ``commodities/<id>.json`` of every commodity the catalog lists (or of ``commodities``),
  fetched from the recorded commit (``SOURCE.url``) and checked against the sha256 of each
  file recorded in ``library_digests.csv`` (all 93 files: the 85 bundled ones and the 7
  left out of the bundle), so a changed file is refused rather than landed.
* The workbooks come from USGS itself (the catalog's ``download_url``): lithium 2021 and
  rare earths 2020, checked against the sha256 of the bundled copies.

Files land as ``<dest_dir>/catalog.json``, ``commodities/<id>.json`` and
``workbooks/<name>.xlsx``, each with a ``.provenance.json`` sidecar
(``sources/common/http.py``: retries, limits, atomic write, cache by URL and sha256).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

import httpx

from sources.common.http import RetryPolicy, client_scope, download
from sources.usgs_ds140.parse import CATALOG
from sources.usgs_ds140.source import LIBRARY_COMMIT, LIBRARY_REPOSITORY, SOURCE

LIBRARY_URL = SOURCE.url
DIGESTS = Path(__file__).parent / "library_digests.csv"
USGS_FILES = "https://d9-wret.s3.us-west-2.amazonaws.com/assets/palladium/production/s3fs-public/media/files/"
# workbook file name -> (USGS URL, sha256 of the bundled copy)
WORKBOOKS = {
    "ds140-lithium-2021.xlsx": (
        USGS_FILES + "ds140-lithium-2021.xlsx",
        "0d223134e29f0f0a3c95134e4405b114d58e83ee30b3197155d887dd0476a663",
    ),
    "ds140-rare-earths-2020.xlsx": (
        USGS_FILES + "ds140-rare-earths-2020.xlsx",
        "0aed33ac422b49ec77b7c550d0e53e57a59b5a38ae315ea37d8e1088fc0bb85f",
    ),
}


def library_digests() -> dict[str, str]:
    """Relative path -> sha256 of every file of the library at the recorded commit."""
    with DIGESTS.open(newline="", encoding="utf-8") as handle:
        return {row["path"]: row["sha256"] for row in csv.DictReader(handle)}


def _provenance(name: str, **extra: str) -> dict[str, str]:
    return {
        "publisher": SOURCE.publisher,
        "licence": SOURCE.licence,
        "dataset": SOURCE.title,
        "file_name": name,
        **extra,
    }


LIBRARY_COPY = {"repository": LIBRARY_REPOSITORY, "commit": LIBRARY_COMMIT}


def download_library(
    dest_dir: Path,
    *,
    url: str = LIBRARY_URL,
    commodities: Iterable[str] | None = None,
    client: httpx.Client | None = None,
    retry: RetryPolicy | None = None,
) -> list[Path]:
    """Fetch catalog.json and the commodity files (every one the catalog lists, or
    ``commodities``) below ``url`` into ``dest_dir``; each must have its recorded sha256."""
    digests = library_digests()
    base = url if url.endswith("/") else url + "/"
    dest_dir = Path(dest_dir)
    with client_scope(client) as http:

        def fetch(rel: str) -> Path:
            if rel not in digests:
                raise ValueError(
                    f"{SOURCE.name}: {rel} has no sha256 in {DIGESTS.name}; expected one of "
                    f"the {len(digests)} files of the library at {LIBRARY_COMMIT}"
                )
            return download(
                base + rel,
                dest_dir / rel,
                provenance=_provenance(rel, **LIBRARY_COPY),
                client=http,
                retry=retry,
                kind="json",
                sha256=digests[rel],
            )

        catalog = fetch(CATALOG)
        listed = [c["id"] for c in json.loads(catalog.read_text(encoding="utf-8"))["commodities"]]
        wanted = listed if commodities is None else list(commodities)
        unknown = sorted(set(wanted) - set(listed))
        if unknown:
            raise ValueError(f"{SOURCE.name}: commodities {unknown} are not in {CATALOG}")
        return [catalog, *(fetch(f"commodities/{c}.json") for c in wanted)]


def download_workbooks(
    dest_dir: Path,
    *,
    workbooks: Mapping[str, tuple[str, str | None]] = WORKBOOKS,
    client: httpx.Client | None = None,
    retry: RetryPolicy | None = None,
) -> list[Path]:
    """Fetch the full workbooks (name -> (URL, sha256 or None)) into ``dest_dir/workbooks``."""
    with client_scope(client) as http:
        return [
            download(
                workbook_url,
                Path(dest_dir) / "workbooks" / name,
                provenance=_provenance(name),
                client=http,
                retry=retry,
                kind="xlsx",
                sha256=sha256,
            )
            for name, (workbook_url, sha256) in workbooks.items()
        ]


def download_release(dest_dir: Path, *, url: str, edition: int | None = None) -> Path:
    """The landing's entry point (orchestration/assets/releases.py): the whole library and
    both workbooks into ``dest_dir``; returns the folder to load."""
    download_library(dest_dir, url=url)
    download_workbooks(dest_dir)
    return Path(dest_dir)
