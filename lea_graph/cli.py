"""The ``lea-graph`` command line.

Messages are Dutch (they are for the people who keep the network up to date); a
known problem ends with a clear message and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import contextlib
import csv
import getpass
import io
import json
import signal
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from lea_graph import __version__, model
from lea_graph.errors import LeaGraphError, ReadError
from lea_graph.ingest import Problem, RegisterInput, ValidationReport, read_dataset
from lea_graph.text import number

__all__ = ["cli", "main"]

BACKENDS = ("embedded", "neo4j")


class DutchError(click.ClickException):
    """A known problem, shown as 'Fout: ...' without a traceback."""

    def show(self, file=None) -> None:
        click.echo(f"Fout: {self.format_message()}", err=True)


class LeaGroup(click.Group):
    """Turns LEA Graph's own errors into Dutch messages in every command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LeaGraphError as exc:
            raise DutchError(str(exc)) from exc


# -- where the data comes from ------------------------------------------------------------


@dataclass
class Source:
    """A dataset to read: a path (with optional registers) or the loaded store."""

    path: Path | None
    from_store: bool
    duo: tuple[Path, ...]
    duo_sector: str | None
    lrk: tuple[Path, ...]
    postcodes: Path | None
    backend: str | None
    data_dir: Path | None

    @property
    def label(self) -> str:
        return "de opslag" if self.from_store else str(self.path)

    def report(self) -> ValidationReport:
        if self.from_store:
            from lea_graph.graph import from_graph
            from lea_graph.ingest import validate_dataset

            with open_store(self.backend, self.data_dir) as store:
                if not store.stats()["loaded"]:
                    raise DutchError("Er is nog geen netwerk geladen (lea-graph load PATH).")
                return validate_dataset(from_graph(store.to_networkx()))
        if self.path is None:
            raise DutchError("Geef een PATH op, of --from-store.")
        registers = [RegisterInput("duo", p, self.duo_sector) for p in self.duo]
        registers += [RegisterInput("lrk", p) for p in self.lrk]
        try:
            return read_dataset(self.path, registers=registers, postcodes=self.postcodes)
        except ReadError as exc:
            return ValidationReport(problems=[Problem(str(self.path), None, None, "", str(exc))])

    def dataset(self):
        report = self.report()
        if not report.ok:
            _print_problems(report)
            n = len(report.errors)
            raise DutchError(
                f"{self.label} is niet geldig ({n} {'fout' if n == 1 else 'fouten'}); "
                "er is niets gedaan."
            )
        return report.dataset


def _print_problems(report: ValidationReport) -> None:
    for p in report.errors:
        click.echo(f"FOUT          {p.to_text()}")
    for p in report.warnings:
        click.echo(f"WAARSCHUWING  {p.to_text()}")


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


def source_options(f):
    """PATH, ``--from-store``, the register options and the store options."""
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
    return store_options(f)


def _source(kwargs: dict[str, Any]) -> Source:
    return Source(**{k: kwargs.pop(k) for k in list(Source.__dataclass_fields__)})


@contextlib.contextmanager
def open_store(backend: str | None, data_dir: Path | None) -> Iterator[Any]:
    from lea_graph.store import open_store as _open

    store = _open(backend, data_dir=data_dir)
    try:
        yield store
    finally:
        store.close()


# -- commands -------------------------------------------------------------------------------


@click.group(cls=LeaGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lea-graph")
def cli() -> None:
    """LEA Graph: het netwerk rond de Lokale Educatieve Agenda als graaf.

    PATH is steeds een map met CSV-bestanden (partners.csv, wijken.csv, ...) of één
    .xlsx-werkmap met een werkblad per tabel.
    """


@cli.command()
@source_options
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def validate(fmt: str, **kwargs: Any) -> None:
    """Controleer een dataset; exitcode 0 = geldig, 1 = fouten gevonden."""
    src = _source(kwargs)
    report = src.report()
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for s in report.sources:
            extra = f" ({s.encoding}, scheidingsteken '{s.delimiter}')" if s.encoding else ""
            click.echo(f"gelezen       {s.source}{extra}")
        _print_problems(report)
        counts = ", ".join(f"{t} {number(n)}" for t, n in report.counts.items() if n)
        if counts:
            click.echo(f"aantallen     {counts}")
        n_err, n_warn = len(report.errors), len(report.warnings)
        if report.ok:
            click.echo(f"GELDIG        {src.label} ({n_warn} waarschuwingen)")
        else:
            click.echo(
                f"ONGELDIG      {src.label}: {n_err} {'fout' if n_err == 1 else 'fouten'}, "
                f"{n_warn} waarschuwingen. Er is niets geladen."
            )
    sys.exit(0 if report.ok else 1)


def _counts_text(title: str, nodes: dict[str, int], edges: dict[str, int]) -> None:
    click.echo(title)
    click.echo("")
    click.echo("Knopen")
    for nk in model.NODE_KINDS:
        click.echo(f"  {nk.plural:<36} {number(nodes[nk.kind]):>8}")
    click.echo(f"  {'totaal':<36} {number(sum(nodes.values())):>8}")
    click.echo("")
    click.echo("Relaties")
    for rel in model.RELATIONS:
        click.echo(f"  {rel.plural:<36} {number(edges[rel.kind]):>8}")
    for link in model.LINKS:
        click.echo(f"  {link.title:<36} {number(edges[link.kind]):>8}")
    click.echo(f"  {'totaal':<36} {number(sum(edges.values())):>8}")


@cli.command()
@source_options
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def info(fmt: str, **kwargs: Any) -> None:
    """Aantallen per soort knoop en relatie (zonder PATH: het Tilburgse netwerk)."""
    from lea_graph.graph import to_graph
    from lea_graph.resources import seed_path

    src = _source(kwargs)
    if src.path is None and not src.from_store:
        src.path = seed_path()
    g = to_graph(src.dataset())
    nodes = {nk.kind: 0 for nk in model.NODE_KINDS}
    for _, kind in g.nodes(data="kind"):
        nodes[kind] += 1
    edges = {kind: 0 for kind in model.EDGE_KINDS}
    for _, _, kind in g.edges(data="kind"):
        edges[kind] += 1
    if fmt == "json":
        data = {
            "path": src.label,
            "nodes": nodes,
            "edges": edges,
            "total_nodes": g.number_of_nodes(),
            "total_edges": g.number_of_edges(),
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _counts_text(f"Netwerk: {src.label}", nodes, edges)


@cli.command()
@source_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "json", "xlsx", "csv"]),
    required=True,
    help="graphml/gexf: voor Gephi; json: node-link; xlsx/csv: het gegevensformaat.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="Uitvoerbestand (bij csv: een map).",
)
@click.option(
    "--excel",
    is_flag=True,
    help="Alleen bij csv: ';' als scheidingsteken en UTF-8 met BOM, voor Nederlandse Excel.",
)
def export(fmt: str, out: Path, excel: bool, **kwargs: Any) -> None:
    """Schrijf een geldige dataset weg als GraphML, GEXF, JSON, XLSX of CSV-map."""
    from lea_graph import export as ex
    from lea_graph.graph import to_graph

    dataset = _source(kwargs).dataset()
    if fmt == "csv":
        if out.exists() and not out.is_dir():
            raise DutchError(f"'{out}' is een bestand; geef bij csv een map op.")
        ex.write_csv_folder(dataset, out, excel=excel)
    elif fmt == "xlsx":
        ex.write_xlsx(dataset, out)
    elif fmt == "graphml":
        ex.write_graphml(to_graph(dataset), out)
    elif fmt == "gexf":
        ex.write_gexf(to_graph(dataset), out)
    else:
        ex.write_json(to_graph(dataset), out)
    click.echo(f"Geschreven: {out}")


@cli.command()
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Bestand (.xlsx).")
@click.option(
    "--markdown", is_flag=True, help="Schrijf de beschrijving van het formaat als Markdown."
)
def template(out: Path, markdown: bool) -> None:
    """Maak een lege Excel-werkmap met alle werkbladen, kopregels en uitleg."""
    from lea_graph.export import data_format_markdown, write_template

    if markdown:
        out.write_text(data_format_markdown() + "\n", encoding="utf-8")
    elif out.suffix.lower() != ".xlsx":
        raise DutchError("Geef een bestandsnaam die eindigt op .xlsx.")
    else:
        write_template(out)
    click.echo(f"Geschreven: {out}")


@cli.command()
@click.option(
    "--scale",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Aantal gemeenten (verzonnen, van Tilburgse omvang).",
)
@click.option("--seed", "seed", type=int, default=42, show_default=True, help="Toevalszaad.")
@click.option(
    "--tilburg",
    is_flag=True,
    help="Maak het Tilburgse netwerk (feiten uit seed/facts plus voorbeeldrelaties).",
)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Uitvoermap.")
def generate(scale: int, seed: int, tilburg: bool, out: Path) -> None:
    """Maak een voorbeeldnetwerk (alle verzonnen rijen hebben bron=voorbeeld)."""
    from lea_graph.export import write_csv_folder
    from lea_graph.generate import generate_synthetic, generate_tilburg

    dataset = generate_tilburg(seed=seed) if tilburg else generate_synthetic(scale, seed=seed)
    write_csv_folder(dataset, out)
    counts = dataset.counts()
    nodes = sum(counts[nk.table] for nk in model.NODE_KINDS)
    rels = sum(counts[r.table] for r in model.RELATIONS)
    click.echo(f"Geschreven: {out} ({number(nodes)} knopen, {number(rels)} relaties)")


class _LoadProgress:
    """Progress of a long load: a bar on a terminal, else a line per tenth of the rows
    (for logs); then a line for switching to the new network and one for removing the
    replaced version."""

    def __init__(self, rows: int):
        self.rows = rows
        self.tty = sys.stderr.isatty()
        self.bar = click.progressbar(length=rows, label="Laden", file=sys.stderr)
        self.seen = 0
        self.tenths = 0
        self.phase = "laden"

    def __enter__(self) -> _LoadProgress:
        if self.tty:
            self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.tty and self.phase == "laden":
            self.bar.__exit__(*exc)

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase == "laden":
            if self.tty:
                self.bar.update(done - self.seen)
            elif total and done * 10 // total > self.tenths:
                self.tenths = done * 10 // total
                click.echo(
                    f"Laden: {self.tenths * 10}% ({number(done)} van {number(total)} rijen)",
                    err=True,
                )
            self.seen = done
            return
        if self.tty and self.phase == "laden":
            self.bar.__exit__(None, None, None)
        if phase != self.phase:
            self.phase = phase
            text = {
                "omschakelen": "Omschakelen naar het nieuwe netwerk...",
                "opruimen": "Het vervangen netwerk opruimen...",
            }
            click.echo(text.get(phase, phase), err=True)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@store_options
@click.option(
    "--batch-size", type=click.IntRange(min=1), default=1000, show_default=True,
    help="Rijen per schrijfopdracht.",
)  # fmt: skip
def load(path: Path, backend: str | None, data_dir: Path | None, batch_size: int) -> None:
    """Controleer een dataset en zet hem in de database (vervangt het hele netwerk).

    Bij een fout wordt niets geladen en blijft het vorige netwerk staan.
    """
    src = Source(
        path=path,
        from_store=False,
        duo=(),
        duo_sector=None,
        lrk=(),
        postcodes=None,
        backend=backend,
        data_dir=data_dir,
    )
    dataset = src.dataset()
    counts = dataset.counts()
    rows = sum(counts.values())
    from lea_graph.snapshots import take_snapshot

    state_dir = _state_dir(data_dir)
    with open_store(backend, data_dir) as store:
        before = store.meta() or {}
        snapshot = take_snapshot(store, state_dir)
        if rows >= 20_000:
            with _LoadProgress(rows) as progress:
                report = store.load(
                    dataset, batch_size=batch_size, progress=progress, source=path.name
                )
        else:
            report = store.load(dataset, batch_size=batch_size, source=path.name)
    from lea_graph import audit

    audit.record(
        state_dir,
        gebruiker=f"cli:{getpass.getuser()}",
        actie="laden",
        bron=path.name,
        versie_voor=before.get("versie"),
        versie_na=report.version,
        knopen=report.nodes,
        relaties=report.relationships,
        snapshot=snapshot.name if snapshot else None,
    )
    click.echo(
        f"Geladen in {store.backend}: {number(report.nodes)} knopen en "
        f"{number(report.relationships)} relaties in {report.seconds:.1f} s "
        f"({number(int(report.rows_per_second))} per seconde), versie {report.version}."
    )


@cli.command()
@source_options
@click.option("--schooljaar", help="Alleen dit schooljaar, bijvoorbeeld 2024-2025.")
@click.option(
    "--format", "fmt", type=click.Choice(["md", "json", "xlsx"]), default="md", show_default=True
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Bestand (nodig bij xlsx)."
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Toevalszaad voor de analyses."
)
@click.option(
    "--top", type=click.IntRange(min=1), default=50, show_default=True,
    help="Hoeveel ontbrekende verbanden en gaten met kandidaten.",
)  # fmt: skip
def analyse(
    schooljaar: str | None, fmt: str, out: Path | None, seed: int, top: int, **kwargs: Any
) -> None:
    """Alle analyses: dekking en gaten, LEA-doelen, isolement, makelaars, gemeenschappen
    en ontbrekende verbanden (zonder PATH: het Tilburgse netwerk)."""
    from lea_graph.analytics.report import (
        analyse as run_analyses,
    )
    from lea_graph.analytics.report import (
        report_json,
        report_markdown,
        write_report_xlsx,
    )
    from lea_graph.graph import to_graph
    from lea_graph.model import parse_schooljaar
    from lea_graph.resources import seed_path

    if schooljaar and parse_schooljaar(schooljaar) is None:
        raise DutchError(f"'{schooljaar}' is geen schooljaar; schrijf het als 2024-2025.")
    src = _source(kwargs)
    if src.path is None and not src.from_store:
        src.path = seed_path()
    if src.from_store:
        with open_store(src.backend, src.data_dir) as store:
            if not store.stats()["loaded"]:
                raise DutchError("Er is nog geen netwerk geladen (lea-graph load PATH).")
            g = store.to_networkx()
    else:
        g = to_graph(src.dataset())
    report = run_analyses(g, schooljaar, seed=seed, top=top)
    if fmt == "xlsx":
        if out is None:
            raise DutchError("Geef bij --format xlsx een --out bestand.xlsx op.")
        write_report_xlsx(report, out)
        click.echo(f"Geschreven: {out}")
        return
    text = (
        report_markdown(report)
        if fmt == "md"
        else json.dumps(report_json(report), ensure_ascii=False, indent=2)
    )
    if out:
        out.write_text(text, encoding="utf-8")
        click.echo(f"Geschreven: {out}")
    else:
        click.echo(text)


def _state_dir(data_dir: Path | None) -> Path:
    """Where snapshots, the audit log and the users file live (the data directory)."""
    from lea_graph.datadir import default_data_dir

    return Path(data_dir) if data_dir else default_data_dir()


@cli.command()
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="Toon de snapshots.")
@store_options
def restore(name: str | None, list_: bool, backend: str | None, data_dir: Path | None) -> None:
    """Zet het netwerk terug uit een snapshot (standaard: de nieuwste).

    Voor elke keer laden wordt het netwerk van dat moment bewaard; de huidige stand wordt
    bij het terugzetten ook weer bewaard, zodat ook dat ongedaan kan.
    """
    from lea_graph.snapshots import list_snapshots
    from lea_graph.snapshots import restore as do_restore

    state_dir = _state_dir(data_dir)
    if list_:
        snapshots = list_snapshots(state_dir)
        for p in snapshots:
            click.echo(p.name)
        if not snapshots:
            click.echo("Er zijn nog geen snapshots.")
        return
    with open_store(backend, data_dir) as store:
        report = do_restore(store, state_dir, name, user=f"cli:{getpass.getuser()}")
    click.echo(
        f"Teruggezet: {number(report.nodes)} knopen en {number(report.relationships)} "
        f"relaties (versie {report.version})."
    )


@cli.group()
def users() -> None:
    """Accounts voor de verkenner (rollen: lezer, coordinator, beheerder)."""


def _users_path(data_dir: Path | None) -> Path:
    from lea_graph.users import users_file

    return users_file(data_dir)


_data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="LEA_DATA_DIR",
    help="Map met het gebruikersbestand (standaard de datamap).",
)


@users.command("add")
@click.argument("name")
@click.option(
    "--rol", type=click.Choice(["lezer", "coordinator", "beheerder"]), required=True, help="Rol."
)
@click.password_option(
    "--wachtwoord", prompt="Wachtwoord", help="Wordt gevraagd als het ontbreekt."
)
@_data_dir_option
def users_add(name: str, rol: str, wachtwoord: str, data_dir: Path | None) -> None:
    """Voeg een account toe (of wijzig wachtwoord en rol)."""
    from lea_graph.users import add_user

    path = _users_path(data_dir)
    add_user(path, name, wachtwoord, rol)
    click.echo(f"Account '{name}' ({rol}) opgeslagen in {path}.")


@users.command("remove")
@click.argument("name")
@_data_dir_option
def users_remove(name: str, data_dir: Path | None) -> None:
    """Verwijder een account."""
    from lea_graph.users import remove_user

    if not remove_user(_users_path(data_dir), name):
        raise DutchError(f"Er is geen account '{name}'.")
    click.echo(f"Account '{name}' verwijderd.")


@users.command("list")
@_data_dir_option
def users_list(data_dir: Path | None) -> None:
    """Toon de accounts en hun rol (nooit wachtwoorden)."""
    from lea_graph.users import load_users

    accounts = load_users(_users_path(data_dir))
    if not accounts:
        click.echo("Er zijn nog geen accounts (lea-graph users add NAAM --rol ...).")
    for name, entry in sorted(accounts.items()):
        click.echo(f"{name}\t{entry['rol']}")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _table(rows: list[dict[str, Any]], width: int = 48) -> str:
    if not rows:
        return "(geen resultaten)"
    cols = list(rows[0])
    cells = [[_cell(r.get(c))[:width] for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(line.rstrip() for line in lines)


@cli.command()
@click.argument("name", required=False)
@click.option(
    "--param", "-p", "params", multiple=True, metavar="NAAM=WAARDE", help="Parameter van de vraag."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.option("--list", "list_", is_flag=True, help="Toon de beschikbare vragen.")
@store_options
def query(
    name: str | None,
    params: tuple[str, ...],
    fmt: str,
    list_: bool,
    backend: str | None,
    data_dir: Path | None,
) -> None:
    """Stel een benoemde vraag (uit cypher/queries) aan het geladen netwerk."""
    from lea_graph.cypher import named_queries

    queries = named_queries()
    if list_ or not name:
        for qname, st in queries.items():
            click.echo(f"{qname}: {st.title}")
            for p in st.params:
                default = "" if p.required else f" (standaard: {json.dumps(p.default)})"
                click.echo(f"    --param {p.name}=...  {p.help}{default}")
        return
    if name not in queries:
        raise DutchError(f"Onbekende vraag '{name}'. Zie lea-graph query --list.")
    values: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise DutchError(f"Schrijf een parameter als naam=waarde, niet '{item}'.")
        values[key.strip()] = value
    with open_store(backend, data_dir) as store:
        rows = store.query(name, **values)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        buf = io.StringIO()
        if rows:
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerow(list(rows[0]))
            writer.writerows([_cell(v) for v in r.values()] for r in rows)
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo(_table(rows))


@cli.command()
@store_options
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def stats(backend: str | None, data_dir: Path | None, fmt: str) -> None:
    """Wat staat er in de database: aantallen, versie en laadmoment."""
    with open_store(backend, data_dir) as store:
        data = store.stats()
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if not data["loaded"]:
        click.echo(f"Database ({data['backend']}): nog geen netwerk geladen (lea-graph load PATH).")
        return
    source = f" uit {data['source']}" if data.get("source") else ""
    _counts_text(
        f"Database ({data['backend']}): versie {data['version']}{source}, "
        f"geladen op {data['loaded_at']}",
        data["nodes"],
        data["edges"],
    )


@cli.command()
@store_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Adres om op te luisteren.")
@click.option("--port", type=int, default=8050, show_default=True, help="Poort.")
@click.option("--threads", type=click.IntRange(min=1), default=8, show_default=True)
def serve(backend: str | None, data_dir: Path | None, host: str, port: int, threads: int) -> None:
    """Start de verkenner in de browser (http://127.0.0.1:8050).

    Met een lege database wordt eerst het Tilburgse netwerk geladen. De server is
    waitress (geen ontwikkelserver, nooit in debugmodus).
    """
    import os

    from waitress import serve as waitress_serve

    from web import create_app

    local = host in ("127.0.0.1", "localhost", "::1")
    development = os.environ.get("LEA_DEVELOPMENT", "").lower() in ("1", "true", "ja") or (
        local and "LEA_DEVELOPMENT" not in os.environ
    )
    if not development and not os.environ.get("LEA_SECRET_KEY"):
        raise DutchError(
            f"Op {host} is LEA Graph bereikbaar voor anderen: zet eerst LEA_SECRET_KEY (een lange "
            "willekeurige tekst) en draai achter HTTPS. Lokaal (--host 127.0.0.1) hoeft dat niet."
        )
    app = create_app(
        {
            "STORE": backend,
            "DATA_DIR": str(data_dir) if data_dir else None,
            "DEVELOPMENT": development,
        }
    )
    app.debug = False
    with app.app_context():
        from web.db import get_store

        stats = get_store().stats()
    if app.extensions.get("lea_seeded"):
        click.echo("De database was leeg: het Tilburgse voorbeeldnetwerk is geladen.")
    click.echo(
        f"LEA Graph op http://{host}:{port}/ ({stats['backend']}, {number(stats['total_nodes'])} "
        "knopen). Stoppen met Ctrl+C."
    )
    from web.services import warm_up

    warm_up(app)  # the analyses are ready before the first visitor asks for them
    # Stop cleanly on SIGTERM too (service managers send it): the store is closed and,
    # if no other process uses it, the embedded database server is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        waitress_serve(app, host=host, port=port, threads=threads, ident="LEA Graph")
    except KeyboardInterrupt:
        pass
    finally:
        store = app.extensions.get("lea_store")
        if store is not None:
            store.close()


def main() -> None:
    """Console entry point."""
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()
