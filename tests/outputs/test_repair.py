"""The exports, the dictionary and the report say which publication they come from; a run
stopped between publishing and writing them leaves them behind, and the next run (or
`python -m outputs`) rewrites them and removes what killed writers left."""

import json

import dagster as dg
import duckdb
import pytest
from filelock import FileLock

from outputs import __main__ as outputs_cli
from outputs.dictionary import JSON, MARKDOWN
from outputs.exports import EXPORT_INFO, published_publication, stale_outputs
from outputs.html_report import report_publication
from storage.publishing import read_publication, read_record, remove_abandoned_staging, staging_of
from storage.settings import WarehousePaths
from tests.conftest import build


def publish_only():
    from orchestration.assets.publish import published_warehouse

    return build(selection=[published_warehouse.key])


def plant_leftovers(paths: WarehousePaths) -> list:
    """What writers killed midway leave: a staged and an old exports folder, a report's
    temporary file, a staged warehouse."""
    folders = [paths.root / ".exports.tmp-k1ll3d", paths.root / ".exports.old-123-456"]
    for folder in folders:
        folder.mkdir()
        (folder / "fct_reserves.csv").write_text("half a file")
    files = [paths.root / ".report.html.x1y2.part", staging_of(paths.published)]
    for file in files:
        file.write_text("half a file")
    return folders + files


@pytest.mark.build
def test_every_output_names_the_publication_it_comes_from(built_warehouse):
    paths = built_warehouse
    with duckdb.connect(str(paths.published), read_only=True) as con:
        publication = read_publication(con)
    assert publication["publication_id"] == read_record(paths)["publication_id"]
    assert json.loads((paths.exports / EXPORT_INFO).read_text())["publication"] == publication
    assert json.loads((paths.exports / JSON).read_text())["publication"] == publication
    pid = publication["publication_id"]
    assert f"Publication: `{pid}`" in (paths.exports / MARKDOWN).read_text()
    assert report_publication(paths.report) == pid
    assert f"publication {pid} (published " in paths.report.read_text()
    assert stale_outputs(paths) == {}


@pytest.mark.build
def test_outputs_left_behind_by_a_stopped_run_are_rewritten_by_python_m_outputs(
    warehouse_copy, capsys
):
    paths = warehouse_copy
    before = published_publication(paths)
    assert publish_only().success  # the run stops here: exports and report not written
    after = published_publication(paths)
    assert after != before
    assert stale_outputs(paths) == {"exports": before, "report": before}
    leftovers = plant_leftovers(paths)

    outputs_cli.main(["--report-only"])

    assert stale_outputs(paths) == {}
    assert [path for path in leftovers if path.exists()] == []
    said = capsys.readouterr().err
    assert (
        f"exports came from publication {before}, not {after} as minerals.duckdb (a run "
        "stopped after publishing): rewriting it"
    ) in said
    assert f"removed {staging_of(paths.published)}, left by a publish that was stopped" in said


def test_a_staged_warehouse_is_left_alone_while_a_writer_holds_the_lock(tmp_path):
    paths = WarehousePaths(tmp_path)
    paths.lock.parent.mkdir()
    staged = staging_of(paths.published)
    staged.write_text("a publish in progress")
    with FileLock(paths.lock):
        remove_abandoned_staging(paths)
        assert staged.exists()
    remove_abandoned_staging(paths)
    assert not staged.exists()


@pytest.mark.build
def test_a_later_run_whose_landing_fails_repairs_the_outputs(warehouse_copy, tmp_path):
    paths = warehouse_copy
    before = published_publication(paths)
    assert publish_only().success  # the run stops here: exports and report not written
    assert stale_outputs(paths) == {"exports": before, "report": before}
    leftovers = plant_leftovers(paths)
    empty = tmp_path / "no_release"
    empty.mkdir()

    failed = build(
        selection=[dg.AssetKey(["wgi", "wgi__governance_indicators"])],
        run_config={"ops": {"wgi_tables": {"config": {"directory": str(empty)}}}},
    )

    assert not failed.success  # bad input: nothing landed, but the outputs are repaired
    assert stale_outputs(paths) == {}
    assert [path for path in leftovers if path.exists()] == []
