"""A stand-in for the Mineral Control Atlas's ``announcement-items.js``, written from the
bundled CSV in the same layout (per notice: ``notice:"..."`` and ``items:[[item, control
code, HS cell], ...]``). The real JS is not bundled: the tests serve this file instead."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sources.mofcom_controls.load import FILE_NAME, SNAPSHOT_DIR


def csv_rows(path: Path = SNAPSHOT_DIR / FILE_NAME) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def js_text(rows: list[dict[str, str]]) -> str:
    """The JS text of ``rows`` (CSV rows, in file order)."""
    notices: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        notices.setdefault(row["notice_zh"], []).append(row)
    quote = lambda text: json.dumps(text, ensure_ascii=False)  # noqa: E731
    blocks = []
    for notice, items in notices.items():
        first = items[0]
        lines = ",\n".join(
            f"      [{quote(r['item_zh'])},{quote(r['control_code'])},{quote(r['cn_hs_as_given'])}]"
            for r in items
        )
        blocks.append(
            f"  {{\n    notice:{quote(notice)}, date:{quote(first['date_announced'])}, "
            f"status:{quote(first['status'])}, statusText:{quote(first['status_zh'])},\n"
            f"    source:{quote(first['source_url'])},\n    items:[\n{lines}\n    ]\n  }}"
        )
    return "const announcementDefinitions = [\n" + ",\n".join(blocks) + "\n];\n"
