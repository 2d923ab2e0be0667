"""Where the warehouse lives. One environment variable, read when asked, never at import.

MINERALS_WAREHOUSE_DIR (default: <repo>/warehouse) holds
  minerals.duckdb         the published warehouse analysts and BI tools open read-only;
  build/minerals.duckdb   the single writer's working copy (Dagster landing + dbt);
  build/writer.lock       held by the run that writes, so runs queue instead of colliding.
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
    def build(self) -> Path:
        return self.root / "build" / "minerals.duckdb"

    @property
    def lock(self) -> Path:
        return self.root / "build" / "writer.lock"

    @property
    def raw_downloads(self) -> Path:
        return self.root / "raw"


def warehouse_paths() -> WarehousePaths:
    return WarehousePaths(Path(os.environ.get(ENV_VAR) or REPO_ROOT / "warehouse").resolve())
