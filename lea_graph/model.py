"""The LEA network schema: node kinds, relationship kinds, their columns and rules.

This module is the single description of the data format (see ``DATA_FORMAT.md``).
Import validation, graph building, the stores' load statements, exports, the Excel
template and the web pages' labels all read it; nothing else repeats it.

Terminology
-----------
table
    A sheet or CSV file in the data format (``partners``, ``hub_leden``, ...).
kind
    The value of the ``kind`` attribute of a node or edge in the graph
    (``partner``, ``hub_leden``, ``school_wijk``, ...).
label / type
    The Cypher node label (``Partner``) or relationship type (``LID_VAN``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

__all__ = [
    "ALL_KINDS",
    "EDGE_KINDS",
    "ENUMS",
    "GEOMETRY_COLUMN",
    "GEOMETRY_FILE",
    "GEOMETRY_SHEET",
    "GEOMETRY_TABLE",
    "ID_PATTERN",
    "LEA_EERSTE_SCHOOLJAAR",
    "LINKS",
    "NAAM_SUFFIX",
    "NODE_KINDS",
    "ONGOING_KINDS",
    "RELATIONS",
    "TABLES",
    "YEAR_KINDS",
    "Column",
    "Link",
    "NodeKind",
    "Relation",
    "column_label",
    "counts_in_year",
    "edge_kind",
    "is_naam_kolom",
    "naam_kolom",
    "node_kind",
    "parse_schooljaar",
    "relation_noun",
    "row_key",
    "schooljaar_keuzes",
    "schooljaar_of",
    "schooljaar_start",
    "table",
    "wijk_soort",
]

ColumnType = Literal[
    "id",
    "text",
    "enum",
    "ref",
    "int",
    "code",
    "schooljaar",
    "url",
    "geojson",
    "datum",
    "tellingen",
    "aantal",
    "punt",
]

#: Ids appear in URLs, file names and Cypher parameters: keep them plain.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$")

#: Extra columns become node or edge properties: keep their names plain too.
COLUMN_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")

#: Names that would collide with what the graph adds itself.
RESERVED_COLUMNS = frozenset({"kind", "key", "label", "source", "target", "_row"})

ENUMS: dict[str, tuple[str, ...]] = {
    "domein": ("cultuur", "sport", "techniek", "natuur", "werk", "burgerschap"),
    "partner_type": (
        "cultuur",
        "sport",
        "gezondheid",
        "welzijn",
        "bibliotheek",
        "natuur",
        "techniek",
        "werk",
        "burgerschap",
        "onderwijs",
        "kinderopvang",
        "gemeente",
        "samenwerkingsverband",
        "fonds",
        "overig",
    ),
    "pact": ("ja", "nee"),
    "ses": ("laag", "midden", "hoog"),
    "wijk_soort": ("woonwijk", "bedrijventerrein", "buitengebied"),
    "sector": ("kinderopvang", "peuteropvang", "po", "sbo", "so", "vso", "vo", "mbo"),
    "hub_rol": ("trekker", "partner"),
    "programma_rol": ("uitvoerder", "financier", "regie"),
}

#: Dutch names of the enumerated values where the code alone is not clear to a reader.
ENUM_LABELS: dict[str, str] = {
    "cultuur": "cultuur en muziek",
    "sport": "sport en gezondheid",
    "techniek": "techniek",
    "natuur": "natuur-, milieu- en duurzaamheidseducatie",
    "werk": "de wereld van werken",
    "burgerschap": "burgerschap, identiteit en global goals",
    "kinderopvang": "kinderopvang",
    "peuteropvang": "peuteropvang",
    "po": "primair onderwijs",
    "sbo": "speciaal basisonderwijs",
    "so": "speciaal onderwijs",
    "vso": "voortgezet speciaal onderwijs",
    "vo": "voortgezet onderwijs",
    "mbo": "middelbaar beroepsonderwijs",
}

#: Code formats: (pattern on the upper-cased value, Dutch description, example).
CODE_FORMATS: dict[str, tuple[re.Pattern[str], str, str]] = {
    "cbs_code": (
        re.compile(r"^WK[0-9A-Z]{6}$"),
        "'WK' gevolgd door 6 cijfers of letters",
        "WK085510",
    ),
    "brin": (re.compile(r"^[0-9A-Z]{4}$"), "4 tekens (cijfers of letters)", "21AB"),
    "vestigingscode": (re.compile(r"^[0-9A-Z]{6}$"), "6 tekens (cijfers of letters)", "21AB00"),
    "lrk_nummer": (re.compile(r"^[0-9]{9}$"), "9 cijfers", "123456789"),
}

SCHOOLJAAR_PATTERN = re.compile(r"^(\d{4})-(\d{4})$")
#: How a person may type a schooljaar (``2023-2024``, ``2023/2024``, ``2023 – 2024``):
#: the two years as groups, without anchors, for the checks of the data
#: (:mod:`lea_graph.ingest.validate`) and of pupil counts (:mod:`lea_graph.cijfers`).
SCHOOLJAAR_TYPED = r"(\d{4})\s*[-/–]\s*(\d{4})"


@dataclass(frozen=True)
class Column:
    """One column of a table.

    Parameters
    ----------
    name
        Column name as it appears in the header row (Dutch, lower case).
    type
        ``id``, ``text``, ``enum``, ``ref``, ``int`` (non-negative whole number),
        ``code`` (a register code, see ``CODE_FORMATS``), ``schooljaar``, ``url``,
        ``datum`` (a calendar date as ``JJJJ-MM-DD``), ``geojson`` (a GeoJSON Polygon or
        MultiPolygon geometry in WGS84, as compact JSON text; read from a GeoJSON file,
        never typed into the template), ``tellingen`` (counts per schooljaar,
        ``2024-2025: 412; 2025-2026: 398``, :func:`lea_graph.cijfers.parse_tellingen`),
        ``aantal`` (a whole number or a range of them, ``630-690``) or ``punt`` (a point
        in WGS84 as ``breedtegraad, lengtegraad``, ``51.5606, 5.0845``).
    required
        Whether every row needs a value.
    label
        Dutch label for pages and the Excel template.
    help
        Dutch explanation for the people who fill in the template.
    enum
        Key into ``ENUMS`` for ``enum`` columns.
    ref
        Tables whose ids the value must be, for ``ref`` columns.
    """

    name: str
    type: ColumnType = "text"
    required: bool = False
    label: str = ""
    help: str = ""
    enum: str | None = None
    ref: tuple[str, ...] = ()

    @property
    def values(self) -> tuple[str, ...]:
        """Allowed values of an ``enum`` column (empty for other types)."""
        return ENUMS[self.enum] if self.enum else ()


def _id(prefix: str) -> Column:
    return Column(
        "id",
        "id",
        True,
        "Id",
        f"Unieke code van deze rij in de hele dataset, bijvoorbeeld '{prefix}1'. "
        "Alleen letters, cijfers, '-', '_', '.' en ':'.",
    )


def _naam(what: str) -> Column:
    return Column("naam", "text", True, "Naam", f"Naam van {what}.")


_BRON = Column(
    "bron",
    "text",
    False,
    "Bron",
    "Waar komt deze rij vandaan: een document, register of enquête, "
    "of 'voorbeeld' voor verzonnen voorbeeldgegevens.",
)
_BESCHRIJVING = Column("beschrijving", "text", False, "Beschrijving", "Korte omschrijving.")
_GEMEENTE = Column(
    "gemeente",
    "text",
    False,
    "Gemeente",
    "Naam van de gemeente; nodig als één dataset meer gemeenten bevat.",
)
_SCHOOLJAAR = Column(
    "schooljaar",
    "schooljaar",
    False,
    "Schooljaar",
    "Schooljaar als '2023-2024' (twee opeenvolgende jaren).",
)


@dataclass(frozen=True)
class NodeKind:
    """A kind of node and the table it is read from."""

    kind: str
    table: str
    label: str
    prefix: str
    singular: str
    plural: str
    description: str
    columns: tuple[Column, ...]
    required_table: bool = False

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def key(self) -> tuple[str, ...]:
        """The column that says which row it is: its id (see :func:`row_key`)."""
        return ("id",)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class Relation:
    """A relationship table: each row is one edge between two nodes.

    ``key`` are the columns that say which row it is (see :func:`row_key`): what the row
    connects (its two ends, the hub or programme it falls under) and its schooljaar. The
    other columns (deelnemers, rol, soort, bron) are what can change about it.
    """

    kind: str
    table: str
    type: str
    source: str
    target: str
    singular: str
    plural: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    directed: bool = True

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def property_columns(self) -> tuple[Column, ...]:
        """Columns stored on the edge (all but the two endpoints)."""
        return tuple(c for c in self.columns if c.name not in (self.source, self.target))

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class Link:
    """A structural edge implied by a reference column of a node table."""

    kind: str
    table: str
    column: str
    type: str
    label: str = field(default="")

    @property
    def title(self) -> str:
        """Dutch description, e.g. 'school ligt in wijk'."""
        source = node_kind(self.table).kind
        target = node_kind(TABLES[self.table].column(self.column).ref[0]).kind
        return f"{source} {self.label} {target}"


NODE_KINDS: tuple[NodeKind, ...] = (
    NodeKind(
        "ambitie",
        "ambities",
        "Ambitie",
        "a-",
        "ambitie",
        "ambities",
        "De drie ambities van de LEA.",
        (_id("a-"), _naam("de ambitie"), _BRON),
    ),
    NodeKind(
        "cluster",
        "clusters",
        "Cluster",
        "c-",
        "cluster",
        "clusters",
        "De drie clusters van de uitvoeringsagenda: De basis, Brede talentontwikkeling, Welzijn.",
        (
            _id("c-"),
            _naam("het cluster"),
            Column("ambitie", "ref", False, "Ambitie", "Id van de ambitie.", ref=("ambities",)),
            _BRON,
        ),
    ),
    NodeKind(
        "thema",
        "themas",
        "Thema",
        "t-",
        "thema",
        "thema's",
        "De thema's binnen een cluster.",
        (
            _id("t-"),
            _naam("het thema"),
            Column("cluster", "ref", True, "Cluster", "Id van het cluster.", ref=("clusters",)),
            _BRON,
        ),
    ),
    NodeKind(
        "hub",
        "hubs",
        "Hub",
        "h-",
        "hub",
        "hubs",
        "De zes kenniscentra/hubs voor brede talentontwikkeling.",
        (
            _id("h-"),
            _naam("de hub"),
            Column(
                "domein",
                "enum",
                True,
                "Domein",
                "Het domein van de hub.",
                enum="domein",
            ),
            _GEMEENTE,
            _BESCHRIJVING,
            _BRON,
        ),
        required_table=True,
    ),
    NodeKind(
        "partner",
        "partners",
        "Partner",
        "p-",
        "partner",
        "partners",
        "Organisaties die bijdragen: aanbieders, welzijn, gezondheid, fondsen, gemeente.",
        (
            _id("p-"),
            _naam("de organisatie"),
            Column("type", "enum", True, "Type", "Soort organisatie.", enum="partner_type"),
            Column(
                "website",
                "url",
                False,
                "Website",
                "Adres van de website, beginnend met https:// of http://.",
            ),
            _BESCHRIJVING,
            _BRON,
            Column(
                "laatst_bevestigd",
                "datum",
                False,
                "Laatst bevestigd",
                "Datum (JJJJ-MM-DD) waarop de partner voor het laatst liet weten dat zijn "
                "gegevens kloppen. LEA Graph zet deze datum zelf als een coördinator een "
                "voorstel van de partner goedkeurt.",
            ),
        ),
        required_table=True,
    ),
    NodeKind(
        "programma",
        "programmas",
        "Programma",
        "pr-",
        "programma",
        "programma's",
        "Acties en programma's van de LEA (Taal52, Zomerschool, Rijke Schooldag, ...).",
        (
            _id("pr-"),
            _naam("het programma"),
            Column("cluster", "ref", False, "Cluster", "Id van het cluster.", ref=("clusters",)),
            Column("thema", "ref", False, "Thema", "Id van het thema.", ref=("themas",)),
            _BESCHRIJVING,
            _BRON,
        ),
    ),
    NodeKind(
        "wijk",
        "wijken",
        "Wijk",
        "w-",
        "wijk",
        "wijken",
        "De wijken van de gemeente.",
        (
            _id("w-"),
            _naam("de wijk"),
            Column(
                "cbs_code",
                "code",
                False,
                "CBS-code",
                "CBS-wijkcode, bijvoorbeeld WK085510. Leeg laten als u het niet zeker weet.",
            ),
            _GEMEENTE,
            Column("stadsdeel", "text", False, "Stadsdeel", "Stadsdeel of gebied."),
            Column(
                "soort",
                "enum",
                False,
                "Soort wijk",
                "'woonwijk', 'bedrijventerrein' of 'buitengebied'. Leeg betekent woonwijk.",
                enum="wijk_soort",
            ),
            Column(
                "pact",
                "enum",
                False,
                "PacT-wijk",
                "'ja' als de wijk onder de PacT-aanpak valt.",
                enum="pact",
            ),
            Column(
                "ses",
                "enum",
                False,
                "SES",
                "Sociaaleconomische status van de wijk.",
                enum="ses",
            ),
            Column(
                "ses_bron",
                "text",
                False,
                "Bron SES",
                "Waar de SES vandaan komt, of 'voorbeeld' als hij verzonnen is.",
            ),
            Column(
                "kinderen_0_17",
                "int",
                False,
                "Kinderen 0-17",
                "Aantal kinderen van 0 tot en met 17 jaar dat in de wijk woont.",
            ),
            Column(
                "kinderen_0_14",
                "aantal",
                False,
                "Kinderen 0-14",
                "Aantal kinderen van 0 tot en met 14 jaar, of een bereik zoals 630-690 als "
                "alleen een afgerond percentage bekend is (zo publiceert CBS het).",
            ),
            Column(
                "kinderen_bron",
                "text",
                False,
                "Bron kinderen",
                "Waar het aantal kinderen vandaan komt, met jaar (bijvoorbeeld 'CBS, 2020'), "
                "of 'voorbeeld' als het verzonnen is.",
            ),
            Column("inwoners", "int", False, "Inwoners", "Aantal inwoners van de wijk."),
            Column(
                "inwoners_bron",
                "text",
                False,
                "Bron inwoners",
                "Waar het aantal inwoners vandaan komt, met datum (bijvoorbeeld 'CBS, 1 januari "
                "2024').",
            ),
            Column(
                "geometrie",
                "geojson",
                False,
                "Wijkgrens",
                "De grens van de wijk. Niet zelf invullen: komt uit een GeoJSON-bestand "
                "(wijken.geojson bij de gegevens, of los aangeleverd bij het laden), "
                "gekoppeld op de CBS-code.",
            ),
            _BRON,
        ),
        required_table=True,
    ),
    NodeKind(
        "school",
        "scholen",
        "School",
        "s-",
        "school of opvanglocatie",
        "scholen en opvanglocaties",
        "Alle locaties waar kinderen zijn: kinderopvang, peuteropvang en scholen.",
        (
            _id("s-"),
            _naam("de school of locatie"),
            Column("sector", "enum", True, "Sector", "Soort locatie.", enum="sector"),
            Column(
                "wijk",
                "ref",
                False,
                "Wijk",
                "Id van de wijk waar de locatie ligt. Leeg laten mag als de locatie een punt "
                "heeft en de wijken een grens: dan volgt de wijk uit het punt.",
                ref=("wijken",),
            ),
            Column("plaats", "text", False, "Plaats", "De plaats van het adres."),
            Column(
                "punt",
                "punt",
                False,
                "Punt",
                "Waar de locatie ligt, als 'breedtegraad, lengtegraad' (WGS84), bijvoorbeeld "
                "'51.5606, 5.0845' zoals een kaart op internet het toont.",
            ),
            Column(
                "brin", "code", False, "BRIN", "BRIN-code van het bestuur/de instelling (4 tekens)."
            ),
            Column(
                "vestigingscode",
                "code",
                False,
                "Vestigingscode",
                "Vestigingscode van DUO (6 tekens, begint met de BRIN).",
            ),
            Column(
                "lrk_nummer",
                "code",
                False,
                "LRK-nummer",
                "Registratienummer in het Landelijk Register Kinderopvang (9 cijfers).",
            ),
            Column("leerlingen", "int", False, "Leerlingen", "Aantal leerlingen of kinderen."),
            Column(
                "leerlingen_per_jaar",
                "tellingen",
                False,
                "Leerlingen per schooljaar",
                "Leerlingen per schooljaar zoals DUO ze telt op 1 oktober, bijvoorbeeld "
                "'2024-2025: 412; 2025-2026: 398'. Gaat voor 'leerlingen'.",
            ),
            Column(
                "leerlingen_bron",
                "text",
                False,
                "Bron leerlingen",
                "Waar de leerlingenaantallen vandaan komen, bijvoorbeeld 'DUO'.",
            ),
            Column("bestuur", "text", False, "Bestuur", "Schoolbestuur of houder."),
            _BRON,
        ),
        required_table=True,
    ),
)

#: Where a wijk keeps its boundary: a ``geojson`` column of the wijken table. In a CSV
#: folder or zip it travels as ``wijken.geojson``, in a workbook as sheet ``wijkgrenzen``.
GEOMETRY_TABLE = "wijken"
GEOMETRY_COLUMN = "geometrie"
GEOMETRY_FILE = "wijken.geojson"
GEOMETRY_SHEET = "wijkgrenzen"

#: How the workbook for people names the column it puts beside each reference: the
#: name that belongs to the id (a formula, so it follows what the user picks). It is a
#: reading aid only: reading a workbook or CSV file skips such a column.
NAAM_SUFFIX = " (naam)"


def naam_kolom(column: str) -> str:
    """The reading-aid column beside reference column ``column`` in a workbook.

    >>> naam_kolom("wijk")
    'wijk (naam)'
    """
    return column + NAAM_SUFFIX


def is_naam_kolom(table_name: str, header: str) -> bool:
    """Whether ``header`` is the reading-aid column beside a reference of ``table_name``.

    >>> is_naam_kolom("scholen", "Wijk (naam)"), is_naam_kolom("scholen", "naam")
    (True, False)
    """
    text = header.strip().lower()
    spec = TABLES.get(table_name)
    if spec is None or not text.endswith(NAAM_SUFFIX):
        return False
    base = text[: -len(NAAM_SUFFIX)]
    return any(c.name == base and c.type == "ref" for c in spec.columns)


_PARTNER_REF = ("partners",)

RELATIONS: tuple[Relation, ...] = (
    Relation(
        "hub_leden",
        "hub_leden",
        "LID_VAN",
        "partner",
        "hub",
        "hublidmaatschap",
        "hubleden",
        "Een partner hoort bij een hub.",
        (
            Column("partner", "ref", True, "Partner", "Id van de partner.", ref=_PARTNER_REF),
            Column("hub", "ref", True, "Hub", "Id van de hub.", ref=("hubs",)),
            Column("rol", "enum", False, "Rol", "Rol in de hub.", enum="hub_rol"),
            _BRON,
        ),
        key=("partner", "hub"),
    ),
    Relation(
        "activiteiten",
        "activiteiten",
        "ACTIVITEIT_OP",
        "partner",
        "school",
        "activiteit",
        "activiteiten",
        "Een partner verzorgt een activiteit op een school of opvanglocatie.",
        (
            Column("partner", "ref", True, "Partner", "Id van de partner.", ref=_PARTNER_REF),
            Column(
                "school", "ref", True, "School", "Id van de school of locatie.", ref=("scholen",)
            ),
            Column(
                "programma", "ref", False, "Programma", "Id van het programma.", ref=("programmas",)
            ),
            Column("hub", "ref", False, "Hub", "Id van de hub waaronder dit valt.", ref=("hubs",)),
            _SCHOOLJAAR,
            Column("deelnemers", "int", False, "Deelnemers", "Aantal bereikte kinderen."),
            _BRON,
        ),
        key=("partner", "school", "hub", "programma", "schooljaar"),
    ),
    Relation(
        "wijkinzet",
        "wijkinzet",
        "INZET_IN",
        "partner",
        "wijk",
        "wijkinzet",
        "wijkinzet",
        "Een partner werkt in een wijk buiten een bepaalde school (buurtsport, ouderkamer, ...).",
        (
            Column("partner", "ref", True, "Partner", "Id van de partner.", ref=_PARTNER_REF),
            Column("wijk", "ref", True, "Wijk", "Id van de wijk.", ref=("wijken",)),
            Column(
                "programma", "ref", False, "Programma", "Id van het programma.", ref=("programmas",)
            ),
            _SCHOOLJAAR,
            _BRON,
        ),
        key=("partner", "wijk", "programma", "schooljaar"),
    ),
    Relation(
        "samenwerkingen",
        "samenwerkingen",
        "WERKT_SAMEN_MET",
        "partner_a",
        "partner_b",
        "samenwerking",
        "samenwerkingen",
        "Een bekende samenwerking tussen twee partners (zonder richting).",
        (
            Column(
                "partner_a", "ref", True, "Partner A", "Id van de ene partner.", ref=_PARTNER_REF
            ),
            Column(
                "partner_b", "ref", True, "Partner B", "Id van de andere partner.", ref=_PARTNER_REF
            ),
            Column("soort", "text", False, "Soort", "Soort samenwerking."),
            _SCHOOLJAAR,
            _BRON,
        ),
        key=("partner_a", "partner_b", "schooljaar"),
        directed=False,
    ),
    Relation(
        "programma_partners",
        "programma_partners",
        "DOET_MEE_AAN",
        "partner",
        "programma",
        "programmadeelname",
        "programmadeelnames",
        "Een partner doet mee aan een programma.",
        (
            Column("partner", "ref", True, "Partner", "Id van de partner.", ref=_PARTNER_REF),
            Column(
                "programma", "ref", True, "Programma", "Id van het programma.", ref=("programmas",)
            ),
            Column("rol", "enum", False, "Rol", "Rol in het programma.", enum="programma_rol"),
            _BRON,
        ),
        key=("partner", "programma"),
    ),
)

LINKS: tuple[Link, ...] = (
    Link("school_wijk", "scholen", "wijk", "LIGT_IN", "ligt in"),
    Link("thema_cluster", "themas", "cluster", "HOORT_BIJ", "hoort bij"),
    Link("cluster_ambitie", "clusters", "ambitie", "DRAAGT_BIJ_AAN", "draagt bij aan"),
    Link("programma_cluster", "programmas", "cluster", "VALT_ONDER", "valt onder"),
    Link("programma_thema", "programmas", "thema", "GAAT_OVER", "gaat over"),
)

TABLES: dict[str, NodeKind | Relation] = {
    **{n.table: n for n in NODE_KINDS},
    **{r.table: r for r in RELATIONS},
}
_NODE_BY_KIND = {n.kind: n for n in NODE_KINDS}
_NODE_BY_TABLE = {n.table: n for n in NODE_KINDS}
EDGE_KINDS: dict[str, Relation | Link] = {
    **{r.kind: r for r in RELATIONS},
    **{lk.kind: lk for lk in LINKS},
}
ALL_KINDS: tuple[str, ...] = tuple(_NODE_BY_KIND) + tuple(EDGE_KINDS)

_COLUMN_LABELS = {c.name: c.label for spec in TABLES.values() for c in spec.columns}


def column_label(column: str) -> str:
    """Dutch column header for people: ``wijk_naam`` → ``Naam wijk``, ``ses`` → ``SES``.

    Examples
    --------
    >>> column_label("ses"), column_label("wijk_naam"), column_label("aantal_scholen")
    ('SES', 'Naam wijk', 'Aantal scholen')
    """
    column = str(column)
    if column in _COLUMN_LABELS and column not in ("id", "naam"):
        return _COLUMN_LABELS[column]
    if column.endswith("_naam"):
        return "Naam " + column.removesuffix("_naam").replace("_", " ")
    if column.endswith("_type"):
        return "Type " + column.removesuffix("_type").replace("_", " ")
    text = column.replace("_", " ")
    return text[:1].upper() + text[1:]


# -- which row it is ---------------------------------------------------------------------------


def row_key(table: str, row: Mapping[str, object]) -> tuple[str, ...]:
    """Which row of ``table`` this is, whatever else it says: a node by its id, a relation
    by its :attr:`Relation.key` (the two partners of a samenwerking in either order).

    Two versions of a row with the same key are the same row, changed when another column
    differs (:mod:`lea_graph.diff` counts by this); an empty column is part of the key as
    ``""``.

    Examples
    --------
    >>> row_key("partners", {"id": "p-1", "naam": "Club"})
    ('p-1',)
    >>> row_key("activiteiten", {"partner": "p-1", "school": "s-1", "schooljaar": "2025-2026",
    ...                          "deelnemers": "40"})
    ('p-1', 's-1', '', '', '2025-2026')
    >>> row_key("samenwerkingen", {"partner_a": "p-2", "partner_b": "p-1", "soort": "x"})
    ('p-1', 'p-2', '')
    """
    spec = TABLES[table]
    values = tuple(str(row.get(c) or "") for c in spec.key)
    if isinstance(spec, Relation) and not spec.directed:
        return (*sorted(values[:2]), *values[2:])
    return values


# -- the schooljaar rule ---------------------------------------------------------------------

#: Relation kinds that hold for one schooljaar: the relations with a ``schooljaar`` column.
YEAR_KINDS: tuple[str, ...] = tuple(
    r.kind for r in RELATIONS if any(c.name == "schooljaar" for c in r.columns)
)
#: Year-bound kinds whose rows without a schooljaar count in every year (taken to be
#: ongoing). An activity or wijkinzet without a year counts only when no year is chosen.
ONGOING_KINDS: tuple[str, ...] = ("samenwerkingen",)


def counts_in_year(kind: str, year: str | None, schooljaar: str | None) -> bool:
    """Whether a relation of ``kind`` with schooljaar ``year`` counts for ``schooljaar``.

    With no schooljaar chosen everything counts; relations without a schooljaar column
    count in every year.

    Examples
    --------
    >>> counts_in_year("activiteiten", "2023-2024", "2024-2025")
    False
    >>> counts_in_year("activiteiten", None, "2024-2025"), counts_in_year("samenwerkingen", "", "2024-2025")
    (False, True)
    >>> counts_in_year("hub_leden", None, "2024-2025"), counts_in_year("wijkinzet", "x", None)
    (True, True)
    """
    if schooljaar is None or kind not in YEAR_KINDS:
        return True
    return year == schooljaar or (kind in ONGOING_KINDS and not year)


def relation_noun(kind: str, n: int) -> str:
    """The Dutch noun for ``n`` relations of ``kind`` (``1 activiteit``, ``3 hubleden``).

    Examples
    --------
    >>> relation_noun("activiteiten", 1), relation_noun("hub_leden", 3), relation_noun("school_wijk", 2)
    ('activiteit', 'hubleden', 'ligt in')
    """
    spec = EDGE_KINDS.get(kind)
    if isinstance(spec, Relation):
        return spec.singular if n == 1 else spec.plural
    return spec.label if spec is not None else kind


def table(name: str) -> NodeKind | Relation:
    """Return the node kind or relation of a table name."""
    return TABLES[name]


def node_kind(kind_or_table: str) -> NodeKind:
    """Return a node kind by its kind (``partner``) or its table (``partners``)."""
    return _NODE_BY_KIND.get(kind_or_table) or _NODE_BY_TABLE[kind_or_table]


def edge_kind(kind: str) -> Relation | Link:
    """Return a relation or structural link by its edge kind."""
    return EDGE_KINDS[kind]


def wijk_soort(value: str | None) -> str:
    """The soort of a wijk (``woonwijk``, ``bedrijventerrein``, ``buitengebied``).

    An empty value means ``woonwijk``: most wijken are, and the column is optional.

    Examples
    --------
    >>> wijk_soort("")
    'woonwijk'
    >>> wijk_soort("Bedrijventerrein")
    'bedrijventerrein'
    """
    return (value if isinstance(value, str) else "").strip().lower() or "woonwijk"


def parse_schooljaar(value: str) -> tuple[int, int] | None:
    """Return the two years of a schooljaar like ``2023-2024``, or None if malformed.

    Examples
    --------
    >>> parse_schooljaar("2023-2024")
    (2023, 2024)
    >>> parse_schooljaar("2023-2025") is None
    True
    """
    m = SCHOOLJAAR_PATTERN.match(value)
    if not m:
        return None
    start, end = int(m.group(1)), int(m.group(2))
    if end != start + 1 or not 1990 <= start <= 2100:
        return None
    return start, end


#: The school year runs from 1 August to 31 July (the Dutch legal school year).
SCHOOLJAAR_START_MONTH = 8


def schooljaar_of(day: date) -> str:
    """The schooljaar a calendar day falls in (from 1 August to 31 July).

    Examples
    --------
    >>> schooljaar_of(date(2026, 7, 31)), schooljaar_of(date(2026, 8, 1))
    ('2025-2026', '2026-2027')
    """
    start = day.year if day.month >= SCHOOLJAAR_START_MONTH else day.year - 1
    return f"{start}-{start + 1}"


#: The first schooljaar of the current Lokale Educatieve Agenda (its period runs from
#: this schooljaar on; every schooljaar since can be chosen in forms).
LEA_EERSTE_SCHOOLJAAR = "2023-2024"


def schooljaar_keuzes(day: date) -> list[str]:
    """The schooljaren a person can choose on ``day``: every schooljaar of the LEA
    period (from :data:`LEA_EERSTE_SCHOOLJAAR`) up to and including the current one
    and the next one, oldest first.

    Examples
    --------
    >>> schooljaar_keuzes(date(2026, 12, 6))
    ['2023-2024', '2024-2025', '2025-2026', '2026-2027', '2027-2028']
    >>> schooljaar_keuzes(date(2024, 7, 31))
    ['2023-2024', '2024-2025']
    """
    first = int(LEA_EERSTE_SCHOOLJAAR[:4])
    last = int(schooljaar_of(day)[:4]) + 1
    return [f"{y}-{y + 1}" for y in range(first, max(first, last) + 1)]


def schooljaar_start(schooljaar: str) -> date:
    """The first day of a schooljaar like ``2026-2027`` (1 August 2026)."""
    years = parse_schooljaar(schooljaar)
    if years is None:
        raise ValueError(f"Ongeldig schooljaar: {schooljaar!r}")
    return date(years[0], SCHOOLJAAR_START_MONTH, 1)
