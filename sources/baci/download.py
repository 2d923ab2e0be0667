"""Live downloader for CEPII BACI release zips (``BACI_HS17_V202601.zip``, one per HS revision).

The zip is streamed to ``<dest_dir>/BACI_HS{rev}_V{release}.zip`` with a ``.provenance.json``
sidecar; a copy from the same URL whose sha256 matches its sidecar is reused without any
request. The body must be a complete zip of at most 2 GiB, within a 4 h deadline
(``sources.common.http.DEFAULT_LIMITS["zip"]``; pass ``limits`` to change them).
"""

from __future__ import annotations

from pathlib import Path

import httpx

from sources.baci.source import SOURCE
from sources.common.http import Limits, RetryPolicy, download

BASE_URL = "https://www.cepii.fr/DATA_DOWNLOAD/baci/data"
PUBLISHER = SOURCE.publisher
LICENCE = SOURCE.licence
CITATION = "Gaulier & Zignago (2010) CEPII WP 2010-23"


def release_name(rev: str, release: str) -> str:
    """``BACI_HS17_V202601.zip`` from ("17" or "HS17", "202601" or "V202601")."""
    rev = rev.strip().upper().removeprefix("HS")
    release = release.strip().upper().removeprefix("V")
    if not (rev.isdigit() and len(rev) == 2 and release.isdigit() and len(release) == 6):
        raise ValueError(
            f"expected an HS revision like 17 and a release like 202601, got {rev!r}, {release!r}"
        )
    return f"BACI_HS{rev}_V{release}.zip"


# a whole BACI release (every year of an HS revision, e.g. HS92 1995 on) is a zip of a few GB:
# above the 2 GiB default for zips
RELEASE_LIMITS = Limits(max_bytes=16 << 30, deadline_s=8 * 3600.0)


def download_release(
    rev: str,
    release: str,
    dest_dir: Path,
    *,
    base_url: str = BASE_URL,
    client: httpx.Client | None = None,
    retry: RetryPolicy | None = None,
    limits: Limits | None = None,
    force: bool = False,
    sha256: str | None = None,
) -> Path:
    """Download (or reuse) one BACI release zip; returns its path. Safe to call before the
    warehouse writer lock is taken: it writes only ``dest_dir``, atomically."""
    name = release_name(rev, release)
    hs_rev, version = name.removesuffix(".zip").split("_")[1:]
    provenance = {
        "publisher": PUBLISHER,
        "dataset": f"BACI {hs_rev} {version}, {CITATION}",
        "licence": LICENCE,
    }
    url = f"{base_url.rstrip('/')}/{name}"
    return download(
        url,
        Path(dest_dir) / name,
        provenance=provenance,
        client=client,
        retry=retry,
        kind="zip",
        limits=limits or RELEASE_LIMITS,
        force=force,
        sha256=sha256,
    )
