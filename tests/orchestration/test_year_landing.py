"""Partitioned landing lands only years of the partitions definition (issue 16, item 2)."""

from orchestration.partitions import YEARS
from storage.raw_ledger import landable_years
from storage.settings import ENV_VAR
from tests.conftest import build


def test_the_ledger_accepts_the_years_of_the_partitions_definition():
    assert [str(year) for year in landable_years()] == YEARS.get_partition_keys()


def test_spans_of_years():
    from storage.raw_ledger import spans

    assert spans([2029, 1990, 2027, 2028, 1991, 2000]) == "1990...1991, 2000, 2027...2029"


def test_a_range_beyond_the_partitions_definition_lands_nothing(tmp_path, monkeypatch):
    from orchestration.assets.comtrade import comtrade_tables

    monkeypatch.setenv(ENV_VAR, str(tmp_path))

    result = build(selection=list(comtrade_tables.keys), years=(2025, 2099))

    assert not result.success
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    last = YEARS.get_partition_keys()[-1]
    assert (
        f"years or editions {int(last) + 1}...2099 are outside the partitions definition "
        f"(1995...{last}): nothing landed; choose years in it"
    ) in failure.event_specific_data.error_display_string
    assert not list((tmp_path / "raw").glob("comtrade/*/*=*/*.parquet"))
