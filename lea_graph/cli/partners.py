"""Partners keep their own data: lea-graph partners uitnodigen, intrekken and
niet-bevestigd."""

from __future__ import annotations

from pathlib import Path

import click

from lea_graph import tijd
from lea_graph.cli.errors import DutchError, LeaGroup
from lea_graph.cli.options import loaded_network, open_store, store_options
from lea_graph.cli.store import _state_dir, _user

__all__ = ["partners"]


@click.group(cls=LeaGroup)
def partners() -> None:
    """Partners houden hun eigen gegevens bij via een persoonlijke link."""


def _partner_name(backend: str | None, data_dir: Path | None, partner: str) -> str:
    with open_store(backend, data_dir) as store:
        g = loaded_network(store)
    data = g.nodes.get(partner)
    if data is None or data.get("kind") != "partner":
        raise DutchError(f"Er is geen partner met id '{partner}' in het netwerk.")
    return str(data.get("naam", partner))


@partners.command("uitnodigen")
@click.argument("partner")
@click.option(
    "--base-url",
    envvar="LEA_PUBLIC_URL",
    default="http://127.0.0.1:8050",
    show_default=True,
    help="Het adres waarop partners de verkenner bereiken (ook LEA_PUBLIC_URL).",
)
@click.option(
    "--geldig",
    "days",
    type=int,
    default=30,
    show_default=True,
    help="Hoeveel dagen de link werkt (1 tot 365).",
)
@store_options
def uitnodigen(
    partner: str, base_url: str, days: int, backend: str | None, data_dir: Path | None
) -> None:
    """Maak een persoonlijke link voor PARTNER (een id, bijvoorbeeld p-factorium).

    De link wordt één keer getoond en niet bewaard (alleen een controlegetal). Een
    eerdere link van deze partner werkt daarna niet meer. Stuur hem naar de algemene
    mailbox van de organisatie.
    """
    from lea_graph import uitnodigingen
    from lea_graph.errors import LeaGraphError

    name = _partner_name(backend, data_dir, partner)
    path = uitnodigingen.invitations_file(_state_dir(data_dir))
    try:
        token = uitnodigingen.create(path, partner, days=days, door=_user())
    except LeaGraphError as exc:
        raise DutchError(str(exc)) from exc
    until = tijd.datum_nl(uitnodigingen.load_invitations(path)[partner]["verloopt"])
    click.echo(f"Link voor {name} (geldig tot {until}):")
    click.echo(f"{base_url.rstrip('/')}/bijdragen/{token}")


@partners.command("intrekken")
@click.argument("partner")
@store_options
def intrekken(partner: str, backend: str | None, data_dir: Path | None) -> None:
    """Trek de link van PARTNER in: wie hem opent, leest dat hij niet meer werkt."""
    from lea_graph import uitnodigingen

    path = uitnodigingen.invitations_file(_state_dir(data_dir))
    if not uitnodigingen.revoke(path, partner):
        raise DutchError(f"Partner '{partner}' heeft geen link die nog werkt.")
    click.echo(f"De link van {partner} is ingetrokken.")


@partners.command("niet-bevestigd")
@click.option(
    "--maanden",
    type=click.IntRange(1, 120),
    default=6,
    show_default=True,
    help="Niet bevestigd in zoveel hele maanden (of nooit).",
)
@store_options
def niet_bevestigd(maanden: int, backend: str | None, data_dir: Path | None) -> None:
    """Toon de partners die hun gegevens lang of nooit bevestigden (voor herinneringen)."""
    from lea_graph import uitnodigingen
    from lea_graph.analytics.actualiteit import not_confirmed

    with open_store(backend, data_dir) as store:
        g = loaded_network(store)
    rows = not_confirmed(g, maanden, tijd.today())
    invitations = uitnodigingen.load_invitations(
        uitnodigingen.invitations_file(_state_dir(data_dir))
    )
    if not rows:
        click.echo(f"Alle partners bevestigden hun gegevens in de laatste {maanden} maanden.")
        return
    click.echo(f"{len(rows)} partners niet bevestigd in de laatste {maanden} maanden:")
    for r in rows:
        when = r["laatst_bevestigd"] or "nooit"
        link = uitnodigingen.state(invitations.get(r["partner"]))
        click.echo(f"{r['partner']}\t{r['naam']}\tlaatst bevestigd: {when}\tlink: {link}")
