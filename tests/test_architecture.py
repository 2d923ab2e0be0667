"""Folders say what the code is: Dagster lives in orchestration/ only, and the project's
modules import one another without a circle."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("sources", "storage", "outputs", "orchestration")


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "snapshot" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports(path: Path) -> set[str]:
    """Top-level and function-level imports of a module (absolute names)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def project_edges() -> dict[str, set[str]]:
    mods = modules()
    return {
        name: {target for target in imports(path) if target in mods and target != name}
        for name, path in mods.items()
    }


@pytest.mark.parametrize("package", ["sources", "storage", "outputs"])
def test_only_orchestration_imports_dagster(package):
    offenders = [
        name
        for name, path in modules().items()
        if name.split(".")[0] == package
        and any(i == "dagster" or i.startswith(("dagster.", "dagster_")) for i in imports(path))
    ]
    assert offenders == []


def test_every_orchestration_module_is_dagster_code():
    without = [
        name
        for name, path in modules().items()
        if name.startswith("orchestration.")
        and path.name != "__init__.py"
        and not any(i == "dagster" or i.startswith(("dagster.", "dagster_")) for i in imports(path))
    ]
    assert without == []


def test_no_import_circle():
    edges = project_edges()
    # a package's __init__ importing its own modules is not a circle of the code's design
    edges = {m: {t for t in ts if not m.startswith(t + ".")} for m, ts in edges.items()}
    circles, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        for target in sorted(edges.get(node, ())):
            if state.get(target) == "open":
                circles.append(stack[stack.index(target) :] + [target])
            elif target not in state:
                visit(target, [*stack, target])
        state[node] = "done"

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert circles == []
