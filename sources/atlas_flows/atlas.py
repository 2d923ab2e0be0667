"""Where the Critical Materials Atlas files come from (shared by atlas_flows and atlas_baci).

The atlas (criticalmaterialsatlas.org) publishes its data only in its GitHub repository; the
snapshot and the live downloads read it at one fixed commit.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from sources.common.http import RetryPolicy, client_scope, download
from sources.common.snapshot import read_manifest

REPOSITORY = "Varcolacus/critical-materials-atlas"
COMMIT = "17b328d2239864e993895582a29fdd3b5ceb479b"
RAW_BASE_URL = f"https://raw.githubusercontent.com/{REPOSITORY}/{COMMIT}"
# the BACI release every atlas file was built from, landed as the edition
EDITION = 2026
RELEASE = "V202601"
PUBLISHER = "CEPII (BACI); compiled by the Critical Materials Atlas"
COLLECTOR = f"GitHub {REPOSITORY} (criticalmaterialsatlas.org), commit {COMMIT[:8]}"
LICENCE = (
    "BACI: Etalab Open Licence 2.0 (attribution 'Source: CEPII, BACI'); the atlas repository "
    "has no licence file (its README cites Zenodo DOI 10.5281/zenodo.21948855): the "
    "collector's layout and labels are attribution-required, licence unknown"
)


def known_files(snapshot_dir: Path) -> dict[str, str]:
    """File name -> sha256 of the bundled files (the bytes a live download must have)."""
    return {Path(e.path).name: e.sha256 for e in read_manifest(snapshot_dir)}


def download_files(
    dest_dir: Path,
    base_url: str,
    files: dict[str, str],
    *,
    dataset: str,
    client: httpx.Client | None = None,
    retry: RetryPolicy | None = None,
    force: bool = False,
) -> Path:
    """Fetch ``base_url/<name>`` for every name of ``files`` into ``dest_dir``; a body whose
    sha256 is not the recorded one is refused (sources/common/http.py: retries, limits,
    atomic write, cache by URL and sha256). Returns ``dest_dir``."""
    dest_dir = Path(dest_dir)
    with client_scope(client) as http:
        for name, sha256 in sorted(files.items()):
            download(
                f"{base_url.rstrip('/')}/{name}",
                dest_dir / name,
                provenance={
                    "publisher": PUBLISHER,
                    "licence": LICENCE,
                    "dataset": dataset,
                    "repository": REPOSITORY,
                    "commit": COMMIT,
                },
                client=http,
                retry=retry,
                force=force,
                sha256=sha256,
            )
    return dest_dir
