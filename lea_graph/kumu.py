"""Write the network for Kumu (kumu.io): a workbook with the sheets Elements and Connections.

Kumu reads a spreadsheet with one sheet of elements and one of connections (its guide
"Structure your data for Kumu" and the FAQ "How do I avoid duplicating data?"):

- the elements sheet starts with a ``Label`` column, or with an ``ID`` column before it;
  ``Type``, ``Description`` and ``Tags`` are fields Kumu knows (several tags in one cell
  are separated by ``|``);
- the connections sheet starts with ``From`` and ``To``; when the elements have IDs,
  From and To hold those IDs, not the labels;
- a sheet whose name contains ``(ignore)`` is skipped.

This export gives every element the network's own id, so importing a newer export into
the same Kumu project updates the elements instead of adding them twice, and From/To
never depend on a name. Labels are made unique all the same (a name that two nodes
share gets their kind, and if need be their id, added), so that they can be told apart
on the map. Every cell is a text cell, and a value that a spreadsheet would read as a
formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a
leading apostrophe, as in the table downloads of the explorer
(:func:`lea_graph.spreadsheet.sheet_cell`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from lea_graph import model, provenance
from lea_graph.provenance import wijk_figures_illustrative
from lea_graph.spreadsheet import sheet_cell
from lea_graph.text import fold

__all__ = [
    "CONNECTION_COLUMNS",
    "ELEMENT_COLUMNS",
    "kumu_rows",
    "write_kumu_xlsx",
]

ELEMENT_COLUMNS = ("ID", "Label", "Type", "Description", "Tags")
CONNECTION_COLUMNS = ("From", "To", "Type", "Description", "Tags")

#: The fields of a node kind that go into its Description, in this order.
DESCRIPTION_FIELDS: dict[str, tuple[str, ...]] = {
    "partner": ("type", "website"),
    "hub": ("domein", "gemeente"),
    "wijk": (
        "gemeente",
        "stadsdeel",
        "soort",
        "pact",
        "ses",
        "inwoners",
        "kinderen_0_17",
        "kinderen_0_14",
        "cbs_code",
    ),
    "school": (
        "sector",
        "wijk",
        "plaats",
        "bestuur",
        "leerlingen",
        "leerlingen_per_jaar",
        "brin",
        "vestigingscode",
    ),
    "programma": ("cluster", "thema"),
    "thema": ("cluster",),
    "cluster": ("ambitie",),
    "ambitie": (),
}
#: A line break in Kumu's Markdown descriptions.
BREAK = "  \n"
#: The ``bron`` of made-up rows, and the tag they get.
ILLUSTRATIVE = provenance.ILLUSTRATIVE


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and value != value:  # NaN
        return False
    return str(value).strip() != ""


def _tag(value: Any) -> str:
    """One tag: a ``|`` would split it in two."""
    return str(value).replace("|", "/").strip()


def _labels(g: nx.MultiDiGraph) -> dict[str, str]:
    """Every node's label: its name, with its kind added when another node has the same
    name (case and accents do not count), and its id when that is not enough."""
    name = {n: str(d.get("naam") or n).strip() or str(n) for n, d in g.nodes(data=True)}
    kind = {n: _kind_label(d.get("kind", "")) for n, d in g.nodes(data=True)}
    same_name = Counter(fold(v) for v in name.values())
    label = {n: f"{name[n]} ({kind[n]})" if same_name[fold(name[n])] > 1 else name[n] for n in g}
    same_label = Counter(fold(v) for v in label.values())
    for n in g:
        if same_label[fold(label[n])] > 1:
            label[n] = f"{name[n]} ({kind[n]}, {n})"
    return label


def _kind_label(kind: str) -> str:
    try:
        return model.node_kind(kind).label
    except KeyError:
        return kind.capitalize()


def _value(g: nx.MultiDiGraph, column: model.Column | None, value: Any) -> str:
    """A field value for people: a reference as the name it points to, a code as its
    Dutch name (``po`` → ``primair onderwijs``)."""
    if column is not None and column.type == "ref":
        return str(g.nodes[value].get("naam", value)) if value in g else str(value)
    if column is not None and column.type == "enum":
        return model.ENUM_LABELS.get(str(value), str(value))
    return str(value)


def _column(kind: str, name: str) -> model.Column | None:
    try:
        spec = model.node_kind(kind)
    except KeyError:
        return None
    return next((c for c in spec.columns if c.name == name), None)


def _description(g: nx.MultiDiGraph, d: dict[str, Any], fields) -> str:
    """The ``beschrijving``, then one line per field (``Sector: primair onderwijs``), then
    the source."""
    parts = [str(d["beschrijving"]).strip()] if _present(d.get("beschrijving")) else []
    lines = []
    for name in fields:
        if _present(d.get(name)):
            column = _column(d.get("kind", ""), name)
            label = column.label if column is not None else model.column_label(name)
            lines.append(f"{label}: {_value(g, column, d[name])}")
    if wijk_figures_illustrative(d):
        lines.append("SES of kinderen zijn verzonnen voorbeeldgegevens")
    if d.get("bron") == ILLUSTRATIVE:
        lines.append("Verzonnen voorbeeldgegevens (bron=voorbeeld)")
    elif _present(d.get("bron")):
        lines.append(f"Bron: {d['bron']}")
    if lines:
        parts.append(BREAK.join(lines))
    return "\n\n".join(parts)


def _element_tags(g: nx.MultiDiGraph, n: str, d: dict[str, Any]) -> list[str]:
    """Hubs of a partner, stadsdeel of a wijk or school, PacT-wijk, cluster of a
    programme, ``voorbeeld`` for a made-up node and ``voorbeeldcijfers`` for a wijk
    whose SES and number of children are made up."""
    kind = d.get("kind")
    tags: list[str] = []
    if kind == "partner":
        hubs = {
            str(g.nodes[v].get("naam", v))
            for _, v, e in g.out_edges(n, data=True)
            if e.get("kind") == "hub_leden"
        }
        tags += sorted(hubs, key=fold)
    elif kind in ("wijk", "school"):
        wijk = d if kind == "wijk" else g.nodes.get(d.get("wijk"), {})
        if _present(wijk.get("stadsdeel")):
            tags.append(str(wijk["stadsdeel"]))
        if kind == "wijk" and d.get("pact") == "ja":
            tags.append("PacT-wijk")
    elif kind == "programma" and d.get("cluster") in g:
        tags.append(str(g.nodes[d["cluster"]].get("naam", d["cluster"])))
    if d.get("kind") == "wijk" and wijk_figures_illustrative(d):
        tags.append("voorbeeldcijfers")
    if d.get("bron") == ILLUSTRATIVE:
        tags.append(ILLUSTRATIVE)
    return [_tag(t) for t in tags if _tag(t)]


def _connection(g: nx.MultiDiGraph, u: str, v: str, e: dict[str, Any]) -> list[str]:
    kind = e.get("kind", "")
    spec = model.EDGE_KINDS.get(kind)
    if isinstance(spec, model.Relation):
        kind_name = spec.singular.capitalize()
        columns = spec.property_columns
    elif spec is not None:
        kind_name, columns = spec.label.capitalize(), ()
    else:
        kind_name, columns = kind.capitalize(), ()
    lines = []
    for column in columns:
        if column.name != "bron" and _present(e.get(column.name)):
            lines.append(f"{column.label}: {_value(g, column, e[column.name])}")
    tags = []
    if _present(e.get("schooljaar")):
        tags.append(_tag(e["schooljaar"]))
    if e.get("bron") == ILLUSTRATIVE:
        lines.append("Verzonnen voorbeeldgegevens (bron=voorbeeld)")
        tags.append(ILLUSTRATIVE)
    elif _present(e.get("bron")):
        lines.append(f"Bron: {e['bron']}")
    return [str(u), str(v), kind_name, BREAK.join(lines), "|".join(tags)]


def kumu_rows(g: nx.MultiDiGraph) -> tuple[list[list[str]], list[list[str]]]:
    """The rows of the Elements and Connections sheets (without header, not yet escaped).

    Elements come by kind (in the order of :data:`lea_graph.model.NODE_KINDS`), then by
    label; connections by kind of relation (the order of
    :data:`lea_graph.model.EDGE_KINDS`), then by From, To and what tells two apart.

    Parameters
    ----------
    g
        The network (:func:`lea_graph.graph.to_graph`).

    Returns
    -------
    tuple of two lists
        Element rows ``[ID, Label, Type, Description, Tags]`` and connection rows
        ``[From, To, Type, Description, Tags]``; an empty cell is ``""``.
    """
    labels = _labels(g)
    order = {nk.kind: i for i, nk in enumerate(model.NODE_KINDS)}
    elements = []
    for n in sorted(g, key=lambda n: (order.get(g.nodes[n].get("kind"), 99), fold(labels[n]), n)):
        d = g.nodes[n]
        kind = d.get("kind", "")
        description = _description(g, d, DESCRIPTION_FIELDS.get(kind, ()))
        tags = _element_tags(g, n, d)
        elements.append([str(n), labels[n], _kind_label(kind), description, "|".join(tags)])
    edge_order = {k: i for i, k in enumerate(model.EDGE_KINDS)}
    by_kind: dict[str, list[list[str]]] = defaultdict(list)
    for u, v, e in g.edges(data=True):
        by_kind[e.get("kind", "")].append(_connection(g, u, v, e))
    connections = []
    for kind in sorted(by_kind, key=lambda k: (edge_order.get(k, 99), k)):
        connections += sorted(by_kind[kind])
    return elements, connections


def _sheet(wb, title: str, header: tuple[str, ...], rows: list[list[str]], widths) -> None:
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(title)
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEFG", widths, strict=False):
        ws.column_dimensions[letter].width = width
    bold = Font(bold=True)
    cells = []
    for name in header:
        cell = sheet_cell(ws, name)
        cell.font = bold
        cells.append(cell)
    ws.append(cells)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        cells = []
        for value in row:
            if value == "":
                cells.append(None)
                continue
            cell = sheet_cell(ws, value)
            cell.number_format = "@"
            if "\n" in value:
                cell.alignment = wrap
            cells.append(cell)
        ws.append(cells)


_HOW_TO = (
    ("LEA-netwerk voor Kumu (kumu.io)",),
    (),
    ("Importeer dit bestand in een Kumu-project: sleep het op de kaart, of kies + en dan Import.",),
    (
        "Kumu leest de werkbladen Elements (de knopen) en Connections (de verbindingen); "
        "dit werkblad slaat het over.",
    ),
    (
        "ID is het id in het LEA-netwerk. From en To gebruiken dat id, zodat een nieuwere "
        "export in hetzelfde project de knopen bijwerkt in plaats van ze dubbel te maken.",
    ),
    (
        "Type is de soort knoop of verbinding; Tags noemen onder meer de hubs van een partner "
        "en 'voorbeeld' voor verzonnen voorbeeldgegevens.",
    ),
    ("Twee knopen met dezelfde naam krijgen hun soort (en zo nodig hun id) achter de naam.",),
    ("Waarden die met =, +, -, @ beginnen hebben een apostrof ervoor: geen formules.",),
)


def write_kumu_xlsx(g: nx.MultiDiGraph, out: str | Path) -> Path:
    """Write the network as a workbook for Kumu's spreadsheet import.

    Sheets: ``Elements`` (ID, Label, Type, Description, Tags), ``Connections`` (From,
    To, Type, Description, Tags) and ``Uitleg (ignore)``, a Dutch explanation that Kumu
    skips. See :func:`kumu_rows` for the rows.

    Parameters
    ----------
    g
        The network (:func:`lea_graph.graph.to_graph`).
    out
        The ``.xlsx`` file to write (its folder is created if needed).

    Returns
    -------
    Path
        The file written.
    """
    from openpyxl import Workbook

    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    elements, connections = kumu_rows(g)
    wb = Workbook(write_only=True)
    _sheet(wb, "Elements", ELEMENT_COLUMNS, elements, (18, 40, 12, 70, 40))
    _sheet(wb, "Connections", CONNECTION_COLUMNS, connections, (18, 18, 20, 60, 24))
    _sheet(wb, "Uitleg (ignore)", _HOW_TO[0], [list(r) for r in _HOW_TO[1:]], (110,))
    wb.save(path)
    return path
