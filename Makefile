# Two commands on a fresh machine: `make demo` (build the warehouse) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
export MINERALS_WAREHOUSE_DIR ?= $(CURDIR)/warehouse
export DAGSTER_HOME ?= $(MINERALS_WAREHOUSE_DIR)/.dagster
export PATH := $(CURDIR)/$(BIN):$(PATH)
MANIFEST := dbt_project/target/manifest.json

.PHONY: setup demo test ui lint bench manifest clean

setup: $(INSTALLED) $(DAGSTER_HOME)/dagster.yaml

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(DAGSTER_HOME)/dagster.yaml: orchestration/dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp orchestration/dagster.yaml $@

# dagster-dbt loads dbt models from the manifest, so it must exist before Dagster starts.
manifest: setup
	cd dbt_project && ../$(BIN)/dbt parse --quiet --profiles-dir .

demo: manifest
	$(BIN)/dagster job execute -m orchestration.definitions -j build_warehouse -c orchestration/demo_run.yaml
	$(BIN)/python -m orchestration.report

test: manifest
	$(BIN)/python -m pytest

ui: manifest
	$(BIN)/dagster dev -m orchestration.definitions

# Not a test: writes an 11 M-row BACI year (cached in /tmp/baci_bench) and times the ingest.
bench: setup
	$(BIN)/python -m tests.benchmarks.bench_baci

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd dbt_project && ../$(BIN)/sqlfluff lint models tests macros

clean:
	rm -rf $(VENV) dbt_project/target dbt_project/logs warehouse/build warehouse/minerals.duckdb
