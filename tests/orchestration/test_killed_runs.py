"""A killed multiprocess run leaves nothing landing behind it (issue 16, item 10): its step
processes and their load_years workers die with the run worker, and write nothing."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from storage.raw_layer import table_dir
from storage.raw_ledger import ledger_file
from storage.settings import ENV_VAR, REPO_ROOT
from tests.orchestration.killed_run_job import SLOW_SECONDS, SOURCE, TABLE

RUN_CONFIG = "execution:\n  config:\n    multiprocess:\n      max_concurrent: 2\n"
MARKS = ("step.pid", "worker-2021.pid", "worker-2022.pid")


def alive(pid: int) -> bool:
    """Running (a zombie nobody reaped has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def start_run(tmp_path: Path, marks: Path) -> subprocess.Popen:
    """`dagster asset materialize` of the slow landing, years 2021-2022, with the
    multiprocess executor: the CLI process is the run worker, the step its child."""
    config = tmp_path / "run.yaml"
    config.write_text(RUN_CONFIG)
    home = tmp_path / "dagster_home"
    home.mkdir()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        ENV_VAR: str(tmp_path / "warehouse"),
        "KILLED_RUN_MARKS": str(marks),
        "PYTHONPATH": str(REPO_ROOT),
    }
    command = [
        str(Path(sys.executable).parent / "dagster"),
        "asset",
        "materialize",
        "-m",
        "tests.orchestration.killed_run_job",
        "--select",
        f"{SOURCE}/{TABLE}",
        "--partition-range",
        "2021...2022",
        "-c",
        str(config),
    ]
    return subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "run.log").open("w"),
    )


def test_a_killed_multiprocess_run_lands_nothing_after_the_kill(tmp_path):
    marks = tmp_path / "marks"
    marks.mkdir()
    run = start_run(tmp_path, marks)
    try:
        started = wait_for(lambda: all((marks / m).exists() for m in MARKS), 180)
        assert started, (tmp_path / "run.log").read_text()[-3000:]
        pids = [int((marks / m).read_text()) for m in MARKS]
        run.send_signal(signal.SIGKILL)  # the run worker, as the OOM killer or `kill -9` would
        run.wait()
        killed_at = time.monotonic()

        # the step and its workers die with the run worker...
        assert wait_for(lambda: not any(alive(pid) for pid in pids), 10), [
            pid for pid in pids if alive(pid)
        ]
        # ...and nothing lands once the years would have loaded
        time.sleep(max(0.0, killed_at + SLOW_SECONDS + 2 - time.monotonic()))
        raw = tmp_path / "warehouse" / "raw"
        assert not list(table_dir(raw, SOURCE, TABLE).glob("*=*/*.parquet"))
        assert not ledger_file(raw, SOURCE, TABLE).exists()
    finally:
        run.kill()
        for mark in MARKS:
            if (marks / mark).exists() and alive(pid := int((marks / mark).read_text())):
                os.kill(pid, signal.SIGKILL)


def test_a_step_whose_run_worker_died_may_not_write(tmp_path):
    out = tmp_path / "verdict"
    script = (
        "from tests.orchestration.killed_run_job import orphan_a_child; "
        f"orphan_a_child({str(out)!r})"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, env=env, timeout=60, check=True)

    assert wait_for(out.exists, 30)
    assert wait_for(lambda: out.read_text().strip() != "", 5)
    assert out.read_text().startswith("run run-1: its run worker (pid ")
    assert out.read_text().endswith("is gone (the run was killed); this step lands nothing more")
