"""Commands for the municipality's IT: a backup of the whole state in one file, and
putting it back (:mod:`lea_graph.backup`)."""

from __future__ import annotations

from pathlib import Path

import click

from lea_graph.cli.options import open_store, store_options
from lea_graph.text import number, plural
from lea_graph.tijd import tijd_nl

__all__ = ["backup", "restore_backup"]


def _state_dir(data_dir: Path | None) -> Path:
    from lea_graph.datadir import default_data_dir

    return Path(data_dir) if data_dir else default_data_dir()


def _summary(manifest: dict) -> str:
    counts = manifest.get("aantallen", {})
    parts = [
        plural(counts.get("accounts", 0), "account", "accounts"),
        plural(counts.get("uitnodigingen", 0), "uitnodiging", "uitnodigingen"),
        plural(counts.get("voorstellen", 0), "voorstel", "voorstellen"),
        plural(counts.get("publicaties", 0), "gepubliceerde weergave", "gepubliceerde weergaven"),
        plural(counts.get("weergaven", 0), "bewaarde weergave", "bewaarde weergaven"),
        plural(counts.get("monitorrondes", 0), "ronde", "rondes") + " van de samenwerkingsmonitor",
        plural(counts.get("logboekregels", 0), "regel", "regels") + " in het logboek",
        plural(counts.get("snapshots", 0), "eerdere versie", "eerdere versies"),
    ]
    return ", ".join(parts)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@store_options
def backup(file: Path, backend: str | None, data_dir: Path | None) -> None:
    """Maak een backup van alles in één bestand (zip): het netwerk, de accounts, de
    uitnodigingen, de voorstellen, de rondes van de samenwerkingsmonitor, het logboek en
    de eerdere versies.

    Bewaar het bestand veilig: het bevat de accounts (met versleutelde wachtwoorden).
    """
    from lea_graph.backup import make_backup

    with open_store(backend, data_dir) as store:
        manifest = make_backup(store, _state_dir(data_dir), file)
    network = manifest.get("netwerk")
    if network:
        rows = sum(network["tabellen"].values())
        what = f"het netwerk ({number(rows)} rijen, geladen op {tijd_nl(network['geladen_op'])})"
    else:
        what = "geen netwerk (er was niets geladen)"
    click.echo(f"Backup geschreven naar {file}: {what}; {_summary(manifest)}.")


@click.command("restore-backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@store_options
def restore_backup(file: Path, backend: str | None, data_dir: Path | None) -> None:
    """Zet een backup (van lea-graph backup) terug in een lege gegevensmap en een lege
    database.

    Staat er al iets, dan wordt niets veranderd.
    """
    import getpass

    from lea_graph.backup import restore_backup as do_restore

    with open_store(backend, data_dir) as store:
        manifest = do_restore(store, _state_dir(data_dir), file, user=f"cli:{getpass.getuser()}")
        backend_name = store.backend
    loaded = manifest.get("geladen")
    network = (
        f"het netwerk staat in {backend_name} ({number(loaded['knopen'])} knopen en "
        f"{number(loaded['relaties'])} relaties, versie {loaded['versie']})"
        if loaded
        else "de backup had geen netwerk"
    )
    click.echo(
        f"Backup van {tijd_nl(manifest.get('gemaakt'))} teruggezet: {network}; "
        f"{_summary(manifest)}."
    )
