"""Critical Materials Atlas trade summaries (``<material>_trade.json``) -> two tables.

Each file holds, per year (2002-2024) and HS6 code, the world totals the collector computed
from CEPII BACI V202601 (``world_usd``, ``world_tonnes``, ``n_flows``), the exporter HHI
(0-1), China's export share, and the top-8 exporters and importers (ISO2, name, value,
share). Its ``series`` block repeats the totals per code.

Rules (sources/atlas_summaries/snapshot/PROVENANCE.md):

* one row per file x code x year of world totals; one row per file x code x year x side x
  rank of the top-8 lists (not bilateral flows: a partner's counterpart is the world);
* the HS vintage of a year (HS02 to 2016, HS17 from 2017) must equal the entry's ``hs``;
* the ``series`` block must repeat ``years_data`` exactly (it was keyed twice), else an error
  naming the file, code, year and field; a missing key or a non-number is an error too;
* ISO2 ``DE`` and ``BE`` carry the names ``Fed. Rep. of Germany (...1990)`` and
  ``Belgium-Luxembourg (...1998)`` in every year: kept as published.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from sources.common.errors import SourceDataError, preview
from sources.common.text import decode_utf8

SOURCE = "atlas_summaries"
EDITION = 2026  # built from CEPII BACI V202601
SIDES = {"exporters": "exporter", "importers": "importer"}
TOTAL_FIELDS = ("world_usd", "world_tonnes", "n_flows", "china_export_share", "export_hhi")
SERIES_FIELDS = ("hs", "world_usd", "world_tonnes", "china_export_share", "export_hhi")
PARTNER_FIELDS = ("iso", "name", "value_usd", "share")

TOTAL_COLUMNS = {
    "edition": pl.Int64,
    "source_file": pl.String,
    "hs6": pl.String,
    "code_title": pl.String,
    "year": pl.Int64,
    "hs_vintage": pl.String,
    "world_usd": pl.Float64,
    "world_tonnes": pl.Float64,
    "n_flows": pl.Int64,
    "china_export_share": pl.Float64,
    "export_hhi": pl.Float64,
}
PARTNER_COLUMNS = {
    "edition": pl.Int64,
    "source_file": pl.String,
    "hs6": pl.String,
    "year": pl.Int64,
    "side": pl.String,
    "rank": pl.Int64,
    "partner_iso2": pl.String,
    "partner_name": pl.String,
    "value_usd": pl.Float64,
    "share": pl.Float64,
}


def _error(file: str, message: str) -> SourceDataError:
    return SourceDataError(SOURCE, file, message)


def _field(file: str, where: str, entry: dict, name: str, number: bool = True):
    if not isinstance(entry, dict) or name not in entry:
        raise _error(file, f"{where}: no field {name!r}")
    value = entry[name]
    if number and (isinstance(value, bool) or not isinstance(value, int | float) or value < 0):
        raise _error(file, f"{where}: {name} {preview(str(value))} is not a non-negative number")
    return value


def parse_document(file: str, doc: dict, edition: int = EDITION) -> dict[str, pl.DataFrame]:
    """'world_totals' and 'top_partners' frames of one parsed summary file."""
    for key in ("vintage", "codes", "years_data", "series"):
        if not isinstance(doc.get(key), dict):
            raise _error(file, f"no {key!r} object; expected the atlas summary layout")
    totals, partners = [], []
    for year_text, codes in doc["years_data"].items():
        if not year_text.isdigit():
            raise _error(file, f"years_data key {preview(year_text)} is not a year")
        year = int(year_text)
        vintage = doc["vintage"].get(year_text)
        for code, entry in codes.items():
            where = f"years_data {year} code {code}"
            if code not in doc["codes"]:
                raise _error(file, f"{where}: code not listed in 'codes'")
            if _field(file, where, entry, "hs", number=False) != vintage:
                raise _error(file, f"{where}: hs {entry['hs']!r} differs from vintage {vintage!r}")
            values = [_field(file, where, entry, name) for name in TOTAL_FIELDS]
            totals.append(
                (edition, file, code, doc["codes"][code].get("title"), year, vintage, *values)
            )
            for side_key, side in SIDES.items():
                for rank, party in enumerate(_field(file, where, entry, side_key, False), 1):
                    at = f"{where} {side_key}[{rank - 1}]"
                    iso, name, value, share = (
                        _field(file, at, party, f, f in ("value_usd", "share"))
                        for f in PARTNER_FIELDS
                    )
                    partners.append(
                        (edition, file, code, year, side, rank, iso, name, value, share)
                    )
    frames = {
        "world_totals": pl.DataFrame(totals, schema=TOTAL_COLUMNS, orient="row"),
        "top_partners": pl.DataFrame(partners, schema=PARTNER_COLUMNS, orient="row"),
    }
    check_series(file, doc["series"], frames["world_totals"])
    return frames


def check_series(file: str, series: dict, totals: pl.DataFrame) -> None:
    """The ``series`` block repeats the world totals of ``years_data``, field by field."""
    by_key = {(r["hs6"], r["year"]): r for r in totals.iter_rows(named=True)}
    for code, points in series.items():
        for point in points:
            year = _field(file, f"series {code}", point, "year")
            row = by_key.get((code, year))
            if row is None:
                raise _error(file, f"series {code} year {year}: not in years_data")
            for name in SERIES_FIELDS:
                published = row["hs_vintage" if name == "hs" else name]
                if point.get(name) != published:
                    raise _error(
                        file,
                        f"series {code} year {year}: {name} {preview(str(point.get(name)))} "
                        f"differs from years_data ({published}); expected the same figure",
                    )


def parse_file(path: Path, *, edition: int = EDITION) -> dict[str, pl.DataFrame]:
    path = Path(path)
    text = decode_utf8(path.read_bytes(), source=SOURCE, file=path.name)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceDataError(
            SOURCE, path.name, f"not valid JSON: {exc.msg}", line=exc.lineno
        ) from exc
    if not isinstance(doc, dict):
        raise _error(path.name, "the document is not a JSON object")
    return parse_document(path.name, doc, edition)
