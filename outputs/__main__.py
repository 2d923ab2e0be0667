"""Analyst outputs from the published warehouse: `python -m outputs` writes the exports, the
data dictionary and the HTML report (`--report-only`: the report, and the exports only if they
do not come from the published file)."""

import argparse
import sys

from outputs.exports import repair_outputs, write_outputs, write_report
from storage.settings import warehouse_paths


def _warn(message: str) -> None:
    print(message, file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--importer", default="USA", help="ISO3 of the importer (default USA)")
    parser.add_argument(
        "--report-only", action="store_true", help="report.html (exports/ only if stale)"
    )
    args = parser.parse_args(argv)
    paths = warehouse_paths()
    if args.report_only:
        report = write_report(paths, importer=args.importer)
        repair_outputs(paths, log=_warn)
        print(report["path"])
        return
    outputs = write_outputs(paths, importer=args.importer)
    exports = outputs["exports"]
    print(f"{exports['path']} ({len(exports['marts'])} marts as Parquet and CSV, dictionary)")
    print(outputs["report"]["path"])


if __name__ == "__main__":
    main()
