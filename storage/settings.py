"""Where the warehouse lives. One environment variable, read when asked, never at import.

MINERALS_WAREHOUSE_DIR (default: <repo>/warehouse) holds
  minerals.duckdb         the published warehouse analysts and BI tools open read-only;
                          its table meta.publication names the publication it is;
  publication.json        that publication, with the file's sha256 and size as published;
  exports/, report.html   the analysts' outputs, stamped with the publication they come from;
  previous/               replaced files that differed from what was published (an analyst's
                          session wrote to them) or that a session's .wal came with;
  build/minerals.duckdb   the single writer's working copy (Dagster landing + dbt);
  build/writer.lock       held by the run that writes, so runs queue instead of colliding;
                          writer.lock.json names its holder (run, pid, since when);
  build/passed.json       written only by a full dbt build whose every model and test
                          passed, with the working copy's fingerprint: publishing needs it;
  build/dbt.pid           the dbt process of the current build (stopped if its run dies);
  raw/                    live downloads with their provenance sidecars, and the raw layer
                          of the trade years: raw/<source>/<table>/year=YYYY/*.parquet,
                          one file per year, written without the writer lock (raw_layer.py);
  raw/<source>/<table>/_ledger.json  what each landing wrote (file, sha256, rows, run): dbt
                          and publishing refuse any other file (raw_ledger.py);
  publication.json        the id, sha256 and size of what was last published.
dbt_project/profiles.yml reads the same variable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
ENV_VAR = "MINERALS_WAREHOUSE_DIR"


@dataclass(frozen=True)
class WarehousePaths:
    root: Path

    @property
    def published(self) -> Path:
        return self.root / "minerals.duckdb"

    @property
    def publication(self) -> Path:
        return self.root / "publication.json"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def report(self) -> Path:
        return self.root / "report.html"

    @property
    def build(self) -> Path:
        return self.root / "build" / "minerals.duckdb"

    @property
    def lock(self) -> Path:
        return self.root / "build" / "writer.lock"

    @property
    def lock_owner(self) -> Path:
        return self.root / "build" / "writer.lock.json"

    @property
    def build_passed(self) -> Path:
        return self.root / "build" / "passed.json"

    @property
    def dbt_pid(self) -> Path:
        return self.root / "build" / "dbt.pid"

    @property
    def previous(self) -> Path:
        return self.root / "previous"

    @property
    def raw_downloads(self) -> Path:
        return self.root / "raw"


def warehouse_paths() -> WarehousePaths:
    return WarehousePaths(Path(os.environ.get(ENV_VAR) or REPO_ROOT / "warehouse").resolve())
