"""Publishing is safe against analysts' sessions and their leftovers, and against kills."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from sources.common.snapshot import sha256_of
from storage.publishing import publish, wal_of
from storage.settings import ENV_VAR, REPO_ROOT
from tests.conftest import build

pytestmark = pytest.mark.build

ANALYST_WRITES = (
    "import duckdb, os, sys\n"
    "con = duckdb.connect(sys.argv[1])\n"
    "con.execute('create table main.analyst_notes as select 42 as answer')\n"
    "print('written', flush=True)\n"
    "if sys.argv[2] == 'crash':\n"
    "    os._exit(1)\n"
    "sys.stdin.read()\n"
    "con.close()\n"
)


def analyst_session(db, mode: str) -> subprocess.Popen:
    session = subprocess.Popen(
        [sys.executable, "-c", ANALYST_WRITES, str(db), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert session.stdout.readline().strip() == "written"
    return session


def marts_readable(db) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select count(*) from fct_production_concentration").fetchone()[0]


def publish_only():
    from orchestration.assets.publish import published_warehouse

    return build(selection=[published_warehouse.key])


def test_a_crashed_read_write_session_leaves_a_wal_that_never_breaks_the_new_file(
    warehouse_copy,
):
    analyst_session(warehouse_copy.published, "crash").wait(timeout=30)
    assert wal_of(warehouse_copy.published).exists()

    assert publish_only().success

    assert not wal_of(warehouse_copy.published).exists()
    assert marts_readable(warehouse_copy.published) > 300
    (kept,) = warehouse_copy.previous.glob("minerals-*.duckdb")
    assert wal_of(kept).exists()
    with duckdb.connect(str(kept)) as con:  # the analyst's table is not lost
        assert con.execute("select answer from analyst_notes").fetchone() == (42,)


def test_a_live_read_write_session_stops_publishing_before_anything_is_replaced(
    warehouse_copy,
):
    inode = warehouse_copy.published.stat().st_ino
    session = analyst_session(warehouse_copy.published, "stay")
    try:
        result = publish_only()
    finally:
        session.communicate("", timeout=30)
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    message = str(failure.event_specific_data.error)
    assert "open read-write by another process" in message
    # following the advice keeps what the session wrote
    advice = f"publish again: the file as it leaves it is then kept in {warehouse_copy.previous}/"
    assert advice in message
    assert warehouse_copy.published.stat().st_ino == inode  # not replaced
    with duckdb.connect(str(warehouse_copy.published), read_only=True) as con:
        assert con.execute("select answer from analyst_notes").fetchone() == (42,)


def test_a_table_an_analyst_wrote_and_closed_is_kept_in_previous(warehouse_copy):
    """The session closed cleanly (no .wal): the file differs from what was published."""
    analyst_session(warehouse_copy.published, "stay").communicate("", timeout=30)
    assert not wal_of(warehouse_copy.published).exists()
    said = []

    publish(warehouse_copy, said.append)

    (kept,) = warehouse_copy.previous.glob("minerals-*.duckdb")
    with duckdb.connect(str(kept), read_only=True) as con:
        assert con.execute("select answer from analyst_notes").fetchone() == (42,)
    assert said[0].startswith(
        f"minerals.duckdb kept as {kept} before it was replaced: it differs from publication"
    )
    with duckdb.connect(str(warehouse_copy.published), read_only=True) as con:
        assert not con.execute(
            "select * from information_schema.tables where table_name = 'analyst_notes'"
        ).fetchall()


def test_an_unchanged_published_file_is_not_kept(warehouse_copy):
    publish(warehouse_copy)
    assert not warehouse_copy.previous.exists()
    record = json.loads(warehouse_copy.publication.read_text())
    assert record["sha256"] == sha256_of(warehouse_copy.published)
    assert record["bytes"] == warehouse_copy.published.stat().st_size


BUILD_FROM_RAW = ["job", "execute", "-j", "build_from_raw"]  # everything but the trade years
PUBLISH_ONLY = ["asset", "materialize", "--select", "published_warehouse"]


def run_cli(paths, home, command: list[str]) -> subprocess.Popen:
    env = {**os.environ, ENV_VAR: str(paths.root), "DAGSTER_HOME": str(home)}
    return subprocess.Popen(
        [str(REPO_ROOT / ".venv" / "bin" / "dagster"), *command, "-m", "orchestration.definitions"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_when(process: subprocess.Popen, ready, timeout: float = 400) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if ready():
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            return True
        time.sleep(0.01)
    process.kill()
    return False


def test_killed_at_every_phase_the_published_file_is_never_broken(warehouse_copy, tmp_path):
    """kill -9 while landing, during dbt, while publishing, and with an analyst's crashed
    session: the published file is always readable and is the last passed build."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO_ROOT / "orchestration" / "dagster.yaml", home / "dagster.yaml")
    paths = warehouse_copy
    before = sha256_of(paths.published)
    # publishing first: the copy's working copy passed its build, so a run of the publishing
    # asset alone reaches it at once (after the other kills it would need a whole dbt build)
    phases = {
        "publish": (
            PUBLISH_ONLY,
            lambda: paths.published.with_name(".minerals.duckdb.publishing").exists(),
        ),
        "landing": (BUILD_FROM_RAW, lambda: paths.lock_owner.exists()),
        "dbt": (BUILD_FROM_RAW, lambda: paths.dbt_pid.exists()),
    }
    killed = {}
    for phase, (command, ready) in phases.items():
        killed[phase] = kill_when(run_cli(paths, home, command), ready)
        assert marts_readable(paths.published) > 300
        assert sha256_of(paths.published) == before, f"killed during {phase}"
    assert killed == {"publish": True, "landing": True, "dbt": True}

    analyst_session(paths.published, "crash").wait(timeout=30)
    with duckdb.connect(str(paths.build)) as con:  # a mart renamed since the last build
        con.execute("create table main.fct_renamed_away as select 1 as stale")
    rebuilt = build()

    assert rebuilt.success
    assert marts_readable(paths.published) > 300
    assert not paths.dbt_pid.exists()
    assert not list(paths.published.parent.glob(".*.publishing"))
    with duckdb.connect(str(paths.published), read_only=True) as con:
        assert not con.execute(
            "select * from information_schema.tables where table_name = 'fct_renamed_away'"
        ).fetchall()
