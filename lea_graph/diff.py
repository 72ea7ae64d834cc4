"""What a new dataset changes compared with the loaded one, per table (for the preview)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from lea_graph import model
from lea_graph.dataset import Dataset

__all__ = ["dataset_diff"]


def dataset_diff(old: Dataset | None, new: Dataset, *, examples: int = 5) -> list[dict[str, Any]]:
    """Per table: rows added, removed, changed (node tables, by id) and unchanged.

    Relationship rows have no id: a row that differs in any column counts as one
    removed and one added.

    Examples
    --------
    >>> a = Dataset.from_rows({"wijken": [{"id": "w-1", "naam": "Noord"},
    ...                                   {"id": "w-2", "naam": "Zuid"}]})
    >>> b = Dataset.from_rows({"wijken": [{"id": "w-1", "naam": "Noord-Oost"},
    ...                                   {"id": "w-3", "naam": "West"}]})
    >>> row = next(r for r in dataset_diff(a, b) if r["tabel"] == "wijken")
    >>> row["nieuw"], row["weg"], row["gewijzigd"], row["gelijk"]
    (1, 1, 1, 0)
    """
    out = []
    for name, spec in model.TABLES.items():
        new_rows = list(new.rows(name))
        old_rows = list(old.rows(name)) if old is not None else []
        if isinstance(spec, model.NodeKind):
            before = {r["id"]: r for r in old_rows}
            after = {r["id"]: r for r in new_rows}
            added = [i for i in after if i not in before]
            removed = [i for i in before if i not in after]
            changed = [i for i in after if i in before and _values(after[i]) != _values(before[i])]
            same = len(after) - len(added) - len(changed)
            names = {
                **{i: r.get("naam", i) for i, r in before.items()},
                **{i: r.get("naam", i) for i, r in after.items()},
            }
            out.append(
                {
                    "tabel": name,
                    "soort": spec.plural,
                    "nieuw": len(added),
                    "weg": len(removed),
                    "gewijzigd": len(changed),
                    "gelijk": same,
                    "voorbeelden": "; ".join(
                        [f"+ {names[i]}" for i in added[:examples]]
                        + [f"− {names[i]}" for i in removed[:examples]]
                        + [f"~ {names[i]}" for i in changed[:examples]]
                    ),
                }
            )
        else:
            before_c = Counter(_values(r) for r in old_rows)
            after_c = Counter(_values(r) for r in new_rows)
            added_n = sum((after_c - before_c).values())
            removed_n = sum((before_c - after_c).values())
            out.append(
                {
                    "tabel": name,
                    "soort": spec.plural,
                    "nieuw": added_n,
                    "weg": removed_n,
                    "gewijzigd": 0,
                    "gelijk": len(new_rows) - added_n,
                    "voorbeelden": "",
                }
            )
    return out


def _values(row: dict[str, str]) -> tuple:
    return tuple(sorted((k, v) for k, v in row.items() if v != ""))
