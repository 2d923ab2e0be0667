"""What a landing is made of: its release's files and the code that parses them.

Two landings with the same fingerprint land the same tables (the parsers are deterministic),
so a run whose source files and parser did not change since the tables were landed can keep
them instead of parsing the release again (orchestration/assets/landing.py).
"""

import hashlib
from importlib.metadata import version
from pathlib import Path

from sources.common.files import sha256_of

SOURCES_DIR = Path(__file__).resolve().parents[1]
# libraries whose behaviour shapes the landed frames
PARSING_LIBRARIES = ("polars", "pandera", "openpyxl", "xlrd")


def _files(directory: Path, pattern: str) -> list[Path]:
    return sorted(path for path in directory.rglob(pattern) if path.is_file())


def _installed(library: str) -> str:
    try:
        return version(library)
    except ImportError:
        return "-"


def release_fingerprint(source: str, directory: Path) -> str:
    """sha256 over every file of the release folder (path and content), the source's package
    and sources/common (the parsing code), and the parsing libraries' versions."""
    digest = hashlib.sha256()
    for path in _files(directory, "*"):
        digest.update(f"file {path.relative_to(directory)} {sha256_of(path)}\n".encode())
    for package in (SOURCES_DIR / source, SOURCES_DIR / "common"):
        for path in _files(package, "*.py"):
            digest.update(f"code {path.relative_to(SOURCES_DIR)} {sha256_of(path)}\n".encode())
    for library in PARSING_LIBRARIES:
        digest.update(f"library {library} {_installed(library)}\n".encode())
    return digest.hexdigest()
