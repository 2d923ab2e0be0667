"""Data dictionary of the marts, from the dbt manifest and the published warehouse.

Per mart: description, grain and key columns (its unique_combination test, or a column's
unique test), every column with its DuckDB type (information_schema of the published file) and
unit, and the raw tables and seeds it is built from, traced through depends_on, with the
bundled snapshot MANIFEST.csv of each source. Written as DATA_DICTIONARY.md and
data_dictionary.json. No Dagster here.

Grain and units come from the model YAMLs' `config: meta:` fields: `meta: {grain: "one row
per ..."}` on the model and `meta: {unit: "t"}` on each numeric column that has a unit. A mart
whose YAML does not declare a grain yet is read from its prose instead: the "Grain: one row
per ..." sentence of its description, and a unit from each column's name or description.
"""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from pathlib import Path

import duckdb

from storage.publishing import read_publication
from storage.settings import DBT_PROJECT_DIR, REPO_ROOT

MART_SCHEMA = "main"
MARKDOWN = "DATA_DICTIONARY.md"
JSON = "data_dictionary.json"

GRAIN = re.compile(r"\bGrain:\s*(.+?)(?:\.(?=\s+[A-Z(\"'])|\.?\s*$)", re.DOTALL)


def meta_of(entry: dict) -> dict:
    """The meta of a manifest node or column: `config: meta:` (dbt 1.10+), else `meta:`."""
    return (entry.get("config") or {}).get("meta") or entry.get("meta") or {}


def declared_grain(node: dict | None) -> str | None:
    """The model's `meta: {grain: ...}`, whitespace-normalised; None when it declares none."""
    grain = meta_of(node or {}).get("grain")
    return " ".join(str(grain).split()) if grain else None


def grain_of(description: str) -> str | None:
    """'... Grain: one row per source x year. Shares ...' -> 'one row per source x year'."""
    match = GRAIN.search(" ".join(description.split()))
    return match.group(1).strip() if match else None


# (unit, test on the lower-case name, test on the lower-case description); first match wins.
UNIT_RULES: list[tuple[str, re.Pattern, re.Pattern]] = [
    ("percent", re.compile(r"(_percent|_pct)$"), re.compile(r"\bin percent\b|\bpercent\b")),
    ("fraction 0-1", re.compile(r"_share$|^cr\d$"), re.compile(r"\(0-1\)|\bfraction")),
    ("index 0-10,000", re.compile(r"^hhi$"), re.compile(r"0-10,?000")),
    ("USD", re.compile(r"_usd$"), re.compile(r"\busd\b")),
    ("thousand USD", re.compile(r"_kusd$"), re.compile(r"\bthousand usd\b")),
    ("quantity_unit", re.compile(r"^$"), re.compile(r"\bin quantity_unit\b")),
    ("t", re.compile(r"_t$"), re.compile(r"\bmetric tonnes\b|\bin t\b|\bin tonnes\b")),
    ("carat", re.compile(r"_carats?$"), re.compile(r"\bin carats\b")),
    ("m3", re.compile(r"_m3$"), re.compile(r"\bin m3\b|\bin cubic metres\b")),
]
# Descriptions of label columns that name units without having one.
NOT_A_QUANTITY = re.compile(r"^(unit|units)\b|\bunit of\b|\(percent text\)|\bflag\b")


NUMERIC = re.compile(r"^(DOUBLE|FLOAT|REAL|DECIMAL|NUMERIC|U?(TINY|SMALL|BIG|HUGE)?INT)", re.I)


def unit_of(name: str, description: str, data_type: str = "DOUBLE") -> str | None:
    """A simple reading of the unit of a numeric column: from its name's suffix (value_usd,
    quantity_t, nir_percent, *_share) or its description ('(0-1)', 'in percent', 'USD').
    Only for marts whose YAML declares no meta (see the module docstring)."""
    name, text = name.lower(), " ".join(description.lower().split())
    if not NUMERIC.match(data_type.strip()):
        return None
    if NOT_A_QUANTITY.search(text) or name.endswith(("_unit", "_flag", "_text", "_band")):
        return None
    if name.startswith(("is_", "has_", "n_")) or name.endswith(("_id", "_iso3", "_name")):
        return None
    for unit, by_name, _ in UNIT_RULES:
        # the name first (quantity_t is t even if the text mentions a share)
        if by_name.search(name):
            return unit
    for unit, _, by_text in UNIT_RULES:
        if by_text.search(text):
            return unit
    return None


def load_manifest(path: Path) -> dict:
    if not path.exists():
        raise FileNotFoundError(f"no dbt manifest at {path}: run `make manifest` (dbt parse) first")
    return json.loads(path.read_text(encoding="utf-8"))


def _mart_nodes(manifest: dict) -> dict[str, dict]:
    """Relation name in the mart schema -> its model node."""
    return {
        (node.get("alias") or node["name"]): node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node.get("schema") == MART_SCHEMA
    }


def _key_columns(manifest: dict, unique_id: str) -> list[str] | None:
    """Columns of the model's unique_combination test, or of a column-level unique test."""
    unique_column = None
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test" or node.get("attached_node") != unique_id:
            continue
        meta = node.get("test_metadata") or {}
        kwargs = meta.get("kwargs") or {}
        if meta.get("name") == "unique_combination":
            columns = kwargs.get("columns") or (kwargs.get("arguments") or {}).get("columns")
            if columns:
                return list(columns)
        if meta.get("name") == "unique" and kwargs.get("column_name"):
            unique_column = [kwargs["column_name"]]
    return unique_column


@cache
def snapshot_files(source_name: str) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """(MANIFEST.csv path relative to the repo, file paths it lists, datasets/licences)."""
    manifest = REPO_ROOT / "sources" / source_name / "snapshot" / "MANIFEST.csv"
    if not manifest.exists():
        return None, (), ()
    with manifest.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    folder = manifest.parent.relative_to(REPO_ROOT)
    files = tuple(str(folder / row["path"]) for row in rows if row.get("path"))
    credits = tuple(
        dict.fromkeys(
            "; ".join(filter(None, (row.get("publisher"), row.get("dataset"), row.get("licence"))))
            for row in rows
        )
    )
    return str(manifest.relative_to(REPO_ROOT)), files, credits


def lineage(manifest: dict, unique_id: str) -> tuple[list[str], list[str]]:
    """Source and seed unique ids upstream of a node (depends_on, walked to the roots)."""
    seen: set[str] = set()
    stack = [unique_id]
    sources, seeds = set(), set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        if current.startswith("source."):
            sources.add(current)
            continue
        node = manifest["nodes"].get(current)
        if node is None:
            continue
        if node["resource_type"] == "seed":
            seeds.add(current)
            continue
        stack.extend(node.get("depends_on", {}).get("nodes", []))
    return sorted(sources), sorted(seeds)


def _source_entry(manifest: dict, unique_id: str) -> dict:
    source = manifest["sources"][unique_id]
    manifest_csv, files, _ = snapshot_files(source["source_name"])
    return {
        "source": source["source_name"],
        "table": f"{source['schema']}.{source.get('identifier') or source['name']}",
        "description": " ".join((source.get("description") or "").split()),
        "snapshot_manifest": manifest_csv,
        "snapshot_files": len(files),
    }


def _seed_entry(manifest: dict, unique_id: str) -> dict:
    seed = manifest["nodes"][unique_id]
    return {
        "seed": f"{seed['schema']}.{seed.get('alias') or seed['name']}",
        "path": str(Path(DBT_PROJECT_DIR.name) / seed["original_file_path"]),
        "description": " ".join((seed.get("description") or "").split()),
    }


def _columns(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str]]:
    return con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [MART_SCHEMA, name],
    ).fetchall()


def build(con: duckdb.DuckDBPyConnection, manifest_path: Path) -> dict:
    """The dictionary of every relation in the mart schema of the open (published) file."""
    manifest = load_manifest(manifest_path)
    nodes = _mart_nodes(manifest)
    relations = con.execute(
        "select table_name, table_type from information_schema.tables "
        "where table_schema = ? order by table_name",
        [MART_SCHEMA],
    ).fetchall()
    marts, used_sources = {}, set()
    for name, kind in relations:
        node = nodes.get(name)
        described = (node or {}).get("columns", {})
        description = " ".join(((node or {}).get("description") or "").split())
        # a mart that declares its grain in meta declares its units there too
        grain = declared_grain(node)
        sources, seeds = lineage(manifest, node["unique_id"]) if node else ([], [])
        used_sources.update(manifest["sources"][s]["source_name"] for s in sources)
        columns = []
        for column, data_type in _columns(con, name):
            entry = described.get(column, {})
            text = " ".join((entry.get("description") or "").split())
            unit = meta_of(entry).get("unit") if grain else unit_of(column, text, data_type)
            columns.append({"name": column, "type": data_type, "unit": unit, "description": text})
        marts[name] = {
            "name": name,
            "kind": "view" if kind == "VIEW" else "table",
            "description": description or "(not in the dbt manifest)",
            "grain": grain or grain_of(description),
            "key_columns": _key_columns(manifest, node["unique_id"]) if node else None,
            "model_path": (
                str(Path(DBT_PROJECT_DIR.name) / node["original_file_path"]) if node else None
            ),
            "rows": con.execute(f'select count(*) from "{MART_SCHEMA}"."{name}"').fetchone()[0],
            "columns": columns,
            "raw_tables": [_source_entry(manifest, s) for s in sources],
            "seeds": [_seed_entry(manifest, s) for s in seeds],
        }
    source_files = {}
    for source_name in sorted(used_sources):
        manifest_csv, files, credits = snapshot_files(source_name)
        source_files[source_name] = {
            "snapshot_manifest": manifest_csv,
            "credits": list(credits),
            "files": list(files),
        }
    return {
        "publication": read_publication(con),
        "dbt": {
            "project": manifest["metadata"].get("project_name"),
            "manifest_generated_at": manifest["metadata"].get("generated_at"),
        },
        "marts": marts,
        "sources": source_files,
    }


def _cell(text: object) -> str:
    return "" if text is None else str(text).replace("|", "\\|").replace("\n", " ")


def publication_line(publication: dict | None) -> str:
    """Which publication of the warehouse the files beside the dictionary come from."""
    if publication is None:
        return "Publication: not recorded (the file was published before publications had ids)."
    return (
        f"Publication: `{publication['publication_id']}` (published "
        f"{publication['published_at']}, dbt build of run {publication['build_run_id']}); "
        "`minerals.duckdb` names its own in table `meta.publication`."
    )


def to_markdown(dictionary: dict) -> str:
    marts = dictionary["marts"]
    lines = [
        "# Data dictionary",
        "",
        "Every table and view of the published warehouse's default schema (`main`), generated "
        "from the dbt manifest and the published file's `information_schema` "
        f"(manifest of {dictionary['dbt']['manifest_generated_at']}). Each has a Parquet and "
        "a CSV copy beside this file. Shares are fractions (0-1) unless the unit says "
        "otherwise.",
        "",
        publication_line(dictionary.get("publication")),
        "",
        "| mart | rows | grain |",
        "|---|---:|---|",
    ]
    lines += [
        f"| [`{name}`](#{name}) | {m['rows']:,} | {_cell(m['grain'] or '')} |"
        for name, m in marts.items()
    ]
    for name, mart in marts.items():
        lines += ["", f"## {name}", "", mart["description"], ""]
        facts = [f"- kind: {mart['kind']}, {mart['rows']:,} rows"]
        if mart["grain"]:
            facts.append(f"- grain: {mart['grain']}")
        if mart["key_columns"]:
            facts.append("- key columns: " + ", ".join(f"`{c}`" for c in mart["key_columns"]))
        if mart.get("exports"):
            facts.append(f"- files: `{mart['exports']['parquet']}`, `{mart['exports']['csv']}`")
        if mart["model_path"]:
            facts.append(f"- model: `{mart['model_path']}`")
        lines += [*facts, "", "| column | type | unit | description |", "|---|---|---|---|"]
        lines += [
            f"| `{c['name']}` | {_cell(c['type'])} | {_cell(c['unit'] or '')} | "
            f"{_cell(c['description'])} |"
            for c in mart["columns"]
        ]
        if mart["raw_tables"] or mart["seeds"]:
            lines += ["", "Built from:", ""]
        lines += [
            f"- raw table `{t['table']}` ({t['source']}; files listed in "
            f"`{t['snapshot_manifest']}`)"
            for t in mart["raw_tables"]
        ]
        lines += [f"- seed `{s['seed']}` (`{s['path']}`)" for s in mart["seeds"]]
    lines += ["", "## Bundled source files", ""]
    for source_name, source in dictionary["sources"].items():
        lines += [
            f"### {source_name}",
            "",
            f"Snapshot manifest: `{source['snapshot_manifest']}` "
            f"({len(source['files'])} files, with sha256).",
            "",
        ]
        lines += [f"- {credit}" for credit in source["credits"]]
        lines += ["", "<details><summary>files</summary>", ""]
        lines += [f"- `{path}`" for path in source["files"]]
        lines += ["", "</details>", ""]
    return "\n".join(lines).rstrip() + "\n"


def write(dictionary: dict, folder: Path) -> tuple[Path, Path]:
    markdown, data = folder / MARKDOWN, folder / JSON
    markdown.write_text(to_markdown(dictionary), encoding="utf-8")
    data.write_text(json.dumps(dictionary, indent=2) + "\n", encoding="utf-8")
    return markdown, data
