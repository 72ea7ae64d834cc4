"""The Cypher library: reads the statement files in ``cypher/`` (the only Cypher there is).

Every file starts with comment lines: a title, optional description lines, and one
``@param`` line per parameter::

    // Wie doet wat in een wijk.
    // @param wijk text: id van de wijk
    // @param schooljaar text = null: alleen dit schooljaar; leeg = alle jaren

``TYPE`` is ``text``, ``search`` (text made case- and accent-insensitive with
:func:`lea_graph.text.fold` before it is sent), ``int``, ``list`` or ``map``; ``= DEFAULT`` (a JSON literal)
makes a parameter optional. Values reach the database only as parameters.

The load statements in ``cypher/load/`` (FalkorDB: straight into a new, empty graph)
and ``cypher/staging/`` (Neo4j: a new version beside the current one in the same
database), and the schemas in ``cypher/schema/`` are generated from
:mod:`lea_graph.model` (``python -m lea_graph.cypher``); a test checks that the files
match.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lea_graph import model
from lea_graph.errors import LeaGraphError
from lea_graph.resources import cypher_dir
from lea_graph.text import fold

__all__ = [
    "NODE_LABEL",
    "OLD_LABEL",
    "STAGING_LABEL",
    "Param",
    "QueryParamError",
    "Statement",
    "generated_files",
    "named_queries",
    "statement",
]

#: Label every network node carries besides its own, so that one index finds any id.
NODE_LABEL = "Knoop"
#: Neo4j's staged load: nodes of a version being loaded carry only this label (and their
#: kind as a property), so that no query of the current network sees them.
STAGING_LABEL = "Laden"
#: Neo4j's staged load: nodes of the version that was replaced, until they are removed.
OLD_LABEL = "Oud"

_PARAM = re.compile(r"^@param\s+(\w+)\s+(text|search|int|list|map)\s*(?:=\s*(.+?))?\s*:\s*(.*)$")


class QueryParamError(LeaGraphError):
    """A named query was called with a missing, unknown or wrongly typed parameter."""


@dataclass(frozen=True)
class Param:
    """One declared parameter of a statement."""

    name: str
    type: str
    required: bool
    default: Any
    help: str

    def coerce(self, value: Any) -> Any:
        """Check (and for text from a command line, convert) a value of this type."""
        if value is None:
            return None
        if self.type == "int":
            if isinstance(value, bool):
                raise QueryParamError(f"Parameter '{self.name}' moet een heel getal zijn.")
            if isinstance(value, int):
                return value
            if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
                return int(value)
            raise QueryParamError(
                f"Parameter '{self.name}' moet een heel getal zijn, niet '{value}'."
            )
        if self.type in ("text", "search"):
            if not isinstance(value, str):
                raise QueryParamError(f"Parameter '{self.name}' moet tekst zijn.")
            if "\x00" in value:  # the embedded store cannot pass it on (nor can a name hold it)
                raise QueryParamError(f"Parameter '{self.name}' bevat een ongeldig teken (NUL).")
            return fold(value) if self.type == "search" else value
        if self.type == "list":
            if isinstance(value, str):
                return [v.strip() for v in value.split(",") if v.strip()]
            if not isinstance(value, list | tuple):
                raise QueryParamError(f"Parameter '{self.name}' moet een lijst zijn.")
            return list(value)
        if not isinstance(value, dict):
            raise QueryParamError(f"Parameter '{self.name}' moet een map zijn.")
        return value


@dataclass(frozen=True)
class Statement:
    """A statement file: its name, title, parameters and Cypher text."""

    name: str
    path: Path
    title: str
    description: str
    params: tuple[Param, ...]
    text: str

    @property
    def cypher(self) -> str:
        """The Cypher without the header comments (what is sent to the database)."""
        lines = [ln for ln in self.text.splitlines() if not ln.lstrip().startswith("//")]
        return "\n".join(lines).strip()

    def statements(self) -> list[str]:
        """The separate statements of a file with several (schema files)."""
        return [s.strip() for s in self.cypher.split(";") if s.strip()]

    def bind(self, values: dict[str, Any]) -> dict[str, Any]:
        """Check parameter names, apply defaults and coerce types.

        Raises
        ------
        QueryParamError
            For an unknown or missing parameter, or a value of the wrong type.
        """
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            allowed = ", ".join(known) or "geen"
            raise QueryParamError(
                f"Onbekende parameter(s) voor '{self.name}': {', '.join(unknown)}. "
                f"Toegestaan: {allowed}."
            )
        bound = {}
        for p in self.params:
            if p.name in values:
                bound[p.name] = p.coerce(values[p.name])
            elif p.required:
                raise QueryParamError(f"Parameter '{p.name}' ontbreekt: {p.help}")
            else:
                bound[p.name] = p.default
        return bound


def _parse(name: str, path: Path) -> Statement:
    text = path.read_text(encoding="utf-8")
    header = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("//"):
            break
        header.append(stripped[2:].strip())
    params = []
    prose = []
    for line in header:
        m = _PARAM.match(line)
        if m:
            pname, ptype, default, help_text = m.groups()
            params.append(
                Param(
                    pname,
                    ptype,
                    default is None,
                    json.loads(default) if default is not None else None,
                    help_text,
                )
            )
        elif line:
            prose.append(line)
    if not prose:
        raise ValueError(f"{path}: a statement file must start with a comment saying what it does")
    return Statement(name, path, prose[0], " ".join(prose[1:]), tuple(params), text)


@cache
def statement(name: str) -> Statement:
    """Return the statement ``cypher/<name>.cypher`` (e.g. ``queries/zoeken``)."""
    path = cypher_dir() / f"{name}.cypher"
    if not path.is_file():
        raise KeyError(name)
    return _parse(name, path)


@cache
def named_queries() -> dict[str, Statement]:
    """The user-facing queries of ``cypher/queries/``, by short name."""
    folder = cypher_dir() / "queries"
    return {p.stem: _parse(p.stem, p) for p in sorted(folder.glob("*.cypher"))}


# -- generated load statements ------------------------------------------------------------


def _label(table: str) -> str:
    return model.node_kind(table).label


def generated_files() -> dict[str, str]:
    """Text of every generated file, by path under ``cypher/``: load statements and schemas."""
    files: dict[str, str] = {}
    for nk in model.NODE_KINDS:
        files[f"load/{nk.kind}.cypher"] = (
            f"// Laad een reeks {nk.plural} in een lege graaf (gegenereerd uit model.py).\n"
            "// @param rows list: [{id, props}] per knoop\n"
            "UNWIND $rows AS row\n"
            f"CREATE (n:{NODE_LABEL}:{nk.label} {{id: row.id}})\n"
            "SET n += row.props\n"
            "RETURN count(n) AS created\n"
        )
    ends: list[tuple[str, str, str, str, str]] = []
    for rel in model.RELATIONS:
        src = _label(rel.column(rel.source).ref[0])
        dst = _label(rel.column(rel.target).ref[0])
        ends.append((rel.kind, rel.plural, src, dst, rel.type))
    for link in model.LINKS:
        col = model.table(link.table).column(link.column)
        what = f"relaties '{link.title}'"
        ends.append((link.kind, what, _label(link.table), _label(col.ref[0]), link.type))
    for kind, what, src, dst, rtype in ends:
        files[f"load/{kind}.cypher"] = (
            f"// Laad een reeks {what} in een lege graaf (gegenereerd uit model.py).\n"
            "// @param rows list: [{source, target, props}] per relatie\n"
            "UNWIND $rows AS row\n"
            f"MATCH (a:{src} {{id: row.source}}), (b:{dst} {{id: row.target}})\n"
            f"CREATE (a)-[r:{rtype}]->(b)\n"
            "SET r += row.props\n"
            "RETURN count(r) AS created\n"
        )
    labels = [NODE_LABEL] + [nk.label for nk in model.NODE_KINDS]
    files["schema/falkordb.cypher"] = (
        "// Indexen voor de ingebouwde FalkorDB (gegenereerd uit model.py).\n"
        + "".join(f"CREATE INDEX FOR (n:{label}) ON (n.id);\n" for label in labels)
        + "".join(f"CREATE INDEX FOR (n:{label}) ON (n.{prop});\n" for label, prop in _LOOKUPS)
    )
    files["schema/neo4j.cypher"] = (
        "// Uniciteit en indexen voor Neo4j (gegenereerd uit model.py).\n"
        f"CREATE CONSTRAINT knoop_id IF NOT EXISTS FOR (n:{NODE_LABEL}) REQUIRE n.id IS UNIQUE;\n"
        + "".join(
            f"CREATE INDEX {label.lower()}_id IF NOT EXISTS FOR (n:{label}) ON (n.id);\n"
            for label in labels[1:]
        )
        + "".join(
            f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop});\n"
            for label, prop in _LOOKUPS
        )
        + f"CREATE CONSTRAINT laden_id IF NOT EXISTS FOR (n:{STAGING_LABEL}) REQUIRE n.id IS UNIQUE;\n"
        "CREATE CONSTRAINT laadslot_id IF NOT EXISTS FOR (n:Laadslot) REQUIRE n.id IS UNIQUE;\n"
        "CREATE CONSTRAINT wissel_id IF NOT EXISTS FOR (n:Wissel) REQUIRE n.id IS UNIQUE;\n"
    )
    files.update(_staging_files(ends))
    return files


#: Properties besides ``id`` that pages look nodes up by: the wijken and hubs of one
#: gemeente (a hub's page, :mod:`lea_graph.buurt`).
_LOOKUPS = (("Wijk", "gemeente"), ("Hub", "gemeente"))


def _staging_files(ends: list[tuple[str, str, str, str, str]]) -> dict[str, str]:
    """Neo4j's staged load (see :mod:`lea_graph.store.neo4j`), generated from the model."""
    files: dict[str, str] = {}
    staged, old = STAGING_LABEL, OLD_LABEL
    files["staging/knopen.cypher"] = (
        f"// Schrijf een reeks knopen van een nieuwe versie onder het label {staged}, nog\n"
        "// onzichtbaar voor alle vragen (gegenereerd uit model.py).\n"
        "// @param rows list: [{id, props}] per knoop; props.kind is de soort\n"
        "UNWIND $rows AS row\n"
        f"CREATE (n:{staged} {{id: row.id}})\n"
        "SET n += row.props\n"
        "RETURN count(n) AS created\n"
    )
    kind_of = {nk.label: nk.kind for nk in model.NODE_KINDS}
    for kind, what, src, dst, rtype in ends:
        files[f"staging/{kind}.cypher"] = (
            f"// Schrijf een reeks {what} tussen knopen van een nieuwe versie\n"
            "// (gegenereerd uit model.py).\n"
            "// @param rows list: [{source, target, props}] per relatie\n"
            "UNWIND $rows AS row\n"
            f"MATCH (a:{staged} {{id: row.source}}), (b:{staged} {{id: row.target}})\n"
            f"WHERE a.kind = '{kind_of[src]}' AND b.kind = '{kind_of[dst]}'\n"
            f"CREATE (a)-[r:{rtype}]->(b)\n"
            "SET r += row.props\n"
            "RETURN count(r) AS created\n"
        )
    all_labels = ":".join([NODE_LABEL] + [nk.label for nk in model.NODE_KINDS])
    files["staging/wissel.cypher"] = (
        "// Maak de nieuwe versie de huidige, in één transactie (gegenereerd uit model.py):\n"
        f"// de huidige knopen en Meta worden {old}, de knopen onder {staged} krijgen hun labels.\n"
        "// Relaties blijven waar ze zijn: ze verbinden alleen knopen van één versie.\n"
        f"MATCH (n:{NODE_LABEL})\n"
        f"REMOVE n:{all_labels}\n"
        f"SET n:{old};\n"
        "MATCH (m:Meta)\n"
        "REMOVE m:Meta\n"
        f"SET m:{old};\n"
        + "".join(
            f"MATCH (n:{staged})\n"
            f"WHERE n.kind = '{nk.kind}'\n"
            f"SET n:{NODE_LABEL}:{nk.label}\n"
            f"REMOVE n:{staged}\n"
            "RETURN count(n) AS geactiveerd;\n"
            for nk in model.NODE_KINDS
        )
    )
    for label, name, whose in ((old, "oud", "vervangen"), (staged, "laden", "onafgemaakte")):
        files[f"staging/{name}_relaties_wissen.cypher"] = (
            f"// Verwijder een deel van de relaties van de {whose} versie (label {label}).\n"
            "// @param aantal int: hoogstens zoveel relaties per keer\n"
            f"MATCH (:{label})-[r]->()\n"
            "WITH r\n"
            "LIMIT $aantal\n"
            "DELETE r\n"
            "RETURN count(*) AS verwijderd\n"
        )
        files[f"staging/{name}_knopen_wissen.cypher"] = (
            f"// Verwijder een deel van de knopen van de {whose} versie (label {label}).\n"
            "// @param aantal int: hoogstens zoveel knopen per keer\n"
            f"MATCH (n:{label})\n"
            "WITH n\n"
            "LIMIT $aantal\n"
            "DETACH DELETE n\n"
            "RETURN count(*) AS verwijderd\n"
        )
    return files


def write_generated_files(folder: Path | None = None) -> list[Path]:
    """(Re)write the generated files under ``cypher/`` from the model."""
    root = folder or cypher_dir()
    written = []
    for rel_path, text in generated_files().items():
        path = root / rel_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    for p in write_generated_files():
        print(p)
