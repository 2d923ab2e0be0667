"""China-reported exports by partner (WITS / UN Comtrade), 2010-2024: the source's record."""

from sources.common.source_record import LandedTable, Source

REPOSITORY = "semenko-vladimir/china-ree-export-policy"
COMMIT = "47d635454c30132dc19a2220bab9f292ff4ac72e"
REPO_FOLDER = "data"

SOURCE = Source(
    name="wits_china_exports",
    title="China's rare-earth exports by partner, as China reports them (WITS / UN Comtrade)",
    publisher=(
        "United Nations Statistics Division, UN Comtrade (reporter China), downloaded through "
        "the World Bank's WITS; panels compiled by V. Semenko (HSE Moscow course replication)"
    ),
    licence=(
        "UN Comtrade terms of use (attribution 'UN Comtrade, United Nations Statistics "
        "Division') and WITS terms; the carrying repository has no licence file. Only the "
        "WITS trade columns are landed (the author's WDI and model columns are not)"
    ),
    citation=(
        "UN Comtrade, United Nations Statistics Division, via World Integrated Trade Solution "
        "(WITS), World Bank: China, exports by partner of HS 284690, 280530, 850511, 2010-2024"
    ),
    url=f"https://raw.githubusercontent.com/{REPOSITORY}/{COMMIT}/{REPO_FOLDER}/",
    dataset=(
        "China's exports by partner of HS 284690 (rare-earth compounds), 280530 (rare-earth "
        "metals) and 850511 (permanent magnets), 2010-2024, as China reports them to UN "
        "Comtrade (WITS 'By HS6 Product' downloads, flow Export, all partners), with WITS's "
        f"World rows; three panel workbooks of GitHub {REPOSITORY}@{COMMIT} {REPO_FOLDER}/ "
        "(no licence file), parsed cell by cell and validated with pandera before landing "
        "(sources/wits_china_exports)."
    ),
    coverage="2010-2024 (China's reports only)",
    tables=(
        LandedTable(
            "wits_china_exports__partner_flows",
            "One row per workbook x partner x year with a WITS record (final_panel_observed, "
            "or raw_observed_partner_year for 850511): China's exports as China reports them, "
            "export_value_usd and quantity_kg as published, partner as WITS names it.",
            series=("hs6",),
        ),
        LandedTable(
            "wits_china_exports__world_rows",
            "One row per workbook x year: WITS's World row (raw_world_rows), the check total "
            "the partner rows must sum to (relative difference at most 1e-6 in value and "
            "1e-5 in kg, checked before landing).",
            series=("hs6",),
        ),
    ),
    facts=("trade",),
    preference=8,
    stages=("intermediate", "refined_metal", "product"),
    notes=(
        "China's exports of rare-earth compounds, metals and magnets to every partner, as "
        "China reports them (reporter side)",
    ),
)
