import pytest

from sources.usgs_mcs.values import parse_value


@pytest.mark.parametrize(
    ("raw", "value", "lower", "upper", "flag"),
    [
        ("1,200", 1200, 1200, 1200, "reported"),
        ("1036.43", 1036.43, 1036.43, 1036.43, "reported"),
        ("e5,000", 5000, 5000, 5000, "estimated"),
        (" e24,000", 24000, 24000, 24000, "estimated"),
        ("−84", -84, -84, -84, "reported"),
        ("W", None, None, None, "withheld"),
        ("           NA", None, None, None, "not_available"),
        ("XX", None, None, None, "not_applicable"),
        ("E", None, None, None, "net_exporter"),
        ("", None, None, None, "missing"),
        (">50", None, 50, None, "lower_bound"),
        (">50%", None, 50, None, "lower_bound"),
        ("    >9,100,000", None, 9_100_000, None, "lower_bound"),
        ("<100,000", None, 0, 100_000, "upper_bound"),
        ("50–300", None, 50, 300, "range"),
        ("Less than ½ unit.", None, 0, 0.5, "upper_bound"),
        ("Less than 1/2 unit.", None, 0, 0.5, "upper_bound"),
        ("Less than 50,000 tons", None, 0, 50_000, "upper_bound"),
        ("Less than 500\u00a0carats.", None, 0, 500, "upper_bound"),
        ("Large", None, None, None, "qualitative"),
        ('Categorized as "Large"', None, None, None, "qualitative"),
        ("Included in World total.", None, None, None, "included_elsewhere"),
        ("Included with “Other countries.”", None, None, None, "included_elsewhere"),
    ],
)
def test_cells_keep_number_bounds_and_flag(raw, value, lower, upper, flag):
    parsed = parse_value(raw)
    assert (parsed.value, parsed.lower, parsed.upper, parsed.flag) == (value, lower, upper, flag)


def test_estimated_column_marks_plain_numbers_estimated():
    assert parse_value("240,000", estimated_column=True).flag == "estimated"


@pytest.mark.parametrize("raw", ["abc", "12a", "1,2,3,", "--", ">>5"])
def test_unknown_text_is_an_error_saying_what_was_expected(raw):
    with pytest.raises(ValueError, match="footnote code"):
        parse_value(raw)
