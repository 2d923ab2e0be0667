"""UN Comtrade preview API responses (one JSON file per year) -> one row per record.

A file is ``{"elapsedTime": ..., "count": n, "data": [record, ...], "error": ""}``; every
record is kept, the World row (partnerCode 0) included. Fields are read by name; a file that
is not such an object (or says an error, or whose count differs from its records, or that
reaches the preview's 500-record cap), a record without a required field, a number that is
not a finite number, or a record of another year than its file's name is an error naming
the file, the record and the field.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import polars as pl

from sources.common.errors import SourceDataError, preview
from sources.common.text import decode_utf8

SOURCE = "comtrade_china_imports"
EDITION = 2026  # the responses were retrieved 2026-07-10 (manifest.json)
PREVIEW_CAP = 500  # the keyless preview returns at most this many records: a full file is cut

# output column -> (API field, kind); kind: int, float, str, bool (nullable: "float?")
FIELDS: dict[str, tuple[str, str]] = {
    "year": ("refYear", "int"),
    "reporter_code": ("reporterCode", "int"),
    "flow_code": ("flowCode", "str"),
    "partner_code": ("partnerCode", "int"),
    "partner_iso": ("partnerISO", "str"),
    "partner_desc": ("partnerDesc", "str"),
    "partner2_code": ("partner2Code", "int"),
    "classification_code": ("classificationCode", "str"),
    "is_original_classification": ("isOriginalClassification", "bool"),
    "cmd_code": ("cmdCode", "str"),
    "customs_code": ("customsCode", "str"),
    "mot_code": ("motCode", "int"),
    "value_usd": ("primaryValue", "float"),
    "cif_value_usd": ("cifvalue", "float?"),
    "fob_value_usd": ("fobvalue", "float?"),
    "net_weight_kg": ("netWgt", "float?"),
    "is_net_weight_estimated": ("isNetWgtEstimated", "bool"),
    "quantity": ("qty", "float?"),
    "quantity_unit": ("qtyUnitAbbr", "str"),
    "is_quantity_estimated": ("isQtyEstimated", "bool"),
    "is_reported": ("isReported", "bool"),
    "is_aggregate": ("isAggregate", "bool"),
}
DTYPES = {"int": pl.Int64, "float": pl.Float64, "float?": pl.Float64, "str": pl.String}
COLUMNS = {
    "edition": pl.Int64,
    "source_file": pl.String,
    "record_number": pl.Int64,
    **{name: DTYPES.get(kind, pl.Boolean) for name, (_, kind) in FIELDS.items()},
}


def _value(file: str, number: int, field: str, kind: str, raw: Any) -> Any:
    def fail(expected: str) -> SourceDataError:
        return SourceDataError(
            SOURCE,
            file,
            f"record {number}: {field} {preview(str(raw))}; expected {expected}",
            column=field,
        )

    if raw is None and kind == "float?":
        return None
    if kind == "bool":
        if not isinstance(raw, bool):
            raise fail("true or false")
        return raw
    if kind == "str":
        if not isinstance(raw, str | int) or isinstance(raw, bool) or not str(raw).strip():
            raise fail("a non-empty text")
        return str(raw).strip()
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise fail("a finite number")
    if kind == "int":
        if raw != int(raw):
            raise fail("a whole number")
        return int(raw)
    return float(raw)


def parse_json(file: str, data: bytes, *, edition: int = EDITION) -> pl.DataFrame:
    """One year file's bytes -> one row per record, in :data:`COLUMNS`."""
    try:
        body = json.loads(decode_utf8(data, source=SOURCE, file=file))
    except ValueError as exc:
        raise SourceDataError(SOURCE, file, f"not JSON ({exc})") from exc
    records = body.get("data") if isinstance(body, dict) else None
    if not isinstance(records, list) or (isinstance(body, dict) and body.get("error")):
        error = body.get("error") if isinstance(body, dict) else type(body).__name__
        raise SourceDataError(
            SOURCE,
            file,
            f"'data' is not a list of records (error: {preview(str(error))}); expected the "
            "Comtrade API's {'count', 'data', 'error'} object",
        )
    if body.get("count") != len(records):
        raise SourceDataError(
            SOURCE, file, f"count {body.get('count')!r} but {len(records)} records"
        )
    if len(records) >= PREVIEW_CAP:
        raise SourceDataError(
            SOURCE, file, f"{len(records)} records: the preview's {PREVIEW_CAP} cap cut it"
        )
    year = Path(file).stem
    rows = []
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise SourceDataError(SOURCE, file, f"record {number} is not a JSON object")
        row = {"edition": edition, "source_file": file, "record_number": number}
        for name, (field, kind) in FIELDS.items():
            row[name] = _value(file, number, field, kind, record.get(field))
        if str(row["year"]) != year:
            raise SourceDataError(
                SOURCE,
                file,
                f"record {number}: refYear {row['year']} in the file of {year}",
                column="refYear",
            )
        rows.append(row)
    return pl.DataFrame(rows, schema=COLUMNS)
