"""Is every registered source whole? Each problem names the source and the missing piece.

A source is whole when its record has publisher, licence, citation and URL; its package
lands exactly the tables the record declares (load.py TABLES); its snapshot folder holds a
MANIFEST.csv and a PROVENANCE.md; its dbt staging folder holds the conformed model of every
fact it delivers; and (given dbt's manifest) dbt has a source for each of its tables and no
source that no registered table backs.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from pathlib import Path

from sources.common.source_record import Source
from sources.registry.generate import DBT_DIR, REPO_ROOT

CONFORMED_MODEL = {
    "production": "stg_{name}__production",
    "trade": "stg_{name}__flows",
    "price": "stg_{name}__prices",
}


def record_problems(source: Source) -> list[str]:
    missing = [
        name
        for name in ("title", "publisher", "licence", "citation", "url", "dataset", "coverage")
        if not getattr(source, name).strip()
    ]
    return [f"{source.name}: its record has no {name}" for name in missing]


def package_problems(source: Source) -> list[str]:
    problems = []
    try:
        load = importlib.import_module(f"sources.{source.name}.load")
    except ModuleNotFoundError:
        return [f"{source.name}: no package sources/{source.name}/ with a load.py"]
    landed = set(getattr(load, "TABLES", {}).values()) or {
        getattr(load, name) for name in ("TABLE", "HS_TABLE") if hasattr(load, name)
    }
    declared = {t.name for t in source.tables}
    problems += [
        f"{source.name}: landed table {t} is not declared in sources/{source.name}/source.py"
        for t in sorted(landed - declared)
    ]
    problems += [
        f"{source.name}: declared table {t} is landed by no load.py TABLES entry"
        for t in sorted(declared - landed)
    ]
    snapshot = Path(load.__file__).parent / "snapshot"
    for required in ("MANIFEST.csv", "PROVENANCE.md"):
        if not (snapshot / required).exists():
            problems.append(f"{source.name}: no {required} in sources/{source.name}/snapshot/")
    return problems


def dbt_folder_problems(source: Source, dbt_dir: Path = DBT_DIR) -> list[str]:
    folder = dbt_dir / "models" / "staging" / source.dbt_folder
    if not folder.is_dir():
        return [f"{source.name}: no dbt staging folder {folder.relative_to(REPO_ROOT)}"]
    return [
        f"{source.name}: delivers {fact} but has no {model}.sql in "
        f"{folder.relative_to(REPO_ROOT)} (the conformed {fact} model)"
        for fact in source.facts
        if not (
            folder / f"{(model := CONFORMED_MODEL[fact].format(name=source.name))}.sql"
        ).exists()
    ]


def manifest_problems(sources: Iterable[Source], manifest: Mapping) -> list[str]:
    """dbt's sources against the registered tables, both ways, and their Dagster asset keys."""
    registered = {(s.name, t.name): s for s in sources for t in s.tables}
    in_dbt = {
        (node["source_name"], node["name"]): node for node in manifest.get("sources", {}).values()
    }
    problems = [
        f"{name}: table {table} has no dbt source (run `python -m sources.registry`)"
        for name, table in sorted(set(registered) - set(in_dbt))
    ]
    problems += [
        f"{name}: dbt source {table} is backed by no registered source's landed table"
        for name, table in sorted(set(in_dbt) - set(registered))
    ]
    for (name, table), node in sorted(in_dbt.items()):
        meta = (node.get("config") or {}).get("meta") or node.get("meta") or {}
        key = (meta.get("dagster") or {}).get("asset_key")
        if (name, table) in registered and key != [name, table]:
            problems.append(f"{name}: dbt source {table} names asset {key}, not [{name}, {table}]")
    return problems


def problems(sources: Iterable[Source], manifest: Mapping | None = None) -> list[str]:
    sources = tuple(sources)
    found = []
    for source in sources:
        found += record_problems(source) + package_problems(source) + dbt_folder_problems(source)
    if manifest is not None:
        found += manifest_problems(sources, manifest)
    return found
