"""The release sensors, against the local HTTP server (never the internet)."""

import json

import dagster as dg

from orchestration.partitions import RANGE_END, RANGE_START
from orchestration.sensors import build_baci_release_sensor, build_usgs_mcs_release_sensor

ITEMS = {2025: {"item": "677eaf95d34e760b392c4970"}, 2026: {"item": "696a75d5d4be0228872d3bf8"}}


def item(updated: str, files: list[str]) -> dict:
    return {
        "title": f"Mineral Commodity Summaries Data Release ({updated})",
        "provenance": {"lastUpdated": updated},
        "files": [{"name": name, "size": 10} for name in files],
    }


def serve_items(server, updated_2026: str, files_2026=("world.zip",)) -> None:
    server.add_json("/catalog/item/677eaf95d34e760b392c4970", item("2025-04-01", ["world.zip"]))
    server.add_json("/catalog/item/696a75d5d4be0228872d3bf8", item(updated_2026, files_2026))


def tick(sensor: dg.SensorDefinition, cursor: str | None):
    context = dg.build_sensor_context(cursor=cursor)
    data = sensor.evaluate_tick(context)
    return data.run_requests, data.cursor, data.skip_message


def test_usgs_sensor_runs_once_per_new_release(http_server):
    sensor = build_usgs_mcs_release_sensor(http_server.base_url, ITEMS)
    serve_items(http_server, "2026-01-30T12:00:00Z")

    runs, cursor, skip = tick(sensor, None)
    assert runs == [] and "first look" in skip
    runs, cursor, skip = tick(sensor, cursor)
    assert runs == [] and "no new MCS release" in skip

    serve_items(http_server, "2026-03-02T09:00:00Z", ("world.zip", "salient.zip"))
    runs, cursor, _ = tick(sensor, cursor)
    (run,) = runs
    assert run.run_config == {"ops": {"usgs_mcs_tables": {"config": {"mode": "live"}}}}
    assert "MCS 2026" in run.tags["release"] and run.job_name in (None, "build_warehouse")
    # the run lands the changed edition only (its partition); the others stay as landed
    assert (run.tags[RANGE_START], run.tags[RANGE_END]) == ("2026", "2026")
    runs, cursor, _ = tick(sensor, cursor)
    assert runs == []
    assert all(r.query.get("format") == "json" for r in http_server.requests)


def test_usgs_sensor_skips_when_sciencebase_is_down(http_server):
    sensor = build_usgs_mcs_release_sensor(http_server.base_url, ITEMS)
    serve_items(http_server, "2026-01-30T12:00:00Z")
    _, cursor, _ = tick(sensor, None)
    http_server.add("/catalog/item/696a75d5d4be0228872d3bf8", "gone", status=404)
    runs, after, skip = tick(sensor, cursor)
    assert runs == [] and "ScienceBase not readable" in skip and after == cursor


def page(*releases: str) -> str:
    links = "".join(f'<a href="/data/BACI_HS17_{r}.zip">BACI {r}</a>' for r in releases)
    return f"<html><body><h1>BACI</h1>{links}</body></html>"


def test_baci_sensor_runs_once_per_new_release(http_server):
    url = http_server.add("/baci.asp", page("V202501", "V202601"), headers={"ETag": '"a"'})
    sensor = build_baci_release_sensor(url)

    runs, cursor, skip = tick(sensor, None)  # the landed release is V202601
    assert runs == [] and "no BACI release newer than V202601" in skip

    http_server.add("/baci.asp", "", status=304)
    runs, cursor, skip = tick(sensor, cursor)
    assert runs == [] and "304" in skip
    assert http_server.requests_for("/baci.asp")[-1].headers.get("If-None-Match") == '"a"'

    http_server.add("/baci.asp", page("V202601", "V202701"), headers={"ETag": '"b"'})
    runs, cursor, _ = tick(sensor, cursor)
    (run,) = runs
    assert run.run_key == "baci:V202701"
    config = run.run_config["ops"]["baci_trade_flows"]["config"]
    assert config == {"mode": "live", "release": "V202701"}
    assert run.tags["dagster/asset_partition_range_start"] == "2025"
    assert json.loads(cursor)["release"] == "V202701"

    runs, cursor, skip = tick(sensor, cursor)
    assert runs == [] and "newer than V202701" in skip
