"""Analyst outputs from the published warehouse: `python -m outputs` writes the exports, the
data dictionary and the HTML report (`--report-only`: the report alone)."""

import argparse

from outputs.exports import report_path, write_outputs
from outputs.html_report import write_report
from storage.settings import warehouse_paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--importer", default="USA", help="ISO3 of the importer (default USA)")
    parser.add_argument(
        "--report-only", action="store_true", help="write report.html only, not exports/"
    )
    args = parser.parse_args(argv)
    paths = warehouse_paths()
    if args.report_only:
        report = write_report(paths.published, report_path(paths), importer=args.importer)
        print(report["path"])
        return
    outputs = write_outputs(paths, importer=args.importer)
    exports = outputs["exports"]
    print(f"{exports['path']} ({len(exports['marts'])} marts as Parquet and CSV, dictionary)")
    print(outputs["report"]["path"])


if __name__ == "__main__":
    main()
