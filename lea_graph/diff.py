"""What changed between two versions of the network's tables: the one rule for counting
rows as new (``nieuw``), gone (``weg``) or changed (``gewijzigd``).

A row is identified by its key (:func:`lea_graph.model.row_key`): a node by its id, a
relation by what it connects and its schooljaar (an activity by partner, school, hub,
programme and schooljaar). Comparing the rows of one table:

- a row equal in every column to a row of the other version is the same (``gelijk``);
- of the rest, a new and an old row with the same key are one changed row
  (``gewijzigd``): an activity whose ``deelnemers`` changed is one change, not one row
  gone and one new;
- a new row left over is ``nieuw``, an old row left over is ``weg`` (two rows with one
  key are paired in the order they appear).

An empty value and a missing column are the same. The upload preview, the page
Veranderingen, ``lea-graph compare``, the PDF report's "Wat is er veranderd" and the
review of a partner's proposal all count by this rule.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lea_graph import model
from lea_graph.dataset import Dataset

__all__ = [
    "CHANGE_KINDS",
    "RowChange",
    "count_changes",
    "dataset_diff",
    "row_changes",
    "row_details",
    "rule_text",
    "value_text",
]

#: The kinds of change, in the order they are listed.
CHANGE_KINDS: tuple[str, ...] = ("nieuw", "weg", "gewijzigd")


@dataclass(frozen=True)
class RowChange:
    """One row of ``tabel`` that is new, gone or changed.

    ``voor`` is the row before (None if new), ``na`` the row after (None if gone);
    ``sleutel`` is its :func:`lea_graph.model.row_key`.
    """

    tabel: str
    wat: str
    sleutel: tuple[str, ...]
    voor: dict[str, str] | None
    na: dict[str, str] | None

    @property
    def row(self) -> dict[str, str]:
        """The row as it is now (as it was, if it is gone)."""
        return self.na if self.na is not None else self.voor or {}

    def changed_columns(self) -> list[str]:
        """The columns whose value differs, in the table's order (empty unless changed).

        Examples
        --------
        >>> c = row_changes("wijken", [{"id": "w-1", "naam": "Noord"}],
        ...                 [{"id": "w-1", "naam": "Noord", "pact": "ja"}])[0]
        >>> c.wat, c.changed_columns()
        ('gewijzigd', ['pact'])
        """
        if self.voor is None or self.na is None:
            return []
        a, b = _values(self.tabel, self.voor), _values(self.tabel, self.na)
        order = [c.name for c in model.TABLES[self.tabel].columns]
        extra = sorted((a.keys() | b.keys()) - set(order))
        return [c for c in [*order, *extra] if a.get(c, "") != b.get(c, "")]


def _values(table: str, row: Mapping[str, Any]) -> dict[str, str]:
    """What a row says besides its key (empty values left out)."""
    key = set(model.TABLES[table].key)
    return {
        str(k): str(v) for k, v in row.items() if k not in key and v is not None and str(v) != ""
    }


def _whole(table: str, row: Mapping[str, Any]) -> tuple:
    return (model.row_key(table, row), tuple(sorted(_values(table, row).items())))


def row_changes(
    table: str, before: Iterable[Mapping[str, Any]], after: Iterable[Mapping[str, Any]]
) -> list[RowChange]:
    """The rows of ``table`` that are new, gone or changed from ``before`` to ``after``.

    Changed and new rows come in the order of ``after``, then the rows that are gone in
    the order of ``before``.

    Examples
    --------
    One activity with other ``deelnemers`` is one changed row:

    >>> old = [{"partner": "p-1", "school": "s-1", "schooljaar": "2025-2026", "deelnemers": "40"},
    ...        {"partner": "p-2", "school": "s-1", "schooljaar": "2025-2026"}]
    >>> new = [{"partner": "p-1", "school": "s-1", "schooljaar": "2025-2026", "deelnemers": "45"},
    ...        {"partner": "p-2", "school": "s-1", "schooljaar": "2025-2026"}]
    >>> [(c.wat, c.voor["deelnemers"], c.na["deelnemers"]) for c in row_changes("activiteiten", old, new)]
    [('gewijzigd', '40', '45')]

    Another school is another activity: one gone, one new.

    >>> moved = [dict(old[0], school="s-2"), old[1]]
    >>> [(c.wat, c.row["school"]) for c in row_changes("activiteiten", old, moved)]
    [('nieuw', 's-2'), ('weg', 's-1')]
    """
    old = [dict(r) for r in before]
    new = [dict(r) for r in after]
    surplus_old = Counter(_whole(table, r) for r in old)
    surplus_old.subtract(_whole(table, r) for r in new)
    gone: dict[tuple, list[dict]] = defaultdict(list)
    for r in old:
        whole = _whole(table, r)
        if surplus_old[whole] > 0:
            surplus_old[whole] -= 1
            gone[whole[0]].append(r)
    surplus_new = Counter(_whole(table, r) for r in new)
    surplus_new.subtract(_whole(table, r) for r in old)
    out: list[RowChange] = []
    for r in new:
        whole = _whole(table, r)
        if surplus_new[whole] <= 0:
            continue
        surplus_new[whole] -= 1
        key = whole[0]
        if gone[key]:
            out.append(RowChange(table, "gewijzigd", key, gone[key].pop(0), r))
        else:
            out.append(RowChange(table, "nieuw", key, None, r))
    left = {id(r) for rows in gone.values() for r in rows}
    out.extend(
        RowChange(table, "weg", model.row_key(table, r), r, None) for r in old if id(r) in left
    )
    return out


def count_changes(changes: Iterable[RowChange], rows_after: int) -> dict[str, int]:
    """How many rows are new, gone, changed and the same (``gelijk``), given the changes
    of one table and how many rows it has after.

    Examples
    --------
    >>> a = [{"id": "w-1", "naam": "Noord"}, {"id": "w-2", "naam": "Zuid"}]
    >>> b = [{"id": "w-1", "naam": "Noord-Oost"}, {"id": "w-3", "naam": "West"}]
    >>> count_changes(row_changes("wijken", a, b), len(b))
    {'nieuw': 1, 'weg': 1, 'gewijzigd': 1, 'gelijk': 0}
    """
    counts = Counter(c.wat for c in changes)
    out = {k: counts.get(k, 0) for k in CHANGE_KINDS}
    out["gelijk"] = rows_after - out["nieuw"] - out["gewijzigd"]
    return out


def dataset_diff(
    old: Dataset | None, new: Dataset, *, examples: int = 5, details: int = 50
) -> list[dict[str, Any]]:
    """Per table: rows new, gone, changed and unchanged (:func:`row_changes`), with a few
    examples (``+`` new, ``−`` gone, ``~`` changed) and, for up to ``details`` changed
    rows, what each was and becomes (``rijen``, see :func:`row_details`; ``meer``: how
    many changed rows are left out). For the upload preview.

    Examples
    --------
    >>> a = Dataset.from_rows({"wijken": [{"id": "w-1", "naam": "Noord"},
    ...                                   {"id": "w-2", "naam": "Zuid"}]})
    >>> b = Dataset.from_rows({"wijken": [{"id": "w-1", "naam": "Noord-Oost"},
    ...                                   {"id": "w-3", "naam": "West"}]})
    >>> row = next(r for r in dataset_diff(a, b) if r["tabel"] == "wijken")
    >>> row["nieuw"], row["weg"], row["gewijzigd"], row["gelijk"], row["voorbeelden"]
    (1, 1, 1, 0, '+ West; − Zuid; ~ Noord-Oost')
    >>> row["rijen"], row["meer"]
    ([{'rij': 'Noord-Oost', 'wat': 'Naam: was Noord, wordt Noord-Oost'}], 0)
    """
    names = {
        r["id"]: r.get("naam") or r["id"]
        for ds in (old, new)
        if ds is not None
        for spec in model.NODE_KINDS
        for r in ds.rows(spec.table)
    }
    out = []
    for name, spec in model.TABLES.items():
        new_rows = list(new.rows(name))
        changes = row_changes(name, old.rows(name) if old is not None else [], new_rows)
        shown = [
            f"{sign} {_label(name, c.row, names)}"
            for kind, sign in zip(CHANGE_KINDS, "+−~", strict=True)
            for c in [c for c in changes if c.wat == kind][:examples]
        ]
        changed = [c for c in changes if c.wat == "gewijzigd"]
        out.append(
            {
                "tabel": name,
                "soort": spec.plural,
                **count_changes(changes, len(new_rows)),
                "voorbeelden": "; ".join(shown),
                "rijen": [row_details(c, names) for c in changed[:details]],
                "meer": max(len(changed) - details, 0),
            }
        )
    return out


def row_details(change: RowChange, names: Mapping[str, str]) -> dict[str, str]:
    """One changed row for people: which row (its ends, or its name, and its schooljaar)
    and, per column that changed, what it was and what it becomes (empty: ``leeg``).

    Examples
    --------
    >>> old = [{"partner": "p-1", "school": "s-1", "schooljaar": "2025-2026", "deelnemers": "12"}]
    >>> new = [{"partner": "p-1", "school": "s-1", "schooljaar": "2025-2026", "deelnemers": "13",
    ...         "bron": "telling"}]
    >>> (change,) = row_changes("activiteiten", old, new)
    >>> row_details(change, {"p-1": "Museum", "s-1": "De Boomgaard"})
    {'rij': 'Museum → De Boomgaard (2025-2026)', 'wat': 'Deelnemers: was 12, wordt 13; Bron: was leeg, wordt telling'}
    """
    before, after = change.voor or {}, change.na or {}
    label = _label(change.tabel, change.row, names)
    if change.row.get("schooljaar"):
        label += f" ({change.row['schooljaar']})"
    parts = [
        f"{model.column_label(c)}: was {value_text(c, before.get(c))}, "
        f"wordt {value_text(c, after.get(c))}"
        for c in change.changed_columns()
    ]
    return {"rij": label, "wat": "; ".join(parts)}


#: Columns that hold a calendar date: written the Dutch way wherever a value is shown.
DATE_COLUMNS = frozenset(
    c.name for spec in model.TABLES.values() for c in spec.columns if c.type == "datum"
)


def value_text(column: str, value: Any, empty: str = "leeg") -> str:
    """A cell's value for people: ``empty`` when there is none, a date the Dutch way.

    >>> value_text("laatst_bevestigd", "2026-12-07"), value_text("naam", ""), value_text("naam", "X")
    ('7 december 2026', 'leeg', 'X')
    """
    if value is None or str(value) == "":
        return empty
    if column in DATE_COLUMNS:
        from lea_graph.tijd import datum_nl

        return datum_nl(str(value))
    return str(value)


def rule_text(*, with_year: bool = True) -> str:
    """The rule in Dutch, for the pages that count by it (without ``with_year``: two
    schooljaren of one network, where a relation is matched without its year).

    Examples
    --------
    >>> print(rule_text()[:94])
    Knopen (partners, scholen, hubs, ...) zijn dezelfde met hetzelfde id; relaties met dezelfde sl
    """
    keys = []
    for spec in model.RELATIONS:
        cols = [model.column_label(c).lower() for c in spec.key if with_year or c != "schooljaar"]
        if not spec.directed:
            cols[:2] = ["de twee partners"]
        keys.append(f"{spec.plural} op {', '.join(cols)}")
    return (
        "Knopen (partners, scholen, hubs, ...) zijn dezelfde met hetzelfde id; relaties met "
        f"dezelfde sleutel ({'; '.join(keys)}). Een rij met dezelfde sleutel en een andere "
        "waarde in een andere kolom (zoals het aantal deelnemers) telt als één gewijzigde "
        "rij; een rij die alleen in de nieuwe versie staat is nieuw, een die alleen in de "
        "oude staat is weg."
    )


def _label(table: str, row: Mapping[str, Any], names: Mapping[str, str]) -> str:
    spec = model.TABLES[table]
    if isinstance(spec, model.NodeKind):
        return str(names.get(row["id"], row["id"]))
    arrow = " → " if spec.directed else " – "
    ends = (str(row.get(spec.source, "")), str(row.get(spec.target, "")))
    return arrow.join(str(names.get(n, n)) for n in ends)
