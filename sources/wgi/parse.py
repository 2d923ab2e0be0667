"""World Bank Worldwide Governance Indicators (WGI): both published layouts, one row per
economy x indicator x year.

Two layouts are read:

* ``wide`` — the workbook up to the 2023 update (``wgidataset_2023update.xlsx``): a sheet per
  indicator, a two-row header (a row of years, each over six columns, then a row naming the
  six measures: Estimate, StdErr, NumSrc, Rank, Lower, Upper), one row per economy with its
  World Bank code (``ADO``, ``ROM``, ``ZAR``, ``KSV``... not ISO3) and ``#N/A`` for missing.
  The header rows are found by their content (the 2023 Political Stability sheet repeats the
  header three times), never by cell address.
* ``long`` — the layout the World Bank publishes since the 2024 update (``wgidataset.xlsx`` or
  a CSV): one row per economy x indicator x year, columns ``codeindyr, code, countryname,
  year, indicator, estimate, stddev, nsource, pctrank, pctranklower, pctrankupper``; missing
  values are empty, ``..`` or ``#N/A``.

Every value becomes a number or null (flag ``missing``); any other text, an unknown
indicator, a measure header out of place or a duplicate economy-indicator-year is an error
naming the file, sheet, row and column.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import polars as pl
from openpyxl.utils import get_column_letter

from sources.common.errors import SourceDataError
from sources.common.text import decode_utf8
from sources.common.workbook import open_workbook

SOURCE = "wgi"
INDICATORS = {
    "va": "Voice and Accountability",
    "pv": "Political Stability and Absence of Violence/Terrorism",
    "ge": "Government Effectiveness",
    "rq": "Regulatory Quality",
    "rl": "Rule of Law",
    "cc": "Control of Corruption",
}
# sheet names of the wide workbook, lower case, letters only -> indicator
SHEET_PREFIXES = {
    "voiceandaccountability": "va",
    "politicalstability": "pv",
    "governmenteffectiveness": "ge",
    "regulatoryquality": "rq",
    "ruleoflaw": "rl",
    "controlofcorruption": "cc",
}
# measure header -> column of the landed table
WIDE_MEASURES = {
    "estimate": "estimate",
    "stderr": "std_error",
    "numsrc": "n_sources",
    "rank": "pct_rank",
    "p-rank": "pct_rank",
    "lower": "pct_rank_lower",
    "upper": "pct_rank_upper",
}
LONG_COLUMNS = {
    "code": "wb_code",
    "countryname": "country_name",
    "year": "year",
    "indicator": "indicator",
    "estimate": "estimate",
    "stddev": "std_error",
    "nsource": "n_sources",
    "pctrank": "pct_rank",
    "pctranklower": "pct_rank_lower",
    "pctrankupper": "pct_rank_upper",
}
MEASURES = ("estimate", "std_error", "n_sources", "pct_rank", "pct_rank_lower", "pct_rank_upper")
MISSING = {"", "#N/A", "..", "NA", "#NA"}
LAYOUTS = ("wide", "long")
FLAGS = ("reported", "missing")

COLUMNS = {
    "edition": pl.Int64,
    "source_file": pl.String,
    "layout": pl.String,
    "sheet": pl.String,
    "row_number": pl.Int64,
    "column_letter": pl.String,
    "wb_code": pl.String,
    "country_name": pl.String,
    "indicator": pl.String,
    "year": pl.Int64,
    "estimate": pl.Float64,
    "std_error": pl.Float64,
    "n_sources": pl.Float64,
    "pct_rank": pl.Float64,
    "pct_rank_lower": pl.Float64,
    "pct_rank_upper": pl.Float64,
    "value_flag": pl.String,
}


def _number(raw: object, *, file: str, where: str, line: int, column: str | None) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise SourceDataError(
            SOURCE, file, f"{where}: value {raw!r} is not a number", line=line, column=column
        )
    if isinstance(raw, int | float):
        return float(raw)
    text = str(raw).strip()
    if text in MISSING:
        return None
    try:
        return float(text)
    except ValueError:
        raise SourceDataError(
            SOURCE,
            file,
            f"{where}: value {text!r} is not a number or a missing-value code "
            f"({', '.join(repr(m) for m in sorted(MISSING) if m)})",
            line=line,
            column=column,
        ) from None


def _indicator_of_sheet(name: str) -> str | None:
    key = re.sub(r"[^a-z]", "", name.lower())
    for prefix, code in SHEET_PREFIXES.items():
        if key.startswith(prefix):
            return code
    return None


def _is_year(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and float(value).is_integer()
        and 1990 <= value <= 2100
    )


def _wide_sheet(rows: list[tuple], *, file: str, sheet: str, edition: int) -> list[dict]:
    indicator = _indicator_of_sheet(sheet)
    year_row = next(
        (i for i, r in enumerate(rows) if len(r) > 2 and _is_year(r[2])),
        None,
    )
    if year_row is None:
        if indicator is None:
            return []  # e.g. the Introduction sheet
        raise SourceDataError(
            SOURCE, file, f"sheet {sheet!r}: no header row with years from column C"
        )
    if indicator is None:
        raise SourceDataError(
            SOURCE,
            file,
            f"sheet {sheet!r} holds indicator data but its name is not one of the six WGI "
            f"indicators ({', '.join(INDICATORS.values())})",
        )
    years, measures = rows[year_row], rows[year_row + 1] if year_row + 1 < len(rows) else ()
    columns: dict[int, tuple[int, str]] = {}  # 0-based column -> (year, measure column)
    year = None
    for c in range(2, len(years)):
        if years[c] is None and (c >= len(measures) or measures[c] is None):
            continue
        if _is_year(years[c]):
            year = int(years[c])
        elif years[c] is not None or year is None:
            raise SourceDataError(
                SOURCE,
                file,
                f"sheet {sheet!r}: header {years[c]!r} is not a year",
                line=year_row + 1,
                column=get_column_letter(c + 1),
            )
        label = str(measures[c] or "").strip().lower() if c < len(measures) else ""
        if label not in WIDE_MEASURES:
            raise SourceDataError(
                SOURCE,
                file,
                f"sheet {sheet!r}: measure header {measures[c] if c < len(measures) else None!r}"
                " is not one of Estimate, StdErr, NumSrc, Rank, Lower, Upper",
                line=year_row + 2,
                column=get_column_letter(c + 1),
            )
        columns[c] = (year, WIDE_MEASURES[label])
    by_year: dict[int, dict[str, int]] = {}
    for c, (y, measure) in columns.items():
        by_year.setdefault(y, {})[measure] = c
    for y, found in by_year.items():
        if set(found) != set(MEASURES):
            missing = sorted(set(MEASURES) - set(found))
            raise SourceDataError(
                SOURCE,
                file,
                f"sheet {sheet!r}: year {y} lacks measure column(s) {missing}",
                line=year_row + 2,
            )
    out = []
    for i in range(year_row + 2, len(rows)):
        row = rows[i]
        line = i + 1
        name = row[0] if row else None
        code = row[1] if len(row) > 1 else None
        if isinstance(name, str) and name.strip() in ("Country/Territory", ""):
            continue  # a repeated header row
        if name is None and code is None:
            if any(v is not None for v in row[2:]):
                raise SourceDataError(
                    SOURCE,
                    file,
                    f"sheet {sheet!r}: values without a country name or code",
                    line=line,
                )
            continue
        if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{3}", code.strip()):
            raise SourceDataError(
                SOURCE,
                file,
                f"sheet {sheet!r}: code {code!r} is not a three-letter World Bank code",
                line=line,
                column="B",
            )
        for y, found in sorted(by_year.items()):
            values = {
                m: _number(
                    row[c] if c < len(row) else None,
                    file=file,
                    where=f"sheet {sheet!r}",
                    line=line,
                    column=get_column_letter(c + 1),
                )
                for m, c in found.items()
            }
            out.append(
                {
                    "edition": edition,
                    "source_file": file,
                    "layout": "wide",
                    "sheet": sheet,
                    "row_number": line,
                    "column_letter": get_column_letter(found["estimate"] + 1),
                    "wb_code": code.strip(),
                    "country_name": str(name).strip() if name is not None else None,
                    "indicator": indicator,
                    "year": y,
                    **values,
                    "value_flag": "missing" if values["estimate"] is None else "reported",
                }
            )
    return out


def _long_rows(
    header: list[object],
    body: list[tuple[int, list[object]]],
    *,
    file: str,
    sheet: str | None,
    edition: int,
) -> list[dict]:
    names = [str(h or "").strip().lower() for h in header]
    missing = [c for c in LONG_COLUMNS if c not in names]
    if missing:
        raise SourceDataError(
            SOURCE,
            file,
            f"long layout lacks column(s) {missing}; expected {', '.join(LONG_COLUMNS)}",
            line=1,
        )
    index = {c: names.index(c) for c in LONG_COLUMNS}
    out = []
    for line, row in body:
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        cell = {c: (row[i] if i < len(row) else None) for c, i in index.items()}
        indicator = str(cell["indicator"] or "").strip().lower()
        if indicator not in INDICATORS:
            raise SourceDataError(
                SOURCE,
                file,
                f"indicator {cell['indicator']!r} is not one of {', '.join(INDICATORS)}",
                line=line,
                column="indicator",
            )
        year = _number(cell["year"], file=file, where="long layout", line=line, column="year")
        if year is None or not _is_year(year):
            raise SourceDataError(
                SOURCE, file, f"year {cell['year']!r} is not a year", line=line, column="year"
            )
        code = str(cell["code"] or "").strip()
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise SourceDataError(
                SOURCE,
                file,
                f"code {cell['code']!r} is not a three-letter World Bank code",
                line=line,
                column="code",
            )
        values = {
            LONG_COLUMNS[c]: _number(cell[c], file=file, where="long layout", line=line, column=c)
            for c in ("estimate", "stddev", "nsource", "pctrank", "pctranklower", "pctrankupper")
        }
        out.append(
            {
                "edition": edition,
                "source_file": file,
                "layout": "long",
                "sheet": sheet,
                "row_number": line,
                "column_letter": None,
                "wb_code": code,
                "country_name": str(cell["countryname"] or "").strip() or None,
                "indicator": indicator,
                "year": int(year),
                **values,
                "value_flag": "missing" if values["estimate"] is None else "reported",
            }
        )
    return out


def _frame(rows: list[dict], file: str) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema=COLUMNS)
    dupes = frame.filter(pl.struct("wb_code", "indicator", "year").is_duplicated())
    if dupes.height:
        first = dupes.row(0, named=True)
        raise SourceDataError(
            SOURCE,
            file,
            f"economy {first['wb_code']} indicator {first['indicator']} year {first['year']} "
            f"appears {dupes.height} times; expected once",
            line=first["row_number"],
        )
    return frame


def parse_csv(path: Path, *, edition: int) -> pl.DataFrame:
    """A long-layout CSV (one row per economy x indicator x year)."""
    path = Path(path)
    text = decode_utf8(path.read_bytes(), source=SOURCE, file=path.name)
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise SourceDataError(SOURCE, path.name, "empty file; expected a long-layout header")
    body = [(i, list(r)) for i, r in enumerate(reader, start=2)]
    return _frame(_long_rows(header, body, file=path.name, sheet=None, edition=edition), path.name)


def parse_workbook(path: Path, *, edition: int) -> pl.DataFrame:
    """An xlsx workbook in either layout: a sheet whose first row names ``codeindyr``/``code``
    and ``indicator`` is long; sheets named after an indicator are wide."""
    path = Path(path)
    rows: list[dict] = []
    with open_workbook(path, source=SOURCE) as workbook:
        for sheet in workbook.sheetnames:
            values = list(workbook[sheet].iter_rows(values_only=True))
            if not values:
                continue
            first = [str(v or "").strip().lower() for v in values[0]]
            if "indicator" in first and "code" in first:
                body = [(i, list(r)) for i, r in enumerate(values[1:], start=2)]
                rows += _long_rows(
                    list(values[0]), body, file=path.name, sheet=sheet, edition=edition
                )
            else:
                rows += _wide_sheet(values, file=path.name, sheet=sheet, edition=edition)
    if not rows:
        raise SourceDataError(
            SOURCE,
            path.name,
            "no indicator sheet (wide layout) and no sheet with a long-layout header "
            f"({', '.join(LONG_COLUMNS)})",
        )
    return _frame(rows, path.name)


def parse_file(path: Path, *, edition: int) -> pl.DataFrame:
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return parse_csv(path, edition=edition)
    if path.suffix.lower() == ".xlsx":
        return parse_workbook(path, edition=edition)
    raise SourceDataError(SOURCE, path.name, "expected an .xlsx workbook or a long-layout .csv")
