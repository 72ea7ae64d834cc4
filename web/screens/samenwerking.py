"""The samenwerkingsmonitor's screens: what the begeleidingsgroep sees of a closed round,
what the coordinator sees of every round, and what a partner sees of its own.

Who sees what is one rule (:func:`lea_graph.analytics.samenwerking.zichtbaar`):

- the **coordinator** (role ``coordinator`` or higher) sees every answer and every
  figure, also per collaboration;
- the **begeleidingsgroep** (a logged-in ``lezer``) sees closed rounds only, and a figure
  only when it rests on :data:`~lea_graph.analytics.samenwerking.MIN_BEOORDELAARS` raters
  or more; scores per collaboration (at most two raters) never;
- a **partner** sees its own answers, and how the others rate it under the same rule.

A hidden figure is ``None`` with ``<key>_verborgen: true`` beside it: the page and the
downloads say "verborgen", the API gives both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import url_for
from markupsafe import Markup

from lea_graph import monitor
from lea_graph.analytics import samenwerking as sw
from lea_graph.text import number, percent, plural
from lea_graph.tijd import datum_nl, tijd_nl
from web import kaart, services
from web.screens import Screen, link
from web.screens.kaart import kaart_rijen
from web.tables import Col, Table, num

__all__ = [
    "DREMPEL_TEKST",
    "eigen_oordeel",
    "gesloten_rondes",
    "kies_ronde",
    "ronde_beheer_screen",
    "rondes_screen",
    "samenwerking_screen",
]

DREMPEL_TEKST = (
    f"Een cijfer staat er alleen als minstens {sw.MIN_BEOORDELAARS} partners het gaven; "
    "anders staat er 'verborgen', zodat niemand kan terugrekenen wat één partner van een "
    "andere vindt. De coördinator ziet alle antwoorden."
)
SCORE_TEKST = (
    "Waarde: hoe nuttig de andere partner is voor het eigen werk, het gemiddelde van "
    "invloed, middelen en betrokkenheid. Vertrouwen: het gemiddelde van betrouwbaarheid, "
    "gedeelde missie en openheid. Elk op een schaal van 1 (helemaal niet) tot 4 (heel erg); "
    "'weet ik niet' telt niet mee. Per beoordeling eerst het gemiddelde van de drie vragen, "
    "dan het gemiddelde over de beoordelingen. "
)
STATUS_TEKST = {"open": "open", "verlopen": "sluitdatum voorbij", "gesloten": "gesloten"}


def _hide(row: dict[str, Any], keys: Sequence[str], raters: int | None) -> dict[str, Any]:
    """``row`` with the figures at ``keys`` hidden unless ``raters`` may be shown."""
    if sw.zichtbaar(raters):
        return row
    out = dict(row)
    for key in keys:
        if out.get(key) is not None:
            out[key] = None
            out[f"{key}_verborgen"] = True
    return out


def gesloten_rondes() -> list[dict[str, Any]]:
    """The closed rounds, newest first."""
    return [r for r in services.monitor_rondes() if r.get("gesloten")]


def kies_ronde(ident: str | None, rondes: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The round asked for (``?ronde=``) among ``rondes``, else the newest."""
    for r in rondes:
        if ident and r["id"] == ident:
            return dict(r)
    return dict(rondes[0]) if rondes and not ident else None


def _ronde_info(r: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": r["id"],
        "naam": r["naam"],
        "schooljaar": r["schooljaar"],
        "status": monitor.status(r),
        "status_tekst": STATUS_TEKST[monitor.status(r)],
        "sluit": r["sluit"],
        "sluit_tekst": datum_nl(r["sluit"]),
        "geopend": r.get("geopend"),
        "gesloten": r.get("gesloten"),
        "gesloten_tekst": tijd_nl(r["gesloten"]) if r.get("gesloten") else "",
        "versie": r.get("versie") or "",
        "voorbeeld": r.get("bron") == "voorbeeld",
    }


def _netwerk_tekst(geladen_op: str) -> str:
    """The network version a round closed on, as people know it: when it was loaded."""
    return f"van {datum_nl(geladen_op)}" if geladen_op else "onbekend"


def _respons_zin(resp: Mapping[str, Any]) -> str:
    share = "" if resp["aandeel"] is None else f" ({percent(resp['aandeel'])})"
    return f"{number(resp['ingevuld'])} van de {plural(resp['partners'], 'partner', 'partners')} vulden in{share}"


def _overall(r: Mapping[str, Any]) -> dict[str, Any]:
    """The network-wide figures of a round: all ratings together."""
    row = sw.geheel(r)
    return {
        k: row[k] for k in ("paren_genoemd", "wederzijds", "waarde", "vertrouwen", "beoordelaars")
    }


GROUP_COLUMNS = [
    num("partners", "Partners"),
    num("ingevuld", "Vulden in"),
    Col("respons", "Respons", kind="pct"),
    num("paren_genoemd", "Samenwerkingen genoemd"),
    Col("dichtheid", "Dichtheid", kind="pct",
        help="Genoemde samenwerkingen tussen partners van de groep, als deel van alle paren."),
    Col("wederzijds", "Wederzijds", kind="pct",
        help="Deel van de genoemde samenwerkingen dat beide partners noemden."),
    num("waarde", "Waarde (1-4)"),
    num("vertrouwen", "Vertrouwen (1-4)"),
    num("beoordelaars", "Beoordelaars"),
]  # fmt: skip


def _group_rows(
    rows: list[dict[str, Any]], soort: str, volledig: bool, bron: str
) -> list[dict[str, Any]]:
    """Rows of :func:`~lea_graph.analytics.samenwerking.groepen` (or ``verloop``) as the
    tables show them: with the hub or wijk id and name under their usual keys, marked
    illustrative when their round is (``bron``, or the row's ``ronde_bron``), and hidden
    where the reader may not see them. A wijk with fewer than two partners has no
    collaboration inside and is left out."""
    shown = []
    for row in rows:
        if soort == "wijk" and row["partners"] < 2:
            continue
        row = {**row, soort: row["groep"], f"{soort}_naam": row["naam"]}
        if row.get("ronde_bron", bron) == "voorbeeld":
            row["bron"] = "voorbeeld"
        shown.append(row if volledig else _hide(row, ("waarde", "vertrouwen"), row["beoordelaars"]))
    return shown


def _bastion_rows(r: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per hub the bastion score of the network alone and with the monitor's named
    collaborations (:func:`lea_graph.analytics.isolation.bastion_scores`)."""
    network = services.bastions_met_monitor(r["schooljaar"], None)
    both = services.bastions_met_monitor(r["schooljaar"], r)
    alone = {row["hub"]: row for row in sw.bastion(r)}
    rows = []
    for row in both:
        hub = row["hub"]
        before = next((x for x in network if x["hub"] == hub), {})
        mon = alone.get(hub, {})
        rows.append(
            {
                "hub": hub,
                "hub_naam": row["hub_naam"],
                "netwerk": before.get("bastionscore"),
                "monitor": mon.get("bastionscore"),
                "samen": row["bastionscore"],
                "samenwerkingen": row["samenwerkingen"],
                **({"bron": "voorbeeld"} if r.get("bron") == "voorbeeld" else {}),
            }
        )
    return rows


def _kaart(r: Mapping[str, Any], wijken: list[dict[str, Any]]) -> Markup:
    """The wijken coloured by the mean trust of the collaborations inside them."""
    values = {
        row["wijk"]: (row.get("vertrouwen"), row["beoordelaars"], row.get("vertrouwen_verborgen"))
        for row in wijken
    }
    rijen = kaart_rijen(r["schooljaar"])
    return kaart.vertrouwen_kaart(
        rijen,
        services.wijkgrenzen(),
        values,
        uitleg="Per wijk het gemiddelde vertrouwen (1-4) van de beoordelingen tussen partners "
        "die allebei in de wijk werken (op een school of opvang, of met wijkinzet). "
        + DREMPEL_TEKST,
        voorbeeld=r.get("bron") == "voorbeeld",
    )


def samenwerking_screen(ident: str | None, volledig: bool) -> Screen | None:
    """The begeleidingsgroep's page of a closed round (``/samenwerking``); None when
    there is no such round. ``volledig``: the coordinator's view (every figure)."""
    rondes = gesloten_rondes()
    r = kies_ronde(ident, rondes)
    if r is None:
        return None
    voorbeeld = r.get("bron") == "voorbeeld"
    resp = sw.respons(r)
    overall = _overall(r)
    if not volledig:
        overall = _hide(overall, ("waarde", "vertrouwen"), overall["beoordelaars"])
    bron = r.get("bron") or ""
    hubs = _group_rows(sw.groepen(r, "hub"), "hub", volledig, bron)
    wijken = _group_rows(sw.groepen(r, "wijk"), "wijk", volledig, bron)
    partner_rows = []
    for row in sw.partners(r):
        row = {**row, **({"bron": "voorbeeld"} if voorbeeld else {})}
        if not volledig:
            row = _hide(row, ("waarde",), row["waarde_beoordelaars"])
            row = _hide(row, ("vertrouwen",), row["vertrouwen_beoordelaars"])
        partner_rows.append(row)
    pair_rows = []
    for row in sw.paren(r):
        row = {**row, **({"bron": "voorbeeld"} if voorbeeld else {})}
        if not volledig:
            row = {k: v for k, v in row.items() if k in _PAIR_PUBLIC}
        pair_rows.append(row)
    low = sw.te_versterken(r)
    history_rows = {}
    for soort in ("hub", "wijk"):
        rows = [
            {**row, "erbij_tekst": ", ".join(row["erbij"]), "weg_tekst": ", ".join(row["weg"]),
             "netwerk_tekst": _netwerk_tekst(row["netwerk_geladen_op"])}
            for row in sw.verloop(rondes, soort)
        ]  # fmt: skip
        shown = _group_rows(rows, soort, volledig, "")
        # A group's rounds together, oldest first (sorted is stable).
        history_rows[soort] = sorted(shown, key=lambda r: (r["naam"].lower(), r["groep"]))
    missing = services.ontbrekend_met_monitor(r["schooljaar"], r)
    tables = [
        Table("hubs", "Per hub", [Col("hub_naam", "Hub", link=link("hub", "hub")), *GROUP_COLUMNS],
              hubs, _GROUP_TEXT.format(wie="de leden van de hub (tabel hub_leden)")),
        Table("wijken", "Per wijk", [Col("wijk_naam", "Wijk", link=link("wijk", "wijk")), *GROUP_COLUMNS],
              wijken, _GROUP_TEXT.format(wie="de partners die in de wijk werken (op een school "
                                              "of opvang in de wijk, of met wijkinzet) in het "
                                              "schooljaar van de ronde")
              + " Wijken met minder dan twee partners staan er niet in.",
              empty="Geen wijk heeft twee of meer partners."),
        Table("partners", "Per partner: zo zien de anderen hem", _partner_columns(), partner_rows,
              "Per partner: hoeveel partners hem noemden, en hun gemiddelde waarde en vertrouwen. "
              + SCORE_TEKST + DREMPEL_TEKST),
        Table("samenwerkingen", "Per samenwerking", _pair_columns(volledig), pair_rows,
              "Elke samenwerking die minstens één van beide partners noemde. Wederzijds: beide "
              "noemden elkaar. "
              + (SCORE_TEKST + "Per samenwerking het gemiddelde van beide kanten."
                 if volledig else
                 "Cijfers per samenwerking rusten op hooguit twee partners en staan daarom "
                 "alleen bij de coördinator.")),
        Table("bastion", "Gesloten bastion: blijft de samenwerking binnen de hub?",
              _BASTION_COLUMNS, _bastion_rows(r),
              "Het deel van de samenwerkingen van de leden van een hub dat binnen de hub "
              "blijft (100% = de leden werken alleen met elkaar). Netwerk: de vastgelegde "
              "samenwerkingen (tabel samenwerkingen). Monitor: de samenwerkingen die in deze "
              "ronde genoemd zijn. Samen: elke samenwerking één keer, vastgelegd of genoemd."),
        Table("ontbrekend", "Ontbrekende verbindingen, met de monitor erbij", _MISSING_COLUMNS,
              missing["rijen"],
              "Paren partners die op dezelfde plekken werken (scholen, wijken, programma's, "
              "thema's) maar niet samenwerken, de sterkste eerst (zoals op de pagina "
              f"Analyses). Paren die in deze ronde zeggen dat ze samenwerken ({missing['weg']}) "
              "zijn weggelaten: die verbinding bestaat al; is ze zwak, dan staat ze bij 'Te "
              "versterken'.", empty="Geen ontbrekende verbindingen gevonden."),
    ]  # fmt: skip
    for soort, label in (("hub", "hub"), ("wijk", "wijk")):
        tables.append(
            Table(f"verloop_{soort}", f"Verloop per {label} over de rondes",
                  [Col(f"{soort}_naam", label.capitalize(), link=link(soort, soort)),
                   Col("ronde_naam", "Ronde"), Col("netwerk_tekst", "Netwerk"),
                   num("actief", "Actief"), num("kern", "Vaste kern"),
                   Col("erbij_tekst", "Erbij"), Col("weg_tekst", "Weg"),
                   Col("dichtheid", "Dichtheid", kind="pct"),
                   Col("wederzijds", "Wederzijds", kind="pct"),
                   num("vertrouwen", "Vertrouwen (1-4)"), num("beoordelaars", "Beoordelaars"),
                   Col("richting", "Vertrouwen t.o.v. vorige ronde")],
                  history_rows[soort], _HISTORY_TEXT)
        )  # fmt: skip
    if volledig:
        tables.append(
            Table("te_versterken", "Te versterken", [
                *_pair_columns(True)[:2],
                num("waarde", "Waarde (1-4)"), num("vertrouwen", "Vertrouwen (1-4)"),
                Col("wederzijds", "Wederzijds", kind="bool"), Col("reden", "Waarom"),
                Col("sterker", "Wat zou helpen (open antwoorden)")],
                [{**row, **({"bron": "voorbeeld"} if voorbeeld else {})} for row in low],
                f"Samenwerkingen die bestaan maar laag scoren: een gemiddelde waarde of "
                f"vertrouwen (beide kanten samen) onder {sw.LAAG:g} op 4. Alleen de coördinator "
                "ziet welke.", empty="Geen samenwerking scoort laag.")
        )  # fmt: skip
    info = {
        "ronde": _ronde_info(r),
        "rondes": [_ronde_info(x) for x in rondes],
        "respons": resp,
        "respons_tekst": _respons_zin(resp),
        "netwerk": overall,
        "te_versterken": len(low),
        "drempel": sw.MIN_BEOORDELAARS,
        "definities": monitor.BRON_DEFINITIES,
        "volledig": volledig,
        "voorbeeld": voorbeeld,
    }
    return Screen(info=info, tables=tables, view={"kaart": _kaart(r, wijken)})


_PAIR_PUBLIC = {"a", "b", "a_naam", "b_naam", "a_noemt_b", "b_noemt_a", "wederzijds", "bron"}

_GROUP_TEXT = (
    "De partners van een groep zijn {wie}, zoals het netwerk was toen de ronde sloot. Alleen "
    "samenwerkingen tussen twee partners van de groep tellen. Respons: het deel van die "
    "partners dat de vragenlijst invulde. Dichtheid: genoemde samenwerkingen gedeeld door "
    "alle mogelijke paren. Wederzijds: het deel dat beide partners noemden. "
    + SCORE_TEKST
    + "Beoordelaars: het aantal partners van wie de beoordelingen meetellen; een lege cel "
    "betekent dat niemand er een gaf. " + DREMPEL_TEKST
)
_HISTORY_TEXT = (
    "Per gesloten ronde, de oudste eerst. Actief: partners van de groep met een genoemde "
    "samenwerking binnen de groep. Vaste kern: partners die in elke ronde tot nu toe actief "
    "waren. Erbij / weg: actief in deze ronde en niet in de vorige, of andersom. "
    "Netwerk: de versie van het netwerk toen de ronde sloot, met de dag waarop die versie "
    "geladen werd (zie Eerdere versies). "
    "Vertrouwen t.o.v. vorige ronde: hoger, lager of gelijk volgens het gemiddelde; "
    f"'onzeker' als een van beide rondes minder dan {sw.MIN_BEOORDELAARS} beoordelaars had. "
    "Een verschil zegt niet of het toeval is: bij weinig beoordelaars kan het gemiddelde "
    "flink schommelen. " + DREMPEL_TEKST
)
_BASTION_COLUMNS = [
    Col("hub_naam", "Hub", link=link("hub", "hub")),
    Col("netwerk", "Netwerk", kind="pct"),
    Col("monitor", "Monitor", kind="pct"),
    Col("samen", "Samen", kind="pct"),
    num("samenwerkingen", "Samenwerkingen (samen)"),
]
_MISSING_COLUMNS = [
    Col("partner_a_naam", "Partner", link=link("partner", "partner_a")),
    Col("partner_b_naam", "Partner", link=link("partner", "partner_b")),
    num("score", "Score"),
    Col("zelfde_hub", "Zelfde hub", kind="bool"),
    Col("toelichting", "Toelichting"),
]


def _partner_columns() -> list[Col]:
    return [
        Col("partner_naam", "Partner", link=link("partner", "partner")),
        Col("ingevuld", "Vulde in", kind="bool"),
        num("noemt", "Noemt"),
        num("genoemd_door", "Genoemd door"),
        num("wederzijds", "Wederzijds"),
        num("waarde", "Waarde (1-4)"),
        num("waarde_beoordelaars", "Beoordelaars waarde"),
        num("vertrouwen", "Vertrouwen (1-4)"),
        num("vertrouwen_beoordelaars", "Beoordelaars vertrouwen"),
    ]


def _pair_columns(volledig: bool) -> list[Col]:
    cols = [
        Col("a_naam", "Partner", link=link("partner", "a")),
        Col("b_naam", "Partner", link=link("partner", "b")),
        Col("a_noemt_b", "Eerste noemt tweede", kind="bool"),
        Col("b_noemt_a", "Tweede noemt eerste", kind="bool"),
        Col("wederzijds", "Wederzijds", kind="bool"),
    ]
    if volledig:
        cols += [
            num("niveau", "Niveau (1-4)", help="1 elkaar kennen · 2 informatie delen · "
                "3 samen plannen · 4 samen uitvoeren met gedeelde middelen"),
            num("frequentie", "Hoe vaak (1-4)", help="1 een of twee keer per jaar · 2 een paar "
                "keer per jaar · 3 ongeveer elke maand · 4 elke week of vaker"),
            num("waarde", "Waarde (1-4)"), num("vertrouwen", "Vertrouwen (1-4)"),
            num("beoordelaars", "Beoordelaars"),
            Col("sterker", "Wat zou helpen (open antwoorden)"),
        ]  # fmt: skip
    return cols


# -- the coordinator ------------------------------------------------------------------------------


def rondes_screen() -> Screen:
    """``/beheer/monitor``: every round with its response."""
    rows = []
    for r in services.monitor_rondes():
        info = _ronde_info(r)
        indeling = r.get("indeling") or services.monitor_indeling(r["schooljaar"])
        resp = sw.respons({**r, "indeling": indeling})
        rows.append(
            {
                **info,
                "ingevuld": resp["ingevuld"],
                "partners": resp["partners"],
                "respons": resp["aandeel"],
                "gesloten_tekst": info["gesloten_tekst"],
                **({"bron": "voorbeeld"} if info["voorbeeld"] else {}),
            }
        )
    columns = [
        Col("naam", "Ronde", link=lambda row: url_for("monitor_beheer.ronde", ident=row["id"])),
        Col("schooljaar", "Schooljaar"),
        Col("status_tekst", "Status"),
        Col("sluit_tekst", "Sluitdatum"),
        Col("gesloten_tekst", "Gesloten op"),
        num("ingevuld", "Vulden in"),
        num("partners", "Partners"),
        Col("respons", "Respons", kind="pct"),
    ]
    return Screen(
        info={"open": next((x for x in rows if x["status"] != "gesloten"), None)},
        tables=[
            Table(
                "rondes", "Rondes", columns, rows,
                "Elke ronde blijft bewaard tot u haar verwijdert; een nieuwe ronde overschrijft "
                "niets. Respons: partners die invulden, van alle partners in het netwerk (bij "
                "een gesloten ronde: in het netwerk toen de ronde sloot).",
                empty="Er is nog geen ronde.",
            )
        ],
    )  # fmt: skip


def ronde_beheer_screen(r: Mapping[str, Any], uitnodigingen: Mapping[str, Any]) -> Screen:
    """``/beheer/monitor/<id>``: the response per partner, every answer, and (when
    closed) the figures as the coordinator sees them."""
    from lea_graph.uitnodigingen import state

    indeling = r.get("indeling") or services.monitor_indeling(r["schooljaar"])
    full = {**r, "indeling": indeling}
    answers = r.get("antwoorden") or {}
    reminded = r.get("herinnerd") or {}
    rows = []
    for p, naam in sorted(indeling["partners"].items(), key=lambda x: x[1].lower()):
        entry = answers.get(p)
        rows.append(
            {
                "partner": p,
                "partner_naam": naam,
                "ingevuld": bool(entry),
                "ingevuld_op": tijd_nl(entry["ingevuld"]) if entry else "",
                "samenwerkingen": len(entry["samenwerkingen"]) if entry else 0,
                "uitnodiging": state(uitnodigingen.get(p)),
                "herinnerd": ", ".join(datum_nl(x) for x in reminded.get(p, [])),
                **({"bron": "voorbeeld"} if entry and entry.get("bron") == "voorbeeld" else {}),
            }
        )
    rating_rows = []
    names = indeling["partners"]
    for rater, entry in sorted(answers.items(), key=lambda x: names.get(x[0], x[0]).lower()):
        for rated, a in sorted(
            entry["samenwerkingen"].items(), key=lambda x: names.get(x[0], x[0]).lower()
        ):
            rating_rows.append(
                {
                    "van": rater, "van_naam": names.get(rater, rater),
                    "over": rated, "over_naam": names.get(rated, rated),
                    "frequentie": monitor.FREQUENTIES.get(a.get("frequentie"), ""),
                    "niveau": monitor.NIVEAUS.get(a.get("niveau"), ""),
                    **{f: a.get(f) for f in monitor.SCORE_VELDEN},
                    "waarde": sw.score(a, "waarde"), "vertrouwen": sw.score(a, "vertrouwen"),
                    "sterker": a.get("sterker", ""),
                    **({"bron": "voorbeeld"} if entry.get("bron") == "voorbeeld" else {}),
                }
            )  # fmt: skip
        for rated in entry.get("niet_meer", []):
            rating_rows.append(
                {"van": rater, "van_naam": names.get(rater, rater), "over": rated,
                 "over_naam": names.get(rated, rated), "frequentie": "werkt niet (meer) samen",
                 **({"bron": "voorbeeld"} if entry.get("bron") == "voorbeeld" else {})}
            )  # fmt: skip
    labels = {**monitor.WAARDE, **monitor.VERTROUWEN}
    tables = [
        Table(
            "respons", "Respons per partner",
            [Col("partner_naam", "Partner", link=link("partner", "partner")),
             Col("ingevuld", "Vulde in", kind="bool"), Col("ingevuld_op", "Op"),
             num("samenwerkingen", "Samenwerkingen beoordeeld"),
             Col("uitnodiging", "Persoonlijke link"), Col("herinnerd", "Herinnerd op")],
            rows,
            "Alle partners in het netwerk" + (" toen de ronde sloot" if r.get("gesloten") else "")
            + ". Een partner vult in via zijn persoonlijke link (dezelfde als voor zijn "
            "gegevens). Is die verlopen of ingetrokken, maak dan op de pagina van de partner "
            "een nieuwe.",
        ),
        Table(
            "antwoorden", "Alle antwoorden",
            [Col("van_naam", "Van", link=link("partner", "van")),
             Col("over_naam", "Over", link=link("partner", "over")),
             Col("frequentie", "Hoe vaak"), Col("niveau", "Niveau"),
             *[num(f, labels[f][0]) for f in monitor.SCORE_VELDEN],
             num("waarde", "Waarde"), num("vertrouwen", "Vertrouwen"),
             Col("sterker", "Wat zou helpen")],
            rating_rows,
            "Elke beoordeling zoals de partner haar gaf (leeg = weet ik niet). Alleen de "
            "coördinator ziet deze tabel. " + SCORE_TEKST,
            empty="Nog geen antwoorden.",
        ),
    ]  # fmt: skip
    resp = sw.respons(full)
    return Screen(
        info={"ronde": _ronde_info(r), "respons": resp, "respons_tekst": _respons_zin(resp)},
        tables=tables,
    )


# -- the partner ----------------------------------------------------------------------------------


def eigen_oordeel(partner: str) -> list[dict[str, Any]]:
    """How the others rated ``partner`` in each closed round, newest first, under the
    rule of :func:`lea_graph.analytics.samenwerking.zichtbaar`: ``ronde`` (name),
    ``genoemd_door``, ``waarde``/``vertrouwen`` (None when hidden) with their raters,
    and ``respons`` (the round's response in words)."""
    out = []
    for r in gesloten_rondes():
        row = next((x for x in sw.partners(r) if x["partner"] == partner), None)
        if row is None:
            continue
        row = _hide(row, ("waarde",), row["waarde_beoordelaars"])
        row = _hide(row, ("vertrouwen",), row["vertrouwen_beoordelaars"])
        out.append(
            {
                **row,
                "ronde": r["naam"],
                "respons": _respons_zin(sw.respons(r)),
                "voorbeeld": r.get("bron") == "voorbeeld",
            }
        )
    return out
