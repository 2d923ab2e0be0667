"""Critical Materials Atlas year files (``flows_<year>.json``) -> one row per flow entry.

A file is a JSON object ``{year, source, centroids, names, iso, materials}``: ``source`` names
the BACI release and HS revision it was built from (``... via CEPII BACI HS02 V202601``),
``materials.<material>`` is a list of ``{from, to, value}`` (ISO2 exporter, ISO2 importer,
USD); the 2024 file adds ``qty`` (tonnes, rounded to whole tonnes). ``centroids``, ``names``
and ``iso`` are the map's lookups and are not landed.

Every entry becomes one row, as published (material labels and ISO2 codes are mapped in dbt,
from reviewed seeds). A file whose year differs from its name, a source text without an HS
revision and a release, an entry that is not an object, a code that is not two capital
letters, a negative or non-numeric value, a key the layout does not have, or the same flow
twice in one material's list is an error naming file, material, entry and key.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import polars as pl

from sources.common.errors import SourceDataError, shorten

SOURCE = "atlas_flows"
FILE_NAME = re.compile(r"^flows_(\d{4})\.json$")
BACI_SOURCE = re.compile(r"BACI (HS\d{2}) (V\d{6})")
ISO2 = re.compile(r"^[A-Z]{2}$")
ENTRY_KEYS = {"from", "to", "value"}
OPTIONAL_KEYS = {"qty"}

COLUMNS = {
    "edition": pl.Int64,
    "source_file": pl.String,
    "material": pl.String,
    "entry_number": pl.Int64,
    "year": pl.Int64,
    "baci_source": pl.String,
    "release": pl.String,
    "hs_revision": pl.String,
    "exporter_iso2": pl.String,
    "importer_iso2": pl.String,
    "value_usd": pl.Float64,
    "quantity_t_rounded": pl.Float64,
}


def year_of(path: Path) -> int:
    match = FILE_NAME.match(path.name)
    if not match:
        raise SourceDataError(SOURCE, path.name, "file name is not flows_<year>.json")
    return int(match.group(1))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def read_document(path: Path) -> dict[str, Any]:
    """The file's JSON object; bad JSON is an error naming its line."""
    try:
        document = json.loads(path.read_bytes())
    except UnicodeDecodeError as exc:
        raise SourceDataError(SOURCE, path.name, "text is not valid UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise SourceDataError(
            SOURCE, path.name, f"not valid JSON: {exc.msg}", line=exc.lineno
        ) from exc
    if not isinstance(document, dict):
        raise SourceDataError(
            SOURCE, path.name, f"expected a JSON object, got {type(document).__name__}"
        )
    return document


def _header(path: Path, document: dict[str, Any]) -> tuple[int, str, str, str]:
    """The file's year, source text, HS revision and BACI release, checked."""
    for key in ("year", "source", "materials"):
        if key not in document:
            raise SourceDataError(
                SOURCE, path.name, f"no {key!r} key; expected year, source and materials"
            )
    year = document["year"]
    if year != year_of(path):
        raise SourceDataError(
            SOURCE,
            path.name,
            f"'year' is {shorten(repr(year), 80)}, expected {year_of(path)} (the file's name)",
        )
    source = document["source"]
    match = BACI_SOURCE.search(source) if isinstance(source, str) else None
    if not match:
        raise SourceDataError(
            SOURCE,
            path.name,
            f"'source' {shorten(repr(source), 80)} names no BACI HS revision and release; "
            "expected e.g. '... via CEPII BACI HS17 V202601'",
        )
    if not isinstance(document["materials"], dict):
        raise SourceDataError(SOURCE, path.name, "'materials' is not an object of lists")
    return year, source, match.group(1), match.group(2)


def _entry(path: Path, material: str, number: int, entry: Any) -> tuple:
    def fail(key: str | None, message: str) -> SourceDataError:
        where = f"materials.{material} entry {number}" + (f" key {key!r}" if key else "")
        return SourceDataError(SOURCE, path.name, f"{where}: {message}")

    if not isinstance(entry, dict):
        raise fail(None, f"expected an object {{from, to, value}}, got {shorten(repr(entry), 80)}")
    missing = ENTRY_KEYS - set(entry)
    if missing:
        raise fail(None, f"missing key(s) {sorted(missing)}; expected from, to, value")
    extra = set(entry) - ENTRY_KEYS - OPTIONAL_KEYS
    if extra:
        raise fail(None, f"unexpected key(s) {sorted(extra)}; expected from, to, value, qty")
    for key in ("from", "to"):
        code = entry[key]
        if not (isinstance(code, str) and ISO2.match(code)):
            raise fail(key, f"{shorten(repr(code), 80)} is not an ISO2 code (two capital letters)")
    value = _number(entry["value"])
    if value is None or value < 0:
        raise fail("value", f"{shorten(repr(entry['value']), 80)} is not a number >= 0 (USD)")
    quantity = None
    if "qty" in entry:
        quantity = _number(entry["qty"])
        if quantity is None or quantity < 0:
            raise fail("qty", f"{shorten(repr(entry['qty']), 80)} is not a number >= 0 (t)")
    return entry["from"], entry["to"], value, quantity


def parse_file(path: Path, *, edition: int) -> pl.DataFrame:
    """One row per entry of every material's list in ``path`` (columns: COLUMNS)."""
    document = read_document(path)
    year, source, revision, release = _header(path, document)
    rows = []
    for material, entries in document["materials"].items():
        if not isinstance(entries, list):
            raise SourceDataError(SOURCE, path.name, f"materials.{material} is not a list")
        seen: dict[tuple[str, str], int] = {}
        for number, entry in enumerate(entries, start=1):
            exporter, importer, value, quantity = _entry(path, material, number, entry)
            first = seen.setdefault((exporter, importer), number)
            if first != number:
                raise SourceDataError(
                    SOURCE,
                    path.name,
                    f"materials.{material} entry {number}: flow {exporter} -> {importer} "
                    f"already at entry {first}; expected one entry per flow",
                )
            rows.append(
                (edition, path.name, material, number, year, source, release, revision)
                + (exporter, importer, value, quantity)
            )
    return pl.DataFrame(rows, schema=COLUMNS, orient="row")
