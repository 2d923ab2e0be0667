"""sources.atlas_flows: the bundled year files parsed, figures reproduced from the raw JSON."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from sources.atlas_flows.load import SNAPSHOT_DIR, load_release
from sources.atlas_flows.parse import parse_file
from sources.baci.load import EXTRACT_FILE
from sources.baci.load import SNAPSHOT_DIR as BACI_SNAPSHOT_DIR
from sources.common.errors import SourceDataError

FILES = sorted((SNAPSHOT_DIR / "flows_json").glob("flows_*.json"))
SHARED_811292 = ("gallium", "germanium", "hafnium")


def raw(year: int) -> dict:
    return json.loads((SNAPSHOT_DIR / "flows_json" / f"flows_{year}.json").read_text())


@pytest.fixture(scope="module")
def flows() -> pl.DataFrame:
    return load_release().tables["flows"]


def test_every_entry_of_every_file_lands_once(flows):
    expected = {
        (path.name, material): len(entries)
        for path in FILES
        for material, entries in json.loads(path.read_text())["materials"].items()
    }
    landed = flows.group_by("source_file", "material").len()
    assert {(file, material): n for file, material, n in landed.iter_rows()} == expected
    assert len(FILES) == 23 and flows["year"].unique().sort().to_list() == list(range(2002, 2025))


def test_hs_revision_comes_from_each_files_source_field(flows):
    for path in FILES:
        source = json.loads(path.read_text())["source"]
        revisions = flows.filter(pl.col("source_file") == path.name)["hs_revision"].unique()
        assert revisions.to_list() == [source.split("BACI ")[1].split()[0]], path.name
    by_year = flows.group_by("hs_revision").agg(
        pl.col("year").min().alias("first"), pl.col("year").max().alias("last")
    )
    assert sorted(by_year.rows()) == [("HS02", 2002, 2016), ("HS17", 2017, 2024)]


def test_cobalt_2024_is_near_complete_against_the_bundled_baci_extract(flows):
    # the atlas keeps top partners only: 2024 cobalt (282200) $776 M vs $777 M in full BACI
    atlas_usd = sum(entry["value"] for entry in raw(2024)["materials"]["cobalt"])
    baci = pl.read_parquet(BACI_SNAPSHOT_DIR / EXTRACT_FILE).filter(pl.col("hs6") == "282200")
    baci_usd = baci["value_kusd"].sum() * 1000
    assert round(atlas_usd / 1e6) == 776 and round(baci_usd / 1e6) == 777
    assert 0.99 < atlas_usd / baci_usd < 1
    landed = flows.filter((pl.col("year") == 2024) & (pl.col("material") == "cobalt"))
    assert landed["value_usd"].sum() == pytest.approx(atlas_usd)


def test_china_share_of_antimony_exports_2010(flows):
    entries = raw(2010)["materials"]["antimony"]
    world = sum(entry["value"] for entry in entries)
    china = sum(entry["value"] for entry in entries if entry["from"] == "CN")
    landed = flows.filter((pl.col("year") == 2010) & (pl.col("material") == "antimony"))
    landed_share = landed.filter(pl.col("exporter_iso2") == "CN")["value_usd"].sum() / (
        landed["value_usd"].sum()
    )
    assert landed_share == pytest.approx(china / world)
    assert round(china / world, 3) == 0.708  # China shipped over 70% of unwrought antimony


def test_the_lists_sharing_811292_are_the_same_flows():
    for path in FILES:
        materials = json.loads(path.read_text())["materials"]
        gallium = materials["gallium"]
        assert gallium, path.name
        for material in SHARED_811292[1:]:
            assert materials[material] == gallium, (path.name, material)


def test_2024_quantities_are_baci_tonnes_rounded(flows):
    baci = pl.read_parquet(BACI_SNAPSHOT_DIR / EXTRACT_FILE)
    magnets = flows.filter((pl.col("year") == 2024) & (pl.col("material") == "magnets"))
    cn_de = magnets.filter((pl.col("exporter_iso2") == "CN") & (pl.col("importer_iso2") == "DE"))
    baci_cn_de = baci.filter(
        (pl.col("exporter") == "CHN") & (pl.col("importer") == "DEU") & (pl.col("hs6") == "850511")
    )
    assert cn_de["quantity_t_rounded"][0] == round(baci_cn_de["qty_t"][0])
    assert cn_de["value_usd"][0] == pytest.approx(baci_cn_de["value_kusd"][0] * 1000)
    assert flows.filter(pl.col("year") < 2024)["quantity_t_rounded"].null_count() == (
        flows.filter(pl.col("year") < 2024).height
    )


def write(tmp_path: Path, document: object, name: str = "flows_2010.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


def document(**materials) -> dict:
    return {
        "year": 2010,
        "source": "UN Comtrade (primary) via CEPII BACI HS02 V202601",
        "materials": materials or {"cobalt": [{"from": "CD", "to": "CN", "value": 5}]},
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"year": 2011}, r"'year' is 2011, expected 2010 \(the file's name\)"),
        ({"source": "BACI"}, r"'source' 'BACI' names no BACI HS revision and release"),
        (
            {"materials": {"cobalt": [{"from": "CD", "to": "China", "value": 5}]}},
            r"materials\.cobalt entry 1 key 'to': 'China' is not an ISO2 code",
        ),
        (
            {"materials": {"cobalt": [{"from": "CD", "to": "CN", "value": -5}]}},
            r"materials\.cobalt entry 1 key 'value': -5 is not a number >= 0",
        ),
        (
            {"materials": {"cobalt": [{"from": "CD", "to": "CN", "value": "5"}]}},
            r"key 'value': '5' is not a number",
        ),
        (
            {"materials": {"cobalt": [{"from": "CD", "to": "CN"}]}},
            r"materials\.cobalt entry 1: missing key\(s\) \['value'\]",
        ),
        (
            {"materials": {"cobalt": [{"from": "CD", "to": "CN", "value": 5, "v2": 1}]}},
            r"unexpected key\(s\) \['v2'\]",
        ),
        (
            {
                "materials": {
                    "cobalt": [
                        {"from": "CD", "to": "CN", "value": 5},
                        {"from": "CD", "to": "CN", "value": 6},
                    ]
                }
            },
            r"materials\.cobalt entry 2: flow CD -> CN already at entry 1",
        ),
    ],
)
def test_bad_input_names_file_entry_and_expectation(tmp_path, change, message):
    with pytest.raises(SourceDataError, match=r"^atlas_flows: flows_2010\.json: .*" + message):
        parse_file(write(tmp_path, {**document(), **change}), edition=2026)


def test_broken_json_names_its_line(tmp_path):
    path = tmp_path / "flows_2010.json"
    path.write_text('{"year": 2010,\n "source": "x",\n "materials": {,}}')
    with pytest.raises(SourceDataError, match=r"flows_2010\.json line 3: not valid JSON"):
        parse_file(path, edition=2026)


def test_a_file_not_named_by_its_year_is_refused(tmp_path):
    with pytest.raises(SourceDataError, match=r"flows\.json: file name is not flows_<year>"):
        parse_file(write(tmp_path, document(), "flows.json"), edition=2026)


def test_a_changed_snapshot_file_is_refused(tmp_path):
    import shutil

    copy = tmp_path / "snapshot"
    shutil.copytree(SNAPSHOT_DIR, copy)
    target = copy / "flows_json" / "flows_2002.json"
    target.write_bytes(target.read_bytes().replace(b"85349203", b"85349204", 1))
    with pytest.raises(SourceDataError, match=r"flows_json/flows_2002\.json.*sha256"):
        load_release(copy)
