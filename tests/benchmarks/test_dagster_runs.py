"""The benchmark's helpers: step times read from a Dagster run, the landed years' sidecars,
the ratios to one year, the year field of the synthetic members, the --backfill option."""

import dagster as dg
from dagster._core.execution.plan.objects import StepFailureData, StepSuccessData

from tests.benchmarks.bench_baci import years_list
from tests.benchmarks.dagster_runs import (
    backfill_line,
    relative_to_one_year,
    step_durations,
    year_figures,
)
from tests.benchmarks.synthetic_baci import with_year


def step_event(kind: str, step: str, timestamp: float, **data) -> dg.EventLogEntry:
    """A step event as the instance stores it (what get_records_for_run returns)."""
    specific = {
        "STEP_SUCCESS": lambda: StepSuccessData(duration_ms=data["milliseconds"]),
        "STEP_FAILURE": lambda: StepFailureData(error=None, user_failure_data=None),
    }
    event = dg.DagsterEvent(
        event_type_value=kind,
        job_name="__ASSET_JOB",
        step_key=step,
        event_specific_data=specific.get(kind, lambda: None)(),
    )
    return dg.EventLogEntry(
        error_info=None,
        level="DEBUG",
        user_message="",
        run_id="a-run",
        timestamp=timestamp,
        step_key=step,
        job_name="__ASSET_JOB",
        dagster_event=event,
    )


def test_step_durations_are_read_from_the_runs_step_events():
    entries = [
        step_event("STEP_START", "baci_trade_flows", 100.0),
        step_event("STEP_START", "dbt_models", 100.5),
        step_event("STEP_SUCCESS", "baci_trade_flows", 108.0, milliseconds=7_512.0),
        step_event("STEP_FAILURE", "dbt_models", 130.0),
    ]
    assert step_durations(entries) == {"baci_trade_flows": 7.512, "dbt_models": 29.5}


def sidecar(year: int, rows: int, peaks: dict[int, float]) -> dict:
    """A landed year's provenance: the run's peaks of every year, as land_partitions writes."""
    return {
        "year": year,
        "rows": rows,
        "worker_peak_rss_mb": {str(y): peak for y, peak in peaks.items()},
    }


def test_year_figures_take_each_landed_years_own_peak_and_rows():
    peaks = {2020: 250.0, 2021: 310.5, 2022: 280.0, 2019: 900.0}  # 2019: not landed here
    sidecars = [sidecar(2020, 100, peaks), sidecar(2021, 120, peaks), sidecar(2022, 100, peaks)]
    assert year_figures(sidecars) == {
        "worker_peak_rss_mb": [250.0, 310.5],
        "rows_per_year": [100, 120],
    }


def run(years: int, per_year: float, peak: float) -> dict:
    return {
        "years": years,
        "wall_seconds": 10.0 + years,
        "step_seconds": per_year * years,
        "step_seconds_per_year": per_year,
        "worker_peak_rss_mb": [peak - 20, peak],
        "rows_per_year": [78_000, 78_000],
    }


def test_each_backfill_is_set_against_the_one_year_run():
    runs = [run(5, 1.5, 300.0), run(1, 3.0, 400.0), run(20, 1.2, 320.0)]
    ratios = relative_to_one_year(runs)
    assert [r["years"] for r in ratios] == [5, 1, 20]
    assert [round(r["time_ratio"], 3) for r in ratios] == [0.5, 1.0, 0.4]
    assert [round(r["peak_ratio"], 3) for r in ratios] == [0.75, 1.0, 0.8]
    line = backfill_line(runs[2], ratios[2])
    assert "N=20" in line and "1.20 s/year (0.40x N=1)" in line
    assert "300-320 MB (0.80x N=1)" in line and "78,000 rows/year" in line


def test_with_year_changes_the_year_field_only():
    member = b"t,i,j,k,v,q\n2022,4,8,102022,2022.5,2022\n2022,12,2022,282022,1.0,\n"
    assert with_year(member, 2022, 2009) == (
        b"t,i,j,k,v,q\n2009,4,8,102022,2022.5,2022\n2009,12,2022,282022,1.0,\n"
    )


def test_backfill_option_takes_several_years_counts():
    assert years_list("1,5,20") == [1, 5, 20]
    assert years_list("0") == []
    assert years_list("3") == [3]
