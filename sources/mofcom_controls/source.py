"""MOFCOM export-control items (13 announcements, 2023-2025), re-keyed: the source's record."""

from sources.common.source_record import LandedTable, Source

REPOSITORY = "aidehaomj-rgb/critical-minerals-intelligence-system"
COMMIT = "466ab65123e920cf8264ee0cf99104b30da5f52a"
REPO_PATH = "mineral-control-atlas/announcement-items.js"

SOURCE = Source(
    name="mofcom_controls",
    title="MOFCOM export-control announcements, item level (re-keyed)",
    publisher=(
        "Ministry of Commerce of the People's Republic of China (MOFCOM), several jointly with "
        "the General Administration of Customs or the Ministry of Science and Technology"
    ),
    licence=(
        "Official documents of a state organ, excluded from copyright protection by Article 5 "
        "of the PRC Copyright Law; the table holds facts (notice numbers, dates, item names, "
        "control codes, tariff lines). Re-keyed by the project from a repository without a "
        "licence file; the English gloss and mineral tag are the project librarian's"
    ),
    citation=(
        "MOFCOM (and GAC/MOST) announcements 2023 No. 23, 39, 57; 2024 No. 33; 2025 No. 10, 18, "
        "55, 56, 57, 58, 61, 62, 70; items re-keyed from the Mineral Control Atlas "
        f"({REPOSITORY}@{COMMIT[:7]})"
    ),
    url=f"https://raw.githubusercontent.com/{REPOSITORY}/{COMMIT}/{REPO_PATH}",
    dataset=(
        "China's export-control announcements on minerals, item by item: notice, dates, status "
        "(active / paused by announcement 2025 No. 70 until 2026-11-10 / info), item name "
        "(Chinese, verbatim), control code and the CN tariff lines (8 or 10 digits) the notice "
        "lists. A RE-KEYED table, not a copy: transcribed from the Mineral Control Atlas "
        f"({REPOSITORY}@{COMMIT}, {REPO_PATH} and app.js) and verified by regenerating the JS "
        "text (10,592 characters); parsed and validated with pandera before landing "
        "(sources/mofcom_controls)."
    ),
    coverage="13 announcements 2023-2025: 130 items",
    tables=(
        LandedTable(
            "mofcom_controls__items",
            "One row per item of a MOFCOM announcement (announcement_id x item_no, 0-based as "
            "in the source JS): notice and item name verbatim (UTF-8), dates, status and the "
            "pause fields, control code ('—' = none given), the CN codes (8/10 digits) and the "
            "cell as given; item_en and mineral are the librarian's gloss and tag, not the "
            "source's; line_number of the CSV.",
            series=("announcement_id",),
        ),
    ),
    notes=("China's export-control items with CN tariff lines, paused measures with end dates",),
)
