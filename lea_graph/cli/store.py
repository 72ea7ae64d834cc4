"""Commands on the network in the store: load (with its progress), query, stats and
restore."""

from __future__ import annotations

import contextlib
import csv
import getpass
import io
import json
import sys
from pathlib import Path

import click

from lea_graph.cli.errors import DutchError
from lea_graph.cli.options import Source, geo_option, open_store, store_options
from lea_graph.cli.output import cell, echo_counts, table
from lea_graph.text import number
from lea_graph.tijd import tijd_nl

__all__ = ["load", "query", "restore", "stats"]

#: From this many rows on, a load shows its progress.
PROGRESS_FROM_ROWS = 20_000


def _state_dir(data_dir: Path | None) -> Path:
    """Where snapshots, the audit log and the users file live (the data directory)."""
    from lea_graph.datadir import default_data_dir

    return Path(data_dir) if data_dir else default_data_dir()


def _user() -> str:
    return f"cli:{getpass.getuser()}"


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


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@store_options
@geo_option
@click.option(
    "--batch-size", type=click.IntRange(min=1), default=1000, show_default=True,
    help="Rijen per schrijfopdracht.",
)  # fmt: skip
def load(
    path: Path, backend: str | None, data_dir: Path | None, geo: Path | None, batch_size: int
) -> None:
    """Controleer een dataset en zet hem in de database (vervangt het hele netwerk).

    Bij een fout wordt niets geladen en blijft het vorige netwerk staan.
    """
    from lea_graph.loading import load_recorded

    dataset = Source(path, geo=geo, backend=backend, data_dir=data_dir).dataset()
    rows = sum(dataset.counts().values())
    with open_store(backend, data_dir) as store, contextlib.ExitStack() as stack:
        progress = stack.enter_context(_LoadProgress(rows)) if rows >= PROGRESS_FROM_ROWS else None
        loaded = load_recorded(
            store,
            _state_dir(data_dir),
            lambda _current: dataset,
            user=_user(),
            source=path.name,
            batch_size=batch_size,
            progress=progress,
            wait_s=0,
        )
    report = loaded.report
    click.echo(
        f"Geladen in {store.backend}: {number(report.nodes)} knopen en "
        f"{number(report.relationships)} relaties in {report.seconds:.1f} s "
        f"({number(int(report.rows_per_second))} per seconde), versie {report.version}."
    )


@click.command()
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
            writer.writerows([cell(v) for v in r.values()] for r in rows)
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo(table(rows))


@click.command()
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
    echo_counts(
        f"Database ({data['backend']}): versie {data['version']}{source}, "
        f"geladen op {tijd_nl(data['loaded_at'])}",
        data["nodes"],
        data["edges"],
    )


@click.command()
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="Toon de snapshots.")
@store_options
def restore(name: str | None, list_: bool, backend: str | None, data_dir: Path | None) -> None:
    """Zet het netwerk terug uit een snapshot (standaard: de nieuwste).

    Voor elke keer laden wordt het netwerk van dat moment bewaard; de huidige stand wordt
    bij het terugzetten ook weer bewaard, zodat ook dat ongedaan kan.
    """
    from lea_graph.loading import restore as do_restore
    from lea_graph.snapshots import list_snapshots

    state_dir = _state_dir(data_dir)
    if list_:
        snapshots = list_snapshots(state_dir)
        for p in snapshots:
            click.echo(p.name)
        if not snapshots:
            click.echo("Er zijn nog geen snapshots.")
        return
    with open_store(backend, data_dir) as store:
        report = do_restore(store, state_dir, name, user=_user())
    click.echo(
        f"Teruggezet: {number(report.nodes)} knopen en {number(report.relationships)} "
        f"relaties (versie {report.version})."
    )
