"""What a published view shows (issue 29 §2): a wijk's "wie doet wat", the map, a hub's
reach per wijk, each read-only and without links into the explorer.

The data are the same as on the explorer's own pages (one data path, through
:mod:`web.services`); only the links differ: a wijk on a public map leads to its figures
under the map, never to a page of the explorer, which the public may not be able to
open.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from web import kaart, services
from web.screens import Screen
from web.screens.kaart import KaartKeuze, gemeenten, kaart_rijen

__all__ = ["publiek_screen", "publish_choices", "settings_problem"]

#: The hint inside a large map, for a map whose wijken lead to their figures below it.
HINT = ("klik voor de wijkpagina", "klik voor de cijfers onder de kaart")


def _anchor(wijk: str) -> str:
    return f"#wijk-{wijk}"


def _year(settings: dict[str, str]) -> str | None:
    year = settings.get("schooljaar") or None
    return year if year in services.years() else None


def settings_problem(soort: str, doel: str, settings: dict[str, str]) -> str:
    """Why a view of ``soort`` with these settings cannot be shown on the loaded network
    (a Dutch sentence), or "" when it can."""
    if soort == "wijk" and services.kind(doel) != "wijk":
        return "Deze wijk staat niet (meer) in de gegevens."
    if soort == "hub" and services.kind(doel) != "hub":
        return "Deze hub staat niet (meer) in de gegevens."
    if soort == "kaart":
        if (settings.get("kleur") or "hubs") not in kaart.KLEURINGEN:
            return "Deze kleuring van de kaart bestaat niet."
        hub = settings.get("hub")
        if hub and services.kind(hub) != "hub":
            return "De gekozen hub staat niet (meer) in de gegevens."
        gemeente = settings.get("gemeente")
        if gemeente and gemeente not in gemeenten():
            return "De gekozen gemeente staat niet (meer) in de gegevens."
    year = settings.get("schooljaar")
    if year and year not in services.years():
        return f"Het schooljaar {year} staat niet (meer) in de gegevens."
    return ""


def _wijk(wijk_id: str, year: str | None) -> dict[str, Any]:
    return {
        "node": services.node(wijk_id, "wijk"),
        "wie": services.wie_doet_wat_per_partner(wijk_id, year),
    }


def _map_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"wijk": r["wijk"], "naam": r["naam"], "tekst": kaart.wijk_tekst(r)} for r in rows]


def _figure(figure: Markup) -> Markup:
    return Markup(str(figure).replace(*HINT))  # noqa: S704 (made by web.kaart, escaped there)


def _kaart(settings: dict[str, str], year: str | None) -> dict[str, Any]:
    kleuring = settings.get("kleur") or "hubs"
    hub = settings.get("hub") or None
    if kleuring == "hub" and hub is None:
        hubs = sorted(d["id"] for d in services.nodes_of("hub"))
        hub = hubs[0] if hubs else None
    keuze = KaartKeuze(kleuring, hub, settings.get("gemeente") or None, year)
    rows = [
        r for r in kaart_rijen(year) if keuze.gemeente is None or r["gemeente"] == keuze.gemeente
    ]
    hub_naam = str(services.attr(hub, "naam") or hub) if hub else ""
    figure, legenda, _ = kaart.kleur_kaart(
        rows, services.wijkgrenzen(), kleuring, hub=hub, hub_naam=hub_naam, id="kaart",
        href=_anchor,
    )  # fmt: skip
    return {
        "kaart": _figure(figure),
        "legenda_titel": legenda.titel,
        "wijken": _map_rows(rows),
        "zonder": [r["naam"] for r in rows if not r["wijkgrens"]],
    }


def _hub(hub_id: str, year: str | None) -> dict[str, Any]:
    h = services.node(hub_id, "hub")
    gemeente = services.attr(hub_id, "gemeente") or None
    rows = [
        r for r in kaart_rijen(year) if gemeente not in gemeenten() or r["gemeente"] == gemeente
    ]
    naam = str(h.get("naam") or hub_id)
    figure, _, _ = kaart.kleur_kaart(
        rows, services.wijkgrenzen(), "hub", hub=hub_id, hub_naam=naam, id="kaart-hub",
        href=_anchor,
    )  # fmt: skip
    return {
        "node": h,
        "kaart": _figure(figure),
        "stadsdelen": services.hub_tables(hub_id, year)["stadsdelen"],
        "wijken": _map_rows(rows),
    }


@services.per_version
def publiek_screen(soort: str, doel: str, settings: tuple[tuple[str, str], ...]) -> Screen:
    """The data of a published view: ``soort`` (``wijk``, ``kaart`` or ``hub``), its wijk
    or hub, and its settings as sorted pairs (``schooljaar``; for the map also
    ``kleur``, ``hub`` and ``gemeente``).

    The caller checks the settings first (:func:`settings_problem`); an unknown wijk or
    hub gives a 404 (:func:`web.services.node`).
    """
    values = dict(settings)
    year = _year(values)
    if soort == "wijk":
        view = _wijk(doel, year)
    elif soort == "hub":
        view = _hub(doel, year)
    elif soort == "kaart":
        view = _kaart(values, year)
    else:
        raise ValueError(f"unknown kind of view: {soort!r}")
    return Screen(info={"soort": soort, "schooljaar": year}, view=view)


def publish_choices() -> dict[str, Any]:
    """What the coordinator can choose from: the wijken and hubs (id, name) by name, the
    map's colourings and the gemeenten."""

    def by_name(kind: str) -> list[tuple[str, str]]:
        found = [(d["id"], str(d.get("naam") or d["id"])) for d in services.nodes_of(kind)]
        return sorted(found, key=lambda x: (x[1].lower(), x[0]))

    return {
        "wijken": by_name("wijk"),
        "hubs": by_name("hub"),
        "kleuringen": kaart.KLEURINGEN,
        "gemeenten": gemeenten(),
    }
