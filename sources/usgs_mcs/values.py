"""Cell values of the USGS MCS files: numbers, footnote codes, bounds and free text.

Every cell keeps its raw text; this module turns it into a number (or bounds) and a flag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?"
_NUMBER = re.compile(rf"^(?P<e>e)?\s*(?P<num>{NUMBER})%?$")
_BOUND = re.compile(rf"^(?P<op>[<>])\s*(?P<e>e)?(?P<num>{NUMBER})%?$")
_RANGE = re.compile(rf"^(?P<lo>{NUMBER})\s*[-–]\s*(?P<hi>{NUMBER})$")
_LESS_THAN = re.compile(rf"^less than (?P<num>{NUMBER})\b.*$", re.IGNORECASE)
_HALF_UNIT = re.compile(r"^less than (½|1/2|a half|one-half) unit\.?$", re.IGNORECASE)
_INCLUDED = re.compile(r"^(included (in|with)\b.*)$", re.IGNORECASE)
_QUALITATIVE = re.compile(
    r'^(large|small|very small|moderate|moderate to large|categorized as "large"'
    r"|variable, depending on type of product|variable, depending on size, type, and quality)\.?$",
    re.IGNORECASE,
)

CODES = {
    "": "missing",
    "W": "withheld",
    "NA": "not_available",
    "XX": "not_applicable",
    "E": "net_exporter",
}

# USGS prints zero as an em dash ("—"), as in the MCS2026 commodities file.
ZERO = ("—",)

FLAGS = (
    "reported",
    "estimated",
    "withheld",
    "not_available",
    "not_applicable",
    "net_exporter",
    "missing",
    "lower_bound",
    "upper_bound",
    "range",
    "qualitative",
    "included_elsewhere",
    "text",
)

EXPECTED = (
    "a number (1,200 or e1,200, — for zero), a footnote code (W, NA, XX, E), a bound (>50, <100), "
    "a range (50–300) or a known phrase (Large, Less than ½ unit., Included in World total.)"
)


@dataclass(frozen=True)
class ParsedValue:
    value: float | None
    lower: float | None
    upper: float | None
    flag: str


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _is_number(text: str | None) -> bool:
    return bool(text) and any(ch.isdigit() for ch in text)


def parse_value(raw: str | None, *, estimated_column: bool = False) -> ParsedValue:
    """Parse one cell; raise ValueError (with what was expected) on anything unknown."""
    text = (raw or "").replace("\u00a0", " ").replace("−", "-").strip()
    if text in CODES:
        return ParsedValue(None, None, None, CODES[text])
    if text in ZERO:
        return ParsedValue(0.0, 0.0, 0.0, "estimated" if estimated_column else "reported")
    match = _NUMBER.match(text)
    if match and _is_number(match["num"]):
        value = _number(match["num"])
        estimated = estimated_column or bool(match["e"])
        return ParsedValue(value, value, value, "estimated" if estimated else "reported")
    match = _BOUND.match(text)
    if match and _is_number(match["num"]):
        bound = _number(match["num"])
        if match["op"] == ">":
            return ParsedValue(None, bound, None, "lower_bound")
        return ParsedValue(None, 0.0, bound, "upper_bound")
    match = _RANGE.match(text)
    if match and _is_number(match["lo"]) and _is_number(match["hi"]):
        return ParsedValue(None, _number(match["lo"]), _number(match["hi"]), "range")
    if _HALF_UNIT.match(text):
        return ParsedValue(None, 0.0, 0.5, "upper_bound")
    match = _LESS_THAN.match(text)
    if match and _is_number(match["num"]):
        return ParsedValue(None, 0.0, _number(match["num"]), "upper_bound")
    if _INCLUDED.match(text):
        return ParsedValue(None, None, None, "included_elsewhere")
    if _QUALITATIVE.match(text):
        return ParsedValue(None, None, None, "qualitative")
    raise ValueError(f"value {raw!r} is not {EXPECTED}")


def parse_text_or_value(raw: str | None) -> ParsedValue:
    """For tables that mix text and numbers (industry trends): text is kept, flagged 'text'."""
    try:
        return parse_value(raw)
    except ValueError:
        return ParsedValue(None, None, None, "text")
