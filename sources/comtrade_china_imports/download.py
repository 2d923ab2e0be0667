"""Live download of China's HS 2846 imports: one UN Comtrade public preview API call per year.

The calls are those the bundled manifest.json records (its ``files``: year, file name and URL:
``period=<year>&reporterCode=156&cmdCode=2846&flowCode=M&partner2Code=0&customsCode=C00&
motCode=0&maxRecords=500&...``); ``url`` replaces the API endpoint (scheme, host and path)
and keeps each call's query. Each response lands as ``<dest_dir>/<year>.json`` with a
``.provenance.json`` sidecar (``sources/common/http.py``: retries, limits, atomic write, cache
by URL; the body must be JSON). The API's figures are revised, so no sha256 is required:
load.py checks what arrives (records, World rows) as it checks the snapshot.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from sources.common.http import Limits, RetryPolicy, download
from sources.comtrade_china_imports.load import MANIFEST_JSON, SNAPSHOT_DIR
from sources.comtrade_china_imports.source import SOURCE

LIVE_URL = SOURCE.url


def year_calls(manifest: Path = SNAPSHOT_DIR / MANIFEST_JSON) -> dict[str, str]:
    """file name -> the query string of its API call, from the bundled manifest.json."""
    files = json.loads(manifest.read_bytes())["files"]
    return {entry["file"]: urlsplit(entry["url"]).query for entry in files}


def download_years(
    dest_dir: Path,
    *,
    url: str = LIVE_URL,
    client: httpx.Client | None = None,
    force: bool = False,
    retry: RetryPolicy | None = None,
    limits: Limits | None = None,
) -> list[Path]:
    """Fetch every year's response from the endpoint ``url`` into ``dest_dir``."""
    paths = []
    for name, query in year_calls().items():
        provenance = {
            "publisher": SOURCE.publisher,
            "licence": SOURCE.licence,
            "dataset": SOURCE.dataset,
            "file_name": name,
        }
        dest = Path(dest_dir) / name
        download(
            f"{url}?{query}",
            dest,
            provenance=provenance,
            client=client,
            force=force,
            retry=retry,
            kind="json",
            limits=limits,
        )
        paths.append(dest)
    return paths


def download_release(dest_dir: Path, *, url: str, edition: int | None = None) -> Path:
    """The landing's entry point (orchestration/assets/releases.py): fetch every year into
    ``dest_dir`` and return the folder to load."""
    download_years(dest_dir, url=url)
    return Path(dest_dir)
