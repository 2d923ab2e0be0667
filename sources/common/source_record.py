"""What a source declares about itself, once (no Dagster, no dbt here).

Each source package has a `source.py` holding one `Source` record; `sources/registry`
lists the registered ones. Everything that used to restate a source's facts reads the
record: the Dagster landing assets (tables, partitions, group), the dbt source YAML
(generated), the report's credits, the data dictionary and the README's source table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PARTITION_KEYS = ("year", "edition")
FACT_KINDS = ("production", "trade", "price")


@dataclass(frozen=True)
class LandedTable:
    """One table a source lands in DuckDB's `raw` schema (or the Parquet raw layer).

    ``partition_key``: ``year`` or ``edition`` when each partition lands as its own Parquet
    file in raw/<source>/<table>/<key>=YYYY/ (dbt reads the files); None for a DuckDB table.

    ``series``: the columns that tell the table's series apart (a WGI indicator, an IEA
    block, a WMD sheet, a commodity). A new release is compared with what is landed series
    by series: one that disappears or shrinks sharply is refused unless the run allows it
    (orchestration/assets/landing.py). Empty: the whole table is one series.
    """

    name: str
    description: str
    partition_key: str | None = None
    series: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.partition_key not in (None, *PARTITION_KEYS):
            raise ValueError(f"{self.name}: partition_key must be one of {PARTITION_KEYS}")


@dataclass(frozen=True)
class Source:
    """A dataset's one home: who publishes it, under which licence, what it lands.

    ``facts``: the conformed staging contracts the source delivers (``production``: a model
    stg_<name>__production with the production columns; ``trade``: stg_<name>__flows;
    ``price``: stg_<name>__prices), so that the unions enumerate sources instead of listing
    them. ``preference``: rank among the sources of the same fact when one series is picked
    (lower first).
    """

    name: str
    title: str
    publisher: str
    licence: str
    citation: str
    url: str
    dataset: str
    coverage: str
    tables: tuple[LandedTable, ...]
    facts: tuple[str, ...] = ()
    preference: int = 100
    stages: tuple[str, ...] = ()
    bases: tuple[str, ...] = ()
    # the edition a live download is filed as when the run does not say (None: the files say)
    live_edition: int | None = None
    # where the source's dbt staging models live (models/staging/<dbt_folder>/)
    dbt_folder: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        unknown = set(self.facts) - set(FACT_KINDS)
        if unknown:
            raise ValueError(f"{self.name}: unknown fact kinds {sorted(unknown)}")
        if not self.tables:
            raise ValueError(f"{self.name}: a source lands at least one table")
        if not self.dbt_folder:
            object.__setattr__(self, "dbt_folder", self.name)

    @property
    def partitioned_tables(self) -> tuple[LandedTable, ...]:
        return tuple(t for t in self.tables if t.partition_key)

    def table(self, name: str) -> LandedTable:
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(f"{self.name}: no landed table {name}")
