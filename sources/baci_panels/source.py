"""CEPII BACI all-partner panels (graphite, lithium carbonate, rare-earth compounds): the
source's record."""

from sources.common.source_record import LandedTable, Source

REPOSITORY = "Sidhrthg/causal-engine"
COMMIT = "615e1a87ffe53918400baab76628a4cce2e9bcb7"
REPO_DIR = "data/canonical"

SOURCE = Source(
    name="baci_panels",
    title="CEPII BACI all-partner panels (graphite, lithium carbonate, rare-earth compounds)",
    publisher="CEPII",
    licence="Etalab Open Licence 2.0 (attribution)",
    citation="Source: CEPII, BACI (Gaulier & Zignago 2010; Etalab Open Licence 2.0)",
    url=f"https://raw.githubusercontent.com/{REPOSITORY}/{COMMIT}/{REPO_DIR}/",
    dataset=(
        "CEPII BACI (Gaulier & Zignago 2010), every exporter x importer flow of HS 250410 "
        "(natural graphite, powder or flakes) and 283691 (lithium carbonate), HS92 release "
        "V202601, 1995-2024, and of 284610/284690 (rare-earth compounds), HS07 (release not "
        "stated), 2007-2018; value in thousand USD, quantity in tonnes. Extracts made by GitHub "
        f"{REPOSITORY} (files without a LICENSE file), parsed and validated with pandera "
        "before landing (sources/baci_panels)."
    ),
    coverage="HS92 1995-2024 (250410, 283691), HS07 2007-2018 (284610, 284690)",
    tables=(
        LandedTable(
            "baci_panels__trade_flows",
            "One row per line of the three panel files (year x exporter x importer x HS6), "
            "complete (all partners): the country fields as written (BACI numeric codes with "
            "or without leading zeros, BACI names, or one of 7 reviewed aliases) with the BACI "
            "country code each resolves to, value in thousand USD, quantity in tonnes (null "
            "when empty, flag missing, or 0, flag zero_unknown: BACI's 0 means unknown).",
            series=("hs6",),
        ),
    ),
    facts=("trade",),
    # BACI's reconciled flows, as sources/baci, but four codes only; after the trade sources
    # registered before it (baci 1, comtrade 2), before the partial BACI ASEAN file (4)
    preference=3,
    notes=(
        "all-partner panels: natural graphite 250410 and lithium carbonate 283691 1995-2024, "
        "rare-earth compounds 284610/284690 2007-2018",
    ),
)
