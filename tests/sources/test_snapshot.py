"""The bundled snapshots are complete, unchanged (sha256) and small."""

import pytest

from sources.baci.load import SNAPSHOT_DIR as BACI_DIR
from sources.common.snapshot import read_manifest, verify_manifest
from sources.comtrade.load import SNAPSHOT_DIR as COMTRADE_DIR
from sources.reference.load import HS_TABLE, TABLE, load_reference
from sources.reference.load import SNAPSHOT_DIR as REFERENCE_DIR
from sources.usgs_mcs.load import SNAPSHOT_DIR as USGS_DIR

MAX_BUNDLE_BYTES = 30_000_000


SNAPSHOTS = [
    ("usgs_mcs", USGS_DIR),
    ("reference", REFERENCE_DIR),
    ("baci", BACI_DIR),
    ("comtrade", COMTRADE_DIR),
]


@pytest.mark.parametrize(("source", "directory"), SNAPSHOTS)
def test_manifest_matches_bundled_bytes(source, directory):
    entries = verify_manifest(source, directory)
    assert entries and all(e.licence and e.publisher and e.dataset for e in entries)
    assert (directory / "PROVENANCE.md").exists()


def test_bundle_stays_small():
    total = sum(e.bytes for _, d in SNAPSHOTS for e in read_manifest(d))
    assert total < MAX_BUNDLE_BYTES


def test_reference_tables_load():
    tables = load_reference()
    codes = tables[TABLE]
    assert codes.height == 249
    hs6 = tables[HS_TABLE].filter(level=6)
    assert hs6.height == 5613  # HS 2022 six-digit subheadings
    assert hs6.filter(hs_code="811292")["description"].item().startswith("Gallium")
    china = codes.filter(country_iso3="CHN").row(0, named=True)
    assert (china["m49_code"], china["region_name"]) == ("156", "Asia")


@pytest.mark.parametrize(
    "path", ["../../etc/passwd", "/etc/passwd", "sub/../../outside.csv", "C:\\x.csv", "..\\x"]
)
def test_manifest_paths_must_stay_in_the_snapshot(tmp_path, path):
    from sources.common.errors import SourceDataError

    folder = tmp_path / "snapshot"
    folder.mkdir()
    (folder / "a.csv").write_text("x\n")
    (folder / "MANIFEST.csv").write_text(
        "path,bytes,sha256,edition,publisher,dataset,licence\n"
        "a.csv,2,0,2024,P,D,L\n"
        f"{path},2,0,2024,P,D,L\n"
    )

    with pytest.raises(SourceDataError) as caught:
        verify_manifest("usgs_mcs", folder)

    error = caught.value
    assert (error.source, error.file, error.line, error.column) == (
        "usgs_mcs",
        "MANIFEST.csv",
        3,
        "path",
    )
    assert "expected a path inside snapshot/" in str(error)


def test_manifest_symlink_out_of_the_snapshot_is_refused(tmp_path):
    from sources.common.errors import SourceDataError

    folder = tmp_path / "snapshot"
    folder.mkdir()
    (folder / "link.csv").symlink_to("/etc/hostname")
    (folder / "MANIFEST.csv").write_text(
        "path,bytes,sha256,edition,publisher,dataset,licence\nlink.csv,2,0,2024,P,D,L\n"
    )
    with pytest.raises(SourceDataError, match="resolves outside the snapshot folder"):
        read_manifest(folder)
