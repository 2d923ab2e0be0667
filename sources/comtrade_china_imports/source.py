"""China-reported imports of HS 2846 by origin (UN Comtrade), 1993-2024: the source's record."""

from sources.common.source_record import LandedTable, Source

REPOSITORY = "therealjameswilson/critical-minerals-records-stage-v3"
COMMIT = "a67e3d4286b3a06f62cf1d466cfb9bb6840a798d"
REPO_FOLDER = "data/raw/un_comtrade_china/2846"

SOURCE = Source(
    name="comtrade_china_imports",
    title="China's imports of rare-earth compounds (HS 2846) by origin, UN Comtrade",
    publisher="United Nations Statistics Division, UN Comtrade (reporter China, 156)",
    licence=(
        "UN Comtrade terms of use: free use with attribution 'UN Comtrade, United Nations "
        "Statistics Division'; the carrying repository is MIT"
    ),
    citation="UN Comtrade, United Nations Statistics Division",
    url="https://comtradeapi.un.org/public/v1/preview/C/A/HS",
    dataset=(
        "UN Comtrade public preview API, annual, reporter China (156), flow M, HS4 2846 "
        "(compounds of rare-earth metals, yttrium, scandium), every origin partner and World, "
        "customs C00, motCode 0, partner2 World, 1993-2024, as originally classified "
        f"(H0-H6); responses retrieved 2026-07-10, copied from GitHub {REPOSITORY}@{COMMIT} "
        f"{REPO_FOLDER}/ with their manifest.json, parsed and validated with pandera before "
        "landing (sources/comtrade_china_imports)."
    ),
    coverage="1993-2024 (China's reports only, HS4 2846)",
    tables=(
        LandedTable(
            "comtrade_china_imports__records",
            "One row per API record (year file x record): China's imports of HS4 2846 from "
            "one origin partner, or the World row (partner_code 0, the check total the "
            "partners sum to exactly), value in USD (CIF), net weight in kg "
            "(is_net_weight_estimated as published), the classification as originally "
            "reported (H0-H6).",
            series=("cmd_code",),
        ),
    ),
    facts=("trade",),
    preference=9,
    stages=("intermediate",),
    notes=("China's imports of rare-earth compounds (HS4 2846) by origin, as China reports them",),
)
