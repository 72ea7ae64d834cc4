"""The gemeente command: a starting network of any gemeente from public files."""

from __future__ import annotations

from pathlib import Path

import click

from lea_graph.cli.errors import DutchError, writing
from lea_graph.text import number

__all__ = ["gemeente"]

_FILE = click.Path(exists=True, path_type=Path)


@click.command()
@click.argument("naam")
@click.option(
    "--duo", "duo", type=_FILE, multiple=True,
    help="Bestand van DUO: een adreslijst van schoolvestigingen (bo, sbo/(v)so, vo), het "
    "historisch overzicht van leerlingen per vestiging, of de map met leerlingen per "
    "postcode. Mag vaker.",
)  # fmt: skip
@click.option("--punten", type=_FILE, help="De schoolpunten (DUO-adressen met een BAG-punt).")
@click.option(
    "--geo", type=_FILE,
    help="Wijkgrenzen van CBS (GeoJSON of GeoPackage); zonder: een plaats is een 'wijk'.",
)  # fmt: skip
@click.option(
    "--cbs", "cbs", type=_FILE, multiple=True,
    help="Cijfers van CBS per wijk: kerncijfers, de wijkkaart of het inkomen. Mag vaker.",
)  # fmt: skip
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Uitvoermap.")
def gemeente(
    naam: str,
    duo: tuple[Path, ...],
    punten: Path | None,
    geo: Path | None,
    cbs: tuple[Path, ...],
    out: Path,
) -> None:
    """Maak het startnetwerk van een gemeente uit openbare bestanden.

    NAAM is de naam of de code van de gemeente ('Tilburg', '0855', "'s-Hertogenbosch").
    De map krijgt de scholen (DUO, met leerlingen per schooljaar), de wijken (CBS, met
    grenzen en cijfers) en rapport.md: wat er gevonden is, welke scholen niet zeker in
    een wijk liggen en welke geen punt hebben. Partners en hubs vult u zelf aan.
    """
    from lea_graph.errors import LeaGraphError
    from lea_graph.gemeente import Bronnen, build, write

    try:
        dataset, rapport = build(
            naam, Bronnen(duo=list(duo), punten=punten, geo=geo, cbs=list(cbs))
        )
    except LeaGraphError as exc:
        raise DutchError(str(exc)) from exc
    click.echo(rapport.text(), nl=False)
    if dataset is None:
        raise DutchError(
            f"{number(len(rapport.errors))} fout(en) in de bestanden; er is niets geschreven."
        )
    with writing(out):
        write(dataset, rapport, out)
    click.echo(f"Geschreven: {out} (controleer het met: lea-graph validate {out}).")
