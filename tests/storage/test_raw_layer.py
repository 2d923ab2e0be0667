"""The raw layer's partition files: written whole with their sidecar, or not at all."""

import json
import stat

import polars as pl
import pytest

from storage.raw_layer import partition_file, partition_rows, provenance_file, write_partition


def test_a_partition_replaces_the_old_one_with_its_sidecar_and_leaves_no_temp_file(tmp_path):
    path = partition_file(tmp_path, "baci", "trade_flows", 2022)
    write_partition(path, pl.DataFrame({"x": [1, 2]}), {"release": "V1"})
    write_partition(path, pl.DataFrame({"x": [1, 2, 3]}), {"release": "V2"})
    assert partition_rows(path) == 3
    assert json.loads(provenance_file(path).read_text(encoding="utf-8")) == {"release": "V2"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "trade_flows-2022.parquet",
        "trade_flows-2022.provenance.json",
    ]


def test_a_failed_write_keeps_the_old_partition_and_sidecar(tmp_path):
    path = partition_file(tmp_path, "usgs_mcs", "world", 2024, key="edition")
    write_partition(path, pl.DataFrame({"x": [1]}), {"edition": 2024})
    before = (path.read_bytes(), provenance_file(path).read_bytes())

    class Unwritable(pl.DataFrame):
        def write_parquet(self, *args, **kwargs):
            raise OSError("disk full (injected)")

    with pytest.raises(OSError, match="injected"):
        write_partition(path, Unwritable({"x": [1, 2]}), {"edition": 2025})
    assert (path.read_bytes(), provenance_file(path).read_bytes()) == before
    assert len(list(path.parent.iterdir())) == 2
