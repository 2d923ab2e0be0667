"""The Dagster instance under DAGSTER_HOME: its settings, and its SQLite storage created once.

The first process to open a brand-new DAGSTER_HOME creates Dagster's SQLite files
(`history/runs.db`, `history/runs/index.db`, `schedules/schedules.db`) and stamps their schema;
two doing it at once (two `dagster` CLIs, `dagster dev` beside `make demo`) race: "table
run_tags already exists", or alembic's "Requested revision ... overlaps". `initialise` does it
once, under a file lock in DAGSTER_HOME: the first process creates the files, the others wait
and find them. `make setup` runs it (`python -m orchestration.instance`) as it puts
`dagster.yaml` in place, and `make demo` again, so every `dagster` command after `make` opens a
storage that exists.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dagster as dg
from filelock import FileLock

SETTINGS = Path(__file__).with_name("dagster.yaml")
INIT_LOCK = ".init.lock"


def dagster_home() -> Path:
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        raise SystemExit("DAGSTER_HOME is not set (make sets it: $MINERALS_WAREHOUSE_DIR/.dagster)")
    return Path(home)


def install_settings(home: Path) -> None:
    """``home``/dagster.yaml as orchestration/dagster.yaml says (replaced whole, atomically)."""
    target = home / "dagster.yaml"
    if target.exists() and target.read_bytes() == SETTINGS.read_bytes():
        return
    partial = home / f".dagster.yaml.{os.getpid()}"
    partial.write_bytes(SETTINGS.read_bytes())
    partial.replace(target)


def initialise() -> Path:
    """DAGSTER_HOME's settings in place and its storage created, once: later processes only
    open it."""
    home = dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    with FileLock(home / INIT_LOCK):
        install_settings(home)
        with dg.DagsterInstance.get() as instance:
            instance.get_runs(limit=1)
    return home


def main() -> int:
    print(f"Dagster instance ready: {initialise()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
