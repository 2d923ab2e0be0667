"""A release is compared with the published warehouse series by series (issue 16, item 3):
a series gone, or down by more than a fifth, is refused unless the run allows it."""

import duckdb
import polars as pl
import pytest

from orchestration.assets.landing import (
    MAX_SERIES_SHRINK,
    SourceShrank,
    allowed_shrinks,
    check_series_kept,
)
from sources.reference.source import SOURCE as REFERENCE
from sources.wgi.source import SOURCE as WGI
from sources.wmd.source import SOURCE as WMD

WGI_TABLE = "wgi__governance_indicators"
PUBLISHED = {"va": 100, "pv": 100, "ge": 100, "cc": 100}


def indicators(counts: dict[str, int]) -> pl.DataFrame:
    return pl.DataFrame(
        {"indicator": [name for name, n in counts.items() for _ in range(n)]},
        schema={"indicator": pl.String},
    )


@pytest.fixture
def published(tmp_path):
    """A published warehouse whose raw WGI table has 100 rows of each of four indicators."""
    path = tmp_path / "minerals.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw")
        con.register("published", indicators(PUBLISHED))
        con.execute(f"create table raw.{WGI_TABLE} as select * from published")
    return path


def refusal(published, counts, allow_shrink=False) -> str:
    with pytest.raises(SourceShrank) as error:
        check_series_kept(
            published, WGI, {WGI_TABLE: indicators(counts)}, allowed_shrinks(allow_shrink)
        )
    return str(error.value)


def test_a_release_missing_a_whole_indicator_is_refused(published):
    message = refusal(published, {"va": 100, "pv": 100, "ge": 100})

    assert message == (
        "wgi: a series disappeared or lost more than 20% of its rows against the published "
        'warehouse (raw.wgi__governance_indicators by series (indicator): "cc" 100 rows '
        "published, gone); if the source really changed, land it with config allow_shrink: "
        "['cc'] (those series) or allow_shrink: true (every series)"
    )


def test_a_series_that_lost_more_than_a_fifth_is_refused_a_smaller_change_lands(published):
    # 30% of the table's rows gone (the old 50% rule let it through): one indicator lost 70%
    # and two lost a quarter
    message = refusal(published, {"va": 30, "pv": 75, "ge": 75, "cc": 100})

    assert '"va" 100 rows published, 30 now (-70%)' in message
    assert '"pv" 100 rows published, 75 now (-25%)' in message
    assert "['ge', 'pv', 'va']" in message
    assert '"cc"' not in message
    kept = {"va": 81, "pv": 100, "ge": 120, "cc": 100, "rl": 5}  # -19%, growth, a new series
    check_series_kept(published, WGI, {WGI_TABLE: indicators(kept)})
    assert MAX_SERIES_SHRINK == 0.2


def test_allow_shrink_names_the_series_it_allows_or_true_allows_all(published):
    shrunk = {"va": 30, "pv": 100, "ge": 100}

    message = refusal(published, shrunk, allow_shrink=["cc"])  # va is not allowed
    assert '"va" 100 rows published, 30 now (-70%)' in message and '"cc"' not in message
    for allowed in (["cc", "va"], True):
        check_series_kept(published, WGI, {WGI_TABLE: indicators(shrunk)}, allowed_shrinks(allowed))


def test_nothing_to_compare_without_a_published_table(tmp_path, published):
    check_series_kept(tmp_path / "none.duckdb", WGI, {WGI_TABLE: indicators({"va": 1})})
    # a table the published warehouse does not have yet (a new source) lands
    check_series_kept(published, WMD, {"wmd__production": pl.DataFrame({"sheet": ["Cobalt"]})})


def test_a_table_without_series_columns_is_one_series(tmp_path):
    path = tmp_path / "minerals.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw")
        con.execute("create table raw.reference__country_codes as select range as n from range(10)")

    with pytest.raises(SourceShrank) as error:
        check_series_kept(path, REFERENCE, {"reference__country_codes": pl.DataFrame({"n": [1]})})

    assert (
        'raw.reference__country_codes by whole table: "reference__country_codes" 10 rows '
        "published, 1 now (-90%)"
    ) in str(error.value)


def test_allow_shrink_is_true_false_or_a_list_of_names():
    assert allowed_shrinks(True) is True
    assert allowed_shrinks(False) is False
    assert allowed_shrinks(["cc"]) == frozenset({"cc"})
    with pytest.raises(ValueError, match="allow_shrink: expected true, false or a list"):
        allowed_shrinks("yes")
