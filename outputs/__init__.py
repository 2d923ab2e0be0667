"""Analyst outputs of the published warehouse (no Dagster here): Parquet/CSV exports, the
data dictionary, the HTML report and the console reports."""
