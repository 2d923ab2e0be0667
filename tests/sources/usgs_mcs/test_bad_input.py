"""Corrupted inputs give errors naming the source, file, line and column, and what was expected."""

import re

import pytest

from sources.common.errors import SourceDataError
from sources.common.snapshot import refresh_manifest
from sources.usgs_mcs.load import load_release

REE_2024 = "mcs2024/world/mcs2024-raree_world.csv"


def rewrite(snapshot, rel: str, edit) -> None:
    """Change a bundled file as an upstream update would, and re-record the manifest."""
    path = snapshot / rel
    path.write_bytes(edit(path.read_bytes()))
    refresh_manifest(snapshot)


def test_non_numeric_value(snapshot_copy):
    rewrite(snapshot_copy, REE_2024, lambda b: b.replace(b"210000,240000", b"210000,24O000"))
    with pytest.raises(SourceDataError) as error:
        load_release(snapshot_copy)
    message = str(error.value)
    assert message.startswith("usgs_mcs: mcs2024-raree_world.csv line 7 column Prod_t_est_2023:")
    assert "'24O000' is not a number" in message and "footnote code (W, NA, XX, E)" in message


def test_missing_column(snapshot_copy):
    rewrite(snapshot_copy, REE_2024, lambda b: b.replace(b"Source,Country,Type", b"Source,Type", 1))
    with pytest.raises(SourceDataError, match=r"mcs2024-raree_world.csv line 1: header .* neither"):
        load_release(snapshot_copy)


def test_unknown_value_column_header(snapshot_copy):
    rewrite(snapshot_copy, REE_2024, lambda b: b.replace(b"Prod_t_est_2023", b"Prod_lbs_2023", 1))
    with pytest.raises(
        SourceDataError, match=r"line 1 column Prod_lbs_2023: header .* unit one of"
    ):
        load_release(snapshot_copy)


def test_file_truncated_inside_a_quoted_field(snapshot_copy):
    def cut(data: bytes) -> bytes:
        return data[: data.index(b'"Rare earths', data.index(b"MCS2024,China")) + 12]

    rewrite(snapshot_copy, REE_2024, cut)
    with pytest.raises(SourceDataError, match=r"mcs2024-raree_world.csv line 7: .*truncated"):
        load_release(snapshot_copy)


def test_file_truncated_after_the_header(snapshot_copy):
    rewrite(snapshot_copy, REE_2024, lambda b: b.split(b"\r\n")[0] + b"\r\n")
    with pytest.raises(SourceDataError, match="mcs2024-raree_world.csv: no data rows"):
        load_release(snapshot_copy)


def test_row_cut_before_its_country(snapshot_copy):
    rewrite(snapshot_copy, REE_2024, lambda b: b + b"MCS2024\r\n")
    with pytest.raises(SourceDataError, match=r"line \d+ column Country: row has 1 cells"):
        load_release(snapshot_copy)


def test_bundled_file_changed_without_its_manifest(snapshot_copy):
    path = snapshot_copy / REE_2024
    path.write_bytes(path.read_bytes().replace(b"240000", b"250000"))
    with pytest.raises(SourceDataError, match=re.escape(f"usgs_mcs: {REE_2024}: sha256")):
        load_release(snapshot_copy)


def test_unlisted_file_is_refused(snapshot_copy):
    (snapshot_copy / "mcs2024/world/mcs2024-extra_world.csv").write_text("Source,Country\n")
    with pytest.raises(FileNotFoundError, match="not listed in MANIFEST.csv"):
        load_release(snapshot_copy)


LONG_2026 = "mcs2026/MCS2026_Commodities_Data.csv"
REE_2026_CHINA = b"RARE EARTHS,World Mine Production and Reserves,Rare Earths,China,Production,"
# the 2026 file is parsed last: only its edition is loaded (the manifest is checked whole)
ONLY_2026 = {2026}


def _edit_line(data: bytes, starts: bytes, old: bytes, new: bytes) -> bytes:
    at = data.index(starts)
    end = data.index(b"\r\n", at)
    line = data[at:end]
    assert old in line
    return data[:at] + line.replace(old, new, 1) + data[end:]


def _line_of(data: bytes, starts: bytes) -> int:
    return data[: data.index(starts)].count(b"\n") + 1


def test_2026_bad_value_names_file_line_and_column(snapshot_copy):
    data = (snapshot_copy / LONG_2026).read_bytes()
    line = _line_of(data, REE_2026_CHINA)
    rewrite(snapshot_copy, LONG_2026, lambda b: _edit_line(b, REE_2026_CHINA, b'"270,000"', b"27O"))
    with pytest.raises(SourceDataError) as error:
        load_release(snapshot_copy, editions=ONLY_2026)
    assert str(error.value).startswith(
        f"usgs_mcs: MCS2026_Commodities_Data.csv line {line} column Value: value '27O' is not"
    )


def test_2026_unknown_unit_and_section(snapshot_copy):
    data = (snapshot_copy / LONG_2026).read_bytes()
    line = _line_of(data, REE_2026_CHINA)
    rewrite(
        snapshot_copy,
        LONG_2026,
        lambda b: _edit_line(b, REE_2026_CHINA, b",metric tons,", b",short tons,"),
    )
    with pytest.raises(SourceDataError, match=rf"line {line} column Unit: unit 'short tons'"):
        load_release(snapshot_copy, editions=ONLY_2026)
    rewrite(
        snapshot_copy,
        LONG_2026,
        lambda b: _edit_line(b, b"RARE EARTHS,World Mine", b"World Mine", b"Mine"),
    )
    with pytest.raises(SourceDataError, match=r"column Section: Section 'Mine Production"):
        load_release(snapshot_copy, editions=ONLY_2026)


def test_2026_bad_import_period(snapshot_copy):
    starts = b"RARE EARTHS,Import Sources,"
    data = (snapshot_copy / LONG_2026).read_bytes()
    line = _line_of(data, starts)
    rewrite(snapshot_copy, LONG_2026, lambda b: _edit_line(b, starts, b"2021\x9624", b"2021/24"))
    with pytest.raises(SourceDataError, match=rf"line {line} column Year: Year '2021/24'"):
        load_release(snapshot_copy, editions=ONLY_2026)


def test_2025_salient_bad_value(snapshot_copy):
    rel = "mcs2025/salient/mcs2025-lithium_salient.csv"
    data = (snapshot_copy / rel).read_bytes()
    header = data.split(b"\r\n")[0].decode("utf-8-sig").split(",")
    first = data.split(b"\r\n")[1].split(b",")
    column = next(i for i, c in enumerate(first) if i > 2 and c.strip().isdigit())
    cells = list(first)
    cells[column] = b"12x"
    rewrite(snapshot_copy, rel, lambda b: b.replace(b",".join(first), b",".join(cells), 1))
    with pytest.raises(SourceDataError, match=rf"line 2 column {header[column]}: value '12x'"):
        load_release(snapshot_copy)


def test_2024_fluorspar_header_changed_under_its_correction(snapshot_copy):
    rel = "mcs2024/salient/mcs2024-fluor_salient.csv"
    rewrite(snapshot_copy, rel, lambda b: b.replace(b"Price_dt,", b"Price_US_dt,", 1))
    with pytest.raises(SourceDataError, match=r"line 1 column #13: header_corrections.csv"):
        load_release(snapshot_copy)
