"""Split the footnote markers USGS glues to row labels (``Russiae``, ``China3``,
``Congo, Kinshasae, 7``, ``Australia:4, 5``) from the label.

Markers are footnote numbers (glued or after a comma) and the flag letters ``e`` (estimated)
and ``p`` (preliminary) glued to the last word. A glued ``e`` cannot be told from a word's own
final ``e`` by its letters alone ("Chile" vs "Brazile"): a label ending in one of
:data:`NATURAL_E_ENDINGS` keeps its ``e`` (a glued marker then doubles it: "Ukrainee",
"laterite oree"). A name this gets wrong is not silently lost: the dbt seed of country names
does not know it and the test listing unmapped names fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words of the world tables whose own last letter is "e" (lowercase endings, checked as the
# end of the label): countries and product words.
NATURAL_E_ENDINGS = (
    "ukraine",
    "france",
    "mozambique",
    "zimbabwe",
    "chile",
    "leone",
    "ivoire",
    "greece",
    "belize",
    "ore",
    "concentrate",
    "carbonate",
    "chloride",
    "hydroxide",
    "sulfide",
    "oxide",
    "matte",
    "precipitate",
    "flake",
    "lepidolite",
    "petalite",
    "spodumene",
    "tantalite",
    "cassiterite",
    "leucoxene",
    "ilmenite",
    "rutile",
    "furnace",
    "equivalent",
    "mine",
    "crude",
    "residue",
    "fine",
    "brine",
    "manganese",
)

_COMMA_NOTES = re.compile(r"(?:,\s*\d{1,2})+$")
_GLUED_NUMBER = re.compile(r"(?<=[A-Za-z)%.])\d{1,2}$")
_HEADING = re.compile(r"^(?P<name>.*?):\s*(?P<marks>(?:[a-z]|\d{1,2})?(?:,\s*\d{1,2})*)\s*$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Label:
    """A row label split into its name, its footnote markers and whether it heads a group."""

    name: str
    footnote: str | None
    is_heading: bool


def split_label(raw: str) -> Label:
    """``Chinae, 3`` -> China, "e, 3"; ``Australia:4, 5`` -> Australia (heading), "4, 5"."""
    text = _SPACES.sub(" ", raw.replace("\u2003", " ")).strip()
    heading = _HEADING.match(text)
    if heading:
        name, marks = heading["name"].strip(), heading["marks"].replace(" ", "")
        glued = _strip_markers(name)
        return Label(glued[0], _join(glued[1], marks), True)
    name, marks = _strip_markers(text)
    return Label(name, marks, False)


def _strip_markers(text: str) -> tuple[str, str | None]:
    notes: list[str] = []
    found = _COMMA_NOTES.search(text)
    if found:
        notes = [n.strip() for n in found.group().split(",") if n.strip()]
        text = text[: found.start()].rstrip()
    glued = _GLUED_NUMBER.search(text)
    if glued:
        notes.insert(0, glued.group())
        text = text[: glued.start()]
    glued_flag = (
        text[-1:] in ("e", "p") and len(text) > 3 and (text[-2:-1].isalpha() or text[-2:-1] == ")")
    )
    natural = text.lower().endswith(("lump", *NATURAL_E_ENDINGS))
    if glued_flag and not natural:
        notes.insert(0, text[-1])
        text = text[:-1]
    spaced = re.search(r"(?<=\bof) [ep]$", text)  # "Korea, Republic of e"
    if spaced:
        notes.insert(0, text[-1])
        text = text[: spaced.start()]
    return text.strip(), ", ".join(notes) or None


def _join(first: str | None, second: str) -> str | None:
    parts = [p for p in (first, second.replace(",", ", ")) if p]
    return ", ".join(parts) or None
