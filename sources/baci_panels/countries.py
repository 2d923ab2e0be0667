"""The country fields of the panels -> BACI numeric country codes.

A field is a BACI numeric code (``058``, ``600``: leading zeros optional), a name of BACI's
V202601 country dictionary (bundled with sources/baci), or one of the reviewed aliases of
``dbt_project/seeds/baci_panels/baci_panels_country_aliases.csv`` (``Russia``, ``UAE``...).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.baci.dictionaries import read_country_codes
from sources.baci.load import SNAPSHOT_DIR as BACI_SNAPSHOT_DIR

DICTIONARY = BACI_SNAPSHOT_DIR / "country_codes_V202601.csv"
ALIASES_SEED = (
    Path(__file__).resolve().parents[2]
    / "dbt_project"
    / "seeds"
    / "baci_panels"
    / "baci_panels_country_aliases.csv"
)
RESOLVED_BY = ("code", "name", "alias")
EXPECTED = (
    f"a BACI country code or a country name of {DICTIONARY.name} "
    f"or an alias of seeds/baci_panels/{ALIASES_SEED.name}"
)


def dictionary() -> pl.DataFrame:
    """BACI V202601 country dictionary: country_code, country_name, country_iso3."""
    return read_country_codes(DICTIONARY).select("country_code", "country_name", "country_iso3")


def aliases(path: Path = ALIASES_SEED) -> pl.DataFrame:
    """The reviewed aliases: alias, country_code, baci_country_name."""
    return pl.read_csv(path, schema_overrides={"country_code": pl.Int64}).select(
        "alias", "country_code", "baci_country_name"
    )


def field_codes(aliases_path: Path = ALIASES_SEED) -> pl.DataFrame:
    """Every accepted field text -> (country_code, resolved_by). Names first, then aliases;
    an alias that is also a dictionary name, or names a code absent from it, is refused."""
    codes = dictionary()
    named = codes.select(
        pl.col("country_name").alias("field"), "country_code", pl.lit("name").alias("resolved_by")
    )
    alias = aliases(aliases_path)
    clash = alias.filter(pl.col("alias").is_in(named["field"].implode()))
    unknown = alias.filter(~pl.col("country_code").is_in(codes["country_code"].implode()))
    if clash.height or unknown.height:
        bad = (clash if clash.height else unknown)["alias"][0]
        raise ValueError(
            f"baci_panels: alias {bad!r} of {aliases_path.name} is a dictionary name or names "
            f"a code not in {DICTIONARY.name}"
        )
    aliased = alias.select(
        pl.col("alias").alias("field"), "country_code", pl.lit("alias").alias("resolved_by")
    )
    return pl.concat([named, aliased])


def resolve(fields: pl.Series, known: pl.DataFrame) -> pl.DataFrame:
    """(country_code, resolved_by) for each field (null where it resolves to nothing)."""
    text = fields.str.strip_chars()
    frame = pl.DataFrame({"field": text, "order": pl.int_range(len(text), eager=True)})
    digits = pl.col("field").str.contains(r"^\d{1,3}$")
    as_code = pl.when(digits).then(pl.col("field").cast(pl.Int64))
    frame = frame.with_columns(as_code.alias("numeric"))
    valid = known.filter(pl.col("resolved_by") == "name")["country_code"].implode()
    by_name = frame.join(known, on="field", how="left")
    return by_name.sort("order").select(
        pl.when(pl.col("numeric").is_in(valid))
        .then(pl.col("numeric"))
        .otherwise(pl.col("country_code"))
        .alias("country_code"),
        pl.when(pl.col("numeric").is_in(valid))
        .then(pl.lit("code"))
        .otherwise(pl.col("resolved_by"))
        .alias("resolved_by"),
    )
