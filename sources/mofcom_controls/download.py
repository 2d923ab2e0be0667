"""Live check of the MOFCOM item table against the repository it was re-keyed from.

MOFCOM publishes no machine-readable file of its items. The table was re-keyed from the
Mineral Control Atlas (GitHub ``aidehaomj-rgb/critical-minerals-intelligence-system``), whose
``mineral-control-atlas/announcement-items.js`` holds, per notice, ``items:[[item, control
code, HS codes], ...]``. The live run fetches that file at the recorded commit
(``sources/common/http.py``: retries, limits, atomic write, provenance sidecar), reads its items
and compares them with the bundled table (notice, item number and name, control code, HS cell
verbatim). A release that differs in any of them is refused, naming the notice and item;
otherwise the bundled table is copied beside the JS file and that folder is landed.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import httpx
import polars as pl

from sources.common.errors import SourceDataError, preview
from sources.common.http import Limits, RetryPolicy, download
from sources.mofcom_controls.load import FILE_NAME, SNAPSHOT_DIR
from sources.mofcom_controls.parse import SOURCE as NAME
from sources.mofcom_controls.source import COMMIT, REPO_PATH, REPOSITORY, SOURCE

JS_NAME = "announcement-items.js"
LIVE_URL = SOURCE.url
PUBLISHER = SOURCE.publisher
LICENCE = SOURCE.licence
DATASET = (
    f"Mineral Control Atlas item list, {REPOSITORY}@{COMMIT} {REPO_PATH} (the file the bundled "
    "MOFCOM item table was re-keyed from; no licence file)"
)
_NOTICE = re.compile(r'notice\s*:\s*"([^"]*)"')
_STRING = r'"(?:[^"\\]|\\.)*"'
_ITEM = re.compile(rf"\[\s*({_STRING})\s*,\s*({_STRING})\s*,\s*({_STRING})\s*\]")
KEY = ("notice_zh", "item_no")
COMPARED = ("item_zh", "control_code", "cn_hs_as_given")


def js_items(text: str, *, file: str = JS_NAME) -> pl.DataFrame:
    """The items of ``announcement-items.js``: one row per notice x item (0-based, as its ids)."""
    notices = list(_NOTICE.finditer(text))
    if not notices:
        raise SourceDataError(NAME, file, f'no notice:"..." entry; starts {preview(text)}')
    rows = []
    for here, after in zip(notices, [*notices[1:], None], strict=True):
        block = text[here.end() : after.start() if after else len(text)]
        for item_no, match in enumerate(_ITEM.finditer(block)):
            item, code, hs = (json.loads(group) for group in match.groups())
            rows.append((here.group(1), item_no, item, code, hs))
    return pl.DataFrame(rows, schema=[*KEY, *COMPARED], orient="row")


def differences(live: pl.DataFrame, bundled: pl.DataFrame) -> list[str]:
    """What differs between the live items and the bundled table, one line per item."""
    joined = live.join(bundled.select(*KEY, *COMPARED), on=KEY, how="full", suffix="_bundled")
    found = []
    for row in joined.sort(pl.coalesce(KEY[0], f"{KEY[0]}_bundled")).iter_rows(named=True):
        notice = row["notice_zh"] or row["notice_zh_bundled"]
        item_no = row["item_no"] if row["item_no"] is not None else row["item_no_bundled"]
        where = f"{notice} item {item_no}"
        if row["notice_zh"] is None:
            found.append(f"{where}: in the bundled table, not in the live file")
        elif row["notice_zh_bundled"] is None:
            found.append(f"{where} ({row['item_zh']}): in the live file, not in the bundled table")
        else:
            for column in COMPARED:
                if row[column] != row[f"{column}_bundled"]:
                    found.append(
                        f"{where}: {column} live {row[column]!r}, bundled "
                        f"{row[f'{column}_bundled']!r}"
                    )
    return found


def check_release(js_path: Path, bundled_csv: Path = SNAPSHOT_DIR / FILE_NAME) -> None:
    """Refuse a live item list that differs from the bundled table (naming notice and item)."""
    live = js_items(js_path.read_text(encoding="utf-8"), file=js_path.name)
    bundled = pl.read_csv(bundled_csv, infer_schema_length=0).with_columns(
        pl.col("item_no").cast(pl.Int64)
    )
    found = differences(live, bundled)
    if found:
        more = f" (and {len(found) - 10} more)" if len(found) > 10 else ""
        shown = "; ".join(found[:10]) + more
        raise SourceDataError(
            NAME,
            js_path.name,
            f"{len(found)} item(s) differ from the bundled {FILE_NAME}: {shown}; "
            "re-key the table (and its PROVENANCE.md) before landing this release",
        )


def download_items(
    dest_dir: Path,
    *,
    url: str = LIVE_URL,
    client: httpx.Client | None = None,
    force: bool = False,
    retry: RetryPolicy | None = None,
    limits: Limits | None = None,
) -> Path:
    """Fetch ``announcement-items.js`` into ``dest_dir`` and check it against the bundled table;
    return the folder holding the (checked) bundled CSV beside it."""
    dest_dir = Path(dest_dir)
    js_path = dest_dir / JS_NAME
    provenance = {
        "publisher": PUBLISHER,
        "licence": LICENCE,
        "dataset": DATASET,
        "file_name": JS_NAME,
        "repository": REPOSITORY,
        "commit": COMMIT,
        "repository_path": REPO_PATH,
    }
    download(
        url,
        js_path,
        provenance=provenance,
        client=client,
        force=force,
        retry=retry,
        kind="text",
        limits=limits,
    )
    check_release(js_path)
    shutil.copyfile(SNAPSHOT_DIR / FILE_NAME, dest_dir / FILE_NAME)
    return dest_dir


def download_release(dest_dir: Path, *, url: str, edition: int | None = None) -> Path:
    """The landing's entry point (orchestration/assets/releases.py)."""
    return download_items(dest_dir, url=url)
