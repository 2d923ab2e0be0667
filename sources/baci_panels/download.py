"""Live download of the BACI panels: the three CSVs from GitHub at the recorded commit.

CEPII publishes BACI as whole release zips (sources/baci/download.py); these per-code panels
exist only as the causal-engine project's extracts, fetched here at a fixed commit and checked
against the known sha256 of each file (the bundled snapshot's bytes), so a changed file is
refused rather than landed (``sources/common/http.py``: retries, limits, atomic write, cache
by URL and sha256, a ``.provenance.json`` sidecar per file).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import httpx

from sources.baci_panels.source import COMMIT, REPO_DIR, REPOSITORY, SOURCE
from sources.common.http import Limits, RetryPolicy, download

LIVE_URL = SOURCE.url
SHA256 = {
    "cepii_graphite.csv": "cf9ca939d62a1b8b31ac004fbd26c64676c5cfa26c4c900a43b5705f2eea227e",
    "cepii_lithium.csv": "648552013733533d02eb9d4c662d9168b96e6dd79d2cbb883b209d6ab1f164d5",
    "cepii_rare_earths.csv": "2424de13c0fef4c30ec2bd72e196cb2e44126ae1ea3f677c20f6b0059b657d4f",
}


def download_files(
    dest_dir: Path,
    base_url: str,
    files: Mapping[str, str | None],
    provenance: Mapping[str, str],
    *,
    client: httpx.Client | None = None,
    force: bool = False,
    retry: RetryPolicy | None = None,
    limits: Limits | None = None,
) -> list[Path]:
    """Fetch ``base_url`` + each name of ``files`` (name -> expected sha256, None: any CSV)
    into ``dest_dir``; a body that is not CSV text or has another sha256 is refused."""
    paths = []
    for name, sha256 in files.items():
        dest = Path(dest_dir) / name
        download(
            base_url.rstrip("/") + "/" + name,
            dest,
            provenance={**provenance, "file_name": name},
            client=client,
            force=force,
            retry=retry,
            kind="csv",
            limits=limits,
            sha256=sha256,
        )
        paths.append(dest)
    return paths


def download_panels(
    dest_dir: Path,
    *,
    url: str = LIVE_URL,
    sha256: Mapping[str, str | None] = SHA256,
    **options,
) -> list[Path]:
    """The three panel files into ``dest_dir`` (``options``: client, force, retry, limits)."""
    provenance = {
        "publisher": SOURCE.publisher,
        "licence": SOURCE.licence,
        "dataset": SOURCE.dataset,
        "repository": REPOSITORY,
        "commit": COMMIT,
        "repository_path": REPO_DIR,
    }
    return download_files(dest_dir, url, sha256, provenance, **options)


def download_release(dest_dir: Path, *, url: str, edition: int | None = None) -> Path:
    """The landing's entry point (orchestration/assets/releases.py): fetch the panels into
    ``dest_dir`` and return the folder to load."""
    download_panels(dest_dir, url=url)
    return Path(dest_dir)
