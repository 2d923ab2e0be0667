"""Live download of the atlas year files ``out/flows_2002.json ... out/flows_2024.json``.

The atlas publishes them only in its GitHub repository: they are fetched from
raw.githubusercontent.com at the recorded commit and each must have the sha256 of the bundled
copy (sources/atlas_flows/snapshot/MANIFEST.csv), so a changed file is refused rather than
landed.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from sources.atlas_flows.atlas import download_files, known_files
from sources.atlas_flows.load import SNAPSHOT_DIR
from sources.atlas_flows.source import SOURCE
from sources.common.http import RetryPolicy

LIVE_URL = SOURCE.url
FILES = known_files(SNAPSHOT_DIR)


def download_release(
    dest_dir: Path,
    *,
    url: str = LIVE_URL,
    edition: int | None = None,
    client: httpx.Client | None = None,
    retry: RetryPolicy | None = None,
) -> Path:
    """The landing's entry point (orchestration/assets/releases.py): fetch the 23 year files
    into ``dest_dir`` and return the folder to load."""
    return download_files(dest_dir, url, FILES, dataset=SOURCE.dataset, client=client, retry=retry)
