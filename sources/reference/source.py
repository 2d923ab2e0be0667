"""Reference code lists (ISO/M49 countries, HS 2022): the source's record."""

from sources.common.source_record import LandedTable, Source

SOURCE = Source(
    name="reference",
    title="ISO/UN country codes and HS 2022 nomenclature",
    publisher=(
        "ISO, UN Statistics Division (M49), World Customs Organization; packaged by "
        "Frictionless Data core datasets"
    ),
    licence="ODC Public Domain Dedication and Licence (PDDL) 1.0",
    citation="ISO/UN country codes and HS 2022 (Frictionless Data core datasets, PDDL)",
    url="https://github.com/datasets/country-codes",
    dataset="Reference tables bundled with the project (sources/reference).",
    coverage="country codes, HS 2022",
    tables=(
        LandedTable(
            "reference__country_codes",
            "ISO 3166 / UN M49 country codes (datasets/country-codes, ODC-PDDL).",
        ),
        LandedTable(
            "reference__hs_nomenclature",
            "HS 2022 nomenclature (chapters, headings, subheadings; datasets/harmonized-system, "
            "ODC-PDDL).",
        ),
    ),
    notes=("ISO/M49 codes, trade areas, HS nomenclature",),
)
