"""BACI dictionaries shared by the bundled loader and the release-zip reader.

The country dictionary (either of CEPII's two layouts) and the helpers both readers use to
stamp rows with their file, line and release. Imports go one way: load.py and year_file.py
import from here, and this module imports neither.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from sources.common.errors import SourceDataError
from sources.common.frames import read_csv_checked

SOURCE = "baci"
_RELEASE = re.compile(r"V(\d{6})")

# column names of the two dictionary layouts -> ours
COUNTRY_LAYOUTS = {
    ("country_code", "country_name", "country_iso2", "country_iso3"): {},
    (
        "country_code",
        "country_name_abbreviation",
        "country_name_full",
        "iso_2digit_alpha",
        "iso_3digit_alpha",
    ): {
        "country_name_abbreviation": "country_name",
        "iso_2digit_alpha": "country_iso2",
        "iso_3digit_alpha": "country_iso3",
    },
}


def release_of(name: str) -> str:
    match = _RELEASE.search(name)
    if not match:
        raise SourceDataError(SOURCE, name, "no release (VYYYYMM) in the file name")
    return match.group(0)


def with_lines(frame: pl.DataFrame, source_file: str, first_line: int) -> pl.DataFrame:
    return frame.with_columns(
        pl.lit(source_file).alias("source_file"),
        (pl.int_range(pl.len(), dtype=pl.Int64) + first_line).alias("line_number"),
    )


def read_country_codes(source: Path | bytes, name: str | None = None) -> pl.DataFrame:
    """A BACI country dictionary (either layout), from a file or a zip member's bytes."""
    name = name or Path(source).name
    frame = read_csv_checked(SOURCE, source, name, infer_schema=False, encoding="utf8-lossy")
    frame = frame.rename({c: c.lstrip("\ufeff") for c in frame.columns})
    renames = COUNTRY_LAYOUTS.get(tuple(frame.columns))
    if renames is None:
        raise SourceDataError(
            SOURCE, name, f"header {','.join(frame.columns)} is no BACI country layout", line=1
        )
    frame = with_lines(frame.rename(renames), name, 2)
    code = pl.col("country_code").str.strip_chars().cast(pl.Int64, strict=False)
    bad = frame.filter(code.is_null())
    if bad.height:
        raise SourceDataError(
            SOURCE,
            name,
            f"country_code {bad['country_code'][0]!r} is not a number",
            line=bad["line_number"][0],
            column="country_code",
        )
    return frame.select(
        "source_file",
        "line_number",
        pl.lit(release_of(name)).alias("release"),
        code.alias("country_code"),
        pl.col("country_name").str.strip_chars(),
        # blank or "N/A" (V202201) means the entry has no ISO code
        pl.col("country_iso2").str.strip_chars().replace(["", "N/A"], None),
        pl.col("country_iso3").str.strip_chars().replace(["", "N/A"], None),
    )
