"""Live download of the atlas trade summaries from the repository, at the commits that hold them.

The bundled files are re-keyed from a text index (the carrying commits were not fetchable), so
their bytes may differ from the originals: no sha256 is enforced by default (the URLs are pinned
to commits, and the parser checks the content: layout, vintages, the ``series`` block against
``years_data``). Each file lands as ``<dest_dir>/<name>`` with a ``.provenance.json`` sidecar
(``sources/common/http.py``: retries, limits, atomic write; the body must not be an HTML page).
"""

from __future__ import annotations

from pathlib import Path

import httpx

from sources.atlas_summaries.source import FILES, REPOSITORY, SOURCE
from sources.common.http import Limits, RetryPolicy, download

LIVE_URL = SOURCE.url  # https://raw.githubusercontent.com/<repository>/; + <commit>/<path>


def download_summaries(
    dest_dir: Path,
    *,
    url: str = LIVE_URL,
    client: httpx.Client | None = None,
    force: bool = False,
    retry: RetryPolicy | None = None,
    limits: Limits | None = None,
    sha256: dict[str, str] | None = None,
) -> list[Path]:
    """Fetch every summary file to ``dest_dir``; ``sha256`` (file name -> digest) refuses a
    body with another digest."""
    paths = []
    for name, (commit, path) in FILES.items():
        dest = Path(dest_dir) / name
        provenance = {
            "publisher": SOURCE.publisher,
            "licence": SOURCE.licence,
            "dataset": SOURCE.dataset,
            "file_name": name,
            "repository": REPOSITORY,
            "commit": commit,
            "repository_path": path,
        }
        download(
            f"{url.rstrip('/')}/{commit}/{path}",
            dest,
            provenance=provenance,
            client=client,
            force=force,
            retry=retry,
            kind="json",
            limits=limits,
            sha256=(sha256 or {}).get(name),
        )
        paths.append(dest)
    return paths


def download_release(dest_dir: Path, *, url: str, edition: int | None = None) -> Path:
    """The landing's entry point (orchestration/assets/releases.py)."""
    download_summaries(dest_dir, url=url)
    return Path(dest_dir)
