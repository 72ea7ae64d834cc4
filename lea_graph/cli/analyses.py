"""The analysis commands, in Markdown, JSON or Excel: analyse (every analysis as one
report), compare (what changed between two versions of the network, or between two
schooljaren of one) and scenario (what if partners stop, join a hub or start an
activity; and the kwetsbaarheid ranking of all partners)."""

from __future__ import annotations

import contextlib
import gc
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click
import networkx as nx

from lea_graph.cli.errors import DutchError, DutchUsageError, check_output, writing
from lea_graph.cli.options import Source, source_options, store_options
from lea_graph.provenance import has_illustrative
from lea_graph.text import dutch_list

__all__ = ["analyse", "compare", "scenario"]

#: The word for the network in the store, as OLD or NEW of ``compare``.
CURRENT = "huidig"
CURRENT_LABEL = "huidig netwerk"

#: How many kwetsbaarheid rows the Markdown shows without ``--top``.
VULNERABILITY_TOP = 20

_FORMATS = ["md", "json", "xlsx"]


# -- what the commands share ------------------------------------------------------------------


def _usage(message: str) -> DutchUsageError:
    """A mistake in how the command is called: its usage line, then one Dutch line."""
    return DutchUsageError(message, click.get_current_context())


def _check_schooljaar(schooljaar: str | None) -> None:
    from lea_graph.model import parse_schooljaar

    if schooljaar and parse_schooljaar(schooljaar) is None:
        raise DutchError(f"'{schooljaar}' is geen schooljaar; schrijf het als 2024-2025.")


def _check_out(fmt: str, out: Path | None) -> None:
    """Before any work: xlsx needs a file, and the file must be writable."""
    if fmt == "xlsx" and out is None:
        raise DutchError("Geef bij --format xlsx een --out bestand.xlsx op.")
    if out is not None:
        check_output(out)


def _check_in_data(graphs: Iterable[nx.MultiDiGraph], years: list[str]) -> None:
    """Every one of ``years`` occurs in (one of) the graphs; else a Dutch error naming
    the schooljaren that do."""
    from lea_graph.analytics.indicators import schooljaren

    present = sorted({y for g in graphs for y in schooljaren(g)})
    missing = [y for y in dict.fromkeys(years) if y not in present]
    if not missing:
        return
    what = (
        f"Schooljaar {missing[0]} komt"
        if len(missing) == 1
        else f"Schooljaren {dutch_list(missing)} komen"
    )
    there = f"wel: {dutch_list(present)}" if present else "er staat geen enkel schooljaar in"
    raise DutchError(f"{what} niet voor in de gegevens; {there}.")


def _emit(text: str, out: Path | None) -> None:
    """Show ``text``, or write it to ``out``."""
    if out is None:
        click.echo(text)
        return
    with writing(out):
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    click.echo(f"Geschreven: {out}")


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


# -- analyse ----------------------------------------------------------------------------------

#: Rows per table in the JSON and, with --top, in the Markdown (and how many missing
#: links and gaps with candidates are computed).
TOP = 50

#: Rows per table the Markdown shows without --top.
MARKDOWN_TOP = 15


def _tables_folder(fmt: str, out: Path | None, tabellen: Path | None) -> Path | None:
    """Where the whole tables go: ``--tabellen``, else with ``--out`` for md and json a
    folder ``<name>-tabellen`` beside the report; None when they are not written."""
    if tabellen is not None:
        return tabellen
    if out is not None and fmt in ("md", "json"):
        return out.with_name(f"{out.stem}-tabellen")
    return None


def _check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise DutchError(
            f"Kan de tabellen niet in '{folder}' schrijven: dat is een bestand, geen map."
        )
    check_output(folder, folder=True)


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a large network is read and
    analysed.

    Reading a national network makes millions of small objects that all live until the
    analyses are done; the collector would go over them again and again (a third of
    the reading time) and find nearly nothing: afterwards it finds fewer than a few
    hundred objects, from files and from the store, so memory does not grow meanwhile.
    Afterwards it runs once and works as before.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.collect()


def _let_go(g: nx.MultiDiGraph) -> None:
    """Free the graph and the analyses' views of it now, by reference counting.

    The views kept on the graph refer back to it (as networkx's own edge views do): a
    reference cycle that only the garbage collector would free, going over every node and
    edge again (seconds on a national network).
    """
    from lea_graph.analytics.network import Network

    Network.forget(g)
    g.clear()


@click.command()
@source_options
@click.option("--schooljaar", help="Alleen dit schooljaar, bijvoorbeeld 2024-2025.")
@click.option(
    "--format", "fmt", type=click.Choice([*_FORMATS, "pdf"]), default="md", show_default=True,
    help="md, json, xlsx of pdf (een A4-rapport voor de vergadering, ook zwart-wit leesbaar).",
)  # fmt: skip
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path),
    help="Bestand (nodig bij xlsx en pdf). Bij md en json komen alle rijen van elke tabel "
    "als CSV-bestanden in een map ernaast: rapport.json geeft rapport-tabellen/.",
)  # fmt: skip
@click.option(
    "--tabellen", type=click.Path(file_okay=False, path_type=Path), metavar="MAP",
    help="Map voor alle rijen van elke tabel (een CSV-bestand per tabel; ook Parquet als "
    "pyarrow is geïnstalleerd). Standaard bij md en json met --out: een map naast --out.",
)  # fmt: skip
@click.option(
    "--vorige",
    metavar="VERSIE",
    help="Alleen bij pdf: de vorige versie voor 'wat is er veranderd' (een map of bestand, "
    f"een snapshot of '{CURRENT}'). Standaard de nieuwste snapshot bij --from-store, "
    "anders de laatste twee schooljaren.",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Toevalszaad voor de analyses."
)
@click.option(
    "--top", type=click.IntRange(min=1),
    help=f"Hoeveel rijen per tabel het rapport toont (standaard {TOP} in JSON, "
    f"{MARKDOWN_TOP} in Markdown), en hoeveel ontbrekende verbanden en gaten met kandidaten "
    f"worden berekend (standaard {TOP}).",
)  # fmt: skip
def analyse(
    schooljaar: str | None,
    fmt: str,
    out: Path | None,
    tabellen: Path | None,
    vorige: str | None,
    seed: int,
    top: int | None,
    **kwargs: Any,
) -> None:
    """Alle analyses: dekking en gaten, LEA-doelen, isolement, makelaars, gemeenschappen
    en ontbrekende verbanden, ook per gemeente (zonder PATH: het Tilburgse netwerk). Met
    --format pdf ook wat er veranderde sinds de vorige versie, de kwetsbaarste partners
    en de trend per schooljaar.

    Markdown en JSON tonen de eerste rijen van elke tabel; alle rijen komen als
    CSV-bestanden in een map (--tabellen MAP, of met --out een map naast het rapport).
    """
    from lea_graph.analytics.report import analyse as run_analyses
    from lea_graph.analytics.report import (
        report_markdown,
        report_summary,
        write_report_xlsx,
        write_tables,
    )

    _check_schooljaar(schooljaar)
    if fmt == "pdf" and out is None:
        raise DutchError("Geef bij --format pdf een --out bestand.pdf op.")
    if vorige is not None and fmt != "pdf":
        raise DutchError("--vorige hoort bij --format pdf (het rapport voor de vergadering).")
    _check_out(fmt, out)
    folder = _tables_folder(fmt, out, tabellen)
    if folder is not None:
        _check_folder(folder)
    source = Source.take(kwargs).or_seed()
    with _few_collections():
        g = source.network()
        if schooljaar:
            _check_in_data([g], [schooljaar])
        report = run_analyses(g, schooljaar, seed=seed, top=top or TOP)
        if fmt != "pdf":
            _let_go(g)  # what remains to be written needs the report only
            del g
    if fmt == "pdf":
        _write_pdf(g, report, out, source, vorige, schooljaar)
    tables = None
    if folder is not None:
        with writing(folder):
            tables = write_tables(report, folder)
        # Beside a report on the screen this line goes to stderr: stdout is the report.
        click.echo(f"Geschreven: {len(tables)} tabellen in {folder}", err=out is None)
    if fmt == "pdf":
        return
    if fmt == "xlsx":
        with writing(out):
            write_report_xlsx(report, out)
        click.echo(f"Geschreven: {out}")
        return
    here = out.parent if out is not None else None
    if fmt == "md":
        text = report_markdown(report, limit=top or MARKDOWN_TOP, tables=tables, relative_to=here)
    else:
        text = _json(report_summary(report, top=top or TOP, tables=tables, relative_to=here))
    _emit(text, out)


def _write_pdf(
    g: nx.MultiDiGraph,
    report: Any,
    out: Path,
    source: Source,
    vorige: str | None,
    schooljaar: str | None,
) -> None:
    """The A4 report: the analyses, what changed since the previous version (``vorige``,
    else the newest snapshot of the store, else the last two schooljaren), the
    kwetsbaarheid ranking and the trend."""
    from lea_graph.analytics.compare import since_previous, trend
    from lea_graph.analytics.scenario import vulnerability
    from lea_graph.geometry import plane, wijk_shapes
    from lea_graph.report_pdf import write_report_pdf

    previous, label = None, ""
    if vorige is not None:
        previous, label = _version(vorige, source.backend, source.data_dir)
    elif source.from_store:
        from lea_graph.cli.store import _state_dir
        from lea_graph.snapshots import list_snapshots

        saved = list_snapshots(_state_dir(source.data_dir))
        if saved:
            previous, label = Source(saved[0]).network(), saved[0].name
    comparison = since_previous(
        g,
        previous,
        previous_label=label,
        label=CURRENT_LABEL if source.from_store else (source.path.name or str(source.path)),
        schooljaar=schooljaar,
    )
    with writing(out):
        write_report_pdf(
            report,
            out,
            comparison=comparison,
            vulnerability=vulnerability(g, schooljaar),
            trend=trend(g),
            voorbeeld=has_illustrative(g) or None,
            wijkvormen=plane(wijk_shapes(g)),
        )
    click.echo(f"Geschreven: {out}")


# -- compare ----------------------------------------------------------------------------------


def _snapshot(name: str, data_dir: Path | None) -> Path | None:
    """The snapshot called ``name`` (its file name or stem, or the unique start of its
    name) in the data directory; None when there is none."""
    from lea_graph.cli.store import _state_dir
    from lea_graph.snapshots import list_snapshots

    snapshots = list_snapshots(_state_dir(data_dir))
    exact = [p for p in snapshots if name in (p.name, p.stem)]
    if exact:
        return exact[0]
    found = [p for p in snapshots if p.name.startswith(name)]
    if len(found) > 1:
        raise DutchError(
            f"'{name}' past bij {len(found)} snapshots: {dutch_list(p.name for p in found)}; "
            "geef meer van de naam."
        )
    return found[0] if found else None


def _unknown_version(name: str, data_dir: Path | None) -> DutchError:
    from lea_graph.cli.store import _state_dir
    from lea_graph.snapshots import list_snapshots

    state_dir = _state_dir(data_dir)
    folder = state_dir / "snapshots"
    names = [p.name for p in list_snapshots(state_dir)]
    if names:
        shown = dutch_list(names[:3]) + (f" (en nog {len(names) - 3})" if len(names) > 3 else "")
        known = f"Snapshots in {folder}: {shown}."
    else:
        known = f"In {folder} staan geen snapshots."
    return DutchError(
        f"'{name}' is geen bestaande map of bestand, geen snapshot en niet '{CURRENT}'. Geef "
        "een map met CSV-bestanden, een .xlsx- of .zip-bestand, de naam van een snapshot "
        f"(lea-graph restore --list; het begin van de naam is genoeg) of '{CURRENT}' voor het "
        f"netwerk in de database. {known}"
    )


def _version(name: str, backend: str | None, data_dir: Path | None) -> tuple[nx.MultiDiGraph, str]:
    """The network ``name`` stands for (a path, a snapshot or the store), and its label."""
    if not name.strip():
        raise DutchError(f"Geef een map, een bestand, een snapshot of '{CURRENT}', geen lege naam.")
    if name.strip().lower() == CURRENT:
        store = Source(None, from_store=True, backend=backend, data_dir=data_dir)
        return store.network(), CURRENT_LABEL
    path = Path(name)
    if path.exists():
        return Source(path).network(), path.name or path.resolve().name or str(path)
    snapshot = _snapshot(name, data_dir)
    if snapshot is not None:
        return Source(snapshot).network(), snapshot.name
    raise _unknown_version(name, data_dir)


class _CompareCommand(click.Command):
    """``compare``: click's own words for ``--schooljaren`` with one year, in Dutch."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.BadOptionUsage as exc:
            if exc.option_name != "--schooljaren":
                raise
            raise DutchUsageError(
                "Optie '--schooljaren' heeft twee schooljaren nodig, bijvoorbeeld "
                "--schooljaren 2023-2024 2024-2025.",
                ctx,
            ) from exc


@click.command(cls=_CompareCommand)
@click.argument("versies", nargs=-1, metavar="[OUD NIEUW | PATH]")
@click.option(
    "--schooljaren", nargs=2, metavar="A B",
    help="Vergelijk twee schooljaren van één netwerk, bijvoorbeeld 2023-2024 2024-2025.",
)  # fmt: skip
@click.option(
    "--from-store", is_flag=True,
    help="Bij --schooljaren: gebruik het netwerk dat in de database staat.",
)  # fmt: skip
@click.option(
    "--schooljaar",
    help="Alleen dit schooljaar van beide versies, bijvoorbeeld 2024-2025 (standaard: alle "
    "schooljaren).",
)
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="md", show_default=True)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Bestand (nodig bij xlsx)."
)
@store_options
def compare(
    versies: tuple[str, ...],
    schooljaren: tuple[str, str] | None,
    from_store: bool,
    schooljaar: str | None,
    fmt: str,
    out: Path | None,
    backend: str | None,
    data_dir: Path | None,
) -> None:
    """Wat is er veranderd: twee versies van het netwerk, of twee schooljaren van één.

    \b
    lea-graph compare OUD NIEUW [--schooljaar J]
    lea-graph compare [PATH | --from-store] --schooljaren A B

    OUD, NIEUW en PATH zijn elk een map met CSV-bestanden, een .xlsx- of .zip-bestand,
    de naam van een snapshot in de datamap (lea-graph restore --list; het begin van de
    naam is genoeg) of het woord 'huidig': het netwerk in de database (een map die zo
    heet: ./huidig). Met --schooljaren zonder PATH: het Tilburgse netwerk.

    Het resultaat: wat er nieuw, weg of anders is, welke hub × wijk-cellen een gat
    werden of geen gat meer zijn, de LEA-doelen en de netwerkgezondheid voor en na.
    """
    from lea_graph.analytics.compare import compare as run_compare
    from lea_graph.analytics.compare import (
        compare_markdown,
        compare_years,
        write_comparison_xlsx,
    )

    if schooljaren is not None:
        if len(versies) > 1:
            raise _usage(
                "Bij --schooljaren hoort één netwerk (PATH of --from-store), geen "
                f"{len(versies)} versies."
            )
        if versies and from_store:
            raise _usage("Geef PATH of --from-store, niet allebei.")
        if schooljaar:
            raise _usage("--schooljaar en --schooljaren gaan niet samen.")
        voor, na = schooljaren
        _check_schooljaar(voor)
        _check_schooljaar(na)
        if voor == na:
            raise DutchError(f"Geef twee verschillende schooljaren, niet twee keer {voor}.")
        _check_out(fmt, out)
        if versies:
            g, _ = _version(versies[0], backend, data_dir)
        else:
            source = Source(None, from_store=from_store, backend=backend, data_dir=data_dir)
            g = source.or_seed().network()
        _check_in_data([g], [voor, na])
        comparison = compare_years(g, voor, na)
    else:
        if from_store:
            raise _usage(
                f"--from-store hoort bij --schooljaren; geef '{CURRENT}' als OUD of NIEUW "
                "voor het netwerk in de database."
            )
        if len(versies) != 2:
            raise _usage(
                "Geef twee versies om te vergelijken (OUD en NIEUW), of één netwerk met "
                "--schooljaren A B."
            )
        _check_schooljaar(schooljaar)
        _check_out(fmt, out)
        (old, voor), (new, na) = (_version(v, backend, data_dir) for v in versies)
        if voor == na:  # e.g. two folders of the same name: show what was given
            voor, na = versies
        if schooljaar:
            _check_in_data([old, new], [schooljaar])
        comparison = run_compare(old, new, schooljaar=schooljaar, voor=voor, na=na)
    if fmt == "xlsx":
        with writing(out):
            write_comparison_xlsx(comparison, out)
        click.echo(f"Geschreven: {out}")
    elif fmt == "md":
        _emit(compare_markdown(comparison), out)
    else:
        _emit(_json(comparison.to_dict()), out)


# -- scenario ---------------------------------------------------------------------------------


@click.command()
@source_options
@click.option(
    "--zonder", multiple=True, metavar="PARTNER",
    help="Deze partner stopt (id of precieze naam); mag vaker.",
)  # fmt: skip
@click.option(
    "--met-lid", multiple=True, metavar="PARTNER:HUB",
    help="Deze partner wordt lid van deze hub; mag vaker.",
)  # fmt: skip
@click.option(
    "--met-activiteit", multiple=True, metavar="PARTNER:SCHOOL[:HUB]",
    help="Deze partner krijgt een activiteit op deze school (onder deze hub); mag vaker.",
)  # fmt: skip
@click.option(
    "--kwetsbaarheid", is_flag=True,
    help="Geen scenario maar een rangorde van alle partners: wat kost het als die stopt?",
)  # fmt: skip
@click.option(
    "--top", type=click.IntRange(min=1),
    help=f"Bij --kwetsbaarheid: hoeveel partners de Markdown toont (standaard "
    f"{VULNERABILITY_TOP}; JSON geeft ze allemaal).",
)  # fmt: skip
@click.option(
    "--schooljaar",
    help="Reken in dit schooljaar, bijvoorbeeld 2024-2025; nieuwe activiteiten krijgen dit "
    "schooljaar. Standaard: alle schooljaren samen.",
)
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Bestand.")
def scenario(
    zonder: tuple[str, ...],
    met_lid: tuple[str, ...],
    met_activiteit: tuple[str, ...],
    kwetsbaarheid: bool,
    top: int | None,
    schooljaar: str | None,
    fmt: str,
    out: Path | None,
    **kwargs: Any,
) -> None:
    """Wat als: de gaten, LEA-doelen, kwetsbare cellen en verbindende partners van een
    veranderd netwerk naast die van vandaag (zonder PATH: het Tilburgse netwerk).

    De gegevens zelf veranderen niet. Partners, hubs en scholen mogen met hun id of hun
    precieze naam. Met --kwetsbaarheid (zonder --zonder, --met-lid en --met-activiteit):
    voor elke partner wat het kost als die stopt, de duurste eerst.
    """
    from lea_graph.analytics import scenario as what_if
    from lea_graph.analytics.report import records

    changes = bool(zonder or met_lid or met_activiteit)
    if kwetsbaarheid and changes:
        raise _usage("--kwetsbaarheid gaat niet samen met --zonder, --met-lid of --met-activiteit.")
    if not kwetsbaarheid and not changes:
        raise _usage(
            "Geef wat er verandert (--zonder PARTNER, --met-lid PARTNER:HUB of "
            "--met-activiteit PARTNER:SCHOOL[:HUB]), of --kwetsbaarheid."
        )
    if top is not None and not kwetsbaarheid:
        raise _usage("--top hoort bij --kwetsbaarheid.")
    _check_schooljaar(schooljaar)
    _check_out(fmt, out)
    g = Source.take(kwargs).or_seed().network()
    if schooljaar:
        _check_in_data([g], [schooljaar])
    if kwetsbaarheid:
        df = what_if.vulnerability(g, schooljaar)
        if fmt == "json":
            text = _json({"regel": what_if.VULNERABILITY_RULE, "partners": records(df)})
        else:
            text = what_if.vulnerability_markdown(
                df, top or VULNERABILITY_TOP, schooljaar=schooljaar, voorbeeld=has_illustrative(g)
            )
    else:
        plan = what_if.parse_scenario(g, list(zonder), list(met_lid), list(met_activiteit))
        result = what_if.run(g, plan, schooljaar)
        if fmt == "json":
            text = _json(result.to_dict())
        else:
            text = what_if.scenario_markdown(result, voorbeeld=has_illustrative(g))
    _emit(text, out)
