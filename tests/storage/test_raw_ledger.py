"""The raw layer's ledger: what was landed is what dbt reads and what is published, or the
build and publishing are refused, naming the file."""

import json
import os
import shutil

import polars as pl
import pytest

from storage.raw_layer import partition_file, table_dir, write_partition
from storage.raw_ledger import (
    RawLayerRefused,
    ledger_file,
    read_ledger,
    record_landing,
    table_lock,
    verify,
)

TABLE = ("comtrade", "comtrade__trade_records")
YEARS = range(1995, 2027)


def land(raw_root, year: int, rows: int = 3, source_table=TABLE, key: str = "year"):
    """What land_partitions does for one partition: the file, then its ledger entry."""
    source, table = source_table
    path = partition_file(raw_root, source, table, year, key)
    with table_lock(raw_root, source, table):
        write_partition(path, pl.DataFrame({"year": [year] * rows}), {"year": year})
        record_landing(raw_root, source, table, path, rows, run_id="run-1")
    return path


def refusal(raw_root) -> str:
    with pytest.raises(RawLayerRefused) as refused:
        verify(raw_root, [TABLE], YEARS)
    return str(refused.value)


def test_the_landed_files_verify_with_their_sha256(tmp_path):
    land(tmp_path, 2021)
    land(tmp_path, 2022, rows=5)

    verified = verify(tmp_path, [TABLE], YEARS)

    assert sorted(verified) == [
        "comtrade/comtrade__trade_records/year=2021/comtrade__trade_records-2021.parquet",
        "comtrade/comtrade__trade_records/year=2022/comtrade__trade_records-2022.parquet",
    ]
    entry = read_ledger(tmp_path, *TABLE)["2022"]
    assert entry["rows"] == 5 and entry["run_id"] == "run-1" and entry["key"] == "year"
    assert entry["file"] == "year=2022/comtrade__trade_records-2022.parquet"
    assert all(len(digest) == 64 for digest in verified.values())


def test_a_relanded_year_replaces_its_entry_only(tmp_path):
    land(tmp_path, 2021)
    first = read_ledger(tmp_path, *TABLE)["2021"]["sha256"]
    land(tmp_path, 2022)
    land(tmp_path, 2021, rows=4)

    ledger = read_ledger(tmp_path, *TABLE)
    assert set(ledger) == {"2021", "2022"} and ledger["2021"]["rows"] == 4
    assert ledger["2021"]["sha256"] != first
    assert len(verify(tmp_path, [TABLE], YEARS)) == 2


def test_a_file_nobody_landed_is_refused_by_name(tmp_path):
    landed = land(tmp_path, 2022)
    planted = table_dir(tmp_path, *TABLE) / "year=2023" / "extra.parquet"
    planted.parent.mkdir()
    shutil.copyfile(landed, planted)

    message = refusal(tmp_path)

    assert (
        "raw/comtrade/comtrade__trade_records/year=2023/extra.parquet: not landed by any run "
        "(not in its ledger); remove it, or land that year" in message
    )


def test_a_year_outside_the_partitions_definition_is_refused(tmp_path):
    landed = land(tmp_path, 2022)
    planted = partition_file(tmp_path, *TABLE, 2099)
    planted.parent.mkdir()
    shutil.copyfile(landed, planted)

    message = refusal(tmp_path)

    assert (
        "raw/comtrade/comtrade__trade_records/year=2099/comtrade__trade_records-2099.parquet: "
        "2099 is outside the partitions definition (1995...2026)" in message
    )


def test_a_ledger_entry_outside_the_partitions_definition_is_refused(tmp_path):
    land(tmp_path, 2099)

    assert "2099 is outside the partitions definition (1995...2026)" in refusal(tmp_path)


def test_a_deleted_partition_is_refused_with_the_rows_lost(tmp_path):
    land(tmp_path, 2021)
    land(tmp_path, 2022, rows=24_081).unlink()

    message = refusal(tmp_path)

    assert (
        "raw/comtrade/comtrade__trade_records/year=2022/comtrade__trade_records-2022.parquet: "
        "missing (landed by run run-1 at " in message
    )
    assert "24,081 rows lost); land year 2022 again" in message
    assert "--partition 2022" in message and "year=2021" not in message


def test_a_changed_file_is_refused_even_with_its_size_and_mtime(tmp_path):
    path = land(tmp_path, 2022)
    stat = path.stat()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    message = refusal(tmp_path)

    assert "year=2022/comtrade__trade_records-2022.parquet: changed after run run-1 landed" in (
        message
    )


def test_files_landed_before_the_ledger_say_what_to_run(tmp_path):
    for year in (2021, 2022):
        path = partition_file(tmp_path, *TABLE, year)
        write_partition(path, pl.DataFrame({"year": [year]}), {"year": year})

    message = refusal(tmp_path)

    assert (
        "raw/comtrade/comtrade__trade_records: files of 2021...2022 but no ledger (_ledger.json): "
        "landed before the raw layer kept one; land them again (dagster asset materialize -m "
        "orchestration.definitions --select 'key:\"comtrade/*\"' --partition-range 2021...2022)"
    ) in message


def test_a_table_never_landed_says_so(tmp_path):
    assert "raw/comtrade/comtrade__trade_records: no landed partition" in refusal(tmp_path)


def test_an_unreadable_ledger_is_refused_by_name(tmp_path):
    land(tmp_path, 2022)
    ledger_file(tmp_path, *TABLE).write_text("{not json", encoding="utf-8")

    message = refusal(tmp_path)

    assert f"{ledger_file(tmp_path, *TABLE)}: not a readable raw-layer ledger" in message


def test_every_problem_of_every_table_is_listed_at_once(tmp_path):
    usgs = ("usgs_mcs", "usgs_mcs__world_production")
    land(tmp_path, 2025, source_table=usgs, key="edition").unlink()
    land(tmp_path, 2022)
    json.loads(ledger_file(tmp_path, *TABLE).read_text())  # a valid ledger
    planted = partition_file(tmp_path, *TABLE, 2023)
    planted.parent.mkdir()
    planted.write_bytes(b"PAR1")

    with pytest.raises(RawLayerRefused) as refused:
        verify(tmp_path, [TABLE, usgs], YEARS)

    lines = str(refused.value).splitlines()
    assert lines[0] == f"the raw layer ({tmp_path}) is not what the landings wrote:"
    assert len(lines) == 3
    assert (
        "year=2023" in lines[1] and "edition=2025" in lines[2] and "land edition 2025" in lines[2]
    )
