"""The panel files read with the csv module only: an independent reading for the tests."""

from __future__ import annotations

import csv
from collections import defaultdict

from sources.baci_panels.load import SNAPSHOT_DIR

CHINA = ("China", "156")  # the two ways a panel could write China


def rows(name: str) -> list[dict[str, str]]:
    with (SNAPSHOT_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def china_export_share(name: str, year: int) -> float:
    """China's share of the world exports of the file's code in ``year``."""
    total = china = 0.0
    for row in rows(name):
        if int(row["year"]) == year:
            value = float(row["value_kusd"])
            total += value
            china += value if row["exporter"].lstrip("0") in CHINA else 0.0
    return china / total


def supplier_shares(name: str, importer: tuple[str, ...], supplier: tuple[str, ...]):
    """year -> the supplier's share of the importer's imports (fields as the file writes)."""
    total: dict[int, float] = defaultdict(float)
    part: dict[int, float] = defaultdict(float)
    for row in rows(name):
        if row["importer"].lstrip("0") in importer:
            year = int(row["year"])
            total[year] += float(row["value_kusd"])
            if row["exporter"].lstrip("0") in supplier:
                part[year] += float(row["value_kusd"])
    return {year: part[year] / total[year] for year in total}
