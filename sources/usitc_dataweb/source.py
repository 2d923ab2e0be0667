"""USITC DataWeb US imports and domestic exports by partner, 1993-2026 YTD: the source's record."""

from sources.common.source_record import LandedTable, Source

REPOSITORY = "therealjameswilson/critical-minerals-records-stage-v3"
COMMIT = "a67e3d4286b3a06f62cf1d466cfb9bb6840a798d"
REPO_FOLDER = "data/raw"

SOURCE = Source(
    name="usitc_dataweb",
    title="USITC DataWeb, US imports and domestic exports by partner, 25 HTS4 headings",
    publisher="U.S. International Trade Commission, DataWeb (U.S. Census Bureau trade data)",
    licence=(
        "U.S. Government data, public domain in the United States (no USITC statement checked "
        "offline); attribution: USITC DataWeb, official U.S. trade statistics of the Census Bureau"
    ),
    citation=(
        "U.S. International Trade Commission, DataWeb (https://dataweb.usitc.gov/), imports for "
        "consumption and domestic exports by country and HTS4, query downloaded 2026-07-10"
    ),
    url=f"https://raw.githubusercontent.com/{REPOSITORY}/{COMMIT}/{REPO_FOLDER}/",
    dataset=(
        "USITC DataWeb queries of 2026-07-10: US imports for consumption (customs value, first "
        "and second unit of quantity) and US domestic exports (FAS value, quantities) with 18 "
        "selected partners in 25 HTS4 headings, annual 1993-2025 and January-April 1993-2026; "
        f"copied from GitHub {REPOSITORY}@{COMMIT} (MIT), parsed cell by cell and validated "
        "with pandera before landing (sources/usitc_dataweb). The Total row is the 18-partner "
        "sum, not World."
    ),
    coverage="query of 2026-07-10: 1993-2025, Jan-Apr 1993-2026",
    tables=(
        LandedTable(
            "usitc_dataweb__trade_annual",
            "One row per value cell of the annual sheets (flow x measure x partner x HTS4 x "
            "quantity unit x year, 1993-2025): customs value (imports), FAS value (exports), "
            "first and second unit of quantity with the unit as published and DataWeb's "
            "Suppressed figure; the incomplete download year (2026, all zeros) is left out.",
            series=("flow", "measure"),
        ),
        LandedTable(
            "usitc_dataweb__trade_ytd",
            "One row per value cell of the year-to-date sheets (January-April of 1993-2026), "
            "same columns as the annual table; not bilateral flows of a full year.",
            series=("flow", "measure"),
        ),
    ),
    facts=("trade",),
    preference=6,
    notes=(
        "US imports and domestic exports with 18 partners, 25 HTS4 headings; partner subset "
        "(no World row)",
    ),
)
