"""Proposals: what a partner says of itself through its form, until a coordinator decides.

A partner with an invitation (:mod:`lea_graph.uitnodigingen`) sends a *voorstel*: its
description and website, its activities per school and schooljaar, its wijkinzet, its
collaborations and the hubs it works in. Or it says that everything is still right
(a *bevestiging*). Nothing in the network changes until a coordinator approves it; then
:func:`apply` makes the new network (the partner's rows replaced, its
``laatst_bevestigd`` set), which is loaded like an upload: snapshot first, audit entry.

The partner's rows (:func:`partner_rows`) are its own row in ``partners`` and its rows
in ``activiteiten``, ``wijkinzet``, ``hub_leden`` and ``samenwerkingen`` (either side).
A proposal never names the partner itself: the partner is the one of the invitation, so
a form cannot reach another partner's rows. A row of the form that was in the network
refers to it by its position among the partner's rows when the form was made
(``bestaand``), so that columns the form does not show (programma, hub, bron) are kept.

Every submission is one JSON file in ``voorstellen/`` in the data directory (mode 600),
with the partner's rows as they were when it was sent (``basis``). When those rows have
changed since (another submission was approved, a new upload), :func:`changed_since`
says how, and the coordinator reviews it against the new state.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lea_graph import model, tijd
from lea_graph.datadir import write_private_json
from lea_graph.dataset import Dataset
from lea_graph.diff import row_changes, value_text
from lea_graph.errors import LeaGraphError
from lea_graph.ingest import validate_dataset

__all__ = [
    "FORM_LABELS",
    "FORM_SECTIONS",
    "FORM_TABLES",
    "LIMITS",
    "Change",
    "FormProblem",
    "Names",
    "apply",
    "changed_since",
    "changes",
    "check",
    "clean_text",
    "decide",
    "describe",
    "form_row",
    "get",
    "kinderen_problem",
    "latest_for",
    "list_submissions",
    "partner_rows",
    "proposal_from_form",
    "proposal_of",
    "settle",
    "stand",
    "submit",
]

#: The tables a partner keeps through its form, with the columns the form shows (the
#: partner column itself is never shown: it is the partner of the invitation).
FORM_TABLES: dict[str, tuple[str, ...]] = {
    "activiteiten": ("school", "schooljaar", "deelnemers"),
    "wijkinzet": ("wijk", "schooljaar"),
    "samenwerkingen": ("partner", "soort"),
    "hub_leden": ("hub",),
}

#: Caps on what one form may hold: characters per text field and rows per section.
LIMITS = {
    "beschrijving": 2000,
    "website": 300,
    "tekst": 200,
    "ontbrekend": 1000,
    "opmerking": 1000,
    "rijen": 300,
    "kinderen": 100_000,
}

#: The labels the form shows beside its fields (a problem names the field by them).
FORM_LABELS = {
    "school": "School",
    "wijk": "Wijk",
    "partner": "Partner",
    "hub": "Hub",
    "schooljaar": "Schooljaar",
    "deelnemers": "Kinderen",
    "soort": "Soort samenwerking",
    "beschrijving": "Wat doet uw organisatie",
    "website": "Website",
    "ontbrekend": "Staat een organisatie er niet bij",
    "opmerking": "Opmerking",
}

#: What a submission can be, and what can become of it.
SOORTEN = ("wijziging", "bevestiging")
STATUSSEN = ("open", "goedgekeurd", "afgewezen", "vervangen")

#: The source written on a row the partner added or changed.
BRON_PARTNER = "opgave partner"

_SECTION = {
    "activiteiten": "Activiteiten",
    "wijkinzet": "Inzet in wijken",
    "samenwerkingen": "Samenwerkingen",
    "hub_leden": "Hubs",
    "partners": "Over uw organisatie",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# -- the partner's rows --------------------------------------------------------------------


def _own(table: str, row: dict[str, str], partner: str) -> bool:
    if table == "samenwerkingen":
        return partner in (row["partner_a"], row["partner_b"])
    return row["partner"] == partner


def partner_rows(dataset: Dataset, partner: str) -> dict[str, list[dict[str, str]]]:
    """The partner's own row (``partners``, a list of one) and its rows in the form's
    tables, in table order.

    Raises
    ------
    LeaGraphError
        If the partner is not in the network.
    """
    own = [r for r in dataset.rows("partners") if r["id"] == partner]
    if not own:
        raise LeaGraphError(f"Partner '{partner}' staat niet in het netwerk.")
    out = {"partners": own}
    for table in FORM_TABLES:
        out[table] = [r for r in dataset.rows(table) if _own(table, r, partner)]
    return out


def form_row(table: str, row: dict[str, str], partner: str) -> dict[str, str]:
    """The columns of a network row that the form shows (for a collaboration: the other
    partner as ``partner``)."""
    if table == "samenwerkingen":
        other = row["partner_b"] if row["partner_a"] == partner else row["partner_a"]
        return {"partner": other, "soort": row.get("soort", "")}
    return {c: row.get(c, "") for c in FORM_TABLES[table]}


def proposal_of(rows: dict[str, list[dict[str, str]]], partner: str) -> dict[str, Any]:
    """The proposal that changes nothing: the form prefilled with the partner's rows."""
    own = rows["partners"][0]
    proposal: dict[str, Any] = {
        "beschrijving": own.get("beschrijving", ""),
        "website": own.get("website", ""),
        "ontbrekend": "",
        "opmerking": "",
    }
    for table in FORM_TABLES:
        proposal[table] = [
            {**form_row(table, r, partner), "bestaand": i} for i, r in enumerate(rows[table])
        ]
    return proposal


# -- cleaning and checking what the form sent -------------------------------------------------


def clean_text(value: Any) -> str:
    """One text field as the partner meant it: control characters out, spaces trimmed
    (the length is checked by :func:`check`)."""
    return _CONTROL.sub("", str(value or "")).replace("\r\n", "\n").strip()


#: The form's sections of rows: the prefix of their fields (``act-0-school``), the table
#: and the fields that a row that was in the network may change.
FORM_SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "act": ("activiteiten", ("schooljaar", "deelnemers")),
    "inzet": ("wijkinzet", ("schooljaar",)),
    "sam": ("samenwerkingen", ("soort",)),
}
_FORM_FIELD = re.compile(r"^(act|inzet|sam)-(\d{1,4})-([a-z]+)$")

#: What a posted form holds: each field's value, or its values when it was sent more
#: than once (``hub``); a value of several counts as its first where one is expected.
FormFields = Mapping[str, str | Sequence[str]]


def _first(value: str | Sequence[str] | None) -> str:
    if value is None or isinstance(value, str):
        return value or ""
    return value[0] if value else ""


def _every(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def proposal_from_form(
    fields: FormFields, partner: str, basis: dict[str, list[dict[str, str]]]
) -> dict[str, Any]:
    """The proposal a posted form means: the text fields cleaned (:func:`clean_text`),
    its lines per table and the hubs it ticked.

    ``fields`` maps a field's name to its value, or to its values for a field sent more
    than once (``request.form.to_dict(flat=False)``); ``basis`` is the partner's rows
    when the form was made (:func:`partner_rows`). Lines are ``<section>-<n>-<field>``
    (:data:`FORM_SECTIONS`), taken in the order of ``n``.

    Rows that were in the network (``bestaand``: their position in ``basis``) keep what
    the form does not let change (the school, the wijk, the other partner) from the
    network itself, whatever the form sends: a hidden field cannot move a row to another
    partner or school, and one row cannot be claimed twice (the second claim is a new
    row). New rows take their choice from the form; empty new rows are left out, and so
    are rows marked ``weg``. Nothing is checked here: :func:`check` does that.

    >>> basis = {
    ...     "partners": [{"id": "p-m", "naam": "Museum"}],
    ...     "activiteiten": [{"partner": "p-m", "school": "s-a", "schooljaar": "2025-2026",
    ...                       "deelnemers": "80", "programma": "pr-k"}],
    ...     "wijkinzet": [], "samenwerkingen": [], "hub_leden": [{"partner": "p-m", "hub": "h-c"}],
    ... }
    >>> proposal = proposal_from_form({
    ...     "beschrijving": "  Kunst\x07 voor kinderen ",
    ...     "act-0-bestaand": "0", "act-0-school": "s-ander", "act-0-deelnemers": "90",
    ...     "act-0-schooljaar": "2026-2027",
    ...     "act-1-school": "s-b", "act-1-schooljaar": "2026-2027",
    ...     "act-2-school": "", "act-2-schooljaar": "2026-2027",
    ...     "inzet-0-wijk": "w-a", "inzet-0-weg": "1",
    ...     "hub": ["h-c", "h-s", "h-c", ""],
    ... }, "p-m", basis)
    >>> proposal["beschrijving"], proposal["website"]
    ('Kunst voor kinderen', '')
    >>> proposal["activiteiten"]  # doctest: +NORMALIZE_WHITESPACE
    [{'school': 's-a', 'schooljaar': '2026-2027', 'deelnemers': '90', 'bestaand': 0},
     {'school': 's-b', 'schooljaar': '2026-2027', 'deelnemers': ''}]
    >>> proposal["wijkinzet"], proposal["samenwerkingen"]
    ([], [])
    >>> proposal["hub_leden"]
    [{'hub': 'h-c', 'bestaand': 0}, {'hub': 'h-s'}]
    """
    proposal: dict[str, Any] = {
        name: clean_text(_first(fields.get(name)))
        for name in ("beschrijving", "website", "ontbrekend", "opmerking")
    }
    lines: dict[str, dict[int, dict[str, str]]] = {prefix: {} for prefix in FORM_SECTIONS}
    for key in fields:
        m = _FORM_FIELD.match(key)
        if m:
            line = lines[m.group(1)].setdefault(int(m.group(2)), {})
            line[m.group(3)] = clean_text(_first(fields[key]))
    for prefix, (table, editable) in FORM_SECTIONS.items():
        rows = []
        used: set[int] = set()
        for _, line in sorted(lines[prefix].items()):
            if line.get("weg"):
                continue
            index = line.get("bestaand", "")
            if (
                index.isascii()
                and index.isdigit()
                and int(index) < len(basis[table])
                and int(index) not in used
            ):
                used.add(int(index))
                old = form_row(table, basis[table][int(index)], partner)
                rows.append(
                    {**old, **{f: line.get(f, "") for f in editable}, "bestaand": int(index)}
                )
                continue
            row = {f: line.get(f, "") for f in FORM_TABLES[table]}
            choice = FORM_TABLES[table][0]
            if row[choice] or any(v for k, v in row.items() if k not in (choice, "schooljaar")):
                rows.append(row)  # a line without its choice: the check says so
        proposal[table] = rows
    wanted = [h for h in _every(fields.get("hub")) if h]
    earlier = {r["hub"]: i for i, r in enumerate(basis["hub_leden"])}
    proposal["hub_leden"] = [
        {"hub": h, "bestaand": earlier[h]} if h in earlier else {"hub": h}
        for h in dict.fromkeys(wanted)
    ]
    return proposal


@dataclass(frozen=True)
class FormProblem:
    """A problem in what the partner filled in: the section, the line of that section
    (1 for the first), the field, the value and what to do; ``naam`` is what the line is
    about as the form shows it (the school, wijk or partner), empty if unknown."""

    sectie: str
    regel: int | None
    veld: str
    waarde: str
    melding: str
    naam: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "sectie": self.sectie,
            "regel": self.regel,
            "veld": self.veld,
            "waarde": self.waarde,
            "melding": self.melding,
        }


def _limits(proposal: dict[str, Any]) -> list[FormProblem]:
    out = []
    for field_, limit in (
        ("beschrijving", LIMITS["beschrijving"]),
        ("website", LIMITS["website"]),
        ("ontbrekend", LIMITS["ontbrekend"]),
        ("opmerking", LIMITS["opmerking"]),
    ):
        value = proposal.get(field_, "")
        if len(value) > limit:
            out.append(
                FormProblem(
                    _SECTION["partners"],
                    None,
                    field_,
                    value[:40] + "…",
                    f"Dit veld mag hooguit {limit} tekens hebben; nu zijn het er {len(value)}.",
                )
            )
    for table in FORM_TABLES:
        rows = proposal.get(table, [])
        if len(rows) > LIMITS["rijen"]:
            out.append(
                FormProblem(
                    _SECTION[table],
                    None,
                    "",
                    str(len(rows)),
                    f"Een formulier kan hooguit {LIMITS['rijen']} regels per onderdeel "
                    "hebben. Stuur de rest na goedkeuring in een tweede voorstel, of vraag "
                    "de coördinator om een werkmap.",
                )
            )
        for i, row in enumerate(rows, start=1):
            for col, value in row.items():
                if isinstance(value, str) and len(value) > LIMITS["tekst"]:
                    out.append(
                        FormProblem(
                            _SECTION[table],
                            i,
                            col,
                            value[:40] + "…",
                            f"Hooguit {LIMITS['tekst']} tekens.",
                        )
                    )
    return out


def _column_name(table: str, column: str | None) -> str:
    if table == "samenwerkingen" and column in ("partner_a", "partner_b"):
        return "partner"
    return column or ""


def check(
    dataset: Dataset,
    partner: str,
    proposal: dict[str, Any],
    basis: dict[str, list[dict[str, str]]],
    *,
    today: dt.date | None = None,
) -> tuple[Dataset | None, list[FormProblem]]:
    """Apply a proposal to a network and check the result with the rules of an upload.

    Returns
    -------
    dataset, problems
        The new network (None when there are errors) and the errors, located in the
        form (section, line, field) with the upload's Dutch messages. Problems of the
        network outside the partner's rows are not the partner's: they are not listed.
    """
    names = Names(dataset)
    problems = _limits(proposal)
    if problems:
        return None, [_named(p, proposal, names, dataset) for p in problems]
    problems = _numbers(proposal)
    found = {(p.sectie, p.regel, p.veld) for p in problems}
    new, positions = _apply(dataset, partner, proposal, basis, today=today)
    report = validate_dataset(new, source="voorstel")
    for p in report.problems:
        if p.severity != "fout":
            continue
        where = positions.get((p.table, p.row))
        if where is None and p.table not in FORM_TABLES and p.table != "partners":
            continue
        section, line = where or (_SECTION.get(p.table, p.table), None)
        column = _column_name(p.table, p.column)
        if (section, line, column) in found:
            continue  # the form's own check said it in the form's words
        problems.append(FormProblem(section, line, column, p.value, p.message))
    problems = [_named(p, proposal, names, dataset) for p in problems]
    return (None if problems else new), problems


def kinderen_problem(value: str) -> str:
    """What is wrong with a number of children typed in the form ("" if nothing): a
    whole number from 0 up to ``LIMITS["kinderen"]``, or empty (not known).

    Examples
    --------
    >>> kinderen_problem("40"), kinderen_problem("")
    ('', '')
    >>> kinderen_problem("ongeveer 40")
    'Vul bij Kinderen een heel getal in, bijvoorbeeld 40.'
    >>> kinderen_problem("-3") == kinderen_problem("4,5") == kinderen_problem("²")
    True
    >>> kinderen_problem("1000000")
    'Vul bij Kinderen een aantal van hooguit 100000 in.'
    """
    value = value.strip()
    if not value:
        return ""
    if not (value.isascii() and value.isdigit()):
        return f"Vul bij {FORM_LABELS['deelnemers']} een heel getal in, bijvoorbeeld 40."
    if int(value) > LIMITS["kinderen"]:
        return (
            f"Vul bij {FORM_LABELS['deelnemers']} een aantal van hooguit {LIMITS['kinderen']} in."
        )
    return ""


def _numbers(proposal: dict[str, Any]) -> list[FormProblem]:
    out = []
    for i, row in enumerate(proposal.get("activiteiten", []), start=1):
        value = str(row.get("deelnemers", "") or "")
        message = kinderen_problem(value)
        if message:
            out.append(FormProblem(_SECTION["activiteiten"], i, "deelnemers", value, message))
    return out


def _named(
    problem: FormProblem, proposal: dict[str, Any], names: Names, dataset: Dataset
) -> FormProblem:
    """The problem with the name of what its line is about (the school of an activity,
    only when it is a school in the network)."""
    table = next((t for t, s in _SECTION.items() if s == problem.sectie), None)
    if table not in FORM_TABLES or not problem.regel:
        return problem
    rows = proposal.get(table, [])
    if not 0 < problem.regel <= len(rows):
        return problem
    field_ = FORM_TABLES[table][0]
    choice = rows[problem.regel - 1].get(field_, "")
    if not choice or choice not in set(dataset.ids(_CHOICE_TABLE[field_])):
        return problem
    return replace(problem, naam=names(choice))


_CHOICE_TABLE = {"school": "scholen", "wijk": "wijken", "partner": "partners", "hub": "hubs"}


# -- applying a proposal ---------------------------------------------------------------------


def _apply(
    dataset: Dataset,
    partner: str,
    proposal: dict[str, Any],
    basis: dict[str, list[dict[str, str]]],
    *,
    today: dt.date | None = None,
) -> tuple[Dataset, dict[tuple[str, int], tuple[str, int]]]:
    """The new network, and for each of the partner's new rows its (table, row as a
    validation problem names it) → (section, line of the form)."""
    day = (today or tijd.today()).isoformat()
    source = f"{BRON_PARTNER} {day}"
    rows: dict[str, list[dict[str, str]]] = {}
    positions: dict[tuple[str, int], tuple[str, int]] = {}
    for table in model.TABLES:
        kept = list(dataset.rows(table))
        if table == "partners":
            for r in kept:
                if r["id"] == partner:
                    r["beschrijving"] = proposal.get("beschrijving", "")
                    r["website"] = proposal.get("website", "")
                    r["laatst_bevestigd"] = day
        elif table in FORM_TABLES:
            kept = [r for r in kept if not _own(table, r, partner)]
            start = len(kept)
            for i, row in enumerate(_new_rows(table, partner, proposal, basis, source)):
                positions[(table, start + i + 2)] = (_SECTION[table], i + 1)
                kept.append(row)
        rows[table] = kept
    extras = {t: dataset.extra_columns(t) for t in model.TABLES}
    return Dataset.from_rows(rows, extras), positions


def _new_rows(
    table: str,
    partner: str,
    proposal: dict[str, Any],
    basis: dict[str, list[dict[str, str]]],
    source: str,
) -> list[dict[str, str]]:
    """The partner's rows of one table after the proposal."""
    earlier = basis.get(table, [])
    used: set[int] = set()
    out = []
    for row in proposal.get(table, []):
        fields = {c: str(row.get(c, "") or "") for c in FORM_TABLES[table]}
        index = row.get("bestaand")
        old = None
        if isinstance(index, int) and 0 <= index < len(earlier) and index not in used:
            used.add(index)
            old = dict(earlier[index])
        if table == "samenwerkingen":
            if old is not None:
                side = "partner_b" if old["partner_a"] == partner else "partner_a"
                before = {"partner": old[side], "soort": old.get("soort", "")}
                if before != fields:
                    old[side], old["soort"], old["bron"] = (
                        fields["partner"],
                        fields["soort"],
                        source,
                    )
                out.append(old)
            else:
                out.append(
                    {
                        "partner_a": partner,
                        "partner_b": fields["partner"],
                        "soort": fields["soort"],
                        "bron": source,
                    }
                )
            continue
        if old is not None:
            if any(old.get(c, "") != v for c, v in fields.items()):
                old.update(fields)
                old["bron"] = source
            out.append(old)
        else:
            out.append({"partner": partner, **fields, "bron": source})
    return out


def apply(
    dataset: Dataset,
    submission: dict[str, Any],
    *,
    today: dt.date | None = None,
) -> tuple[Dataset | None, list[FormProblem]]:
    """The network with an approved submission in it (:func:`check` on its proposal).

    A bevestiging changes only the partner's ``laatst_bevestigd``.
    """
    partner = submission["partner"]
    if submission["soort"] == "bevestiging":
        current = partner_rows(dataset, partner)
        return check(dataset, partner, proposal_of(current, partner), current, today=today)
    return check(dataset, partner, submission["voorstel"], submission["basis"], today=today)


# -- what a proposal changes, in words -----------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One row the proposal adds, removes or changes, described for people."""

    tabel: str
    wat: str  # nieuw, weg, gewijzigd
    voor: str
    na: str

    def to_dict(self) -> dict[str, str]:
        return {
            "onderdeel": _SECTION[self.tabel],
            "wat": self.wat,
            "voor": self.voor,
            "na": self.na,
        }


class Names:
    """The names of a network's nodes and the wijk of each school, to describe rows."""

    def __init__(self, dataset: Dataset) -> None:
        self.names = {
            r["id"]: r.get("naam") or r["id"]
            for spec in model.NODE_KINDS
            for r in dataset.rows(spec.table)
        }
        self.school_wijk = {r["id"]: r["wijk"] for r in dataset.rows("scholen")}

    def __call__(self, node: str) -> str:
        return self.names.get(node, node)


def describe(
    table: str, row: dict[str, str], partner: str, names: Names, *, in_form: bool = False
) -> str:
    """A row in words, e.g. 'De Boomgaard (Heikant), 2025-2026, 40 deelnemers'; with
    ``in_form`` without what the form lets the partner change beside it."""
    if table == "partners":
        return "; ".join(_field(col, row.get(col)) for col in PARTNER_FIELDS)
    if table == "activiteiten":
        school = row["school"]
        wijk = names.school_wijk.get(school, "")
        text = names(school) + (f" ({names(wijk)})" if wijk else "")
        for col in ("programma", "hub"):
            if row.get(col):
                text += f", {names(row[col])}"
        if in_form:
            return text
        text += f", {row['schooljaar'] or 'zonder schooljaar'}"
        if row.get("deelnemers"):
            text += f", {row['deelnemers']} deelnemers"
        return text
    if table == "wijkinzet":
        text = names(row["wijk"])
        if row.get("programma"):
            text += f", {names(row['programma'])}"
        if in_form:
            return text
        return text + f", {row['schooljaar'] or 'zonder schooljaar'}"
    if table == "samenwerkingen":
        other = row["partner_b"] if row["partner_a"] == partner else row["partner_a"]
        if in_form:
            return names(other) + (f", {row['schooljaar']}" if row.get("schooljaar") else "")
        text = names(other) + (f" ({row['soort']})" if row.get("soort") else "")
        return text + (f", {row['schooljaar']}" if row.get("schooljaar") else "")
    return names(row["hub"]) + (f" ({row['rol']})" if row.get("rol") else "")


def _row_changes(
    table: str,
    before: list[dict[str, str]],
    after: list[dict[str, str]],
    partner: str,
    names_from: tuple[Names, Names],
) -> list[Change]:
    """The partner's rows of one table that are new, gone or changed, by the rule of
    :func:`lea_graph.diff.row_changes`; its own row column by column."""
    if table == "partners":
        return _field_changes(before[0], after[0]) if before and after else []
    old_names, new_names = names_from
    out = []
    for c in row_changes(table, before, after):
        voor = describe(table, c.voor, partner, old_names) if c.voor is not None else ""
        na = describe(table, c.na, partner, new_names) if c.na is not None else ""
        if c.voor is not None and c.na is not None and voor == na:
            # What changed is not in the description (the source): say it.
            for col in c.changed_columns():
                voor += f"; {_field(col, c.voor.get(col))}"
                na += f"; {_field(col, c.na.get(col))}"
        out.append(Change(table, c.wat, voor, na))
    return out


def _field(col: str, value: str | None) -> str:
    """One field in words: its label and its value (:func:`lea_graph.diff.value_text`).

    >>> _field("laatst_bevestigd", "2026-12-07"), _field("website", "")
    ('laatst bevestigd: 7 december 2026', 'website: —')
    """
    return f"{model.column_label(col).lower()}: {value_text(col, value, empty='—')}"


#: The partner's own columns the form shows, and the one approval sets.
PARTNER_FIELDS = ("beschrijving", "website", "laatst_bevestigd")


def _field_changes(before: dict[str, str], after: dict[str, str]) -> list[Change]:
    """The partner's own row: one change per column that differs."""
    return [
        Change("partners", "gewijzigd", _field(col, before.get(col)), _field(col, after.get(col)))
        for col in PARTNER_FIELDS
        if (before.get(col) or "") != (after.get(col) or "")
    ]


def changes(old: Dataset, new: Dataset, partner: str) -> list[Change]:
    """What changes in the partner's rows from one network to the other, in words."""
    before = partner_rows(old, partner)
    after = partner_rows(new, partner)
    out: list[Change] = []
    names = (Names(old), Names(new))
    for table in ("partners", *FORM_TABLES):
        out.extend(_row_changes(table, before[table], after[table], partner, names))
    return out


def changed_since(submission: dict[str, Any], dataset: Dataset) -> list[Change]:
    """How the partner's rows changed between the submission and now (empty: they did
    not, and the proposal can be reviewed as it was made)."""
    partner = submission["partner"]
    basis = submission["basis"]
    now = partner_rows(dataset, partner)
    names = Names(dataset)
    out: list[Change] = []
    for table in ("partners", *FORM_TABLES):
        out.extend(_row_changes(table, basis.get(table, []), now[table], partner, (names, names)))
    return out


def stand(dataset: Dataset, partner: str) -> str:
    """A short fingerprint of the partner's rows in a network: what a coordinator saw
    when reviewing a proposal. Approval goes ahead on a newer network only while the
    partner's rows still have this fingerprint (:mod:`lea_graph.loading`)."""
    import hashlib

    text = json.dumps(partner_rows(dataset, partner), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


# -- the submissions on disk ------------------------------------------------------------------


def _folder(data_dir: str | Path) -> Path:
    return Path(data_dir) / "voorstellen"


_ID = re.compile(r"^\d{8}-\d{12}-[0-9a-f]{8}$")


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or tijd.now()).astimezone(dt.UTC).replace(microsecond=0)


def submit(
    data_dir: str | Path,
    partner: str,
    *,
    soort: str,
    versie: str,
    basis: dict[str, list[dict[str, str]]],
    voorstel: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Save a submission of ``partner``; an open earlier one of the same partner is
    marked ``vervangen`` (the newest says what the partner means now)."""
    if soort not in SOORTEN:
        raise ValueError(soort)
    moment = _now(now)
    # Microseconds in the id keep the order of submissions made within one second.
    precise = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    ident = f"{precise:%Y%m%d-%H%M%S%f}-{secrets.token_hex(4)}"
    for earlier in list_submissions(data_dir, status="open"):
        if earlier["partner"] == partner:
            earlier.update(status="vervangen", beoordeeld=tijd.stamp(moment), door="")
            write_private_json(_folder(data_dir) / f"{earlier['id']}.json", earlier)
    entry = {
        "id": ident,
        "partner": partner,
        "soort": soort,
        "ingediend": tijd.stamp(moment),
        "versie": versie,
        "basis": basis,
        "voorstel": voorstel if soort == "wijziging" else None,
        "status": "open",
        "beoordeeld": None,
        "door": None,
        "notitie": "",
    }
    write_private_json(_folder(data_dir) / f"{ident}.json", entry)
    return entry


def get(data_dir: str | Path, ident: str) -> dict[str, Any] | None:
    """One submission, or None if there is none with that id."""
    if not _ID.match(ident or ""):
        return None
    path = _folder(data_dir) / f"{ident}.json"
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def list_submissions(data_dir: str | Path, *, status: str | None = None) -> list[dict[str, Any]]:
    """The submissions, newest first (only those with ``status`` if given)."""
    folder = _folder(data_dir)
    if not folder.exists():
        return []
    out = []
    for path in sorted(folder.glob("*.json"), reverse=True):
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if status is None or entry.get("status") == status:
            out.append(entry)
    return out


def latest_for(data_dir: str | Path, partner: str) -> dict[str, Any] | None:
    """The partner's newest submission (what its form says when it is opened again)."""
    return next((s for s in list_submissions(data_dir) if s["partner"] == partner), None)


def decide(
    data_dir: str | Path,
    ident: str,
    *,
    status: str,
    door: str,
    notitie: str = "",
    versie: str | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Record the coordinator's decision on an open submission.

    Raises
    ------
    LeaGraphError
        If there is no open submission with that id.
    """
    if status not in ("goedgekeurd", "afgewezen"):
        raise ValueError(status)
    entry = get(data_dir, ident)
    if entry is None or entry.get("status") != "open":
        raise LeaGraphError("Dit voorstel is er niet meer of is al beoordeeld.")
    entry.update(
        status=status,
        door=door,
        notitie=notitie,
        beoordeeld=tijd.stamp(_now(now)),
        versie_na=versie,
    )
    write_private_json(_folder(data_dir) / f"{ident}.json", entry)
    return entry


def settle(
    data_dir: str | Path, ident: str, *, door: str, versie: str | None
) -> dict[str, Any] | None:
    """Mark a submission approved by the load that brought it into the network
    (:mod:`lea_graph.loading`); nothing happens if that is recorded already."""
    entry = get(data_dir, ident)
    if entry is None or (entry.get("status") == "goedgekeurd" and entry.get("versie_na") == versie):
        return entry
    entry.update(status="goedgekeurd", door=door, beoordeeld=tijd.stamp(), versie_na=versie)
    write_private_json(_folder(data_dir) / f"{ident}.json", entry)
    return entry
