"""USGS Data Series 140: the JSON library (to 1992) and full workbooks -> observation rows.

Two kinds of file, each row naming its file:

* ``commodities/<id>.json`` (the library cut at 1992, one file per commodity): every
  ``series`` (a worksheet) holds ``measures`` (a column: label, unit, price basis, counts of
  blank / NA / W / other non-numeric cells) whose ``observations`` are ``[year, value, row]``.
  Only numeric cells were kept by the library; its counts of the others land in the measures
  table, never as zeros. ``catalog.json`` lists the 92 commodities with their workbook URL.
* ``workbooks/*ds140*<commodity>*<year>.xlsx`` (a full USGS workbook, one sheet): title rows,
  ``[All values in <unit> unless otherwise noted]``, a header row ``Year | <label> ...``, one
  row per year, then footnotes. Every cell of a labelled column lands: a number (reported),
  ``NA`` (not_available), ``W`` (withheld) or an empty cell (blank), value null for the last
  three; any other text is an error naming the cell.

Unit values: a label with ``($/t)`` is in current dollars per metric ton (price_basis
``nominal``), ``(98$/t)`` in 1998 dollars (``real-1998-dollars``), as the library labels them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import polars as pl
from openpyxl.utils import get_column_letter

from sources.common.errors import SourceDataError, preview, shorten
from sources.common.text import decode_utf8
from sources.common.workbook import open_workbook

SOURCE = "usgs_ds140"
# The JSON library was extracted from the USGS workbooks on 2026-07-10 and cut at 1992: it
# is landed as its own edition, 2026 (the year of that extraction); each row keeps the
# update year of the USGS workbook its numbers come from (workbook_year).
LIBRARY_EDITION = 2026
SCHEMA_VERSION = 1
CATALOG = "catalog.json"
FLAGS = ("reported", "not_available", "withheld", "blank")
PRICE_BASES = ("not-price", "nominal", "real-1998-dollars")
NOMINAL_UNIT = "current U.S. dollars per metric ton"
REAL_UNIT = "1998 U.S. dollars per metric ton"
WORKBOOK_NAME = re.compile(
    r"^(?:usgs_)?ds140[-_](?P<commodity>[a-z_-]+?)[-_](?P<year>\d{4})\.xlsx$"
)
UNIT_HEADING = re.compile(
    r"^\[All (?:values|quantities) in (?P<unit>.+?) unless otherwise noted\]$"
)
YEAR_HEADER = "year"
CELL_FLAGS = {"NA": "not_available", "W": "withheld"}

OBSERVATION_COLUMNS = {
    "edition": pl.Int64,
    "source_file": pl.String,
    "commodity": pl.String,
    "workbook_year": pl.Int64,
    "worksheet": pl.String,
    "header_row": pl.Int64,
    "column_number": pl.Int64,
    "column_letter": pl.String,
    "column_label": pl.String,
    "measure_id": pl.String,
    "unit": pl.String,
    "price_basis": pl.String,
    "year": pl.Int64,
    "row_number": pl.Int64,
    "value_raw": pl.String,
    "value": pl.Float64,
    "value_flag": pl.String,
}
MEASURE_COLUMNS = {
    "edition": pl.Int64,
    "source_file": pl.String,
    "commodity": pl.String,
    "worksheet": pl.String,
    "column_number": pl.Int64,
    "column_label": pl.String,
    "measure_id": pl.String,
    "unit": pl.String,
    "price_basis": pl.String,
    "observation_count": pl.Int64,
    "year_start": pl.Int64,
    "year_end": pl.Int64,
    "missing_blank": pl.Int64,
    "missing_not_available": pl.Int64,
    "missing_withheld": pl.Int64,
    "missing_other_nonnumeric": pl.Int64,
}
COMMODITY_COLUMNS = {
    "edition": pl.Int64,
    "source_file": pl.String,
    "commodity": pl.String,
    "title": pl.String,
    "update_year": pl.Int64,
    "download_url": pl.String,
    "series_count": pl.Int64,
    "measure_count": pl.Int64,
    "observation_count": pl.Int64,
    "year_start": pl.Int64,
    "year_end": pl.Int64,
}


def slug(label: str) -> str:
    """A column label as the library's measure id ('Unit value ($/t)' -> 'unit-value-t')."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def price_basis(label: str) -> str:
    if "(98$/t)" in label.replace(" ", ""):
        return "real-1998-dollars"
    if "($/t)" in label.replace(" ", ""):
        return "nominal"
    return "not-price"


# --- the JSON library ---------------------------------------------------------------------


def _json_error(file: str, where: str, message: str) -> SourceDataError:
    return SourceDataError(SOURCE, file, f"{where}: {message}")


def _field(file: str, where: str, data: Any, key: str, kind: type | tuple[type, ...]) -> Any:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, kind) or isinstance(value, bool):
        names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
        got = "missing" if value is None else shorten(repr(value), 80)
        raise _json_error(file, where, f"field {key!r} is {got}; expected {names}")
    return value


def read_json(path: Path, file: str) -> dict[str, Any]:
    text = decode_utf8(Path(path).read_bytes(), source=SOURCE, file=file)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceDataError(
            SOURCE, file, f"not valid JSON ({exc.msg})", line=exc.lineno, column=str(exc.colno)
        ) from exc
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
        raise _json_error(
            file, "top level", f"expected an object with schema_version {SCHEMA_VERSION}"
        )
    return data


def parse_commodity(path: Path, file: str, *, edition: int = LIBRARY_EDITION):
    """One library file -> (observation rows, measure rows) as frames."""
    data = read_json(path, file)
    commodity = _field(file, "commodity", data, "commodity", dict)
    commodity_id = _field(file, "commodity", commodity, "id", str)
    workbook_year = _field(file, "commodity", commodity, "update_year", int)
    observations: list[dict[str, object]] = []
    measures: list[dict[str, object]] = []
    for s, series in enumerate(_field(file, "top level", data, "series", list)):
        where = f"series[{s}]"
        worksheet = _field(file, where, series, "worksheet", str)
        header_row = _field(file, where, series, "header_row", int)
        for m, measure in enumerate(_field(file, where, series, "measures", list)):
            at = f"{where}.measures[{m}]"
            label = _field(file, at, measure, "label", str)
            column = _field(file, at, measure, "column", int)
            basis = _field(file, at, measure, "price_basis", str)
            if basis not in PRICE_BASES:
                raise _json_error(file, at, f"price_basis {basis!r}; expected one of {PRICE_BASES}")
            missing = _field(file, at, measure, "missing", dict)
            common = {
                "edition": edition,
                "source_file": file,
                "commodity": commodity_id,
                "worksheet": worksheet,
                "column_number": column,
                "column_label": label,
                "measure_id": _field(file, at, measure, "id", str),
                "unit": _field(file, at, measure, "unit", str),
                "price_basis": basis,
            }
            points = _field(file, at, measure, "observations", list)
            for o, point in enumerate(points):
                if not (
                    isinstance(point, list)
                    and len(point) == 3
                    and all(isinstance(v, int | float) and not isinstance(v, bool) for v in point)
                    and all(isinstance(v, int) for v in (point[0], point[2]))
                ):
                    raise _json_error(
                        file,
                        f"{at}.observations[{o}]",
                        f"{shorten(repr(point), 80)} is not [year, value, row]; expected "
                        "[int, number, int]",
                    )
                year, value, row = point
                observations.append(
                    {
                        **common,
                        "workbook_year": workbook_year,
                        "header_row": header_row,
                        "column_letter": get_column_letter(column),
                        "year": year,
                        "row_number": row,
                        "value_raw": json.dumps(value),
                        "value": float(value),
                        "value_flag": "reported",
                    }
                )
            declared = _field(file, at, measure, "observation_count", int)
            if declared != len(points):
                raise _json_error(
                    file, at, f"observation_count {declared} but {len(points)} observations"
                )
            years = [p[0] for p in points]
            measures.append(
                {
                    **common,
                    "observation_count": len(points),
                    "year_start": min(years, default=None),
                    "year_end": max(years, default=None),
                    **{
                        f"missing_{key}": _field(file, f"{at}.missing", missing, key, int)
                        for key in ("blank", "not_available", "withheld", "other_nonnumeric")
                    },
                }
            )
    return (
        pl.DataFrame(observations, schema=OBSERVATION_COLUMNS),
        pl.DataFrame(measures, schema=MEASURE_COLUMNS),
    )


def parse_catalog(path: Path, file: str = CATALOG, *, edition: int = LIBRARY_EDITION):
    """catalog.json -> one row per commodity of the library (bundled or not)."""
    data = read_json(path, file)
    rows = []
    for i, entry in enumerate(_field(file, "top level", data, "commodities", list)):
        at = f"commodities[{i}]"
        rows.append(
            {
                "edition": edition,
                "source_file": file,
                "commodity": _field(file, at, entry, "id", str),
                "title": _field(file, at, entry, "title", str),
                "update_year": _field(file, at, entry, "update_year", int),
                "download_url": _field(file, at, entry, "download_url", str),
                **{
                    key: _field(file, at, entry, key, int)
                    for key in (
                        "series_count",
                        "measure_count",
                        "observation_count",
                        "year_start",
                        "year_end",
                    )
                },
            }
        )
    return pl.DataFrame(rows, schema=COMMODITY_COLUMNS)


# --- a full workbook ----------------------------------------------------------------------


def workbook_name_parts(file: str) -> tuple[str, int]:
    """'ds140-lithium-2021.xlsx' -> ('lithium', 2021); the bundled rare-earths copy is named
    'usgs_ds140_rare_earths_2020.xlsx' (its repository's name) -> ('rare-earths', 2020)."""
    found = WORKBOOK_NAME.match(Path(file).name)
    if found is None:
        raise SourceDataError(
            SOURCE,
            file,
            "workbook name does not say its commodity and year; expected "
            "ds140-<commodity>-<year>.xlsx",
        )
    return found["commodity"].replace("_", "-"), int(found["year"])


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _cell_error(file: str, sheet: str, message: str, row: int, col: int) -> SourceDataError:
    return SourceDataError(
        SOURCE, file, f"sheet {sheet!r}: {message}", line=row, column=get_column_letter(col)
    )


def parse_rows(file: str, sheet: str, rows: list[tuple], *, edition: int | None = None):
    """A workbook sheet's rows (row 1 first) -> (observation rows, measure rows) as frames."""
    commodity, workbook_year = workbook_name_parts(file)
    edition = edition or workbook_year
    header = next(
        (i for i, r in enumerate(rows, start=1) if r and _text(r[0]).lower() == YEAR_HEADER),
        None,
    )
    if header is None:
        raise _cell_error(file, sheet, "no header row; expected 'Year' in column A", 1, 1)
    unit = next(
        (m["unit"] for r in rows[: header - 1] if r and (m := UNIT_HEADING.match(_text(r[0])))),
        None,
    )
    if unit is None:
        raise _cell_error(
            file,
            sheet,
            "no unit heading above the header; expected '[All values in <unit> unless "
            "otherwise noted]'",
            header,
            1,
        )
    labels = {c: _text(v) for c, v in enumerate(rows[header - 1], start=1) if c > 1 and _text(v)}
    observations: list[dict[str, object]] = []
    previous = None
    for number, values in enumerate(rows[header:], start=header + 1):
        year = values[0] if values else None
        if not isinstance(year, int) or isinstance(year, bool):
            break  # the footnotes after the last year
        if previous is not None and year != previous + 1:
            raise _cell_error(
                file,
                sheet,
                f"year {year} does not follow {previous}; expected consecutive years",
                number,
                1,
            )
        previous = year
        for col, label in labels.items():
            raw = values[col - 1] if col <= len(values) else None
            observations.append(
                _cell(file, sheet, raw, number, col)
                | {
                    "edition": edition,
                    "source_file": file,
                    "commodity": commodity,
                    "workbook_year": workbook_year,
                    "worksheet": sheet,
                    "header_row": header,
                    "column_number": col,
                    "column_letter": get_column_letter(col),
                    "column_label": label,
                    "measure_id": slug(label),
                    "unit": _unit(label, unit),
                    "price_basis": price_basis(label),
                    "year": year,
                    "row_number": number,
                }
            )
    if previous is None:
        raise _cell_error(file, sheet, "no year rows below the header", header + 1, 1)
    frame = pl.DataFrame(observations, schema=OBSERVATION_COLUMNS)
    return frame, measures_of(frame)


def _unit(label: str, sheet_unit: str) -> str:
    basis = price_basis(label)
    return {"nominal": NOMINAL_UNIT, "real-1998-dollars": REAL_UNIT}.get(basis, sheet_unit)


def _cell(file: str, sheet: str, raw: object, row: int, col: int) -> dict[str, object]:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return {"value_raw": str(raw), "value": float(raw), "value_flag": "reported"}
    text = _text(raw)
    if not text:
        return {"value_raw": None, "value": None, "value_flag": "blank"}
    if text in CELL_FLAGS:
        return {"value_raw": text, "value": None, "value_flag": CELL_FLAGS[text]}
    raise _cell_error(
        file,
        sheet,
        f"value {preview(text)} is not a number, NA (not available), W (withheld) or empty",
        row,
        col,
    )


def measures_of(observations: pl.DataFrame) -> pl.DataFrame:
    """Per column of a workbook: numeric count, year span and counts of the other cells."""
    flag = pl.col("value_flag")
    reported = flag == "reported"
    return (
        observations.group_by(
            "edition",
            "source_file",
            "commodity",
            "worksheet",
            "column_number",
            "column_label",
            "measure_id",
            "unit",
            "price_basis",
        )
        .agg(
            reported.sum().cast(pl.Int64).alias("observation_count"),
            pl.col("year").filter(reported).min().alias("year_start"),
            pl.col("year").filter(reported).max().alias("year_end"),
            (flag == "blank").sum().cast(pl.Int64).alias("missing_blank"),
            (flag == "not_available").sum().cast(pl.Int64).alias("missing_not_available"),
            (flag == "withheld").sum().cast(pl.Int64).alias("missing_withheld"),
            pl.lit(0, pl.Int64).alias("missing_other_nonnumeric"),
        )
        .select(list(MEASURE_COLUMNS))
        .sort("column_number")
    )


def parse_workbook(path: Path, file: str, *, edition: int | None = None):
    """A full DS140 workbook (one sheet) -> (observation rows, measure rows)."""
    with open_workbook(path, source=SOURCE) as workbook:
        names = workbook.sheetnames
        if len(names) != 1:
            raise SourceDataError(SOURCE, file, f"sheets {names}; expected exactly one sheet")
        rows = list(workbook[names[0]].iter_rows(values_only=True))
    return parse_rows(file, names[0], rows, edition=edition)
