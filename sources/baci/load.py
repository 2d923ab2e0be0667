"""Load BACI: the bundled 2024 extract and dictionaries, or a year from a CEPII release zip."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from sources.baci.dictionaries import (  # COUNTRY_LAYOUTS re-exported for callers
    COUNTRY_LAYOUTS,  # noqa: F401
    SOURCE,
    read_country_codes,
    release_of,
    with_lines,
)
from sources.baci.schema import BaciCountryCodes, BaciProductCodes, BaciTradeFlows
from sources.baci.year_file import read_year
from sources.common.errors import SourceDataError
from sources.common.frames import read_csv_checked, require_columns
from sources.common.snapshot import verify_manifest
from sources.common.validation import validate

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
EXTRACT_FILE = "baci_hs17_2024_critical.parquet"
TABLES = {
    "flows": "baci__trade_flows",
    "countries": "baci__country_codes",
    "products": "baci__product_codes",
}
_HS_REVISION = re.compile(r"HS(\d{2})")


def read_product_codes(path: Path) -> pl.DataFrame:
    frame = read_csv_checked(SOURCE, path, path.name, infer_schema=False)
    require_columns(frame.columns, ["code", "description"], source=SOURCE, source_file=path.name)
    return with_lines(frame, path.name, 2).select(
        "source_file",
        "line_number",
        pl.lit(release_of(path.name)).alias("release"),
        pl.lit("HS" + _HS_REVISION.search(path.name).group(1)).alias("hs_revision"),
        pl.col("code").str.strip_chars().str.zfill(6).alias("hs6"),
        pl.col("description"),
    )


def read_extract(path: Path, release: str = "V202601", hs_revision: str = "HS17") -> pl.DataFrame:
    """The bundled extract: BACI rows with ISO3 codes (numeric codes not kept by its maker)."""
    frame = pl.read_parquet(path)
    expected = ["year", "exporter", "importer", "hs6", "value_kusd", "qty_t"]
    require_columns(frame.columns, expected, source=SOURCE, source_file=path.name)
    return with_lines(frame, path.name, 1).select(
        "source_file",
        "line_number",
        pl.lit(release).alias("release"),
        pl.lit(hs_revision).alias("hs_revision"),
        pl.col("year").cast(pl.Int64),
        pl.lit(None, dtype=pl.Int64).alias("exporter_code"),
        pl.col("exporter").alias("exporter_iso3"),
        pl.lit(None, dtype=pl.Int64).alias("importer_code"),
        pl.col("importer").alias("importer_iso3"),
        pl.col("hs6").cast(pl.String).str.zfill(6),
        pl.col("value_kusd").cast(pl.Float64),
        pl.col("qty_t").cast(pl.Float64).alias("quantity_t"),
    )


def validated(flows: pl.DataFrame, countries: pl.DataFrame, products: pl.DataFrame) -> dict:
    return {
        TABLES["flows"]: validate(SOURCE, TABLES["flows"], BaciTradeFlows, flows),
        TABLES["countries"]: validate(SOURCE, TABLES["countries"], BaciCountryCodes, countries),
        TABLES["products"]: validate(SOURCE, TABLES["products"], BaciProductCodes, products),
    }


def load_snapshot(directory: Path = SNAPSHOT_DIR) -> dict[str, pl.DataFrame]:
    """The bundled extract and dictionaries, checked against MANIFEST.csv and validated."""
    verify_manifest(SOURCE, directory)
    countries = pl.concat(
        [read_country_codes(p) for p in sorted(directory.glob("country_codes_*.csv"))]
    )
    products = pl.concat([read_product_codes(p) for p in sorted(directory.glob("product_codes_*"))])
    return validated(read_extract(directory / EXTRACT_FILE), countries, products)


def validated_year(zip_path: Path, hs_codes: tuple[str, ...], year: int) -> pl.DataFrame:
    """One year of a CEPII release zip (the given HS codes only), validated."""
    flows = read_year(zip_path, year, hs_codes)
    return validate(SOURCE, TABLES["flows"], BaciTradeFlows, flows)


def load_release_dictionaries(zip_path: Path) -> dict:
    """A CEPII release zip's country and product dictionaries, validated.

    Dictionary members are checked (name, declared size, ratio) and read under a size cap.
    """
    import tempfile
    import zipfile

    from sources.baci.year_file import DICTIONARY_MAX_BYTES
    from sources.common.archive import member_bytes, member_path

    zip_path = Path(zip_path)
    try:
        archive = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceDataError(SOURCE, zip_path.name, f"not a readable zip file: {exc}") from exc
    with tempfile.TemporaryDirectory() as workdir, archive:
        dictionaries = []
        for info in archive.infolist():
            name = member_path(info, source=SOURCE, archive=zip_path.name).name
            if not name.startswith(("country_codes_", "product_codes_")):
                continue
            data = member_bytes(
                archive,
                info,
                source=SOURCE,
                archive_name=zip_path.name,
                max_bytes=DICTIONARY_MAX_BYTES,
            )
            if not data.strip():
                raise SourceDataError(SOURCE, name, "empty file, expected a BACI dictionary")
            path = Path(workdir) / name
            path.write_bytes(data)
            dictionaries.append(path)
        try:
            countries = pl.concat(
                [read_country_codes(p) for p in dictionaries if p.name.startswith("country_")]
            )
            products = pl.concat(
                [read_product_codes(p) for p in dictionaries if p.name.startswith("product_")]
            )
        except pl.exceptions.PolarsError as exc:
            raise SourceDataError(
                SOURCE, zip_path.name, f"unreadable dictionary: {type(exc).__name__}: {exc}"
            ) from exc
    return {
        TABLES["countries"]: validate(SOURCE, TABLES["countries"], BaciCountryCodes, countries),
        TABLES["products"]: validate(SOURCE, TABLES["products"], BaciProductCodes, products),
    }


def load_release_zip(zip_path: Path, years: list[int], hs_codes: list[str]) -> dict:
    """A CEPII release zip: the given years (mapped HS codes only) and its dictionaries."""
    tables = load_release_dictionaries(zip_path)
    flows = pl.concat([read_year(Path(zip_path), year, hs_codes) for year in years])
    return {TABLES["flows"]: validate(SOURCE, TABLES["flows"], BaciTradeFlows, flows), **tables}
