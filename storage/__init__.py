"""The warehouse storage protocol (no Dagster here): settings and paths, the DuckDB working
copy, the writer lock, the Parquet raw layer, build state and publishing."""
