"""The review queue: the partners' proposals, one proposal against the current network,
and the partners whose data were not confirmed for a while."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lea_graph import uitnodigingen, voorstellen
from lea_graph.tijd import tijd_nl
from web import services
from web.screens import Screen, link, table
from web.tables import Col, num

__all__ = ["actualiteit_screen", "queue_screen", "review_screen"]

SOORT = {"wijziging": "wijzigingen", "bevestiging": "alles klopt nog"}
STATUS = {
    "open": "wacht",
    "goedgekeurd": "goedgekeurd",
    "afgewezen": "afgewezen",
    "vervangen": "vervangen door een nieuwer voorstel",
}


def _when(stamp: str | None) -> str:
    """A stored time as Dutch day and time in Dutch time (:func:`lea_graph.tijd.tijd_nl`)."""
    return tijd_nl(stamp) if stamp else ""


def _row(entry: dict[str, Any], dataset) -> dict[str, Any]:
    partner = entry["partner"]
    known = partner in set(dataset.ids("partners"))
    since = voorstellen.changed_since(entry, dataset) if known and entry["status"] == "open" else []
    return {
        "id": entry["id"],
        "partner": partner,
        "naam": services.name(partner),
        "soort": SOORT.get(entry["soort"], entry["soort"]),
        "ingediend": _when(entry["ingediend"]),
        "status": STATUS.get(entry["status"], entry["status"]),
        "veranderd": "ja: opnieuw beoordelen" if since else "nee",
        "door": entry.get("door") or "",
        "beoordeeld": _when(entry.get("beoordeeld")),
        "notitie": entry.get("notitie") or "",
    }


def _voorstel_link(row: dict[str, Any]) -> str:
    from flask import url_for

    return url_for("voorstellen.voorstel", ident=row["id"])


QUEUE_COLUMNS = [
    Col("naam", "Partner", link=_voorstel_link), Col("soort", "Soort"),
    Col("ingediend", "Ingediend"),
    Col("veranderd", "Sindsdien veranderd",
        help="Of de gegevens van deze partner sinds het versturen zijn veranderd "
             "(een ander voorstel, een upload)."),
]  # fmt: skip
DONE_COLUMNS = [
    Col("naam", "Partner", link=link("partner", "partner")), Col("soort", "Soort"),
    Col("ingediend", "Ingediend"), Col("status", "Besluit"),
    Col("door", "Door"), Col("beoordeeld", "Wanneer"), Col("notitie", "Notitie"),
]  # fmt: skip


def queue_screen() -> Screen:
    """The open proposals (oldest first: first come, first served) and the last 100
    decisions."""
    dataset = services.dataset()
    entries = voorstellen.list_submissions(services.data_dir())
    open_rows = [_row(e, dataset) for e in reversed(entries) if e["status"] == "open"]
    done = [_row(e, dataset) for e in entries if e["status"] != "open"][:100]
    return Screen(
        info={"open": len(open_rows)},
        tables=[
            table(
                "open",
                "Wachten op beoordeling",
                QUEUE_COLUMNS,
                open_rows,
                "Voorstellen en bevestigingen die partners via hun persoonlijke link "
                "stuurden, de oudste eerst. Er verandert niets in het netwerk tot een "
                "coördinator een voorstel goedkeurt.",
                empty="Er wachten geen voorstellen.",
            ),
            table(
                "besluiten",
                "Eerder beoordeeld",
                DONE_COLUMNS,
                done,
                "De laatste 100 besluiten. Een afgewezen voorstel toont de partner de notitie "
                "als hij zijn link opnieuw opent.",
                empty="Er is nog niets beoordeeld.",
            ),
        ],
    )


CHANGE_COLUMNS = [
    Col("onderdeel", "Onderdeel"), Col("wat", "Wat"), Col("voor", "Nu in het netwerk"),
    Col("na", "Wordt"),
]  # fmt: skip
PROBLEM_COLUMNS = [
    Col("sectie", "Onderdeel"), num("regel", "Regel"), Col("veld", "Veld"),
    Col("waarde", "Waarde"), Col("melding", "Melding"),
]  # fmt: skip


def review_screen(entry: dict[str, Any]) -> Screen:
    """One proposal against the current network: what it adds, changes and removes; how
    the partner's rows changed since it was sent; the problems by the upload's rules."""
    dataset = services.dataset()
    partner = entry["partner"]
    if partner not in set(dataset.ids("partners")):
        return Screen(info={"entry": entry, "weg": True, "naam": partner})
    since = voorstellen.changed_since(entry, dataset) if entry["status"] == "open" else []
    new, problems = voorstellen.apply(dataset, entry)
    changes = voorstellen.changes(dataset, new, partner) if new is not None else []
    tables = [
        table(
            "wijzigingen",
            "Wat het voorstel verandert",
            CHANGE_COLUMNS,
            [c.to_dict() for c in changes],
            "Vergeleken met het netwerk zoals het nu is, niet zoals het was toen de partner "
            "het voorstel stuurde. Goedkeuren zet ook 'laatst bevestigd' op vandaag.",
            empty="Het voorstel verandert niets.",
        ),
        table(
            "fouten",
            "Controle",
            PROBLEM_COLUMNS,
            [p.to_dict() for p in problems],
            "Dezelfde regels als bij het laden van een bestand. Met een fout kan het "
            "voorstel niet worden goedgekeurd.",
            empty="Geen fouten.",
        ),
    ]
    if since:
        tables.insert(
            0,
            table(
                "sindsdien",
                "Sinds het versturen veranderd",
                [
                    *CHANGE_COLUMNS[:2],
                    Col("voor", "Toen de partner verstuurde"),
                    Col("na", "Nu in het netwerk"),
                ],
                [c.to_dict() for c in since],
                "De gegevens van deze partner zijn veranderd nadat het voorstel werd "
                "verstuurd (door een ander goedgekeurd voorstel of een upload). Beoordeel het "
                "voorstel tegen de huidige stand hierboven.",
            ),
        )
    return Screen(
        info={
            "entry": entry,
            "naam": services.name(partner),
            "ingediend": _when(entry["ingediend"]),
            "soort": SOORT.get(entry["soort"], entry["soort"]),
            "status": STATUS.get(entry["status"], entry["status"]),
            "sindsdien": bool(since),
            "fouten": bool(problems),
            "stand": voorstellen.stand(dataset, partner),
            "ontbrekend": (entry.get("voorstel") or {}).get("ontbrekend", ""),
            "opmerking": (entry.get("voorstel") or {}).get("opmerking", ""),
        },
        tables=tables,
    )


ACTUALITEIT_COLUMNS = [
    Col("naam", "Partner", link=link("partner", "partner")), Col("type", "Type"),
    Col("laatst_bevestigd", "Laatst bevestigd"),
    num("maanden", "Maanden geleden"), Col("uitnodiging", "Uitnodiging"),
]  # fmt: skip


def actualiteit_screen(months: int, today: dt.date) -> Screen:
    """Partners not confirmed for ``months`` months or never, with their invitation."""
    invitations = uitnodigingen.load_invitations(
        uitnodigingen.invitations_file(services.data_dir())
    )
    rows = [
        {
            **r,
            "laatst_bevestigd": r["laatst_bevestigd"] or "nooit",
            "uitnodiging": uitnodigingen.state(invitations.get(r["partner"])),
        }
        for r in services.not_confirmed(months, today)
    ]
    return Screen(
        info={"maanden": months},
        tables=[
            table(
                "niet_bevestigd",
                f"Niet bevestigd in de laatste {months} maanden",
                ACTUALITEIT_COLUMNS,
                rows,
                "Partners die hun gegevens nog nooit of langer dan het gekozen aantal hele "
                "maanden geleden bevestigden (via hun link: 'Alles klopt nog' of een "
                "goedgekeurd voorstel). Nooit bevestigd staat bovenaan. Stuur hun een "
                "herinnering met hun link.",
                empty="Alle partners hebben hun gegevens in deze periode bevestigd.",
            )
        ],
    )
