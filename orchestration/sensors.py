"""Sensors that notice a publisher's new release and run `build_warehouse` on it (off by default).

* `usgs_mcs_release_sensor` reads the ScienceBase item JSON of every MCS data-release item the
  downloader knows (sources/usgs_mcs/download.py EDITIONS): a new version of an edition (its
  `provenance.lastUpdated`, or its file list) triggers a live USGS run of the changed
  editions (the run's partitions).
* `baci_release_sensor` reads CEPII's BACI page: a release name newer than the one landed
  (`V202601`...) triggers a live BACI run of that release. ETag / Last-Modified are sent back
  (a 304 costs nothing).

Both keep what they last saw in their cursor, so only a new release triggers a run; the first
USGS evaluation records what is published (no run: the snapshot already has it). An unreachable
publisher is a skip (with the error), never a run. Turn them on in the UI (Automation).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

import dagster as dg
import httpx

from orchestration.assets.baci import SOURCE_URL as BACI_PAGE
from orchestration.assets.baci import BaciConfig
from orchestration.partitions import range_tags
from sources.common.http import DownloadError, Limits, RetryPolicy, get_json, new_client
from sources.usgs_mcs.download import EDITIONS, SCIENCEBASE

JOB = "build_warehouse"
CHECK_EVERY_S = 6 * 3600
TIMEOUT_S = 30.0
QUICK_RETRY = RetryPolicy(attempts=2, backoff_initial=1.0, backoff_max=5.0, retry_after_cap=10.0)
ITEM_LIMITS = Limits(
    max_bytes=16 << 20, deadline_s=60.0, connect_timeout_s=10.0, read_timeout_s=TIMEOUT_S
)
BACI_RELEASE = re.compile(r"\bV(20\d{2}(?:0[1-9]|1[0-2]))\b")


def usgs_run_config() -> dict[str, Any]:
    return {"ops": {"usgs_mcs_tables": {"config": {"mode": "live"}}}}


def baci_run_config(release: str) -> dict[str, Any]:
    """Live BACI of `release` (V202601): dictionaries and flows from its zip."""
    live = {"config": {"mode": "live", "release": release}}
    return {"ops": {"baci_dictionaries": live, "baci_trade_flows": live}}


def baci_run_tags(release: str) -> dict[str, str]:
    """The year a January release adds (trade up to two years back), as the run's partition."""
    year = int(release[1:5]) - 2
    return range_tags(year, year)


# USGS: ScienceBase item JSON ---------------------------------------------------------------


def item_signature(item: Mapping[str, Any]) -> str:
    """What changes when ScienceBase publishes a new version of an item."""
    updated = (item.get("provenance") or {}).get("lastUpdated")
    files = sorted(
        (str(f.get("name")), str(f.get("size")), str((f.get("checksum") or {}).get("value")))
        for f in item.get("files") or []
    )
    digest = hashlib.sha256(json.dumps(files).encode()).hexdigest()[:16]
    return f"{updated}|{digest}"


def build_usgs_mcs_release_sensor(
    base_url: str = SCIENCEBASE, editions: Mapping[int, Mapping[str, str]] = EDITIONS
) -> dg.SensorDefinition:
    @dg.sensor(
        name="usgs_mcs_release_sensor",
        job_name=JOB,
        minimum_interval_seconds=CHECK_EVERY_S,
        default_status=dg.DefaultSensorStatus.STOPPED,
        description="A new version of an MCS data release on ScienceBase (item JSON "
        "provenance.lastUpdated / files) runs build_warehouse with live USGS data.",
    )
    def usgs_mcs_release_sensor(context: dg.SensorEvaluationContext):
        seen: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
        now: dict[str, str] = {}
        changed: dict[int, str] = {}
        for edition, spec in sorted(editions.items()):
            url = f"{base_url.rstrip('/')}/catalog/item/{spec['item']}"
            try:
                item = get_json(
                    url, params={"format": "json"}, retry=QUICK_RETRY, limits=ITEM_LIMITS
                )
            except DownloadError as exc:
                return dg.SkipReason(f"ScienceBase not readable, nothing changed: {exc}")
            now[spec["item"]] = item_signature(item)
            if seen and seen.get(spec["item"]) != now[spec["item"]]:
                changed[edition] = f"MCS {edition}: {item.get('title', spec['item'])}"
        context.update_cursor(json.dumps(now, sort_keys=True))
        if not seen:
            return dg.SkipReason(f"first look: {len(now)} MCS items recorded, no run")
        if not changed:
            return dg.SkipReason("no new MCS release on ScienceBase")
        key = hashlib.sha256(json.dumps(now, sort_keys=True).encode()).hexdigest()[:16]
        return dg.RunRequest(
            run_key=f"usgs_mcs:{key}",
            run_config=usgs_run_config(),
            tags={
                "release": "; ".join(changed.values())[:200],
                "source": "usgs_mcs",
                **range_tags(min(changed), max(changed)),  # the changed editions
            },
        )

    return usgs_mcs_release_sensor


# BACI: the CEPII page -------------------------------------------------------------------


def latest_baci_release(page: str) -> str | None:
    """The newest `V<yyyymm>` release named on the page, or None."""
    found = BACI_RELEASE.findall(page)
    return f"V{max(found)}" if found else None


def build_baci_release_sensor(page_url: str = BACI_PAGE) -> dg.SensorDefinition:
    @dg.sensor(
        name="baci_release_sensor",
        job_name=JOB,
        minimum_interval_seconds=CHECK_EVERY_S,
        default_status=dg.DefaultSensorStatus.STOPPED,
        description="A BACI release (V<yyyymm>) newer than the landed one on CEPII's page "
        "runs build_warehouse with that release, live.",
    )
    def baci_release_sensor(context: dg.SensorEvaluationContext):
        seen: dict[str, str] = (
            json.loads(context.cursor) if context.cursor else {"release": BaciConfig().release}
        )
        headers = {
            name: seen[key]
            for name, key in (("If-None-Match", "etag"), ("If-Modified-Since", "last_modified"))
            if seen.get(key)
        }
        try:
            with new_client() as http:
                response = http.get(
                    page_url, headers=headers, timeout=TIMEOUT_S, follow_redirects=True
                )
        except httpx.HTTPError as exc:
            return dg.SkipReason(f"CEPII page not readable, nothing changed: {page_url}: {exc}")
        if response.status_code == 304:
            return dg.SkipReason("CEPII page unchanged (304)")
        if response.status_code != 200:
            return dg.SkipReason(f"CEPII page answered HTTP {response.status_code}: {page_url}")
        release = latest_baci_release(response.text)
        now = {
            "release": max(filter(None, [release, seen.get("release")])),
            "etag": response.headers.get("ETag", ""),
            "last_modified": response.headers.get("Last-Modified", ""),
        }
        context.update_cursor(json.dumps(now, sort_keys=True))
        if release is None:
            return dg.SkipReason(f"the CEPII page names no BACI release (V<yyyymm>): {page_url}")
        if seen.get("release") and release <= seen["release"]:
            return dg.SkipReason(f"no BACI release newer than {seen['release']}")
        return dg.RunRequest(
            run_key=f"baci:{release}",
            run_config=baci_run_config(release),
            tags={"release": f"BACI {release}", "source": "baci", **baci_run_tags(release)},
        )

    return baci_release_sensor


usgs_mcs_release_sensor = build_usgs_mcs_release_sensor()
baci_release_sensor = build_baci_release_sensor()
SENSORS = [usgs_mcs_release_sensor, baci_release_sensor]
