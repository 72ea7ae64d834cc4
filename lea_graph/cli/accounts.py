"""The accounts of the explorer: lea-graph users add, remove and list."""

from __future__ import annotations

from pathlib import Path

import click

from lea_graph.cli.errors import DutchError, LeaGroup

__all__ = ["users"]

_data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="LEA_DATA_DIR",
    help="Map met het gebruikersbestand (standaard de datamap).",
)


def _users_path(data_dir: Path | None) -> Path:
    from lea_graph.users import users_file

    return users_file(data_dir)


@click.group(cls=LeaGroup)
def users() -> None:
    """Accounts voor de verkenner (rollen: lezer, coordinator, beheerder)."""


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
    """Voeg een account toe (of wijzig wachtwoord en rol).

    Een wachtwoord heeft minstens 12 tekens, is niet de gebruikersnaam en staat niet in
    de lijst met veelgebruikte wachtwoorden. Wie al was ingelogd met dit account, wordt
    uitgelogd.
    """
    from lea_graph.users import add_user

    path = _users_path(data_dir)
    add_user(path, name, wachtwoord, rol, data_dir=data_dir)
    click.echo(f"Account '{name}' ({rol}) opgeslagen in {path}; eerdere logins zijn beëindigd.")


@users.command("remove")
@click.argument("name")
@_data_dir_option
def users_remove(name: str, data_dir: Path | None) -> None:
    """Verwijder een account."""
    from lea_graph.users import remove_user

    if not remove_user(_users_path(data_dir), name, data_dir=data_dir):
        raise DutchError(f"Er is geen account '{name}'.")
    click.echo(f"Account '{name}' verwijderd; zijn logins zijn beëindigd.")


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
