"""Tests for sources.usgs_mcs.download against a fake ScienceBase on 127.0.0.1.

The fake serves item JSON in ScienceBase's shape and real USGS files from the bundled snapshot
(``sources/usgs_mcs/snapshot``), zipped in the test
setup the way the releases ship them.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from sources.common.http import DownloadError, RetryPolicy, sidecar_path
from sources.usgs_mcs.download import (
    EDITIONS,
    LICENCE,
    PUBLISHER,
    download_edition,
    download_world_data,
)
from tests.support.http_server import LocalHTTPServer

# Until tests/conftest.py imports it, load the shared http_server fixture as a plugin.

REPO = Path(__file__).resolve().parents[3]
SNAPSHOT = REPO / "sources/usgs_mcs/snapshot"
WORLD_2025 = REPO / "tests/fixtures/usgs_mcs/MCS2025_World_Data.csv"
FAST = RetryPolicy(attempts=3, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.0)
SB = "https://www.sciencebase.gov"


class FakeScienceBase:
    """Registers ScienceBase-shaped item JSON, child listings and files on a local server."""

    def __init__(self, server: LocalHTTPServer) -> None:
        self.server = server

    def file_entry(
        self, item_id: str, name: str, body: bytes | None, content_type: str
    ) -> dict[str, Any]:
        """A ``files`` entry as ScienceBase lists it; body None = the link is dead (404)."""
        digest = hashlib.sha1(name.encode()).hexdigest()
        disk = f"__disk__{digest[:2]}/{digest[2:4]}/{digest[4:6]}/{digest}"
        path = f"/catalog/file/get/{item_id}?f={quote(disk, safe='_')}"
        if body is not None:
            self.server.add(path, body, headers={"Content-Type": content_type})
        url = self.server.url(path)
        return {
            "cuid": None,
            "key": None,
            "bucket": None,
            "published": False,
            "node": None,
            "name": name,
            "title": None,
            "contentType": content_type,
            "contentEncoding": None,
            "pathOnDisk": disk,
            "processed": False,
            "processToken": None,
            "imageWidth": None,
            "imageHeight": None,
            "size": len(body or b""),
            "dateUploaded": "2024-01-30T15:04:05Z",
            "originalMetadata": False,
            "useForPreview": False,
            "movedToS3": False,
            "s3Object": None,
            "checksum": None,
            "url": url,
            "downloadUri": url,
            "viewUri": url + "&allowOpen=true",
        }

    def item(self, item_id: str, title: str, files: list[dict[str, Any]], **extra: Any) -> None:
        self.server.add_json(
            f"/catalog/item/{item_id}",
            {
                "link": {"rel": "self", "url": f"{SB}/catalog/item/{item_id}"},
                "relatedItemsUrl": f"{SB}/catalog/itemLink/{item_id}",
                "id": item_id,
                "title": title,
                "hasChildren": extra.pop("hasChildren", False),
                "parentId": "5c8c03e4e4b0938824529f7d",
                "files": files,
                **extra,
            },
        )

    def children(self, parent_id: str, pages: list[list[dict[str, Any]]]) -> None:
        """Serve the ``items?parentId=`` listing, split into pages joined by ``nextlink``."""
        for number, children in enumerate(pages):
            offset = number * len(pages[0])
            path = f"/catalog/items?parentId={parent_id}"
            if number:
                path += f"&offset={offset}"
            payload: dict[str, Any] = {
                "total": sum(len(p) for p in pages),
                "items": [
                    {
                        "link": {"rel": "self", "url": f"{SB}/catalog/item/{c['id']}"},
                        "relatedItemsUrl": f"{SB}/catalog/itemLink/{c['id']}",
                        "id": c["id"],
                        "title": c["title"],
                        "files": c["files"],
                    }
                    for c in children
                ],
                "selflink": {"rel": "self", "url": self.server.url(path)},
            }
            if number + 1 < len(pages):
                next_offset = offset + len(children)
                payload["nextlink"] = {
                    "rel": "next",
                    "url": self.server.url(
                        f"/catalog/items?parentId={parent_id}&format=json&max={len(children)}"
                        f"&offset={next_offset}&fields=title%2Cfiles"
                    ),
                }
            self.server.add_json(path, payload)


@pytest.fixture
def snapshot() -> Path:
    assert (SNAPSHOT / "mcs2022").is_dir(), f"the bundled USGS snapshot is missing: {SNAPSHOT}"
    return SNAPSHOT


@pytest.fixture
def sciencebase(http_server: LocalHTTPServer) -> FakeScienceBase:
    return FakeScienceBase(http_server)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def _existing(snapshot: Path, rels: list[str]) -> list[str]:
    return [rel for rel in rels if (snapshot / rel).is_file()]


def _meta_for(snapshot: Path, edition: int, names: list[str]) -> list[str]:
    """The bundled ``meta/`` XMLs (if any) of the given per-commodity files."""
    stems = dict.fromkeys(name.lower().split("_")[0] for name in names)
    return _existing(snapshot, [f"mcs{edition}/meta/{stem}_meta.xml" for stem in stems])


def _assert_laid_out(dest: Path, source_root: Path, rels: list[str], edition: int) -> None:
    """Each file is byte-identical to its source, with a sidecar naming its sha256 and DOI."""
    for rel in rels:
        laid_out = dest / rel
        expected = (source_root / rel).read_bytes()
        assert laid_out.read_bytes() == expected, rel
        meta = json.loads(sidecar_path(laid_out).read_text(encoding="utf-8"))
        assert meta["sha256"] == hashlib.sha256(expected).hexdigest(), rel
        assert meta["bytes"] == len(expected)
        assert meta["publisher"] == PUBLISHER
        assert meta["licence"] == LICENCE
        assert meta["doi"] == f"https://doi.org/{EDITIONS[edition]['doi']}"
        assert meta["edition"] == edition
        assert EDITIONS[edition]["doi"] in meta["dataset"]


def _data_files(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and not p.name.endswith(".provenance.json")
    }


def test_mcs2022_follows_child_items_across_pages(
    snapshot: Path, sciencebase: FakeScienceBase, http_server: LocalHTTPServer, tmp_path: Path
) -> None:
    parent = EDITIONS[2022]["item"]
    children = []
    rels = []
    for number, code in enumerate(["cobal", "lithi", "raree"]):
        child_id = f"61ead3{number:018d}"
        files = []
        for kind in ("salient", "world"):
            rel = f"mcs2022/mcs2022-{code}_{kind}.csv"
            rels.append(rel)
            body = (snapshot / rel).read_bytes()
            files.append(sciencebase.file_entry(child_id, Path(rel).name, body, "text/csv"))
        title = f"Mineral Commodity Summaries 2022 - {code.upper()} Data Release"
        children.append({"id": child_id, "title": title, "files": files})
    sciencebase.children(parent, [children[:2], children[2:]])

    written = download_edition(2022, tmp_path, base_url=http_server.base_url, retry=FAST)

    assert written == sorted(tmp_path / rel for rel in rels)
    assert _data_files(tmp_path) == set(rels)
    _assert_laid_out(tmp_path, snapshot, rels, 2022)
    listing = http_server.requests_for("/catalog/items")
    assert [r.query.get("offset") for r in listing] == [None, "2"]
    assert listing[0].query["parentId"] == parent
    assert listing[0].query["format"] == "json"


def _release_2023(snapshot: Path, sciencebase: FakeScienceBase) -> list[str]:
    """Serve MCS 2023 the way it ships: salient.zip, world.zip and an industry-trends zip."""
    salient = _existing(
        snapshot,
        [
            "mcs2023/salient/mcs2023-cobal_salient.csv",
            "mcs2023/salient/mcs2023tellu_salient.csv",
            "mcs2023/salient/mcs2023-quartz_salient.xlsx",
        ],
    )
    world = _existing(snapshot, ["mcs2023/world/mcs2023-cobal_world.csv"])
    metas = _meta_for(snapshot, 2023, [Path(r).name for r in salient + world])
    trends = sorted(
        p.relative_to(snapshot).as_posix() for p in (snapshot / "mcs2023/industry_trends").iterdir()
    )
    read = {rel: (snapshot / rel).read_bytes() for rel in salient + world + metas + trends}

    def folder(name: str, rels: list[str]) -> dict[str, bytes]:
        return {f"{name}/{Path(rel).name}": read[rel] for rel in rels}

    item_id = EDITIONS[2023]["item"]
    files = [
        sciencebase.file_entry(
            item_id, "salient.zip", _zip(folder("salient", salient + metas)), "application/zip"
        ),
        sciencebase.file_entry(
            item_id, "world.zip", _zip(folder("world", world + metas)), "application/zip"
        ),
        sciencebase.file_entry(
            item_id,
            "Mineral Industry Trends and Salient Statistics.zip",
            _zip({Path(rel).name: read[rel] for rel in trends}),
            "application/zip",
        ),
    ]
    sciencebase.item(item_id, "Mineral Commodity Summaries 2023 Data Release", files)
    return salient + world + metas + trends


def test_mcs2023_unpacks_release_zips_into_snapshot_layout(
    snapshot: Path, sciencebase: FakeScienceBase, http_server: LocalHTTPServer, tmp_path: Path
) -> None:
    rels = _release_2023(snapshot, sciencebase)
    http_server.queue(f"/catalog/item/{EDITIONS[2023]['item']}", [503])

    written = download_edition(2023, tmp_path, base_url=http_server.base_url, retry=FAST)

    assert written == sorted(tmp_path / rel for rel in rels)
    assert {r for r in _data_files(tmp_path) if r.startswith("mcs2023/")} == set(rels)
    _assert_laid_out(tmp_path, snapshot, rels, 2023)
    archives = tmp_path / "_archives/mcs2023"
    assert sorted(p.name for p in archives.glob("*.zip")) == [
        "Mineral Industry Trends and Salient Statistics.zip",
        "salient.zip",
        "world.zip",
    ]
    member = json.loads(sidecar_path(tmp_path / rels[0]).read_text(encoding="utf-8"))
    assert member["archive"]["name"] == "salient.zip"
    assert member["archive"]["member"] == f"salient/{Path(rels[0]).name}"
    assert member["url"].startswith(http_server.url(f"/catalog/file/get/{EDITIONS[2023]['item']}"))


def test_second_run_is_served_from_cache(
    snapshot: Path, sciencebase: FakeScienceBase, http_server: LocalHTTPServer, tmp_path: Path
) -> None:
    rels = _release_2023(snapshot, sciencebase)
    download_edition(2023, tmp_path, base_url=http_server.base_url, retry=FAST)
    stamps = {rel: sidecar_path(tmp_path / rel).read_bytes() for rel in rels}
    tampered = tmp_path / rels[0]
    tampered.write_bytes(b"tampered")
    first_run = len(http_server.requests)

    download_edition(2023, tmp_path, base_url=http_server.base_url, retry=FAST)

    again = [r.path for r in http_server.requests[first_run:]]
    assert again == [f"/catalog/item/{EDITIONS[2023]['item']}"]  # no file was fetched again
    _assert_laid_out(tmp_path, snapshot, rels, 2023)  # the tampered file was re-extracted
    unchanged = [rel for rel in rels if rel != rels[0]]
    assert all(sidecar_path(tmp_path / rel).read_bytes() == stamps[rel] for rel in unchanged)


def test_mcs2024_world_zip_flat_with_revision_file(
    snapshot: Path, sciencebase: FakeScienceBase, http_server: LocalHTTPServer, tmp_path: Path
) -> None:
    world = _existing(
        snapshot,
        [
            "mcs2024/world/mcs2024-cobal_world.csv",
            "mcs2024/world/MCS2024-bismu_world.csv",
            "mcs2024/MCS 2024 Data Release Revision File 2024-03-06.txt",
        ],
    )
    salient = _existing(snapshot, ["mcs2024/salient/mcs2024-alum_salient.csv"])
    trends = _existing(
        snapshot,
        [
            "mcs2024/industry_trends/MCS2024_T4_Critical_Minerals_End_Use.csv",
            "mcs2024/industry_trends/_MCS2024_Mineral_Industry_Trends_and_Salient_Statistics.xml",
        ],
    )
    read = {rel: (snapshot / rel).read_bytes() for rel in world + salient + trends}
    item_id = EDITIONS[2024]["item"]
    files = [
        sciencebase.file_entry(
            item_id, "world.zip", _zip({Path(r).name: read[r] for r in world}), "application/zip"
        ),
        sciencebase.file_entry(
            item_id,
            "salient.zip",
            _zip({f"salient/{Path(r).name}": read[r] for r in salient}),
            "application/zip",
        ),
        sciencebase.file_entry(
            item_id,
            "mineral industry trends and salient statistics.zip",
            _zip({Path(r).name: read[r] for r in trends}),
            "application/zip",
        ),
    ]
    sciencebase.item(item_id, "Mineral Commodity Summaries 2024 Data Release", files)

    written = download_edition(2024, tmp_path, base_url=http_server.base_url, retry=FAST)

    rels = world + salient + trends
    assert written == sorted(tmp_path / rel for rel in rels)
    _assert_laid_out(tmp_path, snapshot, rels, 2024)


def test_mcs2024_dead_world_zip_falls_back_to_child_items(
    snapshot: Path, sciencebase: FakeScienceBase, http_server: LocalHTTPServer, tmp_path: Path
) -> None:
    world = _existing(
        snapshot,
        ["mcs2024/world/mcs2024-cobal_world.csv", "mcs2024/world/MCS2024-bismu_world.csv"],
    )
    salient = _existing(snapshot, ["mcs2024/salient/mcs2024-cobal_salient.csv"])
    item_id = EDITIONS[2024]["item"]
    salient_zip = _zip({f"salient/{Path(r).name}": (snapshot / r).read_bytes() for r in salient})
    files = [
        sciencebase.file_entry(item_id, "world.zip", None, "application/zip"),  # dead link
        sciencebase.file_entry(item_id, "salient.zip", salient_zip, "application/zip"),
    ]
    sciencebase.item(item_id, "Mineral Commodity Summaries 2024 Data Release", files)
    children = []
    for number, rel in enumerate(world):
        child_id = f"65a7{number:020d}"
        body = (snapshot / rel).read_bytes()
        child_files = [
            sciencebase.file_entry(child_id, Path(rel).name, body, "text/csv"),
            sciencebase.file_entry(child_id, "not-wanted_salient.csv", b"x", "text/csv"),
        ]
        title = f"Mineral Commodity Summaries 2024 - COMMODITY {number} Data Release"
        children.append({"id": child_id, "title": title, "files": child_files})
    sciencebase.children(item_id, [children])

    written = download_edition(2024, tmp_path, base_url=http_server.base_url, retry=FAST)

    rels = salient + world
    assert written == sorted(tmp_path / rel for rel in rels)
    _assert_laid_out(tmp_path, snapshot, rels, 2024)


def test_mcs2024_dead_world_zip_without_children_fails(
    snapshot: Path, sciencebase: FakeScienceBase, http_server: LocalHTTPServer, tmp_path: Path
) -> None:
    item_id = EDITIONS[2024]["item"]
    dead = sciencebase.file_entry(item_id, "world.zip", None, "application/zip")
    sciencebase.item(item_id, "Mineral Commodity Summaries 2024 Data Release", [dead])
    sciencebase.children(item_id, [[]])

    with pytest.raises(DownloadError) as caught:
        download_edition(2024, tmp_path, base_url=http_server.base_url, retry=FAST)

    assert caught.value.status == 404
    assert dead["url"] in str(caught.value)


def test_mcs2025_world_data_zip_lands_in_world(
    sciencebase: FakeScienceBase, http_server: LocalHTTPServer, tmp_path: Path
) -> None:
    item_id = EDITIONS[2025]["item"]
    xml = b"<?xml version='1.0' encoding='UTF-8'?>\n<metadata/>\n"  # stand-in, not USGS's
    world_zip = _zip(
        {"MCS2025_World_Data.csv": WORLD_2025.read_bytes(), "MCS2025_World_Data.xml": xml}
    )
    files = [
        sciencebase.file_entry(
            item_id, "World_Data_Release_MCS_2025.zip", world_zip, "application/zip"
        ),
        sciencebase.file_entry(
            item_id, "MCS2025_Release_Notes.pdf", b"%PDF-1.7", "application/pdf"
        ),
    ]
    sciencebase.item(item_id, "Mineral Commodity Summaries 2025 Data Release", files)

    written = download_edition(2025, tmp_path, base_url=http_server.base_url, retry=FAST)

    csv_path = tmp_path / "mcs2025/world/MCS2025_World_Data.csv"
    assert written == sorted([csv_path, tmp_path / "mcs2025/meta/MCS2025_World_Data.xml"])
    assert csv_path.read_bytes() == WORLD_2025.read_bytes()
    meta = json.loads(sidecar_path(csv_path).read_text(encoding="utf-8"))
    assert meta["sha256"] == hashlib.sha256(WORLD_2025.read_bytes()).hexdigest()
    assert meta["doi"] == "https://doi.org/10.5066/P13XCP3R"
    assert meta["archive"]["name"] == "World_Data_Release_MCS_2025.zip"
    pdf_disk = files[1]["pathOnDisk"]
    assert not any(r.query.get("f") == pdf_disk for r in http_server.requests)


def test_mcs2025_combined_world_csv_direct_from_its_item(
    sciencebase: FakeScienceBase, http_server: LocalHTTPServer, tmp_path: Path
) -> None:
    world_item = EDITIONS[2025]["world_item"]
    body = WORLD_2025.read_bytes()
    files = [
        sciencebase.file_entry(world_item, "MCS2025_World_Data.csv", body, "text/csv"),
        sciencebase.file_entry(world_item, "MCS2025_World_Data.xml", b"<metadata/>", "text/xml"),
    ]
    title = "Mineral Commodity Summaries 2025 - World Production, Capacity, and Reserves"
    sciencebase.item(world_item, title, files)

    path = download_world_data(2025, tmp_path, base_url=http_server.base_url, retry=FAST)

    assert path == tmp_path / "mcs2025/world/MCS2025_World_Data.csv"
    assert path.read_bytes() == body
    meta = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    assert meta["sha256"] == hashlib.sha256(body).hexdigest()
    assert meta["url"] == files[0]["downloadUri"]
    assert meta["sciencebase_item"].endswith(world_item)
    assert meta["publisher"] == PUBLISHER and meta["licence"] == LICENCE
    assert [r.path for r in http_server.requests] == [
        f"/catalog/item/{world_item}",
        f"/catalog/file/get/{world_item}",
    ]


def test_combined_world_csv_missing_from_item_is_reported(
    sciencebase: FakeScienceBase, http_server: LocalHTTPServer, tmp_path: Path
) -> None:
    world_item = EDITIONS[2025]["world_item"]
    sciencebase.item(world_item, "Mineral Commodity Summaries 2025 - World", [])

    with pytest.raises(DownloadError, match="MCS2025_World_Data.csv") as caught:
        download_world_data(2025, tmp_path, base_url=http_server.base_url, retry=FAST)

    assert http_server.url(f"/catalog/item/{world_item}") in str(caught.value)


def test_unknown_edition_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no MCS edition 1999"):
        download_edition(1999, tmp_path)
    with pytest.raises(ValueError, match="no combined world-data item"):
        download_world_data(2023, tmp_path)


def _snapshot_rels(snapshot: Path, folder: str) -> list[str]:
    return sorted(
        p.relative_to(snapshot).as_posix() for p in (snapshot / folder).rglob("*") if p.is_file()
    )


def test_mcs2026_long_file_and_trend_tables_load_like_the_snapshot(
    snapshot: Path, sciencebase: FakeScienceBase, http_server: LocalHTTPServer, tmp_path: Path
) -> None:
    from sources.usgs_mcs.load import load_release

    item_id = EDITIONS[2026]["item"]
    rels = _snapshot_rels(snapshot, "mcs2026")
    long_file = "mcs2026/MCS2026_Commodities_Data.csv"
    trends = [r for r in rels if r != long_file]
    files = [
        sciencebase.file_entry(
            item_id,
            "MCS2026_Commodities_Data.csv",
            (snapshot / long_file).read_bytes(),
            "text/csv",
        ),
        sciencebase.file_entry(
            item_id,
            "MCS2026_Mineral_Industry_Trends_and_Salient_Statistics.zip",
            _zip({Path(r).name: (snapshot / r).read_bytes() for r in trends}),
            "application/zip",
        ),
        sciencebase.file_entry(item_id, "MCS2026_Report.pdf", b"%PDF-1.7", "application/pdf"),
    ]
    sciencebase.item(item_id, "Mineral Commodity Summaries 2026 Data Release", files)

    written = download_edition(2026, tmp_path, base_url=http_server.base_url, retry=FAST)

    assert written == sorted(tmp_path / rel for rel in rels)
    _assert_laid_out(tmp_path, snapshot, rels, 2026)
    assert EDITIONS[2026]["doi"] == "10.5066/P1WKQ63T"
    release = load_release(tmp_path)
    assert release.editions() == [2026]
    assert release.tables["import_sources"].height == 720
    assert set(release.tables["trends"]["table_name"]) >= {"T7_Critical_Minerals_Salient"}
    assert all(r.path.startswith("/catalog/") for r in http_server.requests)


def test_mcs2025_release_zips_give_world_salient_and_trends(
    snapshot: Path, sciencebase: FakeScienceBase, http_server: LocalHTTPServer, tmp_path: Path
) -> None:
    from sources.usgs_mcs.load import load_release

    item_id = EDITIONS[2025]["item"]
    rels = _snapshot_rels(snapshot, "mcs2025")

    def members(folder: str) -> dict[str, bytes]:
        return {
            Path(r).name: (snapshot / r).read_bytes()
            for r in rels
            if r.startswith(f"mcs2025/{folder}/")
        }

    files = [
        sciencebase.file_entry(
            item_id, "World_Data_Release_MCS_2025.zip", _zip(members("world")), "application/zip"
        ),
        sciencebase.file_entry(
            item_id,
            "Salient_Commodity_Data_Release_Grouped_MCS_2025.zip",
            _zip(members("salient")),
            "application/zip",
        ),
        sciencebase.file_entry(
            item_id,
            "MCS2025_Mineral_Industry_Trends_and_Salient_Statistics.zip",
            _zip(members("industry_trends")),
            "application/zip",
        ),
    ]
    sciencebase.item(item_id, "Mineral Commodity Summaries 2025 Data Release", files)

    written = download_edition(2025, tmp_path, base_url=http_server.base_url, retry=FAST)

    assert written == sorted(tmp_path / rel for rel in rels)
    _assert_laid_out(tmp_path, snapshot, rels, 2025)
    release = load_release(tmp_path)
    assert release.editions() == [2025]
    assert set(release.tables) == {"world", "salient", "trends"}
    assert release.tables["salient"]["source_file"].n_unique() == 85
