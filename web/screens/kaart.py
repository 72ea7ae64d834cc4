"""Kaart: the wijken on a map coloured by one figure, and the same figures as a table.

The figures per wijk come from the loaded network's analyses (one data path, through
:mod:`web.services`): partners per hub and gaps from the coverage matrix and the gap
analysis (:mod:`lea_graph.analytics.coverage`), the reach target from
:func:`lea_graph.analytics.indicators.wijk_reach`, PacT, SES and children from the
wijken table. :mod:`web.kaart` colours and draws them; the wijk and hub pages reuse the
same rows for their small maps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, request, url_for
from markupsafe import Markup

from lea_graph.analytics.coverage import GAP_DEFINITION
from lea_graph.analytics.wijkpartners import SOORTEN
from lea_graph.text import fold
from web import kaart, services
from web.screens import Screen, link, partner_col
from web.tables import Col, Table, num

__all__ = [
    "KaartKeuze",
    "gemeenten",
    "hub_kaart",
    "kaart_keuze",
    "kaart_rijen",
    "kaart_screen",
    "wijk_kaart",
]

#: The colouring shown when none is chosen.
STANDAARD = "hubs"

#: The most wijken one map draws; with more, the page asks for a gemeente first.
KAART_MAX = 600


@dataclass(frozen=True)
class KaartKeuze:
    """What the map shows: a colouring, its hub, a gemeente (None: all) and a schooljaar."""

    kleuring: str = STANDAARD
    hub: str | None = None
    gemeente: str | None = None
    schooljaar: str | None = None


def gemeenten() -> list[str]:
    """The gemeenten of the wijken, sorted (empty when no wijk names one)."""
    found = {d.get("gemeente") for d in services.nodes_of("wijk")}
    return sorted((x for x in found if x), key=fold)


def _hubs(gemeente: str | None) -> list[tuple[str, str]]:
    """(id, name) of the hubs of a gemeente (and those without one), sorted by name."""
    hubs = [
        (d["id"], str(d.get("naam") or d["id"]))
        for d in services.nodes_of("hub")
        if gemeente is None or d.get("gemeente") in (None, "", gemeente)
    ]
    return sorted(hubs, key=lambda h: (fold(h[1]), h[0]))


def kaart_keuze(args=None) -> KaartKeuze:
    """The choice from the query string (``kleur``, ``hub``, ``gemeente``,
    ``schooljaar``), checked against the data: 404 with a Dutch message otherwise."""
    args = args if args is not None else request.args
    kleuring = args.get("kleur") or STANDAARD
    if kleuring not in kaart.KLEURINGEN:
        choices = ", ".join(kaart.KLEURINGEN)
        abort(404, description=f"Er is geen kleuring '{kleuring}'; kies uit {choices}.")
    gemeente = args.get("gemeente") or None
    if gemeente is not None and gemeente not in gemeenten():
        abort(404, description=f"Er is geen gemeente '{gemeente}' in de gegevens.")
    hub = args.get("hub") or None
    if hub is not None and services.kind(hub) != "hub":
        abort(404, description=f"Er is geen hub met id '{hub}'.")
    if kleuring == "hub" and hub is None:
        hubs = _hubs(gemeente)
        hub = hubs[0][0] if hubs else None
    return KaartKeuze(kleuring, hub, gemeente, services.schooljaar())


def kaart_rijen(year: str | None) -> list[dict[str, Any]]:
    """The figures of every wijk for a schooljaar, sorted by name: the rows the maps
    colour and the table shows (:func:`web.services.kaart_rows`; see
    :func:`web.kaart.kleuren`)."""
    return services.kaart_rows(year)


def _in(rows: list[dict[str, Any]], gemeente: str | None) -> list[dict[str, Any]]:
    return rows if gemeente is None else [r for r in rows if r["gemeente"] == gemeente]


def _wijk_url(wijk: str) -> str:
    return url_for("wijken.wijk", node_id=wijk)


def _columns(several: bool, hub_naam: str) -> list[Col]:
    cols = [Col("naam", "Wijk", link=link("wijk", "wijk"))]
    if several:
        cols.append(Col("gemeente", "Gemeente"))
    cols += [
        Col("stadsdeel", "Stadsdeel"),
        Col("soort", "Soort"),
        Col("pact", "PacT-wijk"),
        Col("ses", "SES", source="ses_bron"),
        Col("kinderen_tekst", "Kinderen", source="kinderen_bron", sort="kinderen_midden"),
        Col("kinderen_leeftijd", "Leeftijd kinderen"),
        partner_col("via_hubs"),
        partner_col("alle"),
    ]
    if hub_naam:
        cols.append(num("partners_hub", f"Partners van {hub_naam}"))
    cols += [
        num("gaten", "Gaten"),
        num("gaten_zonder", "Gaten zonder partner"),
        num("gaten_een", "Gaten met één partner"),
        num("ondergrens_pct", "Bereik ondergrens (%)", source="bereik_bron"),
        num("bovengrens_pct", "Bereik bovengrens (%)", source="bereik_bron"),
        num("doel_pct", "Doel (%)"),
        Col("status", "Status doel"),
        Col("kaart_klasse", "Kleur op de kaart"),
        Col("wijkgrens", "Op de kaart", kind="bool"),
    ]
    return cols


TABLE_TEXT = (
    "Dezelfde cijfers als op de kaart, voor elke wijk (ook de wijken zonder wijkgrens). "
    f"{SOORTEN['via_hubs'][0]}: {SOORTEN['via_hubs'][1]} "
    f"{SOORTEN['alle'][0]}: {SOORTEN['alle'][1]} "
    f"Gaten: per wijk het aantal hubs waarvoor de wijk een gat is. {GAP_DEFINITION} "
    "Bereik: het deel van de leerlingen op de scholen in de wijk dat meedoet aan brede "
    "talentontwikkeling, als ondergrens (naar beneden afgerond) en bovengrens (naar boven "
    "afgerond), want de gegevens tellen deelnemers per activiteit, niet per kind. Doel: 100% "
    "in een PacT-wijk, 75% bij lage SES. Kleur op de kaart: de klasse van de legenda."
)


@services.per_version
def kaart_screen(keuze: KaartKeuze) -> Screen:
    """The Kaart page and ``/api/v1/kaart``: the map, its legend, the wijken without a
    boundary and the table of figures per wijk."""
    all_gemeenten = gemeenten()
    rows = [dict(r) for r in _in(kaart_rijen(keuze.schooljaar), keuze.gemeente)]
    hub_naam = ""
    if keuze.hub:
        hub_naam = str(services.attr(keuze.hub, "naam") or keuze.hub)
    shapes = services.wijkgrenzen()
    drawn = sum(1 for r in rows if r["wijkgrens"])
    too_many = drawn > KAART_MAX
    figure, legenda, colours = kaart.kleur_kaart(
        rows, {} if too_many else shapes, keuze.kleuring, hub=keuze.hub, hub_naam=hub_naam,
        id="kaart", href=_wijk_url,
    )  # fmt: skip
    for r in rows:
        colour = colours[r["wijk"]]
        r["kaart_klasse"] = colour.klasse.tekst
        r["kaart_kleur"] = colour.klasse.kleur
        r["kaart_waarde"] = colour.waarde
        r["partners_hub"] = r["partners_per_hub"].get(keuze.hub) if keuze.hub else None
    missing = [{"wijk": r["wijk"], "naam": r["naam"]} for r in rows if not r["wijkgrens"]]
    table = Table(
        "kaart",
        "Cijfers per wijk",
        _columns(len(all_gemeenten) > 1, hub_naam),
        rows,
        TABLE_TEXT,
        empty="Er zijn geen wijken in de gegevens.",
    )
    info = {
        "schooljaar": keuze.schooljaar,
        "kleuring": keuze.kleuring,
        "kleuring_naam": kaart.KLEURINGEN[keuze.kleuring],
        "hub": keuze.hub,
        "hub_naam": hub_naam or None,
        "gemeente": keuze.gemeente,
        "gemeenten": all_gemeenten,
        "legenda": legenda.to_dict(),
        "wijken_met_wijkgrens": drawn,
        "zonder_wijkgrens": missing,
        "bron_wijkgrenzen": kaart.CREDIT,
    }
    return Screen(
        info=info,
        tables=[table],
        view={
            "kaart": figure,
            "legenda": legenda,
            "zonder": missing,
            "hubs": _hubs(keuze.gemeente),
            "gemeenten": all_gemeenten,
            "kleuringen": kaart.KLEURINGEN,
            "uitleg": kaart.UITLEG,
            "keuze": keuze,
            "hub_naam": hub_naam,
            "te_veel": drawn if too_many else 0,
            "kaart_max": KAART_MAX,
        },
    )


def hub_kaart(hub_id: str, year: str | None) -> Markup:
    """The small map of a hub's reach per wijk (the wijken of its gemeente); empty when
    no wijk has a boundary."""
    gemeente = services.attr(hub_id, "gemeente") or None
    rows = _in(kaart_rijen(year), gemeente if gemeente in gemeenten() else None)
    args = {"kleur": "hub", "hub": hub_id, **({"schooljaar": year} if year else {})}
    figure, _, _ = kaart.kleur_kaart(
        rows, services.wijkgrenzen(), "hub", hub=hub_id, hub_naam=str(services.attr(hub_id, "naam") or hub_id),
        id="kaart-hub", klein=True, href=_wijk_url,
        link=(url_for("kaart.index", **args), "Open de grote kaart met alle kleuringen"),
    )  # fmt: skip
    return figure


def wijk_kaart(wijk_id: str) -> Markup:
    """The small map with one wijk highlighted among those of its gemeente; empty when
    the wijk has no boundary."""
    gemeente = services.attr(wijk_id, "gemeente") or None
    rows = [
        {"wijk": d["id"], "naam": str(d.get("naam") or d["id"])}
        for d in services.nodes_of("wijk")
        if gemeente is None or d.get("gemeente") == gemeente
    ]
    return kaart.wijk_kaart(
        rows, services.wijkgrenzen(), wijk_id, href=_wijk_url,
        link=(url_for("kaart.index", **({"gemeente": gemeente} if gemeente else {})),
              "Open de kaart van alle wijken"),
    )  # fmt: skip
