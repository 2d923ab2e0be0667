"""A backfill as one run per year, launched together, so that years spread over the workers of
a Dask cluster (docs/scaling.md, "On a Dask cluster").

    python -m orchestration.year_runs --scheduler tcp://127.0.0.1:8786 --partition-range 2022...2024

Each year is its own `dagster asset materialize --partition YYYY` of the partitioned landings
(BACI and Comtrade trade years, USGS MCS editions) with the run config DASK_RUN_CONFIG: the
run's steps (one per source) are tasks on the cluster's workers. More `-c` files add to it
(the landings' ops config: `mode: live`...). The landings keep their single-run backfill policy (a
`--partition-range` is one run, its years in local worker processes); this is the multi-run
form of the same backfill. dbt and publishing stay in one place afterwards:
`dagster job execute -m orchestration.definitions -j build_from_raw`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import dagster as dg

from orchestration.partitions import YEARS
from storage.settings import REPO_ROOT

# every partitioned landing: a year of BACI and Comtrade, an edition of the USGS MCS tables
YEAR_LANDINGS = 'baci/baci__trade_flows,comtrade/comtrade__trade_records,key:"usgs_mcs/*"'
# the executor of each year run: the steps go to the Dask scheduler at {address}
DASK_RUN_CONFIG = """\
execution:
  config:
    dask:
      cluster:
        existing:
          address: {address}
"""


def years_of(partition_range: str) -> list[str]:
    """'2022...2024' -> ['2022', '2023', '2024']: the partitions (YEARS) of the range."""
    first, _, last = partition_range.partition("...")
    keys = YEARS.get_partition_keys()
    if not (first in keys and last in keys and first <= last):
        raise ValueError(
            f"--partition-range {partition_range!r}: expected FIRST...LAST, years of "
            f"{keys[0]}...{keys[-1]}"
        )
    return YEARS.get_partition_keys_in_range(dg.PartitionKeyRange(first, last))


def materialize_command(
    year: str, configs: Sequence[Path], select: str = YEAR_LANDINGS
) -> list[str]:
    """The `dagster asset materialize` of one year, with the run config files ``configs``."""
    dagster = str(Path(sys.executable).parent / "dagster")
    return [
        *(dagster, "asset", "materialize", "-m", "orchestration.definitions"),
        *("--select", select, "--partition", year),
        *(option for config in configs for option in ("-c", str(config))),
    ]


def run_years(
    years: Sequence[str],
    scheduler: str,
    configs: Sequence[Path] = (),
    select: str = YEAR_LANDINGS,
    parallel: int = 2,
    env: dict[str, str] | None = None,
) -> dict[str, subprocess.CompletedProcess]:
    """One run per year on the Dask scheduler at ``scheduler``, ``parallel`` at a time;
    each run's finished process, by year."""
    with tempfile.TemporaryDirectory() as folder:
        executor = Path(folder) / "dask.yaml"
        executor.write_text(DASK_RUN_CONFIG.format(address=scheduler))

        def run(year: str) -> subprocess.CompletedProcess:
            command = materialize_command(year, [executor, *configs], select)
            return subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)

        with ThreadPoolExecutor(parallel) as pool:
            return dict(zip(years, pool.map(run, years), strict=True))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--partition-range", required=True, help="FIRST...LAST, e.g. 2022...2024")
    parser.add_argument("--scheduler", required=True, help="the Dask scheduler: tcp://host:port")
    parser.add_argument(
        "-c", "--config", type=Path, action="append", default=[], help="more config"
    )
    parser.add_argument("--select", default=YEAR_LANDINGS, help="the landings of each year")
    parser.add_argument("--parallel", type=int, default=2, help="runs at a time")
    args = parser.parse_args(argv)
    years = years_of(args.partition_range)
    done = run_years(years, args.scheduler, args.config, args.select, args.parallel)
    failed = {year: run for year, run in done.items() if run.returncode}
    for year, run in failed.items():
        print(f"year {year}: the run failed\n{run.stderr[-3000:]}", file=sys.stderr)
    print(f"{len(done) - len(failed)} of {len(done)} year runs succeeded")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
