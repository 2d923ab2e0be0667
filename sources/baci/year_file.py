"""Read one year of a CEPII BACI release zip: keep chosen HS6 codes, map countries to ISO3.

A year member (``BACI_HS17_Y2022_V202601.csv``: ~400 MB, >= 11 M rows of ``t,i,j,k,v,q``) is
inflated straight from the zip in a background thread (ISA-L when the optional ``isal``
package is installed, else zlib; size and CRC-32 checked) and scanned in line-aligned chunks of
8 MB: polars splits each chunk into lines and a regular expression on the fourth field keeps
the wanted products. Decompression overlaps scanning, memory stays bounded (a few chunks) and
nothing is written to disk; only the kept rows (well under 1 %) are split into fields and
typed. See docs/benchmarks.md for the measured speed and memory.

Checks: the header; the member's size and CRC-32; every kept row has six fields, numeric t
(= the year), i, j, v and q (q may be blank, ``NA`` or whitespace: null); its exporter and
importer codes are in the zip's own country dictionary. Failures raise
:class:`SourceDataError` naming the member, line (header = line 1) and column. Rows of other
products are not split, so they are not checked beyond the CRC.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Collection, Iterator
from pathlib import Path, PurePosixPath

import polars as pl

from sources.baci.dictionaries import SOURCE, read_country_codes
from sources.common.archive import member_bytes, member_path
from sources.common.errors import SourceDataError, preview
from sources.common.zip_stream import (
    MAX_LINE_BYTES,
    MAX_MEMBER_BYTES,
    MAX_RATIO,
    LineTooLong,
    member_chunks,
)

HEADER = ("t", "i", "j", "k", "v", "q")
_YEAR_MEMBER = re.compile(r"^BACI_(HS\d{2})_Y(\d{4})_(V\d{6})\.csv$", re.IGNORECASE)
_COUNTRY_MEMBER = re.compile(r"^country_codes_(V\d{6})\.csv$", re.IGNORECASE)
_LINE = {"line": pl.String}
_LINE_OPTIONS = {"separator": "\x1f", "quote_char": None, "truncate_ragged_lines": True}
_NO_QUANTITY = ("", "NA", "N/A")
_NO_LINES = pl.DataFrame(schema={"line_number": pl.Int64, "raw": pl.String})
DICTIONARY_MAX_BYTES = 16 << 20  # BACI's country dictionary is ~10 KB

OUTPUT_SCHEMA = {
    "source_file": pl.String,
    "line_number": pl.Int64,
    "release": pl.String,
    "hs_revision": pl.String,
    "year": pl.Int64,
    "exporter_code": pl.Int64,
    "exporter_iso3": pl.String,
    "importer_code": pl.Int64,
    "importer_iso3": pl.String,
    "hs6": pl.String,
    "value_kusd": pl.Float64,
    "quantity_t": pl.Float64,
}


def read_year(
    zip_path: Path,
    year: int,
    hs_codes: Collection[str],
    *,
    release: str | None = None,
    workdir: Path | None = None,
    max_member_bytes: int = MAX_MEMBER_BYTES,
    max_ratio: float | None = MAX_RATIO,
    max_line_bytes: int = MAX_LINE_BYTES,
    max_dictionary_bytes: int = DICTIONARY_MAX_BYTES,
) -> pl.DataFrame:
    """Rows of ``year`` whose zero-padded HS6 code is in ``hs_codes``, typed (OUTPUT_SCHEMA).

    ``release`` ("V202601" or "202601") picks the member when the zip holds several. ``workdir``
    is accepted for callers that pass a scratch folder, but unused: the member is streamed.
    The year member's declared size, compression ratio and line length, and the country
    dictionary's size, are capped (``max_*``): a decompression bomb is refused, not inflated.
    """
    del workdir  # nothing is written to disk
    zip_path = Path(zip_path)
    wanted = _normalise_codes(hs_codes)
    try:
        archive = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceDataError(SOURCE, zip_path.name, f"not a readable zip file: {exc}") from exc
    with archive:
        info, hs_revision, member_release = _year_member(archive, zip_path.name, year, release)
        member = PurePosixPath(info.filename).name
        chunks = member_chunks(
            zip_path,
            info,
            SOURCE,
            max_bytes=max_member_bytes,
            max_ratio=max_ratio,
            max_line_bytes=max_line_bytes,
        )
        with chunks:  # inflates from here on
            countries = _country_codes(archive, zip_path.name, member_release, max_dictionary_bytes)
            raw = _scan(chunks, member, _pattern(wanted))
    rows = _typed(_split(raw, member), member, year, wanted)
    return _with_countries(rows, countries, member, member_release, hs_revision)


def _normalise_codes(hs_codes: Collection[str]) -> set[str]:
    if isinstance(hs_codes, str):
        raise TypeError("hs_codes must be a collection of codes, not one string")
    codes = {str(code).strip() for code in hs_codes}
    bad = sorted(c for c in codes if not (c.isdigit() and len(c) <= 6))
    if bad:
        raise ValueError(f"HS6 codes must be 1-6 digits, got {bad[:5]}")
    return {c.zfill(6) for c in codes}


def _pattern(wanted: set[str]) -> str | None:
    """A regex matching a line whose 4th field is a wanted code (leading zeros optional)."""
    if not wanted:
        return None
    alternatives = "|".join(sorted({code.lstrip("0") or "0" for code in wanted}))
    return rf'^[^,]*,[^,]*,[^,]*,[ \t]*"?0*(?:{alternatives})"?[ \t]*,'


# members ------------------------------------------------------------------------------------


def _year_member(
    archive: zipfile.ZipFile, zip_name: str, year: int, release: str | None
) -> tuple[zipfile.ZipInfo, str, str]:
    want = None if release is None else "V" + release.strip().upper().removeprefix("V")
    found = []
    for info in archive.infolist():
        member_path(info, source=SOURCE, archive=zip_name)
        match = _YEAR_MEMBER.match(PurePosixPath(info.filename).name)
        if match and int(match.group(2)) == year and want in (None, match.group(3).upper()):
            found.append((info, match.group(1).upper(), match.group(3).upper()))
    if len(found) != 1:
        names = ", ".join(f[0].filename for f in found) or "none"
        expected = f"one BACI_HS??_Y{year}_{want or 'V??????'}.csv member"
        raise SourceDataError(SOURCE, zip_name, f"expected {expected}, found {names}")
    return found[0]


def _country_codes(
    archive: zipfile.ZipFile, zip_name: str, release: str, max_bytes: int = DICTIONARY_MAX_BYTES
) -> pl.DataFrame:
    """code -> iso3 from the zip's own country dictionary (either BACI layout)."""
    members = {}
    for info in archive.infolist():
        match = _COUNTRY_MEMBER.match(PurePosixPath(info.filename).name)
        if match:
            members[match.group(1).upper()] = info
    info = members.get(release) or (next(iter(members.values())) if len(members) == 1 else None)
    if info is None:
        found = ", ".join(i.filename for i in members.values()) or "none"
        raise SourceDataError(
            SOURCE, zip_name, f"expected a country_codes_{release}.csv member, found {found}"
        )
    name = PurePosixPath(info.filename).name
    data = member_bytes(archive, info, source=SOURCE, archive_name=zip_name, max_bytes=max_bytes)
    frame = read_dictionary(data, name)
    twice = frame.filter(pl.col("country_code").is_duplicated())
    if twice.height:
        raise SourceDataError(
            SOURCE,
            twice["source_file"][0],
            f"country_code {twice['country_code'][0]} is listed twice",
            line=twice["line_number"][1],
            column="country_code",
        )
    return frame.select(pl.col("country_code").alias("code"), pl.col("country_iso3").alias("iso3"))


def read_dictionary(data: bytes, name: str) -> pl.DataFrame:
    """:func:`read_country_codes` of a member's bytes; polars' errors name the member."""
    if not data.strip():
        raise SourceDataError(SOURCE, name, "empty file, expected a BACI country dictionary")
    try:
        return read_country_codes(data, name)
    except pl.exceptions.PolarsError as exc:
        raise SourceDataError(
            SOURCE, name, f"unreadable country dictionary: {type(exc).__name__}: {exc}"
        ) from exc


# scanning -----------------------------------------------------------------------------------


def _scan(chunks: Iterator[bytes], member: str, pattern: str | None) -> pl.DataFrame:
    """(line_number, raw) of every line matching ``pattern``; line 1 must be the header."""
    found = [_NO_LINES]
    line = 1  # number of the chunk's first line
    try:
        for chunk in chunks:
            skip = 0
            if line == 1:
                end = chunk.find(b"\n")
                _check_header(chunk if end < 0 else chunk[:end], member)
                line, skip = 2, 1
                if end < 0 or end == len(chunk) - 1:
                    continue
            hits, count = _matching_lines(chunk, skip, line, member, pattern)
            found.append(hits)
            line += count
    except LineTooLong as exc:
        raise exc.after(line - 1) from None
    if line == 1:
        _check_header(b"", member)
    return pl.concat(found)


def _check_header(first: bytes, member: str) -> None:
    """Check the first line is ``t,i,j,k,v,q``."""
    text = first[:1000].decode("utf-8", errors="replace").lstrip("\ufeff").rstrip("\r")
    names = [name.strip().strip('"').strip().lower() for name in text.split(",")]
    if names != list(HEADER):
        position = next(
            (n for n, (a, b) in enumerate(zip(names, HEADER, strict=False)) if a != b),
            min(len(names), len(HEADER)),
        )
        column = HEADER[position] if position < len(HEADER) else names[position]
        raise SourceDataError(
            SOURCE,
            member,
            f"header is {preview(text, 200)}, expected {','.join(HEADER)}",
            line=1,
            column=column,
        )


def _matching_lines(
    chunk: bytes, skip: int, first_line: int, member: str, pattern: str | None
) -> tuple[pl.DataFrame, int]:
    """The lines (after ``skip``) that match ``pattern``, numbered; and how many there are."""
    try:
        lines = pl.read_csv(chunk, has_header=False, skip_lines=skip, schema=_LINE, **_LINE_OPTIONS)
    except pl.exceptions.PolarsError as exc:
        try:
            chunk.decode("utf-8")
        except UnicodeDecodeError as bad:
            line = first_line - skip + chunk.count(b"\n", 0, bad.start)
            raise SourceDataError(SOURCE, member, "text is not UTF-8", line=line) from exc
        raise SourceDataError(SOURCE, member, f"unreadable from line {first_line}: {exc}") from exc
    if pattern is None:
        return _NO_LINES, lines.height
    hits = (
        lines.lazy()
        .with_row_index("offset")
        .filter(pl.col("line").str.contains(pattern))
        .select(
            (pl.col("offset").cast(pl.Int64) + first_line).alias("line_number"),
            pl.col("line").alias("raw"),
        )
        .collect(engine="streaming")
    )
    return _detached(hits), lines.height


def _detached(hits: pl.DataFrame) -> pl.DataFrame:
    """A copy of the kept lines that owns its text.

    polars keeps filtered strings as views into the chunk's whole buffer: holding the hits of
    every chunk would hold every chunk (the whole member, ~400 MB). The kept lines are well
    under 1 % of a chunk, so copying them out costs little.
    """
    return pl.DataFrame(
        {"line_number": hits["line_number"].to_list(), "raw": hits["raw"].to_list()},
        schema=hits.schema,
    )


# kept rows ----------------------------------------------------------------------------------


def _split(raw: pl.DataFrame, member: str) -> pl.DataFrame:
    """Split kept lines into the six text fields; a wrong field count names its line."""
    parts = pl.col("raw").str.strip_chars_end("\r").str.split_exact(",", len(HEADER))
    frame = raw.select(
        "line_number", "raw", parts.struct.rename_fields([*HEADER, "extra"]).alias("parts")
    ).unnest("parts")
    wrong = frame.filter(pl.col("q").is_null() | pl.col("extra").is_not_null()).head(1)
    if wrong.height:
        count = wrong["raw"][0].rstrip("\r").count(",") + 1
        column = HEADER[count] if count < len(HEADER) else HEADER[-1]
        raise SourceDataError(
            SOURCE,
            member,
            f"{count} fields, expected {len(HEADER)} ({','.join(HEADER)})",
            line=wrong["line_number"][0],
            column=column,
        )
    return frame.select("line_number", pl.col(HEADER).str.strip_chars(' \t"'))


def _typed(text: pl.DataFrame, member: str, year: int, wanted: set[str]) -> pl.DataFrame:
    """Wanted rows with numbers converted; a cell that is no number names its line and column."""
    text = text.with_columns(pl.col("k").str.zfill(6)).filter(pl.col("k").is_in(wanted))
    numbers = {"t": pl.Int64, "i": pl.Int64, "j": pl.Int64, "v": pl.Float64}
    q_missing = pl.col("q").is_null() | pl.col("q").str.to_uppercase().is_in(_NO_QUANTITY)
    typed = text.select(
        "line_number",
        *(pl.col(c).cast(t, strict=False) for c, t in numbers.items()),
        "k",
        pl.when(q_missing)
        .then(None)
        .otherwise(pl.col("q").cast(pl.Float64, strict=False))
        .alias("q"),
        q_missing.alias("q_missing"),
    )
    for column in (*numbers, "q"):
        bad = typed[column].is_null()
        if column == "q":
            bad = bad & ~typed["q_missing"]
        if bad.any():
            index = bad.arg_true()[0]
            raise SourceDataError(
                SOURCE,
                member,
                f"{preview(text[column][index])} is not a number",
                line=typed["line_number"][index],
                column=column,
            )
    other_year = typed.filter(pl.col("t") != year).head(1)
    if other_year.height:
        raise SourceDataError(
            SOURCE,
            member,
            f"year {other_year['t'][0]} in the file of {year}",
            line=other_year["line_number"][0],
            column="t",
        )
    return typed.drop("q_missing")


def _with_countries(
    rows: pl.DataFrame, countries: pl.DataFrame, member: str, release: str, hs_revision: str
) -> pl.DataFrame:
    """Join ISO3 codes (a code missing from the dictionary is an error); shape the output."""
    for column, role in (("i", "exporter"), ("j", "importer")):
        known = countries.rename({"code": column, "iso3": f"{role}_iso3"})
        rows = rows.join(known.with_columns(known=pl.lit(True)), on=column, how="left")
        unknown = rows.filter(pl.col("known").is_null()).sort("line_number").head(1)
        if unknown.height:
            raise SourceDataError(
                SOURCE,
                member,
                f"{role} code {unknown[column][0]} is not in the zip's country dictionary",
                line=unknown["line_number"][0],
                column=column,
            )
        rows = rows.drop("known")
    return (
        rows.sort("line_number")
        .select(
            pl.lit(member).alias("source_file"),
            "line_number",
            pl.lit(release).alias("release"),
            pl.lit(hs_revision).alias("hs_revision"),
            pl.col("t").alias("year"),
            pl.col("i").alias("exporter_code"),
            "exporter_iso3",
            pl.col("j").alias("importer_code"),
            "importer_iso3",
            pl.col("k").alias("hs6"),
            pl.col("v").alias("value_kusd"),
            pl.col("q").alias("quantity_t"),
        )
        .cast(OUTPUT_SCHEMA)
    )
