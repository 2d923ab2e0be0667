"""CEPII BACI, ASEAN-10 x 15 partners (13 mineral codes, 2010-2024): the source's record."""

from sources.common.source_record import LandedTable, Source

REPOSITORY = "ccmdesign/bfna-indopacific"
COMMIT = "1fdc33cc1ceef24aee1d235f916177dab3736816"
REPO_PATH = "_data/raw/baci-asean-minerals-bilateral-2010-2024.csv"

SOURCE = Source(
    name="baci_asean",
    title="CEPII BACI, ASEAN-10 x 15 partners (partner subset)",
    publisher="CEPII",
    licence="Etalab Open Licence 2.0 (attribution)",
    citation="Source: CEPII, BACI (Gaulier & Zignago 2010; Etalab Open Licence 2.0)",
    url=f"https://raw.githubusercontent.com/{REPOSITORY}/{COMMIT}/{REPO_PATH}",
    dataset=(
        "CEPII BACI (Gaulier & Zignago 2010) HS07 release V202601, flows between the ASEAN-10 "
        "and 15 partners (AUS, BEL, CAN, CHN, DEU, ESP, FRA, GBR, ITA, JPN, KOR, NLD, POL, "
        "SWE, USA) in 13 mineral HS6 codes, 2010-2024; value in thousand USD, quantity in "
        f"tonnes. Extract made by GitHub {REPOSITORY} (no licence file): a partner subset, "
        "not world trade. Parsed and validated with pandera before landing (sources/baci_asean)."
    ),
    coverage="HS07 2010-2024, ASEAN-10 x 15 partners, 13 codes",
    tables=(
        LandedTable(
            "baci_asean__trade_flows",
            "One row per line of the ASEAN file (year x exporter x importer x HS6), a partner "
            "subset: every row has exactly one ASEAN-10 side. BACI numeric codes and the "
            "file's ISO3 (checked against BACI's V202601 dictionary), the file's product "
            "label, value in thousand USD, quantity in tonnes (null when empty, flag "
            "missing).",
            series=("hs6",),
        ),
    ),
    facts=("trade",),
    preference=7,  # a partner subset: after the complete sources
    notes=(
        "ASEAN-10 x 15 partners incl. nickel mattes and intermediates 750110/750120, "
        "2010-2024; partial (partner_subset)",
    ),
)
