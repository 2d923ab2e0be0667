"""USGS Data Series 140 (historical statistics, US, 1900-1992; lithium to 2021, rare earths to
2020): the source's record."""

from sources.common.source_record import LandedTable, Source

# the JSON library (to 1992): a GitHub copy only, fetched at a fixed commit
LIBRARY_REPOSITORY = "therealjameswilson/critical-minerals-records-stage-v2"
LIBRARY_COMMIT = "15073d06b8e4c188b963b38c40d58359d03477c5"
LIBRARY_PATH = "data/usgs-ds140"
CATALOG_PAGE = (
    "https://www.usgs.gov/centers/national-minerals-information-center/"
    "historical-statistics-mineral-commodities-united"
)

SOURCE = Source(
    name="usgs_ds140",
    title="USGS Data Series 140, Historical Statistics for Mineral and Material Commodities",
    publisher="U.S. Geological Survey, National Minerals Information Center",
    licence="U.S. Government work, public domain",
    citation=(
        "Kelly, T.D., and Matos, G.R., comps., Historical statistics for mineral and material "
        "commodities in the United States: U.S. Geological Survey Data Series 140"
    ),
    url=f"https://raw.githubusercontent.com/{LIBRARY_REPOSITORY}/{LIBRARY_COMMIT}/{LIBRARY_PATH}/",
    dataset=(
        "USGS Data Series 140 (per-commodity workbooks updated 2014-2023, " + CATALOG_PAGE + "): "
        "the JSON library of every numeric cell 1900-1992 of its 92 workbooks (extracted "
        f"2026-07-10, GitHub {LIBRARY_REPOSITORY}@{LIBRARY_COMMIT}, no licence file; bundled: "
        "the 85 commodities with a mineral of seeds/minerals.csv, incl. every critical "
        "mineral; the other 7 (agriculture and fishery, coal combustion products, gemstones, "
        "natural abrasives, nonrenewable organics, sodium sulfate, wood) come with the live "
        "download) and two full workbooks, lithium 1900-2021 and rare earths 1900-2020, "
        "parsed cell by cell and validated with pandera before landing (sources/usgs_ds140)."
    ),
    coverage="JSON library (edition 2026): 1900-1992; lithium 2021, rare earths 2020",
    tables=(
        LandedTable(
            "usgs_ds140__observations",
            "One row per cell: edition, source_file, commodity, worksheet, column (number, "
            "letter, label), measure_id, unit (from the sheet heading), price_basis (not-price, "
            "nominal, real-1998-dollars), year, worksheet row, value_raw, value and value_flag. "
            "The JSON library keeps numeric cells only (reported); the full workbooks keep "
            "every cell of a labelled column, NA / W / empty with a null value.",
            series=("commodity",),
        ),
        LandedTable(
            "usgs_ds140__measures",
            "One row per file x worksheet x column: label, unit, price basis, numeric "
            "observation count, year span and the counts of blank, NA, W and other non-numeric "
            "cells (for the JSON library, its own counts for 1861-1992).",
            series=("commodity",),
        ),
        LandedTable(
            "usgs_ds140__commodities",
            "One row per commodity of the library's catalog.json (92): title, update year "
            "of its USGS workbook, the workbook's download URL and the library's counts.",
        ),
    ),
    facts=("price",),
    notes=(
        "US production, imports, exports, consumption, stocks, unit values ($/t and 1998 $/t) "
        "and world production, 1900-1992 (lithium to 2021, rare earths to 2020)",
    ),
)
