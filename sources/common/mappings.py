"""Reviewed mappings the ingest needs before dbt runs (read from the dbt seeds)."""

import csv
from pathlib import Path

HS_MINERALS_SEED = (
    Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "trade" / "hs_minerals.csv"
)


def mapped_hs_codes() -> list[str]:
    """HS6 codes with a mineral in the reviewed seed: the codes a live download keeps. HS4
    headings (hs_revisions 'HS4', for sources that report headings only) are left out: a
    6-digit download asking for a heading would get its aggregate, not its subheadings."""
    with HS_MINERALS_SEED.open(newline="", encoding="utf-8") as handle:
        return sorted({row["hs6"] for row in csv.DictReader(handle) if len(row["hs6"]) == 6})
