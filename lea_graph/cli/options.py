"""The options several commands share, and what they stand for: a dataset to read
(a path with registers, or the network in the store) and the store to open."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import networkx as nx

from lea_graph import model
from lea_graph.cli.errors import DutchError
from lea_graph.cli.output import echo_problems
from lea_graph.errors import ReadError, os_reason
from lea_graph.ingest import Problem, RegisterInput, ValidationReport, read_dataset
from lea_graph.store import BACKENDS
from lea_graph.text import plural

__all__ = ["Source", "geo_option", "open_store", "source_options", "store_options"]

NOT_LOADED = "Er is nog geen netwerk geladen (lea-graph load PATH)."


def store_options(f):
    """``--store`` and ``--data-dir`` (also from LEA_STORE and LEA_DATA_DIR)."""
    f = click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="LEA_DATA_DIR",
        help="Map van de ingebouwde database (standaard LEA_DATA_DIR of ~/.local/share/lea-graph).",
    )(f)
    return click.option(
        "--store",
        "backend",
        type=click.Choice(BACKENDS),
        envvar="LEA_STORE",
        help="Welke database: embedded (ingebouwd, standaard) of neo4j (LEA_NEO4J_URI).",
    )(f)


def geo_option(f):
    """``--geo FILE``: wijk boundaries (GeoJSON in WGS84, or a GeoPackage)."""
    return click.option(
        "--geo",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Wijkgrenzen: GeoJSON (WGS84) of GeoPackage (.gpkg, met lea-graph[geo]); "
        "gekoppeld op properties.statcode = cbs_code.",
    )(f)


def source_options(f):
    """PATH, ``--from-store``, the register options, ``--geo`` and the store options."""
    options = [
        click.argument("path", type=click.Path(path_type=Path), required=False),
        click.option(
            "--from-store", is_flag=True, help="Gebruik het netwerk dat in de database staat."
        ),
        click.option(
            "--duo",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            multiple=True,
            help="DUO-bestand 'adressen alle vestigingen' om aan scholen toe te voegen.",
        ),
        click.option(
            "--duo-sector",
            type=click.Choice(model.ENUMS["sector"]),
            help="Sector van de DUO-bestanden zonder kolom 'SOORT PO' (bijv. vo).",
        ),
        click.option(
            "--lrk",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            multiple=True,
            help="LRK-export (Landelijk Register Kinderopvang) om aan scholen toe te voegen.",
        ),
        click.option(
            "--postcodes",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="CSV met kolommen postcode en wijk die registerlocaties aan wijken koppelt.",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return store_options(geo_option(f))


@contextlib.contextmanager
def open_store(backend: str | None, data_dir: Path | None) -> Iterator[Any]:
    """The store, closed again afterwards."""
    from lea_graph.store import open_store as _open

    try:
        store = _open(backend, data_dir=data_dir)
    except OSError as exc:  # e.g. a data directory that cannot be made
        raise DutchError(f"De database kan niet worden geopend: {os_reason(exc)}.") from exc
    try:
        yield store
    finally:
        store.close()


def loaded_network(store: Any) -> nx.MultiDiGraph:
    """The network in the store; a Dutch error when nothing is loaded yet."""
    if not store.stats()["loaded"]:
        raise DutchError(NOT_LOADED)
    return store.to_networkx()


@dataclass
class Source:
    """A dataset to read: a path (with optional registers) or the loaded store."""

    path: Path | None
    from_store: bool = False
    duo: tuple[Path, ...] = ()
    duo_sector: str | None = None
    lrk: tuple[Path, ...] = ()
    postcodes: Path | None = None
    geo: Path | None = None
    backend: str | None = None
    data_dir: Path | None = None

    @classmethod
    def take(cls, kwargs: dict[str, Any]) -> Source:
        """The source of a command with :func:`source_options`, taken out of its kwargs."""
        return cls(**{k: kwargs.pop(k) for k in list(cls.__dataclass_fields__)})

    @property
    def label(self) -> str:
        return "de opslag" if self.from_store else str(self.path)

    def or_seed(self) -> Source:
        """This source, or the shipped Tilburg network when neither PATH nor --from-store."""
        if self.path is None and not self.from_store:
            from lea_graph.resources import seed_path

            self.path = seed_path()
        return self

    def report(self) -> ValidationReport:
        """The validation report; a dataset that cannot be read is one of its errors."""
        try:
            return self._read()
        except ReadError as exc:
            return ValidationReport(problems=[Problem(str(self.path), None, None, "", str(exc))])

    def dataset(self):
        """The valid dataset, or the problems and a Dutch error (nothing else happens)."""
        report = self._read()  # a dataset that cannot be read at all: one line
        if not report.ok:
            echo_problems(report)
            n = len(report.errors)
            raise DutchError(
                f"{self.label} is niet geldig ({plural(n, 'fout', 'fouten')}); er is niets gedaan."
            )
        return report.dataset

    def network(self) -> nx.MultiDiGraph:
        """The network as a graph: the store's as it is, or the valid dataset's."""
        if self.from_store:
            with open_store(self.backend, self.data_dir) as store:
                return loaded_network(store)
        from lea_graph.graph import to_graph

        return to_graph(self.dataset())

    def _read(self) -> ValidationReport:
        if self.from_store:
            from lea_graph.graph import from_graph
            from lea_graph.ingest import validate_dataset

            with open_store(self.backend, self.data_dir) as store:
                return validate_dataset(from_graph(loaded_network(store)))
        if self.path is None:
            raise DutchError("Geef een PATH op, of --from-store.")
        registers = [RegisterInput("duo", p, self.duo_sector) for p in self.duo]
        registers += [RegisterInput("lrk", p) for p in self.lrk]
        return read_dataset(self.path, registers=registers, postcodes=self.postcodes, geo=self.geo)
