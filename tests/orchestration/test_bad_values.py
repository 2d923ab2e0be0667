"""Wrong values that parse cleanly fail a check and are never published (reviewed rules)."""

import duckdb
import pytest

from sources.common.snapshot import refresh_manifest, sha256_of
from tests.conftest import build
from tests.orchestration.test_runs import failed_checks, usgs_from

pytestmark = pytest.mark.build

WORLD = "mcs2024/world/mcs2024-{}_world.csv"
SALIENT = "mcs2024/salient/mcs2024-{}_salient.csv"


def edit(snapshot, relative: str, change) -> None:
    path = snapshot / relative
    path.write_bytes(change(path.read_bytes()))


def test_wrong_but_well_formed_values_fail_checks_and_nothing_is_published(
    warehouse_copy, snapshot_copy
):
    published_before = sha256_of(warehouse_copy.published)
    # a negative production figure
    edit(
        snapshot_copy,
        WORLD.format("raree"),
        lambda b: b.replace(b"210000,240000", b"-210000,240000"),
    )
    # a column for the year 2099
    edit(snapshot_copy, WORLD.format("cobal"), lambda b: b.replace(b"_2023", b"_2099", 1))
    # net import reliance of 150%
    edit(snapshot_copy, SALIENT.format("graph"), lambda b: b.replace(b",100\r\n", b",150\r\n", 1))
    # China's manganese row given twice
    edit(
        snapshot_copy,
        WORLD.format("manga"),
        lambda b: b.replace(
            b'MCS2024,China,"Mine production, manganese content",743,740,,280000,,,,,,,,,,,,,,\r\n',
            b'MCS2024,China,"Mine production, manganese content",743,740,,280000,,,,,,,,,,,,,,\r\n'
            * 2,
        ),
    )
    # a salient file cut at a line boundary: three years of lithium gone
    edit(
        snapshot_copy,
        SALIENT.format("lithi"),
        lambda b: b"\r\n".join(b.split(b"\r\n")[:3]) + b"\r\n",
    )
    refresh_manifest(snapshot_copy)

    result = build(run_config=usgs_from(snapshot_copy))

    assert not result.success
    failed = failed_checks(result)
    assert {
        "assert_plausible_values",
        "assert_usgs_years_within_edition",
        "assert_usgs_world_cells_unique",
        "assert_usgs_salient_years_complete",
    } <= set(failed)
    assert sha256_of(warehouse_copy.published) == published_before
    with duckdb.connect(str(warehouse_copy.build), read_only=True) as con:
        rules = {
            r[0]
            for r in con.execute("select rule_id from audit.assert_plausible_values").fetchall()
        }
        doubled = con.execute(
            "select country_name from audit.assert_usgs_world_cells_unique"
        ).fetchall()
        cut = con.execute(
            "select source_file, n_years from audit.assert_usgs_salient_years_complete"
        ).fetchall()
        late = con.execute(
            "select distinct year from audit.assert_usgs_years_within_edition"
        ).fetchall()
    assert {"usgs_world_not_negative", "usgs_nir_percent"} <= rules
    assert set(doubled) == {("China",)}
    assert cut == [("mcs2024-lithi_salient.csv", 2)]
    assert late == [(2099,)]

    # publishing alone does not publish the failed build
    from orchestration.assets.publish import published_warehouse

    publish_only = build(selection=[published_warehouse.key])
    assert not publish_only.success
    assert sha256_of(warehouse_copy.published) == published_before


def test_a_release_whose_year_file_is_empty_is_refused(warehouse_copy, http_server):
    from storage.raw_layer import partition_file
    from tests.sources.baci.test_year_file import OLD_DICTIONARY, baci_zip

    published_before = sha256_of(warehouse_copy.published)
    landed = partition_file(warehouse_copy.raw_downloads, "baci", "baci__trade_flows", 2024)
    landed_before = sha256_of(landed)
    http_server.add(
        "/baci/BACI_HS17_V202201.zip",
        baci_zip(
            [],
            member="BACI_HS17_Y2024_V202201.csv",
            dictionary=("country_codes_V202201.csv", OLD_DICTIONARY),
        ),
    )
    live = {"mode": "live", "release": "V202201", "base_url": http_server.url("/baci")}
    dictionaries = {**live, "allow_shrink": True}  # the synthetic ones replace the bundled
    ops = {"baci_dictionaries": {"config": dictionaries}, "baci_trade_flows": {"config": live}}

    result = build(run_config={"ops": ops}, years=(2024, 2024))

    assert not result.success
    message = failed_checks(result)["source_files_valid"]
    assert "baci: fell by more than 50%" in message
    assert "raw.baci__trade_flows year 2024: 21,723 rows landed, 0 now" in message
    assert sha256_of(warehouse_copy.published) == published_before
    assert sha256_of(landed) == landed_before
