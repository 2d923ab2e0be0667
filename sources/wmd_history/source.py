"""World Mining Data table 6.4, 1984-2017 compilation: the source's record."""

from sources.common.source_record import LandedTable, Source

REPOSITORY = "repolly/EW_MFA_UN_IRP_Update_v3"
COMMIT = "667d3a351dd6f2aeceeadf6224fbf7603ee6f7bd"
REPO_PATH = "01_input/04_former_data/wmd/wmd_6.4._total_1984-2017.xlsx"

SOURCE = Source(
    name="wmd_history",
    title="World Mining Data, table 6.4, 1984-2017 compilation",
    publisher="Austrian Federal Ministry of Finance (BMF), World Mining Data",
    licence=(
        "Free government publication, no explicit open licence; attribution required "
        "(Reichl, C., Schatz, M.: World Mining Data, Vienna). Compilation not publicly offered "
        "by the publisher: confirm redistribution with BMF before publishing outside the project"
    ),
    citation=(
        "Reichl, C., Schatz, M.: World Mining Data, table 6.4, 1984-2017 compilation (2019), "
        "Austrian Federal Ministry, Vienna"
    ),
    url=f"https://raw.githubusercontent.com/{REPOSITORY}/{COMMIT}/{REPO_PATH}",
    dataset=(
        'World Mining Data (Austrian Federal Ministry, BMF), table 6.4 "Production of Mineral '
        'Raw Materials of individual Countries, by Minerals", 1984-2017, one-sheet compilation '
        "by the WMD editor (saved 2019-07-12; edition 2019), copied from GitHub "
        f"{REPOSITORY} (FINEPRINT, no licence file), parsed cell by cell and validated with "
        "pandera before landing (sources/wmd_history)."
    ),
    coverage="compilation of 2019: 1984-2017",
    tables=(
        LandedTable(
            "wmd_history__production",
            "One row per value cell (country or Total row x year) of every commodity block, "
            "with edition, source_file, block, Excel row_number and column_letter, the raw "
            "value text and the value (null when the cell is empty, flag missing; the "
            "compilation has no r/e/p flags).",
            series=("block",),
        ),
    ),
    facts=("production",),
    # after WMD's own editions: the 2020 edition revised the compilation's 2014-2017 figures
    preference=5,
    stages=("mine", "refinery", "smelter", "processing"),
    bases=(
        "contained_element",
        "gross_weight",
        "oxide_equivalent",
        "refined_metal",
        "compound",
        "carats",
    ),
    notes=(
        "production by country, 65 commodities, historical states (USSR, Czechoslovakia, "
        "Yugoslavia) kept as their own entities",
    ),
)
