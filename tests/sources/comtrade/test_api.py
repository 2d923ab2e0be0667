"""The Comtrade API client against the local HTTP server (recorded-shape JSON pages)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from sources.common.errors import SourceDataError
from sources.common.http import DownloadError, RetryPolicy
from sources.comtrade.api import (
    DATA_PATH,
    KEY_ENV,
    PREVIEW_PATH,
    SCHEMA,
    ComtradeClient,
    records_to_frame,
)

FIXTURES = Path(__file__).parents[2] / "fixtures" / "comtrade"
FAST = RetryPolicy(attempts=3, backoff_initial=0.0, backoff_max=0.0, retry_after_cap=0.0)


def page(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


AUS = page("preview_australia_2021_260400.json")
CAN = page("get_canada_2021_260400.json")
USA = page("get_usa_2021_260400.json")


def body(records: list[dict[str, Any]]) -> dict[str, Any]:
    return {"elapsedTime": "0.05 secs", "count": len(records), "data": records, "error": ""}


def capped(n: int) -> dict[str, Any]:
    """A page of exactly ``n`` records, as the API answers when its cap truncated the result."""
    return body([CAN["data"][i % len(CAN["data"])] for i in range(n)])


def client(server, api_key: str | None = "test-key", **kwargs: Any) -> ComtradeClient:
    return ComtradeClient(
        base_url=server.base_url, api_key=api_key, retry=FAST, min_interval_s=0, **kwargs
    )


def queries(server) -> list[dict[str, str]]:
    return [r.query for r in server.requests]


def test_keyed_call_sends_header_and_full_query(http_server):
    http_server.add_json(DATA_PATH, CAN)
    records = client(http_server).fetch([2021], ["260400"], reporters=[124])
    assert records == CAN["data"]
    [request] = http_server.requests
    assert request.path == "/data/v1/get/C/A/HS"
    headers = {k.lower(): v for k, v in request.headers.items()}
    assert headers["ocp-apim-subscription-key"] == "test-key"
    assert request.query == {
        "reporterCode": "124",
        "period": "2021",
        "cmdCode": "260400",
        "flowCode": "M,X",
        "maxRecords": "100000",
        "breakdownMode": "classic",
        "includeDesc": "true",
    }
    assert "partnerCode" not in request.query


def test_key_comes_from_the_environment_at_construction(http_server, monkeypatch):
    http_server.add_json(DATA_PATH, USA)
    monkeypatch.setenv(KEY_ENV, "env-key")
    api = client(http_server, api_key=None)
    monkeypatch.delenv(KEY_ENV)
    api.fetch([2021], ["260400"], reporters=[842])
    [request] = http_server.requests
    assert request.path == DATA_PATH
    assert {k.lower(): v for k, v in request.headers.items()}["ocp-apim-subscription-key"] == (
        "env-key"
    )


def test_keyless_falls_back_to_the_preview_endpoint(http_server, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    http_server.add_json(PREVIEW_PATH, AUS)
    api = client(http_server, api_key=None)
    assert api.cap == 500
    records = api.fetch([2021], ["260400"], reporters=[36])
    assert records == AUS["data"]
    [request] = http_server.requests
    assert request.path == "/public/v1/preview/C/A/HS"
    assert request.query["maxRecords"] == "500"
    assert "ocp-apim-subscription-key" not in {k.lower() for k in request.headers}


def test_one_call_per_year_and_reporter_chunk(http_server):
    http_server.add_json(DATA_PATH, body([]))
    http_server.add_json(f"{DATA_PATH}?reporterCode=124&period=2021", CAN)
    http_server.add_json(f"{DATA_PATH}?reporterCode=842&period=2021", USA)
    api = client(http_server)
    api.reporters_per_call = 1
    records = api.fetch([2021], ["260400", "750110"], reporters=[124, 842])
    assert records == CAN["data"] + USA["data"]
    assert [(q["reporterCode"], q["period"], q["cmdCode"]) for q in queries(http_server)] == [
        ("124", "2021", "260400,750110"),
        ("842", "2021", "260400,750110"),
    ]

    http_server.requests.clear()
    api.reporters_per_call = 2
    api.fetch([2020, 2021], ["260400"], reporters=[36, 124, 842], flows=("M",))
    assert [(q["period"], q["reporterCode"], q["flowCode"]) for q in queries(http_server)] == [
        ("2020", "36,124", "M"),
        ("2020", "842", "M"),
        ("2021", "36,124", "M"),
        ("2021", "842", "M"),
    ]


def test_no_reporters_means_all_reporters(http_server):
    http_server.add_json(DATA_PATH, USA)
    client(http_server).fetch([2021], ["260400"])
    [request] = http_server.requests
    assert "reporterCode" not in request.query


def test_waits_min_interval_between_calls(http_server):
    http_server.add_json(DATA_PATH, body([]))
    api = ComtradeClient(http_server.base_url, api_key="k", retry=FAST, min_interval_s=0.05)
    started = time.monotonic()
    api.fetch([2019, 2020, 2021], ["260400"], reporters=[124])
    assert time.monotonic() - started >= 0.1
    assert len(http_server.requests) == 3


def test_429_then_500_then_200_succeeds(http_server):
    http_server.add_json(DATA_PATH, CAN)
    http_server.queue(DATA_PATH, [(429, {"Retry-After": "0"}), 500])
    records = client(http_server).fetch([2021], ["260400"], reporters=[124])
    assert records == CAN["data"]
    assert len(http_server.requests) == 3


def test_persistent_500_fails_clearly_after_the_bound(http_server):
    http_server.add(DATA_PATH, "upstream down", status=500)
    with pytest.raises(DownloadError, match="gave up after 3 attempts") as caught:
        client(http_server).fetch([2021], ["260400"], reporters=[124])
    assert caught.value.status == 500
    assert DATA_PATH in str(caught.value)
    assert len(http_server.requests) == 3


def test_preview_cap_splits_by_reporter_then_flow_then_cmd(http_server, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    can_m = [r for r in CAN["data"] if r["flowCode"] == "M"]
    can_x = [r for r in CAN["data"] if r["flowCode"] == "X"]
    http_server.add_json(PREVIEW_PATH, capped(500))
    http_server.add_json(f"{PREVIEW_PATH}?reporterCode=36", AUS)
    http_server.add_json(f"{PREVIEW_PATH}?reporterCode=124", capped(500))
    http_server.add_json(f"{PREVIEW_PATH}?reporterCode=124&flowCode=M", body(can_m))
    http_server.add_json(f"{PREVIEW_PATH}?reporterCode=124&flowCode=X", capped(500))
    http_server.add_json(f"{PREVIEW_PATH}?reporterCode=124&flowCode=X&cmdCode=260400", body(can_x))
    http_server.add_json(f"{PREVIEW_PATH}?reporterCode=124&flowCode=X&cmdCode=750110", body([]))

    records = client(http_server, api_key="").fetch(
        [2021], ["260400", "750110"], reporters=[36, 124]
    )

    assert records == AUS["data"] + can_m + can_x
    assert [(q["reporterCode"], q["flowCode"], q["cmdCode"]) for q in queries(http_server)] == [
        ("36,124", "M,X", "260400,750110"),
        ("36", "M,X", "260400,750110"),
        ("124", "M,X", "260400,750110"),
        ("124", "M", "260400,750110"),
        ("124", "X", "260400,750110"),
        ("124", "X", "260400"),
        ("124", "X", "750110"),
    ]


def test_preview_cap_on_the_smallest_chunk_says_a_key_is_needed(http_server):
    http_server.add_json(PREVIEW_PATH, capped(500))
    with pytest.raises(DownloadError, match="preview's 500-record cap") as caught:
        client(http_server, api_key="").fetch([2021], ["260400"], reporters=[124], flows=("M",))
    assert "COMTRADE_API_KEY" in str(caught.value)
    assert len(http_server.requests) == 1


def test_keyed_cap_uses_the_same_splitting(http_server):
    api = client(http_server)
    assert api.cap == 100_000
    api.cap = 5  # stands in for 100,000 so the test stays small
    http_server.add_json(DATA_PATH, capped(5))
    http_server.add_json(f"{DATA_PATH}?reporterCode=842", body(USA["data"][:3]))
    with pytest.raises(DownloadError, match="API's 5-record cap truncated it"):
        api.fetch([2021], ["260400"], reporters=[124, 842], flows=("X",))
    assert [q["reporterCode"] for q in queries(http_server)] == ["124,842", "124"]


def test_json_error_body_raises_with_url_and_message(http_server):
    http_server.add_file(DATA_PATH, FIXTURES / "error_body.json")
    with pytest.raises(DownloadError, match="Invalid parameter value: period") as caught:
        client(http_server).fetch([2021], ["260400"], reporters=[124])
    assert f"{http_server.base_url}{DATA_PATH}?" in str(caught.value)


def test_non_list_data_raises(http_server):
    http_server.add_json(DATA_PATH, {"elapsedTime": "0 secs", "count": 1, "data": {"a": 1}})
    with pytest.raises(DownloadError, match="'data' is dict"):
        client(http_server).fetch([2021], ["260400"], reporters=[124])


def test_records_to_frame_schema_and_values():
    frame = records_to_frame(CAN["data"], "comtrade/canada_2021.json")
    assert frame.schema == pl.Schema(SCHEMA)
    assert list(frame.columns) == [
        "source_file",
        "line_number",
        "layout",
        "year",
        "reporter_code",
        "partner_code",
        "flow_code",
        "hs6",
        "value_usd",
        "net_weight_kg",
        "quantity",
        "quantity_unit",
    ]
    assert frame.height == len(CAN["data"])
    assert frame["line_number"].to_list() == list(range(1, frame.height + 1))
    assert frame.row(0, named=True) == {
        "source_file": "comtrade/canada_2021.json",
        "line_number": 1,
        "layout": "api_json",
        "year": 2021,
        "reporter_code": 124,
        "partner_code": 0,
        "flow_code": "M",
        "hs6": "260400",
        "value_usd": 369786335.213,
        "net_weight_kg": 40838914.0,
        "quantity": 40838914.0,
        "quantity_unit": "kg",
    }


def test_records_to_frame_nulls_fallbacks_and_padding():
    record = {
        "period": "2019",
        "reporterCode": 36,
        "partnerCode": 156,
        "flowCode": "X",
        "cmdCode": 81110,
        "primaryValue": None,
        "qty": None,
        "qtyUnitAbbr": None,
        "qtyUnitCode": -1,
    }
    bare = {"reporterCode": 36, "partnerCode": 0, "flowCode": "M", "cmdCode": "260400"}
    frame = records_to_frame([record, bare], "f.json")
    first, second = frame.rows(named=True)
    assert (first["year"], first["hs6"], first["quantity_unit"]) == (2019, "081110", "-1")
    assert (first["value_usd"], first["net_weight_kg"], first["quantity"]) == (None, None, None)
    assert (second["year"], second["quantity_unit"]) == (None, None)
    assert records_to_frame([], "f.json").schema == pl.Schema(SCHEMA)


def test_records_to_frame_missing_field_names_line_and_column():
    broken = dict(USA["data"][1])
    del broken["partnerCode"]
    with pytest.raises(SourceDataError) as caught:
        records_to_frame([USA["data"][0], broken], "usa.json")
    error = caught.value
    assert (error.source, error.file, error.line, error.column) == (
        "comtrade",
        "usa.json",
        2,
        "partnerCode",
    )


def test_the_key_is_not_sent_to_another_origin_on_redirect(http_server):
    from tests.support.http_server import LocalHTTPServer

    with LocalHTTPServer() as elsewhere:
        target = elsewhere.add_json("/steal", CAN)
        http_server.add(DATA_PATH, b"", status=302, headers={"Location": target})

        records = client(http_server, api_key="secret-key").fetch([2021], ["260400"], [124])

        assert records == CAN["data"]
        sent = {k.lower(): v for k, v in http_server.requests[0].headers.items()}
        assert sent["ocp-apim-subscription-key"] == "secret-key"
        [hop] = elsewhere.requests
        assert "ocp-apim-subscription-key" not in {k.lower() for k in hop.headers}
        assert "secret-key" not in json.dumps(hop.headers)


def test_a_caller_client_never_carries_the_key(http_server):
    import httpx

    http_server.add_json(DATA_PATH, CAN)
    with httpx.Client() as own:
        client(http_server, client=own).fetch([2021], ["260400"], reporters=[124])
        assert "ocp-apim-subscription-key" not in {k.lower() for k in own.headers}


def test_a_redirect_loop_names_the_url(http_server):
    http_server.add(DATA_PATH, b"", status=302, headers={"Location": DATA_PATH + "?again=1"})
    http_server.add(DATA_PATH + "?again=1", b"", status=302, headers={"Location": DATA_PATH})

    with pytest.raises(DownloadError, match="redirect loop") as caught:
        client(http_server).fetch([2021], ["260400"], reporters=[124])
    assert f"{http_server.base_url}{DATA_PATH}" in str(caught.value)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("primaryValue", float("inf")),
        ("primaryValue", float("nan")),
        ("netWgt", "Infinity"),
        ("qty", "NaN"),
        ("primaryValue", True),
        ("netWgt", False),
        ("primaryValue", "1e999"),
        ("primaryValue", [1]),
    ],
)
def test_values_must_be_finite_numbers(field, value):
    record = {**CAN["data"][0], field: value}
    with pytest.raises(SourceDataError) as caught:
        records_to_frame([CAN["data"][1], record], "can.json")
    assert (caught.value.line, caught.value.column) == (2, field)
    assert "number" in str(caught.value)


def test_nan_in_the_api_json_is_refused(http_server):
    text = json.dumps(CAN).replace('"primaryValue": 369786335.213', '"primaryValue": NaN')
    assert "NaN" in text
    http_server.add(DATA_PATH, text, headers={"Content-Type": "application/json"})
    with pytest.raises(DownloadError, match="non-standard JSON constant NaN"):
        client(http_server).fetch([2021], ["260400"], reporters=[124])


def test_an_html_page_instead_of_json_names_the_url(http_server):
    http_server.add(DATA_PATH, "<html><body>API portal maintenance</body></html>")
    with pytest.raises(DownloadError, match="HTML page, not JSON") as caught:
        client(http_server).fetch([2021], ["260400"], reporters=[124])
    assert f"{http_server.base_url}{DATA_PATH}" in str(caught.value)
