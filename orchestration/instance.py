"""The Dagster instance under DAGSTER_HOME: its settings, and its SQLite storage created once.

The first process to open a brand-new DAGSTER_HOME creates Dagster's SQLite files
(`history/runs.db`, `history/runs/index.db`, `schedules/schedules.db`) and stamps their schema;
two doing it at once (two `dagster` CLIs, `dagster dev` beside `make demo`) race: "table
run_tags already exists", or alembic's "Requested revision ... overlaps". Our dagster.yaml
names `LockedSqliteStorage`, Dagster's own SQLite storage opened under a file lock in
DAGSTER_HOME, so the first creates the files and the others wait and find them.

`python -m orchestration.instance` (run by `make setup`) writes `$DAGSTER_HOME/dagster.yaml`
from orchestration/dagster.yaml and creates the storage.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import dagster as dg
from dagster._core.storage.sqlite_storage import DagsterSqliteStorage
from filelock import FileLock

SETTINGS = Path(__file__).with_name("dagster.yaml")
INIT_LOCK = ".storage-init.lock"


class LockedSqliteStorage(DagsterSqliteStorage):
    """Dagster's SQLite storage of ``base_dir``, created or opened under ``base_dir``'s lock."""

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls.from_local(inst_data=inst_data, **config_value)

    @classmethod
    def from_local(cls, base_dir: str, inst_data=None):
        Path(base_dir).mkdir(parents=True, exist_ok=True)
        with FileLock(Path(base_dir) / INIT_LOCK):
            return cls(base_dir, inst_data=inst_data)


def dagster_home() -> Path:
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        raise SystemExit(
            "DAGSTER_HOME is not set: `make` sets it to $MINERALS_WAREHOUSE_DIR/.dagster"
        )
    return Path(home)


def install_settings(home: Path) -> Path:
    """``home``/dagster.yaml as orchestration/dagster.yaml says (replaced whole, atomically)."""
    home.mkdir(parents=True, exist_ok=True)
    target = home / "dagster.yaml"
    partial = home / f".dagster.yaml.{os.getpid()}"
    shutil.copyfile(SETTINGS, partial)
    partial.replace(target)
    return target


def initialise() -> Path:
    """DAGSTER_HOME's settings in place and its storage created: later processes only open it."""
    home = dagster_home()
    install_settings(home)
    with dg.DagsterInstance.get() as instance:
        instance.get_runs(limit=1)
    return home


def main() -> int:
    print(f"Dagster instance ready: {initialise()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
