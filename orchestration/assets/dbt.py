"""dbt models as assets; dbt tests as asset checks; groups follow the dbt folders.

What the Dagster UI shows of them: the dbt description, kinds dbt + duckdb, the manifest's
columns (types from contracts where declared); each dbt test as a check with its description
(the test's own, else its SQL comment), WARN severity for `severity: warn` tests, and the
audit table holding the offending rows of tests that store failures; a singular test on
several nodes is one check on one of them (its meta's ref, else the most downstream model it
reads), never observations on each. Each dbt source depends on the landing asset of its `raw`
table, from the source records (LANDED_TABLES; the dbt source YAML is generated from the same
records and names the asset in meta.dagster.asset_key). After the build, one read-only
connection to the working copy adds the warehouse's column types to every built model, and row
counts and first rows to marts.
"""

import json
import re
import shutil
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets
from dagster_dbt.errors import DagsterDbtCliRuntimeError

from orchestration.assets.dbt_failures import dbt_test_failure
from orchestration.assets.landing import (
    COLUMN_SCHEMA,
    PREVIEW,
    PREVIEW_ROWS,
    RAW_SCHEMA,
    ROW_COUNT,
    markdown_preview,
)
from orchestration.partitions import BUNDLED_YEARS
from orchestration.resources import WarehouseResource
from sources.registry import all_sources
from storage import build_state, raw_ledger
from storage import warehouse as warehouse_db
from storage.settings import DBT_PROJECT_DIR, WarehousePaths

RUN_RESULTS = "dbt_run_results.json"
DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
MARTS = "marts"
AUDIT_TABLE = "audit_table"
# `raw.<table>` -> the landing asset that writes it; a dbt source must be one of these.
LANDED_TABLES: dict[str, dg.AssetKey] = {
    f"{RAW_SCHEMA}.{table.name}": dg.AssetKey([source.name, table.name])
    for source in all_sources()
    for table in source.tables
}


def audit_table(test: Mapping[str, Any]) -> str | None:
    """`schema.table` where dbt stores a test's failing rows (tests with store_failures)."""
    if not test.get("config", {}).get("store_failures"):
        return None
    return f"{test['schema']}.{test.get('alias') or test['name']}"


def test_description(test: Mapping[str, Any]) -> str:
    """The test's description, else what it checks: its SQL comment or generic test name."""
    text = (test.get("description") or "").strip()
    if not text and (generic := test.get("test_metadata")):
        kwargs = {k: v for k, v in generic.get("kwargs", {}).items() if k != "model"}
        column = kwargs.pop("column_name", None)
        args = ", ".join(f"{k}={v}" for k, v in kwargs.items())
        text = f"dbt test `{generic['name']}`" + (f" on column `{column}`" if column else "")
        text += f" ({args})" if args else ""
    if not text:
        comments = re.findall(r"^\s*--\s?(.*)$", test.get("raw_code", ""), flags=re.M)
        text = " ".join(comments) or f"dbt test {test['name']}"
    if _is_warn(test):
        text += " Severity warn: offending rows are reported, the build goes on."
    return text


def _is_warn(test: Mapping[str, Any]) -> bool:
    return str(test.get("config", {}).get("severity", "")).lower() == "warn"


def _attached_ref(test: Mapping[str, Any]) -> Mapping[str, Any]:
    """`{'name': ...}` from a test's `meta={'dagster': {'ref': ...}}`, as dagster-dbt reads it."""
    meta = test.get("config", {}).get("meta") or test.get("meta") or {}
    return meta.get("dagster", {}).get("ref") or {}


def _ref_node(manifest: Mapping[str, Any], ref: Mapping[str, Any]) -> str | None:
    package = ref.get("package") or manifest["metadata"]["project_name"]
    return next(
        (
            unique_id
            for unique_id, node in manifest["nodes"].items()
            if (node["name"], node["package_name"], node.get("version"))
            == (ref["name"], package, ref.get("version"))
        ),
        None,
    )


def _ancestors(manifest: Mapping[str, Any], unique_id: str) -> set[str]:
    seen: set[str] = set()
    todo = list(manifest["parent_map"].get(unique_id, []))
    while todo:
        parent = todo.pop()
        if parent not in seen:
            seen.add(parent)
            todo.extend(manifest["parent_map"].get(parent, []))
    return seen


def attached_node(manifest: Mapping[str, Any], test: Mapping[str, Any]) -> str | None:
    """The node a singular test on several nodes checks, when its meta names none: of the
    models it reads (else of all it reads), the most downstream one, the first listed on a tie.
    None for generic tests, tests on one node and tests whose meta names their asset."""
    if test.get("attached_node") or _attached_ref(test):
        return None
    parents = list(dict.fromkeys(test["depends_on"]["nodes"]))
    if len(parents) < 2:
        return None
    models = [p for p in parents if p.startswith("model.")] or parents
    upstream = set().union(*(_ancestors(manifest, m) for m in models))
    return next((m for m in models if m not in upstream), models[0])


def manifest_with_attached_tests(manifest_path: Path) -> dict[str, Any]:
    """The dbt manifest, every singular test on several nodes attached to one asset.

    dagster-dbt makes a singular test an asset check only when it reads one node, or when its
    meta names the asset (`meta={'dagster': {'ref': {'name': ...}}}`) and the test reads that
    node; any other test becomes an AssetObservation on every node it reads, each run,
    cluttering their latest events (a mart's most of all). Here a test on several nodes whose
    meta names none gets the most downstream model it reads (`attached_node`), and a named node
    the test does not read lists the test among its children (dagster-dbt looks for a node's
    checks there): one check on one asset, the other nodes the check's dependencies.
    """
    manifest = json.loads(manifest_path.read_text())
    child_map = manifest["child_map"]
    for test_id, test in manifest["nodes"].items():
        if test["resource_type"] != "test" or test.get("attached_node"):
            continue
        if node_id := attached_node(manifest, test):
            node = manifest["nodes"][node_id]
            ref = {"name": node["name"], "package": node["package_name"]}
            if node.get("version") is not None:
                ref["version"] = node["version"]
            config = test.setdefault("config", {})
            config["meta"] = {**(config.get("meta") or {}), "dagster": {"ref": ref}}
        elif ref := _attached_ref(test):
            node_id = _ref_node(manifest, ref)
        if node_id and test_id not in child_map.get(node_id, []):
            child_map.setdefault(node_id, []).append(test_id)
    return manifest


class LayerTranslator(DagsterDbtTranslator):
    """Asset group = the first folder of the model path (staging, intermediate, marts, exposure)."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] != "source":
            return super().get_asset_key(dbt_resource_props)
        table = f"{dbt_resource_props['schema']}.{dbt_resource_props['name']}"
        if table not in LANDED_TABLES:
            raise dg.DagsterInvalidDefinitionError(
                f"dbt source {dbt_resource_props['unique_id']} reads {table}, which no landing "
                "asset writes; declare the table in its source's record "
                "(sources/<source>/source.py) and run `python -m sources.registry`"
            )
        return LANDED_TABLES[table]

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        folders = dbt_resource_props.get("fqn", [])[1:-1]
        return folders[0] if folders else "dbt"

    def get_asset_check_spec(self, asset_spec, manifest, unique_id, project):
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None:
            return None
        test = manifest["nodes"][unique_id]
        audit = audit_table(test)
        return spec._replace(
            description=spec.description or test_description(test),
            metadata={**spec.metadata, **({AUDIT_TABLE: audit} if audit else {})},
        )


@cache
def _manifest_nodes(manifest_path: Path) -> dict[str, Mapping[str, Any]]:
    return json.loads(manifest_path.read_text())["nodes"]


def _relation(node: Mapping[str, Any]) -> tuple[str, str]:
    return node["schema"], node.get("alias") or node["name"]


def dbt_relations(manifest_path: Path) -> set[tuple[str, str]]:
    """(schema, name) of every relation the project builds: models, seeds, and the audit
    tables of tests that store their failures."""
    relations = set()
    for node in _manifest_nodes(manifest_path).values():
        if node["resource_type"] in ("model", "seed", "snapshot"):
            relations.add(_relation(node))
        elif (audit := audit_table(node)) is not None:
            relations.add(tuple(audit.split(".", 1)))
    return relations


def _model_metadata(
    con: duckdb.DuckDBPyConnection, nodes: Iterable[Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Per built node: column schema with the warehouse's types; for marts, rows and preview."""
    columns: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for schema, table, column, data_type in con.execute(
        "select table_schema, table_name, column_name, data_type "
        "from information_schema.columns where table_catalog = current_database() "
        "order by table_schema, table_name, ordinal_position"
    ).fetchall():
        columns.setdefault((schema, table), []).append((column, data_type))
    found: dict[str, dict[str, Any]] = {}
    for node in nodes:
        schema, table = _relation(node)
        if (schema, table) not in columns:
            continue
        described = node.get("columns", {})
        metadata: dict[str, Any] = {
            COLUMN_SCHEMA: dg.MetadataValue.table_schema(
                dg.TableSchema(
                    columns=[
                        dg.TableColumn(
                            name, data_type, description=described.get(name, {}).get("description")
                        )
                        for name, data_type in columns[(schema, table)]
                    ]
                )
            )
        }
        if MARTS in node.get("fqn", [])[1:-1]:  # models/marts/, models/exposure/marts/
            relation = f'"{schema}"."{table}"'
            rows = con.execute(f"select count(*) from {relation}").fetchone()[0]
            head = con.execute(f"select * from {relation} limit {PREVIEW_ROWS}")
            names = [d[0] for d in head.description]
            metadata[ROW_COUNT] = dg.MetadataValue.int(rows)
            metadata[PREVIEW] = dg.MetadataValue.md(markdown_preview(names, head.fetchall()))
        found[node["unique_id"]] = metadata
    return found


def _unique_id(event: Any) -> str:
    value = event.metadata.get("unique_id")
    return str(getattr(value, "value", value) or "")


def _failed_check(event: dg.AssetCheckResult, test: Mapping[str, Any] | None) -> Any:
    """A failed dbt test's check result: WARN severity for a `severity: warn` test (dbt
    reports its rows and goes on: the UI shows a warning, not an error), the audit table of
    its failing rows for a test that stores them."""
    changes: dict[str, Any] = {}
    if test and _is_warn(test):
        changes["severity"] = dg.AssetCheckSeverity.WARN
    if test and (audit := audit_table(test)):
        changes["metadata"] = {**event.metadata, AUDIT_TABLE: audit}
    return event._replace(**changes) if changes else event


def _enriched(events: list[Any], database: Path, log) -> Iterator[Any]:
    nodes = _manifest_nodes(DBT_PROJECT.manifest_path)
    built = [
        nodes[_unique_id(e)] for e in events if isinstance(e, dg.Output) and _unique_id(e) in nodes
    ]
    metadata: dict[str, dict[str, Any]] = {}
    try:
        with duckdb.connect(str(database), read_only=True) as con:
            metadata = _model_metadata(con, built)
    except duckdb.Error as exc:
        log.warning(f"no row counts or column types for the dbt models: {exc}")
    for event in events:
        if isinstance(event, dg.Output) and _unique_id(event):
            extra = metadata.get(_unique_id(event))
            yield event.with_metadata({**event.metadata, **extra}) if extra else event
        elif isinstance(event, dg.AssetCheckResult) and not event.passed:
            yield _failed_check(event, nodes.get(_unique_id(event)))
        else:
            yield event


def with_warehouse_metadata(events: Iterable[Any], database: Path, log) -> Iterator[Any]:
    """The dbt events, held until dbt has exited (DuckDB has one writer: the working copy
    can be read only then), with the warehouse's metadata added."""
    held: list[Any] = []
    try:
        held.extend(events)
    except Exception:
        yield from _enriched(held, database, log)
        raise
    yield from _enriched(held, database, log)


def raw_layer_tables() -> list[tuple[str, str]]:
    """(source, table) of every registered table landed as Parquet files (partitioned)."""
    return raw_ledger.partitioned_tables()


def verified_raw_layer(paths: WarehousePaths) -> dict[str, str]:
    """The raw layer's files, each as its ledger lists it (sha256 by file): dbt reads every
    file of a table's glob, so a file nobody landed, a changed one or a missing one stops the
    build, named, before dbt starts (and before the first landing, "no landed partition")."""
    try:
        return build_state.verified_raw_files(paths)
    except raw_ledger.RawLayerRefused as exc:
        raise dg.Failure(
            description=(
                f"{exc}\nnothing built (the bundled snapshot's range: {BUNDLED_YEARS[0]}..."
                f"{BUNDLED_YEARS[1]}, e.g. the build_warehouse job on that range)"
            )
        ) from exc


@dbt_assets(
    manifest=manifest_with_attached_tests(DBT_PROJECT.manifest_path),
    dagster_dbt_translator=LayerTranslator(),
)
def dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    """`dbt build` (seeds, models, tests) on the working copy, under the writer lock.

    --full-refresh reloads seeds whose columns changed (all models are tables or views).
    Only a build of the whole project whose every node passed marks the working copy as
    publishable (build/passed.json); dbt's run_results.json is kept as
    build/dbt_run_results.json for review, and dbt's pid in build/dbt.pid so that a run
    that dies does not leave dbt writing behind it.
    """
    warehouse.hold_writer_lock()
    paths = warehouse.paths
    raw_files = verified_raw_layer(paths)  # the partition files this build reads
    build_state.invalidate(paths)
    # a working copy from before a source was partitioned still has its DuckDB table: it
    # would be published beside the tables built from the raw layer's files
    partitioned = [table for _, table in raw_layer_tables()]
    if superseded := warehouse_db.drop_tables(paths.build, RAW_SCHEMA, partitioned):
        context.log.info(f"dropped {', '.join(superseded)}: landed as raw-layer files now")
    # a model renamed or moved leaves its old relation behind: it would be published
    if orphans := warehouse_db.drop_orphans(paths.build, dbt_relations(DBT_PROJECT.manifest_path)):
        context.log.info(f"dropped {', '.join(orphans)}: no dbt node builds them any more")
    invocation = dbt.cli(["build", "--full-refresh"], context=context)
    paths.dbt_pid.write_text(str(invocation.process.pid))
    run_results = invocation.target_path / "run_results.json"
    try:
        yield from with_warehouse_metadata(invocation.stream(), paths.build, context.log)
    except DagsterDbtCliRuntimeError as error:
        # "Got 3 results" is not an answer: name each failed test's first rows
        manifest = invocation.target_path / "manifest.json"
        if failure := dbt_test_failure(run_results, manifest, paths.build):
            raise failure from error
        raise
    finally:
        paths.dbt_pid.unlink(missing_ok=True)
        if run_results.exists():
            shutil.copyfile(run_results, paths.build.parent / RUN_RESULTS)
    results = json.loads(run_results.read_text())
    whole_project = set(context.selected_asset_keys) == set(dbt_models.keys)
    if whole_project and not build_state.failed_nodes(results):
        build_state.record_passed(paths, context.run_id, len(results["results"]), raw_files)
    elif not whole_project:
        context.log.info("partial dbt build: the working copy is not marked publishable")
