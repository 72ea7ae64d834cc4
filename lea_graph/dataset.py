"""The validated network as tables: the one in-memory form every reader ends in."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pandas as pd

from lea_graph import model

__all__ = ["Dataset"]


@dataclass
class Dataset:
    """A valid LEA network in the data format.

    Every table of the schema is present (possibly empty), with at least the
    schema's columns, in schema order, followed by any extra columns. Every cell
    is text; an empty string means "unknown". Values are the validated, normalised
    ones (enumerations lower case, codes upper case, counts without leading zeros).

    Build one with :func:`lea_graph.ingest.read_dataset` (which validates) or
    :meth:`from_rows` (which does not); never by hand from unchecked input.
    """

    tables: dict[str, pd.DataFrame]

    @classmethod
    def from_rows(
        cls,
        rows: Mapping[str, list[dict[str, str]]],
        extra_columns: Mapping[str, list[str]] | None = None,
    ) -> Dataset:
        """Build a dataset from lists of row dicts per table (missing tables are empty).

        Parameters
        ----------
        rows
            ``{table: [{column: value}, ...]}``; unknown tables are ignored.
        extra_columns
            Column order of non-schema columns per table; by default the order in
            which they first appear in the rows.
        """
        tables = {}
        for name, spec in model.TABLES.items():
            table_rows = rows.get(name, [])
            schema_cols = [c.name for c in spec.columns]
            extras = list((extra_columns or {}).get(name, []))
            for r in table_rows:
                for col in r:
                    if col not in schema_cols and col not in extras:
                        extras.append(col)
            cols = schema_cols + extras
            data = [[str(r.get(c, "") or "") for c in cols] for r in table_rows]
            tables[name] = pd.DataFrame(data, columns=cols, dtype=object)
        return cls(tables)

    def rows(self, table: str) -> Iterator[dict[str, str]]:
        """Iterate over the rows of a table as dicts of column to text."""
        df = self.tables[table]
        cols = list(df.columns)
        for values in df.itertuples(index=False, name=None):
            yield dict(zip(cols, values, strict=True))

    def columns(self, table: str) -> list[str]:
        """Column names of a table, schema columns first."""
        return list(self.tables[table].columns)

    def extra_columns(self, table: str) -> list[str]:
        """Columns of a table that are not in the schema (they become properties)."""
        schema_cols = {c.name for c in model.TABLES[table].columns}
        return [c for c in self.columns(table) if c not in schema_cols]

    def counts(self) -> dict[str, int]:
        """Number of rows per table."""
        return {name: len(df) for name, df in self.tables.items()}

    def ids(self, table: str) -> list[str]:
        """The ids of a node table, in row order."""
        return list(self.tables[table]["id"])

    def same_as(self, other: Dataset) -> bool:
        """True if both hold the same tables, columns and rows (row order ignored)."""
        if set(self.tables) != set(other.tables):
            return False
        for name, df in self.tables.items():
            odf = other.tables[name]
            if list(df.columns) != list(odf.columns):
                return False
            a = sorted(df.itertuples(index=False, name=None))
            b = sorted(odf.itertuples(index=False, name=None))
            if a != b:
                return False
        return True
