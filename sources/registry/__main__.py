"""`python -m sources.registry`: regenerate the files derived from the source records;
`--check`: list what is stale and exit 1 (nothing is written)."""

import argparse
import sys

from sources.registry import all_sources
from sources.registry.generate import REPO_ROOT, stale_files, stray_sources_files, write_files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only list stale files")
    args = parser.parse_args(argv)
    sources = all_sources()
    if args.check:
        problems = stale_files(sources)
        for line in problems:
            print(line)
        return 1 if problems else 0
    for path in write_files(sources):
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    for path in stray_sources_files(sources):
        path.unlink()
        print(f"removed {path.relative_to(REPO_ROOT)} (no registered source generates it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
