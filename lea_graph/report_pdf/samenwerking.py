"""Section "Samenwerkingsmonitor": how partners rate their collaborations, per hub and
per wijk, and how that changed over the rounds.

The section prints what the page ``/samenwerking`` shows the reader of the report (the
screen's JSON, :func:`web.screens.samenwerking.samenwerking_screen`): a figure hidden
there for too few raters is "verborgen" here too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from lea_graph.report_pdf.opmaak import _WIDTH, _notice, _p, _table
from lea_graph.text import number, percent

__all__ = ["_samenwerking_section"]


def _figure(row: Mapping[str, Any], key: str) -> str:
    if row.get(f"{key}_verborgen"):
        return "verborgen"
    value = row.get(key)
    return "—" if value is None else number(value, 2)


def _share(value: Any) -> str:
    return "—" if value is None else percent(value)


def _rest(shown: int, total: int) -> list[Flowable]:
    """The note under a cut table: where the other wijken are."""
    if total <= shown:
        return []
    return [
        Spacer(1, 2),
        _p(f"… en nog {number(total - shown)} wijken; alle staan op de pagina Samenwerking "
           "(ook als download).", "note"),
    ]  # fmt: skip


def _rows(screen: Mapping[str, Any], table: str) -> list[dict[str, Any]]:
    return list(((screen.get("tabellen") or {}).get(table) or {}).get("rijen") or [])


def _samenwerking_section(
    screen: Mapping[str, Any], h1: Callable[[str], Flowable], limit: int = 15
) -> list[Flowable]:
    """The section for one closed round (``screen``: the monitor's screen as JSON)."""
    ronde = screen["ronde"]
    net = screen.get("netwerk") or {}
    story: list[Flowable] = [
        h1("Samenwerkingsmonitor"),
        _p(
            f"{ronde['naam']} (schooljaar {ronde['schooljaar']}, gesloten op "
            f"{ronde['gesloten_tekst']}): {screen['respons_tekst']}. Partners beoordeelden "
            "hun samenwerkingen: hoe vaak en hoe nauw, de waarde van de andere partner voor "
            "het eigen werk (invloed, middelen, betrokkenheid) en het vertrouwen "
            "(betrouwbaarheid, gedeelde missie, openheid), elk van 1 tot 4. Een cijfer staat "
            f"er alleen als minstens {screen['drempel']} partners het gaven; anders staat er "
            "'verborgen'.",
            "body",
        ),
        Spacer(1, 2 * mm),
    ]
    if screen.get("voorbeeld"):
        story += [
            _notice(
                ["Voorbeeld: de antwoorden in deze ronde zijn verzonnen. Ze zeggen niets over "
                 "de echte organisaties."],
                _WIDTH,
            ),
            Spacer(1, 2 * mm),
        ]  # fmt: skip
    story += [
        _p(
            f"Het hele netwerk: {number(net.get('paren_genoemd'))} samenwerkingen genoemd, "
            f"waarvan {_share(net.get('wederzijds'))} wederzijds; gemiddeld vertrouwen "
            f"{_figure(net, 'vertrouwen')}, gemiddelde waarde {_figure(net, 'waarde')} "
            f"({number(net.get('beoordelaars'))} beoordelaars).",
            "body",
        ),
        Spacer(1, 2.5 * mm),
    ]
    hubs = _rows(screen, "hubs")
    rows = [
        [r["naam"], number(r["partners"]), number(r["ingevuld"]), _share(r["dichtheid"]),
         _share(r["wederzijds"]), _figure(r, "waarde"), _figure(r, "vertrouwen"),
         number(r["beoordelaars"])]
        for r in hubs
    ]  # fmt: skip
    header = ["Hub", "Partners", "Vulden in", "Dichtheid", "Wederzijds", "Waarde",
              "Vertrouwen", "Beoordelaars"]  # fmt: skip
    widths = [_WIDTH - 126 * mm, 16 * mm, 16 * mm, 17 * mm, 19 * mm, 17 * mm, 20 * mm, 21 * mm]
    story.append(_table(header, rows, widths, numeric=range(1, 8)))
    history = [r for r in _rows(screen, "verloop_hub") if r.get("ronde_naam")]
    if len({r["ronde"] for r in history}) > 1:
        story += [
            Spacer(1, 3 * mm),
            _p("Verloop per hub over de rondes: actieve partners, de vaste kern (actief in elke "
               "ronde) en het gemiddelde vertrouwen; 'onzeker' als een ronde minder dan "
               f"{screen['drempel']} beoordelaars had.", "body"),
            Spacer(1, 1.5 * mm),
            _table(
                ["Hub", "Ronde", "Actief", "Vaste kern", "Vertrouwen", "T.o.v. vorige"],
                [[r["naam"], r["ronde_naam"], number(r["actief"]), number(r["kern"]),
                  _figure(r, "vertrouwen"), r["richting"]] for r in history],
                [44 * mm, _WIDTH - 134 * mm, 16 * mm, 20 * mm, 22 * mm, 32 * mm],
                numeric=(2, 3, 4),
            ),
        ]  # fmt: skip
    wijken = [r for r in _rows(screen, "wijken") if r.get("vertrouwen") is not None]
    wijken.sort(key=lambda r: (-r["vertrouwen"], r["naam"]))
    if wijken:
        story += [
            Spacer(1, 3 * mm),
            _p("Wijken met een zichtbaar gemiddeld vertrouwen tussen partners die er allebei "
               "werken, het hoogste eerst:", "body"),
            Spacer(1, 1.5 * mm),
            _table(
                ["Wijk", "Partners", "Dichtheid", "Wederzijds", "Vertrouwen", "Beoordelaars"],
                [[r["naam"], number(r["partners"]), _share(r["dichtheid"]),
                  _share(r["wederzijds"]), _figure(r, "vertrouwen"), number(r["beoordelaars"])]
                 for r in wijken[:limit]],
                [_WIDTH - 100 * mm, 16 * mm, 19 * mm, 20 * mm, 22 * mm, 23 * mm],
                numeric=range(1, 6),
            ),
            *_rest(limit, len(wijken)),
        ]  # fmt: skip
    story += [Spacer(1, 2 * mm), _p(screen.get("definities", ""), "note")]
    return story
