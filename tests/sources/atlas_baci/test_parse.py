"""sources.atlas_baci: the bundled 2022 extract parsed, checked against the raw CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from sources.atlas_baci.load import SNAPSHOT_DIR, load_release
from sources.atlas_baci.parse import parse_file
from sources.baci.load import SNAPSHOT_DIR as BACI_SNAPSHOT_DIR
from sources.common.errors import SourceDataError

EXTRACT = SNAPSHOT_DIR / "baci_2022.csv"


@pytest.fixture(scope="module")
def lines() -> list[dict]:
    with EXTRACT.open(newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def flows() -> pl.DataFrame:
    return load_release().tables["flows"]


def test_every_line_lands_once_as_a_2022_hs17_flow(flows, lines):
    assert flows.height == len(lines)
    assert flows["year"].unique().to_list() == [2022]
    assert flows["hs_revision"].unique().to_list() == ["HS17"]
    assert flows["hs6"].n_unique() == len({r["cmd"] for r in lines}) == 30
    assert flows["exporter_code"].n_unique() == len({r["i"] for r in lines})


def test_chile_lithium_carbonate_to_china(flows, lines):
    (line,) = [r for r in lines if (r["i"], r["j"], r["cmd"]) == ("CHL", "CHN", "283691")]
    landed = flows.filter(
        (pl.col("exporter_code") == "CHL")
        & (pl.col("importer_code") == "CHN")
        & (pl.col("hs6") == "283691")
    )
    assert landed["value_usd"].to_list() == [float(line["value"])]
    assert landed["line_number"][0] == lines.index(line) + 2


def test_the_811231_fold_added_nothing_in_hs17(flows):
    product_codes = pl.read_csv(
        BACI_SNAPSHOT_DIR / "product_codes_HS17_V202301.csv", infer_schema=False
    )["code"].str.zfill(6)
    assert "811292" in product_codes.to_list() and "811231" not in product_codes.to_list()
    assert flows.filter(pl.col("hs6") == "811231").height == 0
    assert flows.filter(pl.col("hs6") == "811292").height > 0


def write(tmp_path: Path, text: str, name: str = "baci_2022.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("i,j,cmd\nCHL,CHN,283691\n", r"line 1: missing column\(s\) value"),
        ("i,j,cmd,value\nCHL,CHN,283691,abc\n", r"line 2 column value: value 'abc' is not"),
        ("i,j,cmd,value\nChile,CHN,283691,5\n", r"line 2 column i: exporter 'Chile' is not a"),
        ("i,j,cmd,value\nCHL,CHN,28369,5\n", r"line 2 column cmd: HS6 code '28369' is not six"),
        (
            "i,j,cmd,value\nCHL,CHN,283691,5\nCHL,CHN,283691,6\n",
            r"line 2: flow CHL -> CHN 283691 appears on 2 lines",
        ),
    ],
)
def test_bad_input_names_file_line_column_and_expectation(tmp_path, text, message):
    with pytest.raises(SourceDataError, match=r"^atlas_baci: baci_2022\.csv " + message):
        parse_file(write(tmp_path, text), edition=2026)


def test_a_zero_flow_fails_validation(tmp_path):
    from sources.common.validation import ValidationFailed

    write(tmp_path, "i,j,cmd,value\nCHL,CHN,283691,0\n")
    with pytest.raises(ValidationFailed, match=r"baci_2022\.csv line 2: .*value_usd"):
        load_release(tmp_path)


def test_a_file_without_its_year_in_the_name_is_refused(tmp_path):
    with pytest.raises(SourceDataError, match=r"extract\.csv: file name is not baci_<year>"):
        parse_file(write(tmp_path, "i,j,cmd,value\n", "extract.csv"), edition=2026)
