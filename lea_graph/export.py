"""Write the network out: the data format (CSV folder, .xlsx), Gephi formats and JSON.

The data-format exports are meant for re-import and keep every value exactly: the
workbook stores each cell as a text cell (never a formula, so ``=1+1`` stays text and
``007`` keeps its zeros), and ``lea-graph validate`` reads both back unchanged. Unlike
the files for people (table downloads, Kumu, reports), no apostrophe is put before a
text that looks like a formula: see :mod:`lea_graph.spreadsheet`.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx

from lea_graph import model
from lea_graph.dataset import Dataset
from lea_graph.errors import ExportError
from lea_graph.spreadsheet import sheet_cell
from lea_graph.text import dutch_list, number

__all__ = [
    "EXPORT_FORMATS",
    "data_format_markdown",
    "write_csv_folder",
    "write_gexf",
    "write_graphml",
    "write_json",
    "write_template",
    "write_xlsx",
]

EXPORT_FORMATS = ("graphml", "gexf", "json", "xlsx", "csv")

#: The most characters one cell of an Excel workbook holds.
XLSX_CELL_LIMIT = 32_767


def _table_columns(dataset: Dataset, name: str) -> list[str]:
    """The columns of a table as they go into its CSV file or sheet: all but the
    ``geojson`` columns (the wijk boundary travels as a file or sheet of its own)."""
    spec = model.TABLES[name]
    geometry = {c.name for c in spec.columns if c.type == "geojson"}
    return [c for c in dataset.columns(name) if c not in geometry]


def _cells(dataset: Dataset, name: str, columns: list[str]):
    return dataset.tables[name][columns].itertuples(index=False, name=None)


def write_csv_folder(
    dataset: Dataset, out: str | Path, *, delimiter: str = ",", excel: bool = False
) -> list[Path]:
    """Write one ``<table>.csv`` per table (every table, empty ones with a header).

    The wijk boundaries are not a column of ``wijken.csv`` but the file
    ``wijken.geojson`` beside it (a GeoJSON FeatureCollection, always UTF-8), written
    when any wijk has one; an older ``wijken.geojson`` in the folder is removed when
    none has, so that the folder holds exactly the dataset.

    Parameters
    ----------
    dataset
        The dataset to write.
    out
        Folder to write into (created if needed).
    delimiter
        Field separator.
    excel
        Write for Dutch Excel: ``;`` separator, UTF-8 with BOM and CRLF line ends.

    Returns
    -------
    list of Path
        The files written.
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    encoding = "utf-8-sig" if excel else "utf-8"
    sep = ";" if excel else delimiter
    newline = "\r\n" if excel else "\n"
    written = []
    for name in model.TABLES:
        path = folder / f"{name}.csv"
        columns = _table_columns(dataset, name)
        with path.open("w", encoding=encoding, newline="") as fh:
            writer = csv.writer(fh, delimiter=sep, lineterminator=newline)
            writer.writerow(columns)
            writer.writerows(_cells(dataset, name, columns))
        written.append(path)
    from lea_graph.ingest.geo import boundaries_geojson

    path = folder / model.GEOMETRY_FILE
    text = boundaries_geojson(list(dataset.rows(model.GEOMETRY_TABLE)))
    if text is None:
        path.unlink(missing_ok=True)
    else:
        path.write_text(text + "\n", encoding="utf-8")
        written.append(path)
    return written


def _allowed(col: model.Column) -> str:
    """Dutch description of the values a column accepts."""
    if col.values:
        return ", ".join(col.values)
    if col.type == "ref":
        return "id uit " + " of ".join(col.ref)
    if col.type == "code":
        _, description, example = model.CODE_FORMATS[col.name]
        return f"{description}, bijvoorbeeld {example}"
    if col.type == "geojson":
        return f"GeoJSON Polygon of MultiPolygon in WGS84, uit {model.GEOMETRY_FILE}"
    return {
        "int": "heel getal, 0 of meer",
        "schooljaar": "bijvoorbeeld 2023-2024",
        "url": "begint met https://",
        "datum": "jaar-maand-dag, bijvoorbeeld 2026-09-15",
        "id": "letters, cijfers, - _ . :",
        "tellingen": "schooljaar: aantal, gescheiden door ';', bijvoorbeeld "
        "2024-2025: 412; 2025-2026: 398 (een bereik als 1-4 mag)",
        "aantal": "heel getal of bereik, bijvoorbeeld 630 of 630-690",
        "punt": "breedtegraad, lengtegraad (WGS84), bijvoorbeeld 51.5606, 5.0845",
    }.get(col.type, "")


def _instruction_rows(export: bool, boundaries: bool = False) -> list[list[str]]:
    rows = [
        ["LEA-netwerk: uitleg bij deze werkmap"],
        [],
        [
            "Ieder werkblad is één tabel. Verander de kolomnamen in rij 1 niet; u mag kolommen toevoegen."
        ],
        ["Een lege cel betekent 'onbekend'. Verplichte kolommen staan hieronder met 'ja'."],
        [
            "Ieder id is uniek in de hele werkmap. Gebruik een voorvoegsel per tabel, zoals w- voor wijken."
        ],
        [
            "Verwijzingen (bijvoorbeeld de wijk van een school) gebruiken dat id, niet de naam. "
            "Kies het id uit de lijst in de cel; in de grijze kolom ernaast, zoals 'wijk (naam)', "
            "verschijnt dan de naam."
        ],
        [
            "De grijze kolommen '… (naam)' zijn alleen een hulp bij het lezen: ze worden bij "
            "het inlezen overgeslagen."
        ],
        ["Schooljaren schrijft u als 2023-2024. Aantallen zijn hele getallen zonder punten."],
        [
            "Zet in 'bron' waar een rij vandaan komt; verzonnen voorbeeldrijen krijgen bron 'voorbeeld'."
        ],
        ["Vul alleen organisaties in, geen namen, telefoonnummers of e-mailadressen van personen."],
        [
            "Klaar? Upload de werkmap in LEA Graph (menu Beheer, Gegevens laden). U ziet eerst "
            "per regel wat er verandert en wat er nog niet klopt; er verandert pas iets als u "
            "op Laden drukt."
        ],
    ]
    if export:
        rows.append(
            [
                "Alle waarden staan als tekst in de cellen, precies zoals ze zijn opgeslagen; "
                "alleen de grijze naamkolommen zijn formules."
            ]
        )
    if boundaries:
        rows.append(
            [
                f"Het werkblad '{model.GEOMETRY_SHEET}' bevat de wijkgrenzen (GeoJSON, WGS84); "
                "pas het niet met de hand aan."
            ]
        )
    rows += [[], ["Tabel", "Kolom", "Verplicht", "Betekenis", "Toegestane waarden of vorm"]]
    for name, spec in model.TABLES.items():
        required_table = getattr(spec, "required_table", False)
        rows.append([name, "", "tabel verplicht" if required_table else "", spec.description, ""])
        for col in spec.columns:
            if col.type == "geojson":  # not typed in: it comes from a GeoJSON file
                continue
            allowed = _allowed(col)
            rows.append(["", col.name, "ja" if col.required else "", col.help, allowed])
    return rows


def write_xlsx(dataset: Dataset, out: str | Path, *, template: bool = False) -> Path:
    """Write the dataset as a workbook: an 'Uitleg' sheet, then one sheet per table.

    Every value is written as a text cell with the Text number format; enumerated
    columns get a drop-down list; the header row is frozen. The wijk boundaries go into
    a last sheet ``wijkgrenzen`` (columns ``wijk`` and ``geometrie``), written when any
    wijk has one; the template never has it.

    Raises
    ------
    lea_graph.errors.ExportError
        If a boundary is longer than an Excel cell holds (32,767 characters); nothing
        is written then.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    boundaries = [] if template else _boundary_rows(dataset)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")

    def header(ws, names) -> list:
        cells = []
        for name in names:
            cell = sheet_cell(ws, name, exact=True)
            cell.font = bold
            cell.fill = header_fill
            cells.append(cell)
        return cells

    def text_row(ws, values) -> list:
        """Text cells (never a formula, kept exactly) with the Text number format; ""
        stays empty."""
        cells = []
        for value in values:
            if value == "":
                cells.append(None)
                continue
            cell = sheet_cell(ws, value, exact=True)
            cell.number_format = "@"
            cells.append(cell)
        return cells

    info = wb.create_sheet("Uitleg")
    for width, letter in zip((22, 18, 16, 70, 50), "ABCDE", strict=True):
        info.column_dimensions[letter].width = width
    for i, row in enumerate(_instruction_rows(export=not template, boundaries=bool(boundaries))):
        cells = []
        for value in row:
            cell = sheet_cell(info, value, exact=True)
            if i == 0 or (row and row[0] == "Tabel"):
                cell.font = bold
            cells.append(cell)
        info.append(cells)

    layouts = {name: _sheet_layout(dataset, name) for name in model.TABLES}
    aid_font = Font(italic=True, color="595959")
    aid_fill = PatternFill("solid", fgColor="F2F2F2")
    for name in model.TABLES:
        ws = wb.create_sheet(name)
        columns = _table_columns(dataset, name)
        layout = layouts[name]
        df = dataset.tables[name][columns]
        ws.freeze_panes = "A2"
        last_row = _last_row(dataset, name)
        letters = {entry: get_column_letter(j) for j, entry in enumerate(layout, start=1)}
        for entry, letter in letters.items():
            col_name, col, aid = entry
            width = 28 if aid else max(12, min(40, len(col_name) + 4))
            ws.column_dimensions[letter].width = width
            if aid or col is None:
                continue
            if col.values:
                dv = DataValidation(
                    type="list",
                    formula1='"' + ",".join(col.values) + '"',
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle="Onbekende waarde",
                    error="Kies een waarde uit de lijst: " + ", ".join(col.values),
                )
            elif col.type == "ref":
                target = col.ref[0]
                id_letter = _letter(layouts[target], "id")
                dv = DataValidation(
                    type="list",
                    formula1=f"{target}!${id_letter}$2:${id_letter}${_last_row(dataset, target)}",
                    allow_blank=True,
                    showErrorMessage=True,
                    errorStyle="warning",
                    errorTitle="Onbekend id",
                    error=f"Dit id staat niet in werkblad '{target}'. Kies er een uit de "
                    f"lijst, of voeg de rij eerst toe in werkblad '{target}'.",
                    showInputMessage=True,
                    promptTitle=col.label or col.name,
                    prompt=f"Kies een id uit werkblad '{target}'; de naam verschijnt in "
                    "de kolom ernaast.",
                )
            else:
                continue
            dv.add(f"{letter}2:{letter}{last_row}")
            ws.data_validations.append(dv)
        heading = header(ws, [entry[0] for entry in layout])
        for cell, (_, _, aid) in zip(heading, layout, strict=True):
            if aid:
                cell.fill = aid_fill
        ws.append(heading)
        values_of = df.itertuples(index=False, name=None)
        for r in range(2, last_row + 1):
            values = dict(zip(columns, next(values_of), strict=True)) if r <= len(df) + 1 else {}
            if not values and not any(aid for _, _, aid in layout):
                break
            row = []
            for col_name, col, aid in layout:
                if not aid:
                    row.extend(text_row(ws, [values.get(col_name, "")]))
                    continue
                target = col.ref[0]
                formula = _name_formula(
                    letters[(col.name, col, False)] + str(r),
                    target,
                    _letter(layouts[target], "id"),
                    _letter(layouts[target], "naam"),
                )
                cell = WriteOnlyCell(ws, value=formula)
                cell.font = aid_font
                cell.fill = aid_fill
                row.append(cell)
            ws.append(row)
    if boundaries:
        ws = wb.create_sheet(model.GEOMETRY_SHEET)
        ws.freeze_panes = "A2"
        ws.column_dimensions["A"].width = 24
        ws.column_dimensions["B"].width = 80
        ws.append(header(ws, ("wijk", model.GEOMETRY_COLUMN)))
        for values in boundaries:
            ws.append(text_row(ws, values))
    wb.save(path)
    return path


def _sheet_layout(dataset: Dataset, name: str) -> list[tuple[str, model.Column | None, bool]]:
    """The columns of a table's sheet in the workbook: (header, column, is reading aid).

    Beside every reference column comes its reading aid (:func:`lea_graph.model.naam_kolom`),
    which shows the name that belongs to the id; extra columns have no ``Column``.
    """
    spec = model.TABLES[name]
    by_name = {c.name: c for c in spec.columns}
    layout: list[tuple[str, model.Column | None, bool]] = []
    for col_name in _table_columns(dataset, name):
        col = by_name.get(col_name)
        layout.append((col_name, col, False))
        if col is not None and col.type == "ref":
            layout.append((model.naam_kolom(col_name), col, True))
    return layout


def _letter(layout: list[tuple[str, model.Column | None, bool]], col_name: str) -> str:
    """The column letter of ``col_name`` in a sheet laid out as ``layout``."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(1 + [e[0] for e in layout].index(col_name))


def _last_row(dataset: Dataset, name: str) -> int:
    """The last row of a sheet that gets drop-down lists and names: room to add rows."""
    return max(len(dataset.tables[name]) + 1, 1000)


def _name_formula(cell: str, target: str, id_letter: str, naam_letter: str) -> str:
    """The formula that shows the name of the id in ``cell``, looked up in sheet
    ``target``; empty when the cell is, "onbekend id" when no row has that id.

    >>> _name_formula("C2", "wijken", "A", "B")
    '=IF(C2="","",IFERROR(INDEX(wijken!$B:$B,MATCH(C2,wijken!$A:$A,0)),"onbekend id"))'
    """
    lookup = f"INDEX({target}!${naam_letter}:${naam_letter},MATCH({cell},{target}!${id_letter}:${id_letter},0))"
    return f'=IF({cell}="","",IFERROR({lookup},"onbekend id"))'


def _boundary_rows(dataset: Dataset) -> list[tuple[str, str]]:
    """(wijk id, boundary) of every wijk with one; an error if one is too long for Excel."""
    rows = [
        (w["id"], w[model.GEOMETRY_COLUMN])
        for w in dataset.rows(model.GEOMETRY_TABLE)
        if w.get(model.GEOMETRY_COLUMN)
    ]
    too_long = [wijk for wijk, geometry in rows if len(geometry) > XLSX_CELL_LIMIT]
    if too_long:
        names = [f"'{w}'" for w in too_long]
        which = (
            dutch_list(names)
            if len(names) <= 5
            else f"{', '.join(names[:5])} en nog {len(names) - 5}"
        )
        raise ExportError(
            f"De wijkgrens van {which} is te lang voor een cel van Excel (hooguit "
            f"{number(XLSX_CELL_LIMIT)} tekens). Download de gegevens als zip met "
            f"CSV-bestanden: daarin staan de wijkgrenzen in {model.GEOMETRY_FILE}."
        )
    return rows


def write_template(out: str | Path) -> Path:
    """Write an empty workbook with every sheet, header row and the 'Uitleg' sheet."""
    return write_xlsx(Dataset.from_rows({}), out, template=True)


def _for_gephi(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with scalar graph attributes and a ``label`` on every node and edge."""
    h = g.copy()
    h.graph.clear()
    h.graph["name"] = "LEA-netwerk"
    for _, data in h.nodes(data=True):
        data["label"] = str(data.get("naam", ""))
    for _, _, data in h.edges(data=True):
        spec = model.EDGE_KINDS.get(data.get("kind", ""))
        data["label"] = spec.type if spec else data.get("kind", "")
    return h


def write_graphml(g: nx.MultiDiGraph, out: str | Path) -> Path:
    """Write GraphML (opens in Gephi, yEd, Cytoscape)."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(_for_gephi(g), path)
    return path


def write_gexf(g: nx.MultiDiGraph, out: str | Path) -> Path:
    """Write GEXF 1.2 (Gephi's own format)."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_gexf(_for_gephi(g), path)
    return path


def write_json(g: nx.MultiDiGraph, out: str | Path) -> Path:
    """Write node-link JSON: ``{"nodes": [...], "edges": [...], "graph": {...}}``."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = nx.node_link_data(g, edges="edges")
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def data_format_markdown() -> str:
    """The tables and columns of the data format as Markdown (``docs/data-format.md``)."""
    lines = [
        "# The LEA network data format",
        "",
        "Generated from `lea_graph/model.py` by `lea-graph template --markdown`; do not edit by hand.",
        "",
        "A dataset is a folder with one CSV file per table (`<table>.csv`; UTF-8 with or",
        "without BOM or Windows-1252; `,` or `;`) or one `.xlsx` workbook with one sheet per",
        "table. Column names are Dutch; empty cells mean *unknown*; extra columns are kept as",
        "properties. Every `id` is unique across the whole dataset. Tables marked *required*",
        "must be present; the others may be absent.",
        "",
        "The workbooks the program writes (template and export) put a reading aid beside",
        f"every reference column: `<column>{model.NAAM_SUFFIX}`, a formula showing the name",
        "that belongs to the id, and give every reference column a drop-down list of the ids",
        "in the referenced sheet. Reading skips such a column (in a CSV file too).",
        "",
    ]
    for name, spec in model.TABLES.items():
        required = " (required)" if getattr(spec, "required_table", False) else ""
        lines += [f"## `{name}`{required}", "", spec.description, ""]
        lines += ["| column | required | meaning (Dutch) | values |", "|---|---|---|---|"]
        for col in spec.columns:
            allowed = _allowed(col)
            lines.append(
                f"| `{col.name}` | {'yes' if col.required else ''} | {col.help} | {allowed} |"
            )
        lines.append("")
    g, t, f, sheet = (
        model.GEOMETRY_COLUMN,
        model.GEOMETRY_TABLE,
        model.GEOMETRY_FILE,
        model.GEOMETRY_SHEET,
    )
    lines += [
        f"## Wijk boundaries (`{f}`)",
        "",
        f"`{g}` of `{t}` is not typed in and not in the Excel template: it comes from a",
        "GeoJSON file. A FeatureCollection of Polygon or MultiPolygon features in WGS84",
        "(longitude, latitude; holes and parts are kept) is matched to the wijken by",
        "`properties.statcode` = `cbs_code` (case-insensitive), else by `properties.wijk` =",
        "`id`. It is read from `--geo FILE` of `validate` and `load` (also a GeoPackage",
        "`.gpkg`, reprojected from RD New, with the extra `lea-graph[geo]`), from the second",
        f"file of the upload page, or from the dataset itself: `{f}` in a CSV folder or",
        f"zip, the sheet `{sheet}` (columns `wijk`, `{g}`) in a workbook. The exports write",
        "it the same way. A feature that matches no wijk, and wijken without a feature, are",
        "warnings; invalid JSON, another kind of file, a geometry that is not a",
        "(Multi)Polygon, an open ring or one with fewer than 4 positions, coordinates outside",
        "WGS84 (such as RD New metres) and two features for one wijk are errors.",
        "",
    ]
    return "\n".join(lines)
