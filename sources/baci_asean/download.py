"""Live download of the BACI ASEAN file from GitHub at the recorded commit.

The only copy found is the bfna-indopacific project's extract, fetched at a fixed commit and
checked against the known sha256 (the bundled snapshot's bytes): a changed file is refused
(``sources/common/http.py`` through sources/baci_panels/download.py's ``download_files``).
"""

from __future__ import annotations

from pathlib import Path

from sources.baci_asean.load import FILE_NAME
from sources.baci_asean.source import COMMIT, REPO_PATH, REPOSITORY, SOURCE
from sources.baci_panels.download import download_files

LIVE_URL = SOURCE.url
SHA256 = "314df8a90aa7c21d2a187a9656a9dc4f9c9558d0fa7892dad20692331e2c7d60"


def download_table(
    dest_dir: Path, *, url: str = LIVE_URL, sha256: str | None = SHA256, **options
) -> Path:
    """The ASEAN file into ``dest_dir`` (``options``: client, force, retry, limits)."""
    provenance = {
        "publisher": SOURCE.publisher,
        "licence": SOURCE.licence,
        "dataset": SOURCE.dataset,
        "repository": REPOSITORY,
        "commit": COMMIT,
        "repository_path": REPO_PATH,
    }
    base_url = url.removesuffix(FILE_NAME)
    (path,) = download_files(dest_dir, base_url, {FILE_NAME: sha256}, provenance, **options)
    return path


def download_release(dest_dir: Path, *, url: str, edition: int | None = None) -> Path:
    """The landing's entry point (orchestration/assets/releases.py): fetch the file into
    ``dest_dir`` and return the folder to load."""
    download_table(dest_dir, url=url)
    return Path(dest_dir)
