"""sources.mofcom_controls: the re-keyed item table, landed row for row, and bad input."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter

import pytest

from sources.common.errors import SourceDataError
from sources.mofcom_controls.load import FILE_NAME, load_release
from tests.sources.mofcom_controls.js_fixture import csv_rows

RAW = csv_rows()


@pytest.fixture(scope="module")
def items():
    return load_release().tables["items"]


def test_one_row_per_item_verbatim(items):
    assert items.height == len(RAW) == 130
    landed = {(r["announcement_id"], r["item_no"]): r for r in items.iter_rows(named=True)}
    for raw in RAW:
        row = landed[(raw["announcement_id"], int(raw["item_no"]))]
        assert row["item_zh"] == raw["item_zh"] and row["notice_zh"] == raw["notice_zh"]
        assert row["control_code"] == raw["control_code"]
        assert row["item_en_librarian"] == raw["item_en"]
        assert row["mineral_librarian"] == raw["mineral"]
    per_notice = Counter(r["announcement_id"] for r in RAW)
    assert dict(items["announcement_id"].value_counts().iter_rows()) == per_notice
    assert per_notice["2023-23"] == 14 and per_notice["2025-56"] == 23  # PROVENANCE-3 §B6.1


def test_code_mentions_match_the_provenance_counts(items):
    # PROVENANCE-3 §B6.1: 194 ten-digit and 27 eight-digit code mentions, 43 items without
    codes = [c for r in RAW for c in r["cn_hs_codes"].split(";") if c]
    lengths = Counter(len(c) for c in codes)
    assert (lengths[10], lengths[8]) == (194, 27)
    without = sum(1 for r in RAW if not r["cn_hs_codes"])
    assert without == 43 == items["cn_hs_codes"].null_count()
    # the cell as given holds the same codes (separated by 、, notes in brackets)
    for raw in RAW:
        assert re.findall(r"\d{8,10}", raw["cn_hs_as_given"]) == [
            c for c in raw["cn_hs_codes"].split(";") if c
        ]


def test_paused_measures_keep_their_dates(items):
    paused = items.filter(items["announcement_id"].is_in(["2025-61", "2025-62"]))
    raw = [r for r in RAW if r["announcement_id"] in ("2025-61", "2025-62")]
    assert paused.height == len(raw) == 2
    for row in paused.iter_rows(named=True):
        assert row["status"] == "paused"
        assert row["pause_notice"] == "2025年第70号公告"
        assert row["pause_announced"] == dt.date(2025, 11, 7)
        assert row["pause_end_date"] == dt.date(2026, 11, 10)
        assert row["date_announced"] == dt.date(2025, 10, 9)
    assert {r["pause_end_date"] for r in raw} == {"2026-11-10"}


def _corrupt(tmp_path, line: int, column: str, value: str):
    folder = tmp_path / "release"
    folder.mkdir()
    rows = csv_rows()
    rows[line - 2][column] = value
    with (folder / FILE_NAME).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return folder


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("cn_hs_codes", "8112929010;811292", "code '811292' is not an 8- or 10-digit CN"),
        ("cn_hs_codes", "28053019X", "code '28053019X' is not an 8- or 10-digit CN"),
        ("status", "lifted", "value 'lifted' is not one of"),
        ("pause_end_date", "2026-13-10", "value '2026-13-10' is not a date"),
    ],
)
def test_bad_input_names_line_and_column(tmp_path, column, value, expected):
    folder = _corrupt(tmp_path, 7, column, value)
    with pytest.raises(SourceDataError, match=expected) as caught:
        load_release(folder)
    assert f"mofcom_controls: {FILE_NAME} line 7 column {column}:" in str(caught.value)


def test_a_paused_item_without_its_end_date_fails_validation(tmp_path):
    line = next(i for i, r in enumerate(RAW, start=2) if r["status"] == "paused")
    folder = _corrupt(tmp_path, line, "pause_end_date", "")
    with pytest.raises(ValueError, match="paused item lacks its pause notice"):
        load_release(folder)
