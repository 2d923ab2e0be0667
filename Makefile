# Two commands on a fresh machine: `make demo` (build the warehouse) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# a DuckDB 1.4 client, as most BI drivers and CLIs ship today: the tests open the published
# file with it (it must stay readable by them)
COMPAT := $(VENV)/compat-duckdb14/.installed
# pandas for the benchmark's pandas equivalent, in a venv of its own: installed beside
# pandera, pandas is imported by pandera.polars and adds ~80 MB to every process
BENCH_PANDAS := $(VENV)/bench-pandas/.installed
export MINERALS_WAREHOUSE_DIR ?= $(CURDIR)/warehouse
export DAGSTER_HOME ?= $(MINERALS_WAREHOUSE_DIR)/.dagster
export PATH := $(CURDIR)/$(BIN):$(PATH)
MANIFEST := dbt_project/target/manifest.json
# the optional dependencies installed with the project: `make test EXTRAS=dev,distributed`
# adds the Dask engine of tests/orchestration/test_distributed.py (CI does, .ci/run)
EXTRAS ?= dev

.PHONY: setup demo test test-fast ui lint bench manifest clean sql docs duckdb14

setup: $(INSTALLED) $(DAGSTER_HOME)/dagster.yaml

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	touch $@

# the instance settings, and Dagster's SQLite storage created once, under a file lock
# (orchestration/instance.py: CLIs started together on a new DAGSTER_HOME no longer race)
$(DAGSTER_HOME)/dagster.yaml: orchestration/dagster.yaml | $(INSTALLED)
	$(BIN)/python -m orchestration.instance

# dagster-dbt loads dbt models from the manifest, so it must exist before Dagster starts.
manifest: setup
	cd dbt_project && ../$(BIN)/dbt parse --quiet --profiles-dir .

demo: manifest
	$(BIN)/python -m orchestration.demo

$(COMPAT):
	$(BIN)/python -m venv $(VENV)/compat-duckdb14
	$(VENV)/compat-duckdb14/bin/python -m pip install --quiet duckdb==1.4.4
	touch $@

# the DuckDB 1.4 Python client alone (make test installs it too), to open the published file as
# 1.4 clients do
duckdb14: setup $(COMPAT)
	@echo "DuckDB 1.4: $(VENV)/compat-duckdb14/bin/python -c \"import duckdb; print(duckdb.__version__)\""

test: manifest $(COMPAT)
	$(BIN)/python -m pytest -n 2

# under a minute: all but the tests marked build (they build a warehouse) or browser
test-fast: manifest
	$(BIN)/python -m pytest -n 2 -m "not build and not browser"

# the terminal SQL client on the published warehouse, read-only
sql: setup
	$(BIN)/duckdb -readonly $(MINERALS_WAREHOUSE_DIR)/minerals.duckdb

# dbt docs as one self-contained HTML file (offline), from the last build
docs: manifest
	cd dbt_project && ../$(BIN)/dbt docs generate --static --quiet --profiles-dir .
	@echo "dbt docs: $(CURDIR)/dbt_project/target/static_index.html"

# the Dagster UI on http://127.0.0.1:$(PORT) (`make ui PORT=3001` beside another one);
# Ctrl-C or SIGTERM stops it with every process it started, a run in progress canceled
PORT ?= 3000
ui: manifest
	$(BIN)/dagster dev -m orchestration.definitions -p $(PORT)

$(BENCH_PANDAS):
	$(BIN)/python -m venv $(VENV)/bench-pandas
	$(VENV)/bench-pandas/bin/python -m pip install --quiet pandas==3.1.1
	touch $@

# Not a test: writes an 11 M-row BACI year (cached in /tmp/baci_bench) and times the ingest.
bench: setup $(BENCH_PANDAS)
	$(BIN)/python -m tests.benchmarks.bench_baci --pandas-python $(VENV)/bench-pandas/bin/python
	$(BIN)/python -m tests.benchmarks.bench_build

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd dbt_project && ../$(BIN)/sqlfluff lint models tests macros

clean:
	rm -rf $(VENV) dbt_project/target dbt_project/logs warehouse/build warehouse/minerals.duckdb \
		warehouse/previous warehouse/exports warehouse/report.html warehouse/screenshots
