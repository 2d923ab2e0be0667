"""World Bank Worldwide Governance Indicators: the source's record."""

from sources.common.source_record import LandedTable, Source

SOURCE = Source(
    name="wgi",
    title="World Bank Worldwide Governance Indicators",
    publisher="The World Bank",
    licence="CC BY 4.0; cite: Worldwide Governance Indicators, www.govindicators.org",
    citation="World Bank, Worldwide Governance Indicators (CC BY 4.0)",
    url="https://www.worldbank.org/content/dam/sites/govindicators/doc/wgidataset.xlsx",
    dataset=(
        'World Bank Worldwide Governance Indicators (CC BY 4.0, "Kaufmann and Kraay, '
        'Worldwide Governance Indicators, www.govindicators.org"): the bundled 2023 update '
        "(wide workbook, 1996-2022) or a live long-layout download, parsed and validated "
        "with pandera before landing (sources/wgi)."
    ),
    coverage="WGI 1996-2022",
    live_edition=2024,
    tables=(
        LandedTable(
            "wgi__governance_indicators",
            "One row per file x economy (World Bank code) x indicator (va, pv, ge, rq, rl, "
            "cc) x year: estimate (-2.5 weak to 2.5 strong), standard error, number of "
            "sources, percentile rank and its bounds; null with value_flag 'missing' where "
            "the World Bank publishes #N/A; layout (wide/long), sheet, Excel row and column.",
            series=("indicator",),
        ),
    ),
    notes=("governance estimates",),
)
