"""UN Comtrade extracts: the atlas header variants and the API CSV layout become one table."""

import gzip

import pytest

from sources.common.errors import SourceDataError
from sources.comtrade.load import SNAPSHOT_DIR, load_snapshot
from sources.comtrade.parse import read_records


@pytest.fixture(scope="module")
def records():
    return load_snapshot()


def test_every_record_is_kept(records):
    counts = dict(records.group_by("source_file").len().iter_rows())
    assert counts == {
        "comtrade_2022.csv.gz": 166_616,
        "comtrade_2024.csv.gz": 164_831,
        "UN_nickel_trade.csv": 13_739,
    }


def test_2024_file_without_year_column_takes_it_from_the_name(records):
    assert set(records.filter(source_file="comtrade_2024.csv.gz")["year"]) == {2024}


def test_api_layout_fields(records):
    row = records.filter(source_file="UN_nickel_trade.csv", line_number=2).row(0, named=True)
    assert (row["year"], row["reporter_code"], row["partner_code"], row["flow_code"]) == (
        2000,
        8,
        0,
        "M",
    )
    assert (row["hs6"], row["value_usd"], row["net_weight_kg"], row["quantity_unit"]) == (
        "260400",
        482.0,
        1000.0,
        "kg",
    )


def test_non_numeric_value_names_line_and_column(tmp_path):
    source = gzip.decompress((SNAPSHOT_DIR / "comtrade_2024.csv.gz").read_bytes()).split(b"\r\n")
    source[5] = source[5].replace(b",M,", b",M,12x", 1)
    path = tmp_path / "comtrade_2024.csv"
    path.write_bytes(b"\r\n".join(source))
    with pytest.raises(SourceDataError, match=r"comtrade_2024.csv line 6 column value_usd"):
        read_records(path)


def test_unknown_layout_is_an_error(tmp_path):
    path = tmp_path / "comtrade_2022.csv"
    path.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(SourceDataError, match="line 1: header a,b,c... is neither"):
        read_records(path)


@pytest.mark.parametrize("value", ["inf", "-Infinity", "NaN", "1e999"])
def test_csv_values_must_be_finite(tmp_path, value):
    from sources.comtrade.parse import ATLAS_2024, read_records

    path = tmp_path / "atlas_2024.csv"
    path.write_text(
        ",".join(ATLAS_2024) + "\n36,156,260400,X,10,5\n" + f"36,0,260400,X,{value},5\n"
    )
    with pytest.raises(SourceDataError) as caught:
        read_records(path)
    assert (caught.value.file, caught.value.line, caught.value.column) == (
        "atlas_2024.csv",
        3,
        "value_usd",
    )
    assert "finite number" in str(caught.value)


@pytest.mark.parametrize(
    ("content", "expected"), [(b"", "empty file"), (b"a,b\n\xff\xfe,1\n", "UTF-8")]
)
def test_an_unreadable_extract_names_its_file(tmp_path, content, expected):
    from sources.common.errors import SourceDataError
    from sources.comtrade.parse import read_records

    path = tmp_path / "broken_trade_data.csv"
    path.write_bytes(content)
    with pytest.raises(SourceDataError) as error:
        read_records(path)
    assert "broken_trade_data.csv" in str(error.value) and expected in str(error.value)
