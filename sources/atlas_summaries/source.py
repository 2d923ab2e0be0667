"""Critical Materials Atlas per-code world trade summaries (re-keyed): the source's record."""

from sources.common.source_record import LandedTable, Source

REPOSITORY = "Varcolacus/critical-materials-atlas"
# file name -> (commit, path in the repository): the files exist only at these older commits
FILES = {
    "cobalt_trade.json": (
        "cbd19feb31128e138c85112816c22b23faaf4994",
        "cobalt-chain/out/cobalt_trade.json",
    ),
    "lithium_trade.json": (
        "930efa01090f62685a31d50a86270676b6064b3c",
        "lithium-chain/out/lithium_trade.json",
    ),
}

SOURCE = Source(
    name="atlas_summaries",
    title="Critical Materials Atlas trade summaries per HS6 code (cobalt, lithium), re-keyed",
    publisher=(
        "Critical Materials Atlas collector (GitHub Varcolacus/critical-materials-atlas), "
        "derived from CEPII BACI V202601"
    ),
    licence=(
        "Licence unknown (the repository has no licence file); attribution required: "
        "Critical Materials Atlas, from CEPII BACI (Etalab Open Licence 2.0, Source: CEPII, BACI)"
    ),
    citation=(
        "Critical Materials Atlas, cobalt-chain and lithium-chain trade summaries "
        "(GitHub Varcolacus/critical-materials-atlas), computed from CEPII BACI V202601"
    ),
    url=f"https://raw.githubusercontent.com/{REPOSITORY}/",
    dataset=(
        "Per HS6 code and year 2002-2024 (HS02 to 2016, HS17 from 2017): world export value "
        "and tonnes, number of flows, exporter HHI, China's export share, top-8 exporters and "
        "importers, for cobalt ores 260500, cobalt mattes and unwrought cobalt 810520, lithium "
        "carbonate 283691 and lithium oxide and hydroxide 282520. RE-KEYED from the text index, "
        "not copied: byte identity with the original is not proven (PROVENANCE.md)."
    ),
    coverage="BACI V202601: 2002-2024, 4 HS6 codes",
    tables=(
        LandedTable(
            "atlas_summaries__world_totals",
            "One row per HS6 code x year: world_usd, world_tonnes (BACI gross weight), n_flows, "
            "export_hhi (0-1, as published) and china_export_share, with the HS vintage.",
            series=("hs6",),
        ),
        LandedTable(
            "atlas_summaries__top_partners",
            "One row per HS6 code x year x side (exporter/importer) x rank: the top-8 lists with "
            "ISO2, name as published, value and share of world. Not bilateral flows.",
            series=("hs6", "side"),
        ),
    ),
    facts=(),
    notes=(
        "world export totals, export HHI and China's share per code; top-8 lists only, not "
        "bilateral",
    ),
)
