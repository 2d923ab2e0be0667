"""The bundled snapshots are complete, unchanged (sha256) and small."""

import pytest

from sources.common.snapshot import read_manifest, verify_manifest
from sources.reference.load import SNAPSHOT_DIR as REFERENCE_DIR
from sources.reference.load import load_country_codes
from sources.usgs_mcs.load import SNAPSHOT_DIR as USGS_DIR

MAX_BUNDLE_BYTES = 30_000_000


@pytest.mark.parametrize(
    ("source", "directory"), [("usgs_mcs", USGS_DIR), ("reference", REFERENCE_DIR)]
)
def test_manifest_matches_bundled_bytes(source, directory):
    entries = verify_manifest(source, directory)
    assert entries and all(e.licence and e.publisher and e.dataset for e in entries)
    assert (directory / "PROVENANCE.md").exists()


def test_bundle_stays_small():
    total = sum(e.bytes for d in (USGS_DIR, REFERENCE_DIR) for e in read_manifest(d))
    assert total < MAX_BUNDLE_BYTES


def test_country_codes_load():
    codes = load_country_codes()
    assert codes.height == 249
    china = codes.filter(country_iso3="CHN").row(0, named=True)
    assert (china["m49_code"], china["region_name"]) == ("156", "Asia")
