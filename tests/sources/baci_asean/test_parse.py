"""sources.baci_asean: every line lands with exactly one ASEAN side, codes checked against
BACI's dictionary, bad input named; figures reproduced from the raw file (csv module)."""

from __future__ import annotations

import csv
from collections import defaultdict

import polars as pl
import pytest

from sources.baci_asean.load import FILE_NAME, SNAPSHOT_DIR, load_release
from sources.baci_asean.parse import ASEAN, parse_file
from sources.common.errors import SourceDataError

NICKEL_CHAIN = ("720260", "750110", "750120", "750210")


def raw_rows() -> list[dict[str, str]]:
    with (SNAPSHOT_DIR / FILE_NAME).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def flows() -> pl.DataFrame:
    return load_release().tables["flows"]


def test_every_line_lands_with_its_one_asean_side(flows):
    rows = raw_rows()
    assert flows.height == len(rows)
    exporters = sum(r["i_iso3"] in ASEAN for r in rows)
    assert (flows["asean_side"] == "exporter").sum() == exporters
    assert (flows["asean_side"] == "importer").sum() == len(rows) - exporters
    one_side = (pl.col("exporter_iso3").is_in(ASEAN)) != (pl.col("importer_iso3").is_in(ASEAN))
    assert flows.filter(~one_side).height == 0
    assert flows["hs6"].n_unique() == len({r["hs6"] for r in rows})
    empty = sum(r["qty_tons"] == "" for r in rows)
    assert (flows["quantity_flag"] == "missing").sum() == empty > 0


def test_indonesia_nickel_chain_exports_reproduced(flows):
    """PROVENANCE-3: IDN's 720260 + 7501x + 750210 exports to the listed partners rise from
    $2.0 bn (2010) to $21.0 bn (2024)."""
    expected: dict[int, float] = defaultdict(float)
    for row in raw_rows():
        if row["i_iso3"] == "IDN" and row["hs6"] in NICKEL_CHAIN:
            expected[int(row["t"])] += float(row["trade_usd_thousands"])
    landed = (
        flows.filter((pl.col("exporter_iso3") == "IDN") & pl.col("hs6").is_in(NICKEL_CHAIN))
        .group_by("year")
        .agg(pl.col("value_kusd").sum())
    )
    got = dict(zip(landed["year"], landed["value_kusd"], strict=True))
    assert got.keys() == expected.keys()
    for year, value in expected.items():
        assert got[year] == pytest.approx(value, rel=1e-12)
    assert round(got[2010] / 1e6, 1) == 2.0 and round(got[2024] / 1e6, 1) == 21.0


def _edited(tmp_path, old: str, new: str):
    text = (SNAPSHOT_DIR / FILE_NAME).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / FILE_NAME
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_an_asean_asean_pair_is_refused_naming_the_line(tmp_path):
    # line 2: AUS (36) -> MYS (458); make it THA (764) -> MYS
    path = _edited(
        tmp_path,
        "2010,250410,36,458,26.321,6.19,AUS,MYS",
        "2010,250410,764,458,26.321,6.19,THA,MYS",
    )
    with pytest.raises(SourceDataError, match="exactly one ASEAN-10 side") as caught:
        parse_file(path)
    assert (caught.value.line, caught.value.column) == (2, "j_iso3")


def test_an_iso3_that_contradicts_the_code_is_refused(tmp_path):
    path = _edited(
        tmp_path, "2010,250410,36,458,26.321,6.19,AUS,MYS", "2010,250410,36,458,26.321,6.19,NZL,MYS"
    )
    with pytest.raises(SourceDataError, match=r"line 2 column i_iso3: i_iso3 'NZL'"):
        parse_file(path)


def test_an_unknown_code_is_refused(tmp_path):
    path = _edited(
        tmp_path, "2010,250410,36,458,26.321,6.19,AUS,MYS", "2010,250410,37,458,26.321,6.19,AUS,MYS"
    )
    with pytest.raises(SourceDataError, match=r"line 2 column i: i '37'"):
        parse_file(path)


def test_a_text_value_is_refused(tmp_path):
    path = _edited(tmp_path, "2010,250410,36,458,26.321,", "2010,250410,36,458,n/a,")
    with pytest.raises(SourceDataError, match="line 2 column trade_usd_thousands"):
        parse_file(path)
