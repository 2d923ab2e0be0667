"""UN Comtrade API v1 client (no dagster): annual HS records, one call per year x reporter chunk.

With a key: ``/data/v1/get/C/A/HS``, at most 100,000 records a call; without: the keyless
``/public/v1/preview/C/A/HS``, at most 500. A call that hits the cap is split by reporter, then
flow, then cmdCode. Retries (429 Retry-After, 5xx), limits and redirects are
``sources.common.http``'s; the key travels as a per-call secret header, so it is sent to the API's
own origin only (a redirect elsewhere goes without it). Values must be finite numbers (no
NaN, Infinity or booleans).
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

import httpx
import polars as pl

from sources.common.errors import SourceDataError, preview
from sources.common.http import DownloadError, Limits, RetryPolicy, client_scope, get_json

SOURCE = "comtrade"
DEFAULT_BASE_URL = "https://comtradeapi.un.org"
DATA_PATH = "/data/v1/get/C/A/HS"
PREVIEW_PATH = "/public/v1/preview/C/A/HS"
KEY_HEADER = "Ocp-Apim-Subscription-Key"
KEY_ENV = "COMTRADE_API_KEY"
PREVIEW_CAP = 500
FULL_CAP = 100_000
REPORTERS_PER_CALL = 10
REQUIRED_FIELDS = ("reporterCode", "partnerCode", "flowCode", "cmdCode")

SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String(),
    "line_number": pl.Int64(),
    "layout": pl.String(),
    "year": pl.Int64(),
    "reporter_code": pl.Int64(),
    "partner_code": pl.Int64(),
    "flow_code": pl.String(),
    "hs6": pl.String(),
    "value_usd": pl.Float64(),
    "net_weight_kg": pl.Float64(),
    "quantity": pl.Float64(),
    "quantity_unit": pl.String(),
}

Chunk = tuple[str, ...] | None


class ComtradeClient:
    """Raw Comtrade records. ``api_key`` defaults to ``$COMTRADE_API_KEY`` (``""``: keyless);
    with a key, its header goes with each call to the API's origin (never set on ``client``)."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        api_key: str | None = None,
        client: httpx.Client | None = None,
        retry: RetryPolicy | None = None,
        min_interval_s: float = 1.0,
        limits: Limits | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = (os.environ.get(KEY_ENV) if api_key is None else api_key) or None
        self.url = self.base_url + (DATA_PATH if self.api_key else PREVIEW_PATH)
        self.cap = FULL_CAP if self.api_key else PREVIEW_CAP
        self.client = client
        self.retry = retry
        self.min_interval_s = min_interval_s
        self.limits = limits
        self.reporters_per_call = REPORTERS_PER_CALL
        self._last_call: float | None = None

    def fetch(
        self,
        years: list[int],
        hs_codes: list[str],
        reporters: list[int] | None = None,
        flows: Sequence[str] = ("M", "X"),
    ) -> list[dict[str, Any]]:
        """Raw records for every year x reporter chunk (all partners); all reporters if None."""
        size = max(1, self.reporters_per_call)
        codes = [str(r) for r in reporters or ()]
        chunks: list[Chunk] = [tuple(codes[i : i + size]) for i in range(0, len(codes), size)]
        if reporters is None:
            chunks = [None]  # reporterCode omitted: all reporters
        records: list[dict[str, Any]] = []
        with client_scope(self.client) as http:
            for year in years:
                for chunk in chunks:
                    records += self._fetch_chunk(http, year, chunk, tuple(flows), tuple(hs_codes))
        return records

    def _fetch_chunk(
        self, http: httpx.Client, year: int, reporters: Chunk, flows: Chunk, cmds: Chunk
    ) -> list[dict[str, Any]]:
        params = _params(year, reporters, flows, cmds, self.cap)
        records = self._call(http, params)
        if len(records) < self.cap:
            return records
        parts = [reporters, flows, cmds]
        for i, items in enumerate(parts):
            if items is not None and len(items) > 1:
                out: list[dict[str, Any]] = []
                for item in items:
                    narrower = list(parts)
                    narrower[i] = (item,)
                    out += self._fetch_chunk(http, year, *narrower)
                return out
        cap = f"the {'API' if self.api_key else 'keyless preview'}'s {self.cap:,}-record cap"
        advice = "" if self.api_key else "; a key is needed: set COMTRADE_API_KEY (100,000 a call)"
        raise DownloadError(
            f"{self.url}?{urlencode(params)}",
            f"{len(records)} records for one reporter, flow, cmdCode: {cap} truncated it{advice}",
            status=200,
            expected=f"fewer than {self.cap} records per call",
        )

    def _call(self, http: httpx.Client, params: dict[str, str]) -> list[dict[str, Any]]:
        if self._last_call is not None and self.min_interval_s > 0:
            wait = self._last_call + self.min_interval_s - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        try:
            body = get_json(
                self.url,
                client=http,
                params=params,
                retry=self.retry,
                headers={KEY_HEADER: self.api_key} if self.api_key else None,
                limits=self.limits,
            )
        finally:
            self._last_call = time.monotonic()
        error = body.get("error") if isinstance(body, dict) else f"a JSON {type(body).__name__}"
        data = body.get("data") if isinstance(body, dict) else None
        if error or not isinstance(data, list):
            raise DownloadError(
                f"{self.url}?{urlencode(params)}",
                f"Comtrade API error: {error}" if error else f"'data' is {type(data).__name__}",
                status=200,
                expected="a JSON object with a list under 'data' and no 'error'",
            )
        return data


def _params(year: int, reporters: Chunk, flows: Chunk, cmds: Chunk, cap: int) -> dict[str, str]:
    params = {"reporterCode": ",".join(reporters)} if reporters else {}
    params |= {
        "period": str(year),
        "cmdCode": ",".join(cmds or ()),
        "flowCode": ",".join(flows or ()),
    }
    return params | {"maxRecords": str(cap), "breakdownMode": "classic", "includeDesc": "true"}


def records_to_frame(records: list[dict[str, Any]], source_file: str) -> pl.DataFrame:
    """One row per raw API record, in :data:`SCHEMA`; ``line_number`` is position + 1."""
    rows = [_row(record, source_file, n) for n, record in enumerate(records, start=1)]
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def _row(record: Any, source_file: str, line: int) -> tuple[Any, ...]:
    def fail(column: str | None, message: str) -> SourceDataError:
        return SourceDataError(SOURCE, source_file, message, line=line, column=column)

    if not isinstance(record, dict):
        raise fail(None, f"expected a JSON object, got {type(record).__name__}")
    for field in REQUIRED_FIELDS:
        if record.get(field) in (None, ""):
            raise fail(field, f"required field {field} is missing or empty")

    def number(field: str, kind: type[int] | type[float]) -> Any:
        value = record.get(field)
        if value is None or value == "":
            return None
        try:
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise TypeError
            number = kind(str(value)[:4]) if field == "period" else kind(value)
        except (TypeError, ValueError, OverflowError):
            raise fail(field, f"expected a number, got {preview(repr(value))}") from None
        if not math.isfinite(number):
            raise fail(field, f"expected a finite number, got {preview(repr(value))}")
        return number

    cmd = str(record["cmdCode"]).strip()
    if not cmd.isdigit() or len(cmd) > 6:
        raise fail("cmdCode", f"expected an HS code of at most 6 digits, got {preview(cmd)}")
    unit = record.get("qtyUnitAbbr")
    if unit in (None, "") and record.get("qtyUnitCode") is not None:
        unit = str(record["qtyUnitCode"])
    year = number("refYear", int)
    return (
        source_file,
        line,
        "api_json",
        year if year is not None else number("period", int),
        number("reporterCode", int),
        number("partnerCode", int),
        str(record["flowCode"]),
        cmd.zfill(6),
        number("primaryValue", float),
        number("netWgt", float),
        number("qty", float),
        unit or None,
    )
