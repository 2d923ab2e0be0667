"""The pure helpers of bench_ingest_budget: medians per kind, the two-core floor, the report."""

import pytest

from tests.benchmarks.bench_ingest_budget import floor, measured, report, summary


def _run(seconds: float, cpu: float, peak: float = 200.0) -> dict:
    return {"seconds": seconds, "cpu": cpu, "peak_rss_mb": peak}


def test_summary_gives_medians_and_ranges_per_kind():
    runs = {"polars": [_run(0.6, 1.2, 340), _run(0.5, 1.0, 330), _run(0.9, 1.5, 350)]}
    row = summary(runs)["polars"]
    assert row["seconds"] == 0.6
    assert (row["seconds_min"], row["seconds_max"]) == (0.5, 0.9)
    assert (row["cpu"], row["cpu_min"], row["cpu_max"]) == (1.2, 1.0, 1.5)
    assert row["peak_rss_mb"] == 340


def test_floor_is_half_the_cpu_unless_the_inflate_alone_is_longer():
    table = {"inflate": {"cpu": 0.5}, "scan": {"cpu": 0.7}, "polars": {"cpu": 1.0}}
    bound = floor(table)
    assert bound["ingest_floor_seconds"] == pytest.approx(0.6)
    assert bound["polars_floor_seconds"] == pytest.approx(0.5)
    assert bound["cpu_ratio"] == pytest.approx(1.2)
    assert bound["scan_allowance"] == pytest.approx(0.5)
    table["inflate"]["cpu"] = 0.9  # the sequential inflate outlasts half the total
    assert floor(table)["ingest_floor_seconds"] == pytest.approx(0.9)


def test_report_names_every_kind_and_the_floor_only_when_it_can():
    table = summary({k: [_run(1.0, 0.5)] for k in ("polars", "inflate", "scan")})
    text = report(table, [3.0, 5.0, 4.0], rounds=1)
    assert "load average 3.0-5.0 (median 4.0)" in text
    assert all(f"  {kind} " in text for kind in ("polars", "inflate", "scan"))
    assert "floor on 2 cores: ingest 0.500 s" in text
    assert "floor" not in report(summary({"polars": [_run(1.0, 0.5)]}), [1.0], rounds=1)


def test_measured_adds_cpu_time_and_peak_to_the_result():
    outcome = measured(lambda: {"seconds": 0.0, "rows": sum(range(200_000))})
    assert outcome["rows"] == sum(range(200_000))
    assert outcome["cpu"] >= 0.0
    assert outcome["peak_rss_mb"] > 1.0
