"""sources.baci_panels: every line lands, countries resolved, quantities flagged, bad input
named; figures reproduced from the raw files with the csv module."""

from __future__ import annotations

import shutil

import polars as pl
import pytest

from sources.baci.load import SNAPSHOT_DIR as BACI_SNAPSHOT_DIR
from sources.baci_panels import countries
from sources.baci_panels.load import SNAPSHOT_DIR, load_release
from sources.baci_panels.parse import FILES, parse_panel
from sources.common.errors import SourceDataError
from tests.sources.baci_panels.raw import china_export_share, rows

GRAPHITE, LITHIUM, RARE_EARTHS = "cepii_graphite.csv", "cepii_lithium.csv", "cepii_rare_earths.csv"


@pytest.fixture(scope="module")
def flows() -> pl.DataFrame:
    return load_release().tables["flows"]


def test_every_line_lands_once_with_its_file_revision(flows):
    for name, spec in FILES.items():
        landed = flows.filter(pl.col("source_file") == name)
        assert landed.height == len(rows(name))
        assert landed["hs_revision"].unique().to_list() == [spec.hs_revision]
        assert sorted(landed["hs6"].unique()) == sorted(spec.products)


def test_country_fields_resolve_by_code_name_or_the_seven_aliases(flows):
    raw = [r[role] for name in FILES for r in rows(name) for role in ("exporter", "importer")]
    numeric = sum(field.isdigit() for field in raw)
    landed = pl.concat(
        [flows.select(r=pl.col(f"{role}_resolved_by")) for role in ("exporter", "importer")]
    )["r"]
    assert (landed == "code").sum() == numeric
    aliased = flows.filter(pl.col("exporter_resolved_by") == "alias")["exporter_field"].unique()
    aliased_seed = set(countries.aliases()["alias"])
    assert (
        set(aliased)
        | set(flows.filter(pl.col("importer_resolved_by") == "alias")["importer_field"].unique())
        == aliased_seed
    )
    assert len(aliased_seed) == 7
    # a zero-padded code and a name land as BACI codes: 058 Belgium-Luxembourg, China 156
    belux = flows.filter(pl.col("exporter_field") == "058")
    assert belux.height > 0 and belux["exporter_code"].unique().to_list() == [58]
    assert flows.filter(pl.col("exporter_field") == "China")["exporter_code"].unique()[0] == 156


def test_quantity_zero_is_unknown_and_empty_is_missing(flows):
    for name in FILES:
        landed = flows.filter(pl.col("source_file") == name)
        raw_q = [r["quantity_tonnes"] for r in rows(name)]
        zero = sum(q != "" and float(q) == 0 for q in raw_q)
        empty = sum(q == "" for q in raw_q)
        assert (landed["quantity_flag"] == "zero_unknown").sum() == zero
        assert (landed["quantity_flag"] == "missing").sum() == empty
        assert landed["quantity_t"].null_count() == zero + empty
    assert (flows["quantity_flag"] == "zero_unknown").sum() > 0
    assert (flows["quantity_flag"] == "missing").sum() > 0


@pytest.mark.parametrize("year", [2005, 2024])
def test_china_share_of_graphite_exports_reproduced(flows, year):
    graphite = flows.filter((pl.col("hs6") == "250410") & (pl.col("year") == year))
    china = graphite.filter(pl.col("exporter_code") == 156)["value_kusd"].sum()
    share = china / graphite["value_kusd"].sum()
    assert share == pytest.approx(china_export_share(GRAPHITE, year), rel=1e-12)
    assert 0 < share < 1


def test_lithium_2024_matches_the_baci_2024_extract_flow_for_flow():
    """PROVENANCE-3: the same exporter -> importer pairs, CHL -> NLD 98,879.433 kUSD in both."""
    dictionary = countries.dictionary()
    panel = (
        load_release()
        .tables["flows"]
        .filter((pl.col("hs6") == "283691") & (pl.col("year") == 2024))
        .join(
            dictionary.select("country_code", e="country_iso3"),
            left_on="exporter_code",
            right_on="country_code",
        )
        .join(
            dictionary.select("country_code", i="country_iso3"),
            left_on="importer_code",
            right_on="country_code",
        )
    )
    extract = pl.read_parquet(BACI_SNAPSHOT_DIR / "baci_hs17_2024_critical.parquet").filter(
        (pl.col("hs6").cast(pl.String) == "283691") & (pl.col("year") == 2024)
    )
    assert set(zip(panel["e"], panel["i"], strict=True)) == set(
        zip(extract["exporter"], extract["importer"], strict=True)
    )
    raw = next(
        float(r["value_kusd"])
        for r in rows(LITHIUM)
        if r["year"] == "2024"
        and r["exporter"] in ("Chile", "152")
        and r["importer"] in ("Netherlands", "528")
    )
    pair = (pl.col("exporter") == "CHL") & (pl.col("importer") == "NLD")
    assert extract.filter(pair)["value_kusd"].item() == pytest.approx(raw, abs=1e-6)
    landed = panel.filter((pl.col("e") == "CHL") & (pl.col("i") == "NLD"))["value_kusd"].item()
    assert landed == raw


def _copy(tmp_path, name: str, edit) -> object:
    text = (SNAPSHOT_DIR / name).read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_text(edit(text), encoding="utf-8")
    return path


def test_an_unresolved_country_names_file_line_column_and_value(tmp_path):
    path = _copy(
        tmp_path,
        GRAPHITE,
        lambda t: t.replace("1995,Argentina,Germany", "1995,Atlantis,Germany", 1),
    )
    with pytest.raises(SourceDataError) as caught:
        parse_panel(path)
    message = str(caught.value)
    assert caught.value.line == 2 and caught.value.column == "exporter"
    assert "cepii_graphite.csv" in message and "'Atlantis'" in message
    assert "baci_panels_country_aliases.csv" in message


def test_a_code_outside_the_dictionary_is_refused(tmp_path):
    path = _copy(
        tmp_path, GRAPHITE, lambda t: t.replace("1995,Argentina,600,", "1995,Argentina,999,", 1)
    )
    with pytest.raises(SourceDataError, match=r"line 3 column importer: importer '999'"):
        parse_panel(path)


@pytest.mark.parametrize(
    ("old", "new", "column"),
    [
        (",250410,365.0,", ",250490,365.0,", "product"),
        (",250410,365.0,", ",250410,-365.0,", "value_kusd"),
        (",365.0,308.375", ",365.0,-308.375", "quantity_tonnes"),
        ("1995,Argentina,Germany", "1985,Argentina,Germany", "year"),
    ],
)
def test_bad_values_name_line_and_column(tmp_path, old, new, column):
    path = _copy(tmp_path, GRAPHITE, lambda t: t.replace(old, new, 1))
    with pytest.raises(SourceDataError) as caught:
        parse_panel(path)
    assert (caught.value.line, caught.value.column) == (2, column)


def test_a_changed_header_or_an_unknown_file_is_refused(tmp_path):
    path = _copy(tmp_path, LITHIUM, lambda t: t.replace("quantity_tonnes", "qty", 1))
    with pytest.raises(SourceDataError, match="header is .*expected year,exporter"):
        parse_panel(path)
    other = tmp_path / "cepii_nickel.csv"
    shutil.copy(SNAPSHOT_DIR / LITHIUM, other)
    with pytest.raises(SourceDataError, match="unknown file"):
        parse_panel(other)


def test_a_tampered_snapshot_is_refused(tmp_path):
    folder = tmp_path / "snapshot"
    shutil.copytree(SNAPSHOT_DIR, folder)
    path = folder / RARE_EARTHS
    path.chmod(0o644)
    path.write_bytes(path.read_bytes().replace(b"343.484", b"343.485", 1))
    with pytest.raises(SourceDataError, match="sha256 .* does not match MANIFEST.csv"):
        load_release(folder)


def test_an_alias_that_shadows_a_dictionary_name_is_refused(tmp_path):
    seed = tmp_path / "aliases.csv"
    seed.write_text("alias,country_code,baci_country_name,note\nChina,156,China,x\n")
    with pytest.raises(ValueError, match="alias 'China'"):
        countries.field_codes(seed)
