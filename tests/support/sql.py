"""Query helpers for tests that read the published warehouse."""

from __future__ import annotations


def rows(con, sql: str, params=None) -> list[dict]:
    """The rows of ``sql`` as dicts (column name -> value)."""
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
