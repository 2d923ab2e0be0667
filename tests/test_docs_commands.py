"""The `dagster` commands the docs show parse as the CLI parses them and target what exists.

Every `dagster ...` command in README.md and docs/*.md (fenced blocks, backslash continuations
joined, and inline code) is parsed by Dagster's own click command; its `--select` must resolve,
as `dagster asset materialize` resolves it, to at least one asset of orchestration.definitions,
its `--partition` / `--partition-range` keys must be partitions of every selected asset, and
its `-j` a job of the code location. (`--select 'usgs_mcs/*'` meant "the asset `usgs_mcs/` and
everything downstream" and failed; `key:"usgs_mcs/*"` is the wildcard.)
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import dagster as dg
import pytest
from dagster._cli import cli as dagster_cli

from orchestration.definitions import defs

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCED_BLOCK = re.compile(r"^```(?:bash|sh|shell|console)\n(.*?)^```", re.M | re.S)
ANY_FENCED_BLOCK = re.compile(r"^```.*?^```", re.M | re.S)
INLINE_CODE = re.compile(r"`([^`]+)`")
PLACEHOLDER = "..."  # prose elides a value: `--partition-range ...`


def fenced_commands(text: str) -> list[str]:
    commands = []
    for block in FENCED_BLOCK.findall(text):
        joined = block.replace("\\\n", " ")
        commands += [" ".join(line.split(" #")[0].split()) for line in joined.splitlines()]
    return commands


def inline_commands(text: str) -> list[str]:
    """Inline code spans, which may wrap a line but never leave their paragraph."""
    paragraphs = ANY_FENCED_BLOCK.sub("", text).split("\n\n")
    return [" ".join(span.split()) for par in paragraphs for span in INLINE_CODE.findall(par)]


def documented_dagster_commands() -> list[tuple[str, str]]:
    """(file, command) for every `dagster <group> <command> ...` with options in the docs."""
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for command in fenced_commands(text) + inline_commands(text):
            if re.match(r"dagster [a-z-]+ [a-z-]+ -", command):
                found.append((doc.relative_to(ROOT).as_posix(), command))
    return found


def parsed_options(command: str, workdir: Path) -> dict:
    """The options of ``command`` as the `dagster` CLI parses them (config files it names are
    created empty in ``workdir``, the CLI requires them to exist)."""
    words = shlex.split(command)[1:]
    for flag, value in zip(words, words[1:], strict=False):
        if flag in ("-c", "--config"):
            (workdir / value).touch()
    group = dagster_cli.commands[words[0]]
    subcommand = group.commands[words[1]]
    try:
        return subcommand.make_context(words[1], words[2:]).params
    except click.ClickException as error:
        pytest.fail(f"{command}: the dagster CLI refuses it: {error.format_message()}")


def selected_keys(command: str, select: str) -> set[dg.AssetKey]:
    graph = defs.resolve_asset_graph()
    selection = dg.AssetSelection.from_coercible(select.split(","))
    try:
        keys = selection.resolve(graph)
    except dg.DagsterInvalidSubsetError as error:
        pytest.fail(f"{command}: --select {select!r} selects no asset: {error}")
    assert keys, f"{command}: --select {select!r} selects no asset"
    return keys


def assert_partitions_exist(command: str, keys: set[dg.AssetKey], partitions: list[str]) -> None:
    graph = defs.resolve_asset_graph()
    for key in keys:
        partitions_def = graph.get(key).partitions_def
        assert partitions_def is not None, f"{command}: {key.to_user_string()} is not partitioned"
        known = partitions_def.get_partition_keys()
        for partition in partitions:
            assert partition in known, (
                f"{command}: {partition} is not a partition of {key.to_user_string()} "
                f"({known[0]}...{known[-1]})"
            )


COMMANDS = documented_dagster_commands()
COMMAND_IDS = [f"{doc}: {command}" for doc, command in COMMANDS]


def test_the_docs_show_dagster_commands():
    assert {doc for doc, _ in COMMANDS} >= {"README.md", "docs/scaling.md", "docs/benchmarks.md"}
    assert any("--partition " in command for _, command in COMMANDS)


@pytest.mark.parametrize(("doc", "command"), COMMANDS, ids=COMMAND_IDS)
def test_documented_dagster_command_targets_what_exists(doc, command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    options = parsed_options(command, tmp_path)
    if options.get("job_name"):
        assert defs.resolve_job_def(options["job_name"]), f"{doc}: {command}: no such job"
    if options.get("select"):
        keys = selected_keys(f"{doc}: {command}", options["select"])
        partition, partition_range = options.get("partition"), options.get("partition_range")
        if partition:
            assert_partitions_exist(f"{doc}: {command}", keys, [partition])
        if partition_range and partition_range != PLACEHOLDER:
            assert_partitions_exist(f"{doc}: {command}", keys, partition_range.split("..."))
