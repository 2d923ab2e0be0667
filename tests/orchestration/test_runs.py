"""Runs against a copy of the built warehouse: bad input, readers, and two writers."""

import threading
import time

import duckdb
import pytest

from sources.common.snapshot import refresh_manifest, sha256_of
from storage.raw_layer import table_dir
from storage.writer_lock import WriterLock
from tests.conftest import build

pytestmark = pytest.mark.build

REE_2024 = "mcs2024/world/mcs2024-raree_world.csv"
USGS_CONFIG = "usgs_mcs_tables"


def usgs_from(directory) -> dict:
    return {"ops": {USGS_CONFIG: {"config": {"directory": str(directory)}}}}


def corrupt(snapshot, old: bytes, new: bytes) -> None:
    path = snapshot / REE_2024
    path.write_bytes(path.read_bytes().replace(old, new))
    refresh_manifest(snapshot)


def raw_world_digest(paths) -> tuple:
    """The landed USGS world cells of every edition (the raw layer's Parquet files)."""
    files = table_dir(paths.raw_downloads, "usgs_mcs", "usgs_mcs__world_production")
    with duckdb.connect() as con:
        return con.execute(
            "select count(*), sum(hash(source_file, line_number, column_name, value_raw)) "
            f"from read_parquet('{files}/edition=*/*.parquet')"
        ).fetchone()


def failed_checks(result) -> dict[str, str]:
    return {
        e.check_name: str(e.metadata.get("error", ""))
        for e in result.get_asset_check_evaluations()
        if not e.passed
    }


def test_bad_value_fails_the_check_and_keeps_the_last_good_state(warehouse_copy, snapshot_copy):
    published_before = sha256_of(warehouse_copy.published)
    raw_before = raw_world_digest(warehouse_copy)
    corrupt(snapshot_copy, b"210000,240000", b"210000,24O000")

    result = build(run_config=usgs_from(snapshot_copy))

    assert not result.success
    errors = failed_checks(result)
    assert "mcs2024-raree_world.csv line 7 column Prod_t_est_2023" in errors["source_files_valid"]
    assert sha256_of(warehouse_copy.published) == published_before
    assert raw_world_digest(warehouse_copy) == raw_before


def test_unknown_country_fails_a_check_naming_it(warehouse_copy, snapshot_copy):
    published_before = sha256_of(warehouse_copy.published)
    corrupt(snapshot_copy, b"MCS2024,Burma,", b"MCS2024,Atlantis,")

    result = build(run_config=usgs_from(snapshot_copy))

    assert not result.success
    assert "assert_usgs_country_names_mapped" in failed_checks(result)
    with duckdb.connect(str(warehouse_copy.build), read_only=True) as con:
        unmapped = con.execute(
            "select source_file, country_name from audit.assert_usgs_country_names_mapped"
        ).fetchall()
    assert unmapped == [("mcs2024-raree_world.csv", "Atlantis")]
    assert sha256_of(warehouse_copy.published) == published_before


def test_a_reader_never_blocks_publishing_and_keeps_its_snapshot(warehouse_copy):
    reader = duckdb.connect(str(warehouse_copy.published), read_only=True)
    before = reader.execute("select count(*) from fct_production_concentration").fetchone()
    inode_before = warehouse_copy.published.stat().st_ino

    from orchestration.assets.publish import published_warehouse

    result = build(selection=[published_warehouse.key])

    assert result.success
    assert reader.execute("select count(*) from fct_production_concentration").fetchone() == before
    assert warehouse_copy.published.stat().st_ino != inode_before  # swapped, not rewritten
    with duckdb.connect(str(warehouse_copy.published), read_only=True) as fresh:
        assert (
            fresh.execute("select count(*) from fct_production_concentration").fetchone() == before
        )
    reader.close()


def test_a_second_run_waits_for_the_writer_lock(warehouse_copy):
    from orchestration.assets.reference import reference_tables

    outcome = {}

    def second_run():
        started = time.monotonic()
        outcome["success"] = build(selection=list(reference_tables.keys)).success
        outcome["waited"] = time.monotonic() - started

    holder = WriterLock(warehouse_copy, run_id="holding-run")
    holder.acquire()
    try:
        runner = threading.Thread(target=second_run)
        runner.start()
        time.sleep(2)
        assert runner.is_alive()  # queued behind the lock, not failed
    finally:
        holder.release()
    runner.join(timeout=120)
    assert outcome == {"success": True, "waited": pytest.approx(outcome["waited"])}
    assert outcome["waited"] >= 2


def test_live_baci_release_zip_downloads_before_the_writer_lock(warehouse_copy, http_server):
    """A live BACI release through Dagster, to the published marts; its download never holds
    the writer lock: it runs while another writer holds it."""
    from tests.sources.baci.test_year_file import OLD_DICTIONARY, baci_zip, flow_rows

    http_server.add(
        "/baci/BACI_HS17_V202201.zip",
        baci_zip(
            flow_rows(),
            member="BACI_HS17_Y2022_V202201.csv",
            dictionary=("country_codes_V202201.csv", OLD_DICTIONARY),
        ),
    )
    live = {
        "mode": "live",
        "release": "V202201",
        "base_url": http_server.url("/baci"),
        "allow_shrink": True,  # the synthetic dictionaries replace the bundled ones
    }
    ops = {"baci_dictionaries": {"config": live}, "baci_trade_flows": {"config": live}}
    outcome = {}

    def live_run():
        # the BACI landings, the dbt build and publishing: the other sources' landings take
        # the writer lock themselves and would wait behind the holder before BACI's turn
        from orchestration.assets.baci import baci_dictionaries, baci_trade_flows
        from orchestration.assets.dbt import dbt_models
        from orchestration.assets.publish import published_warehouse

        selection = [
            *baci_dictionaries.keys,
            *baci_trade_flows.keys,
            *dbt_models.keys,
            published_warehouse.key,
        ]
        outcome["success"] = build(
            selection=selection, run_config={"ops": ops}, years=(2022, 2022)
        ).success

    holder = WriterLock(warehouse_copy, run_id="another-run")
    holder.acquire()
    try:
        runner = threading.Thread(target=live_run)
        runner.start()
        deadline = time.monotonic() + 60
        while not http_server.requests and time.monotonic() < deadline:
            time.sleep(0.1)
        downloaded_under_other_lock = bool(http_server.requests)
        time.sleep(1)
        assert runner.is_alive()  # waiting for the lock only now, to land
    finally:
        holder.release()
    runner.join(timeout=180)
    assert downloaded_under_other_lock
    assert outcome == {"success": True}
    with duckdb.connect(str(warehouse_copy.published), read_only=True) as con:
        flows = con.execute(
            "select hs6, count(*), count(distinct exporter_iso3), bool_or(exporter_iso3 = 'TWN') "
            "from fct_trade_flows where source = 'baci' and year = 2022 group by hs6 order by hs6"
        ).fetchall()
    # only the codes of the reviewed HS seed are kept (010121 horses and 850511... are not
    # mapped here); code 490, N/A in the old dictionary, is mapped by its number to TWN
    assert [f[0] for f in flows] == ["260300", "283691", "850511"]
    assert all(f[3] for f in flows)
    assert (warehouse_copy.raw_downloads / "baci" / "BACI_HS17_V202201.zip").exists()
