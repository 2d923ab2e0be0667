"""Live download of the atlas's BACI extract ``reconcile/fixtures/reconcile/baci_2022.csv``.

Fetched from raw.githubusercontent.com at the recorded commit; the body must have the sha256
of the bundled copy (sources/atlas_baci/snapshot/MANIFEST.csv), so a changed file is refused.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from sources.atlas_baci.load import SNAPSHOT_DIR
from sources.atlas_baci.source import SOURCE
from sources.atlas_flows.atlas import download_files, known_files
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
    """The landing's entry point (orchestration/assets/releases.py): fetch the extract into
    ``dest_dir`` and return the folder to load."""
    return download_files(dest_dir, url, FILES, dataset=SOURCE.dataset, client=client, retry=retry)
