"""The samenwerkingsmonitor: rounds in which partners rate their collaborations.

A coordinator opens a *ronde* (a name, a schooljaar, a closing date); while it is open,
each partner answers through its own invitation link (:mod:`lea_graph.uitnodigingen`):
for every collaboration how often and at which level they work together, the other
partner's value for its own work (invloed, middelen, betrokkenheid) and its trust in it
(betrouwbaarheid, gedeelde missie, openheid), each on a 4-point scale or "weet ik niet",
and what would make the collaboration stronger. The questions follow the PARTNER tool's
published value and trust dimensions (:data:`BRON_DEFINITIES`).

Storage: one JSON file per round in the data directory (``monitor/<id>.json``, mode 600
in a 700 folder), written atomically under a lock (:func:`lea_graph.datadir.update_private_json`),
so that two partners answering at once never lose each other's answers. A round holds
its settings, the answers per partner (``antwoorden``: rater → rated → answer), the
reminders sent, and, once closed, the network as it was at closing (``indeling``: the
partners, hubs and wijken), so that a closed round's figures never change afterwards.
Nothing is sent anywhere; deleting a round deletes its file.

Who sees what is decided by the pages (:mod:`web.screens.samenwerking`) with one rule:
:func:`lea_graph.analytics.samenwerking.zichtbaar`.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lea_graph import model, tijd
from lea_graph.datadir import default_data_dir, private_dir, read_json, update_private_json
from lea_graph.errors import LeaGraphError
from lea_graph.voorstellen import clean_text

__all__ = [
    "BRON_DEFINITIES",
    "FREQUENTIES",
    "NIVEAUS",
    "SCHAAL",
    "VERTROUWEN",
    "WAARDE",
    "AnswersChanged",
    "Probleem",
    "answers_from_form",
    "close",
    "delete",
    "ended_from_form",
    "get",
    "list_rounds",
    "open_round",
    "remind",
    "save_answers",
    "status",
]

#: The 4-point scale of the value and trust questions; "weet ik niet" is kept as None.
SCHAAL: dict[int, str] = {1: "helemaal niet", 2: "een beetje", 3: "redelijk", 4: "heel erg"}
WEET_NIET = "weet ik niet"

#: How often two partners work together (1 = least).
FREQUENTIES: dict[int, str] = {
    1: "een of twee keer per jaar",
    2: "een paar keer per jaar",
    3: "ongeveer elke maand",
    4: "elke week of vaker",
}

#: The level of the collaboration, from knowing each other to sharing means.
NIVEAUS: dict[int, str] = {
    1: "elkaar kennen",
    2: "informatie delen",
    3: "samen plannen",
    4: "samen uitvoeren met gedeelde middelen",
}

#: The value of the other partner for the rater's own work: field → (label, question).
WAARDE: dict[str, tuple[str, str]] = {
    "invloed": (
        "Invloed",
        "Hoeveel invloed heeft deze partner op wat kinderen in de stad krijgen?",
    ),
    "middelen": ("Middelen", "Brengt deze partner iets in: mensen, geld, ruimte of kennis?"),
    "betrokkenheid": ("Betrokkenheid", "Hoe betrokken is deze partner bij uw samenwerking?"),
}
#: Trust in the other partner: field → (label, question).
VERTROUWEN: dict[str, tuple[str, str]] = {
    "betrouwbaarheid": ("Betrouwbaarheid", "Doet deze partner wat hij belooft?"),
    "missie": ("Gedeelde missie", "Werkt deze partner aan dezelfde doelen voor kinderen als u?"),
    "openheid": ("Openheid", "Kunt u open praten met deze partner, ook over wat niet goed gaat?"),
}
#: Where the value and trust dimensions come from (cited under every figure).
BRON_DEFINITIES = (
    "De vragen over waarde en vertrouwen volgen de PARTNER-methode (Visible Network Labs, "
    "voorheen University of Colorado Denver): waarde = invloed, middelen en betrokkenheid; "
    "vertrouwen = betrouwbaarheid, gedeelde missie en openheid, elk op een schaal van 1 tot 4. "
    "Bronnen: Varda, Chandra, Stern en Lurie (2008), 'Core dimensions of connectivity in "
    "public health collaboratives', Journal of Public Health Management and Practice 14(5); "
    "Visible Network Labs (2021), 'PARTNER Trust and Value Metrics: A Brief'. De vier "
    "niveaus van samenwerking (elkaar kennen, informatie delen, samen plannen, samen "
    "uitvoeren met gedeelde middelen) volgen de oplopende reeks van Himmelman (2002), "
    "'Collaboration for a change'."
)
#: The longest answer to the open question, and the most collaborations in one answer.
MAX_TEKST = 1000
MAX_SAMENWERKINGEN = 200
#: Round names.
MAX_NAAM = 120

_ID = re.compile(r"^r-[0-9]{8}-[a-z0-9]{6}$")
#: The fields of one answer (besides the open question ``sterker``).
SCORE_VELDEN = (*WAARDE, *VERTROUWEN)


class AnswersChanged(LeaGraphError):
    """A partner's answers were saved by someone else after the sender opened the form."""


@dataclass(frozen=True)
class Probleem:
    """A problem with a partner's answers: which collaboration (the other partner's
    name), which field (its Dutch label), what was sent, and what is wrong."""

    partner: str
    veld: str
    waarde: str
    melding: str

    def tekst(self) -> str:
        sent = f" (u koos: '{self.waarde}')" if self.waarde else ""
        return f"Samenwerking met {self.partner}, {self.veld}{sent}: {self.melding}"


def folder(data_dir: str | Path | None = None) -> Path:
    """``monitor/`` in the data directory (made with mode 700)."""
    return private_dir(Path(data_dir or default_data_dir()) / "monitor")


def _file(data_dir: str | Path | None, ronde: str) -> Path:
    if not _ID.match(ronde or ""):
        raise LeaGraphError("Deze ronde bestaat niet.")
    return folder(data_dir) / f"{ronde}.json"


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or tijd.now()).astimezone(dt.UTC).replace(microsecond=0)


def status(ronde: Mapping[str, Any], *, now: dt.datetime | None = None) -> str:
    """``open`` (partners can answer), ``verlopen`` (past its closing date, waiting for
    the coordinator to close it) or ``gesloten``.

    The closing date is the last day on which partners can answer (Dutch time).

    Examples
    --------
    >>> r = {"sluit": "2026-12-20", "gesloten": None}
    >>> status(r, now=dt.datetime(2026, 12, 20, 22, 59, tzinfo=dt.UTC))
    'open'
    >>> status(r, now=dt.datetime(2026, 12, 20, 23, 0, tzinfo=dt.UTC))
    'verlopen'
    >>> status({**r, "gesloten": "2026-12-21T10:00:00+00:00"})
    'gesloten'
    """
    if ronde.get("gesloten"):
        return "gesloten"
    moment = tijd.local(_now(now))
    last = dt.date.fromisoformat(str(ronde["sluit"]))
    return "open" if moment is not None and moment.date() <= last else "verlopen"


def get(data_dir: str | Path | None, ronde: str) -> dict[str, Any] | None:
    """One round (settings, answers, reminders, indeling), or None."""
    try:
        path = _file(data_dir, ronde)
    except LeaGraphError:
        return None
    try:
        data = read_json(path, None)
    except (OSError, ValueError) as exc:
        raise LeaGraphError(f"De ronde {ronde} is niet leesbaar: {exc}") from exc
    return data if isinstance(data, dict) else None


def list_rounds(data_dir: str | Path | None = None) -> list[dict[str, Any]]:
    """Every round, the newest first (by opening time)."""
    out = []
    for path in sorted(folder(data_dir).glob("r-*.json")):
        found = get(data_dir, path.stem)
        if found is not None:
            out.append(found)
    return sorted(out, key=lambda r: (r.get("geopend", ""), r["id"]), reverse=True)


def open_round(
    data_dir: str | Path | None,
    naam: str,
    schooljaar: str,
    sluit: str,
    *,
    door: str = "",
    versie: str = "",
    bron: str = "",
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Open a new round; earlier rounds stay as they are.

    Parameters
    ----------
    naam
        What the coordinator calls it ("Monitor najaar 2026").
    schooljaar
        The schooljaar it is about (``2026-2027``).
    sluit
        The last day partners can answer (``YYYY-MM-DD``), today or later.
    door, versie, bron
        Who opened it, the network version at opening, and ``voorbeeld`` for an
        illustrative round.

    Raises
    ------
    LeaGraphError
        For an empty or too long name, a schooljaar that is not ``YYYY-YYYY+1``, a date
        that is not a date or lies in the past, or while another round is still open
        (Dutch messages).
    """
    naam = clean_text(naam)
    if not naam or len(naam) > MAX_NAAM:
        raise LeaGraphError(f"Geef de ronde een naam van 1 tot {MAX_NAAM} tekens.")
    if model.parse_schooljaar(schooljaar or "") is None:
        raise LeaGraphError(
            f"Het schooljaar '{schooljaar}' is niet goed: schrijf het als 2026-2027."
        )
    try:
        last = dt.date.fromisoformat(sluit or "")
    except ValueError:
        raise LeaGraphError(
            f"De sluitdatum '{sluit}' is geen datum: kies een dag in de kalender."
        ) from None
    start = _now(now)
    local = tijd.local(start)
    if not bron and local is not None and last < local.date():
        raise LeaGraphError(
            f"De sluitdatum {tijd.datum_nl(last.isoformat())} is al voorbij: kies vandaag of later."
        )
    for other in list_rounds(data_dir):
        if other.get("gesloten") is None and not bron:
            raise LeaGraphError(
                f"De ronde '{other['naam']}' is nog niet gesloten. Sluit die eerst; er is "
                "steeds één ronde open."
            )
    ident = f"r-{start:%Y%m%d}-{secrets.token_hex(3)}"
    ronde = {
        "id": ident,
        "naam": naam,
        "schooljaar": schooljaar,
        "sluit": last.isoformat(),
        "geopend": tijd.stamp(start),
        "door": door,
        "versie_geopend": versie,
        "gesloten": None,
        "versie": None,
        "indeling": None,
        "antwoorden": {},
        "herinnerd": {},
        "bron": bron,
    }
    update_private_json(_file(data_dir, ident), lambda d: d.update(ronde), {})
    return ronde


def _change(data_dir: str | Path | None, ronde: str, change) -> Any:
    path = _file(data_dir, ronde)
    if not path.exists():
        raise LeaGraphError("Deze ronde bestaat niet (meer); misschien is ze net verwijderd.")

    def guarded(data: dict[str, Any]) -> Any:
        if not data:
            raise LeaGraphError("Deze ronde bestaat niet (meer); misschien is ze net verwijderd.")
        return change(data)

    return update_private_json(path, guarded, {})


def save_answers(
    data_dir: str | Path | None,
    ronde: str,
    partner: str,
    antwoorden: Mapping[str, Mapping[str, Any]],
    *,
    stand: str | None = None,
    niet_meer: Sequence[str] = (),
    bron: str = "",
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Keep a partner's answers in an open round (replacing its earlier answers in that
    round: a partner may correct itself until the round closes).

    Parameters
    ----------
    niet_meer
        The partners it says it no longer works with (:func:`ended_from_form`): kept so
        that its form shows them unticked again, and listed for the coordinator; they are
        not ratings and count in no figure.
    stand
        When the answers the sender saw were saved (their ``ingevuld``; "" for none):
        if the partner's answers changed since (a colleague sent them meanwhile), nothing
        is saved and :class:`AnswersChanged` is raised. None: no check.

    Raises
    ------
    LeaGraphError
        When the round is closed or past its closing date; :class:`AnswersChanged` as
        said above.
    """
    moment = _now(now)

    def change(data: dict[str, Any]) -> dict[str, Any]:
        current = (data.get("antwoorden") or {}).get(partner, {}).get("ingevuld", "")
        if stand is not None and current != stand:
            raise AnswersChanged(
                "Iemand anders van uw organisatie heeft de vragen net ingevuld. Hieronder "
                "staan die antwoorden; pas ze aan en verstuur opnieuw als dat nodig is."
            )
        state = status(data, now=moment)
        if state != "open" and not bron:
            raise LeaGraphError(
                "Deze ronde is gesloten; uw antwoorden kunnen niet meer worden bewaard."
                if state == "gesloten"
                else "De sluitdatum van deze ronde is voorbij; uw antwoorden kunnen niet meer "
                "worden bewaard."
            )
        entry = {
            "ingevuld": tijd.stamp(moment),
            "samenwerkingen": {k: dict(v) for k, v in antwoorden.items()},
            "niet_meer": sorted(set(niet_meer) - set(antwoorden)),
            "bron": bron,
        }
        data["antwoorden"][partner] = entry
        return entry

    return _change(data_dir, ronde, change)


def remind(
    data_dir: str | Path | None, ronde: str, partner: str, *, now: dt.datetime | None = None
) -> str:
    """Record that the coordinator reminded ``partner``; returns the time (a stamp)."""
    when = tijd.stamp(_now(now))

    def change(data: dict[str, Any]) -> str:
        if data.get("gesloten"):
            raise LeaGraphError("Deze ronde is al gesloten.")
        data.setdefault("herinnerd", {}).setdefault(partner, []).append(when)
        return when

    return _change(data_dir, ronde, change)


def close(
    data_dir: str | Path | None,
    ronde: str,
    indeling: Mapping[str, Any],
    *,
    versie: str = "",
    geladen_op: str = "",
    door: str = "",
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Close a round: no more answers; the network as it is now (``indeling``, see
    :func:`lea_graph.analytics.samenwerking.indeling`) is kept with it, with its version
    and when that version was loaded (``geladen_op``, how people know a version).

    Raises
    ------
    LeaGraphError
        When it is already closed.
    """
    moment = _now(now)

    def change(data: dict[str, Any]) -> dict[str, Any]:
        if data.get("gesloten"):
            raise LeaGraphError("Deze ronde is al gesloten.")
        data.update(
            gesloten=tijd.stamp(moment),
            versie=versie,
            netwerk_geladen_op=geladen_op,
            gesloten_door=door,
            indeling=dict(indeling),
        )
        return data

    return _change(data_dir, ronde, change)


def delete(data_dir: str | Path | None, ronde: str) -> bool:
    """Delete a round and every answer in it; False when there was no such round."""
    path = _file(data_dir, ronde)
    if not path.exists():
        return False
    path.unlink()
    path.with_name(f".{path.name}.lock").unlink(missing_ok=True)
    return True


# -- the partner's answers from its form ---------------------------------------------------------

_FIELD = re.compile(r"^sm-([0-9]{1,4})-([a-z]+)$")


def _score(value: str, allowed: Mapping[int, str]) -> int | str | None:
    """A chosen point of a scale: the number, None for "weet ik niet" (``?``), or the
    text sent when it is neither."""
    value = (value or "").strip()
    if value == "?":
        return None
    if value.isdigit() and int(value) in allowed:
        return int(value)
    return value or ""


def _form_lines(form: Mapping[str, str | Sequence[str]]) -> dict[int, dict[str, str]]:
    """The posted ``sm-<n>-<field>`` fields per line number (a field sent more than once
    counts as its first value)."""
    lines: dict[int, dict[str, str]] = {}
    for key, value in form.items():
        found = _FIELD.match(key)
        if found:
            first = value if isinstance(value, str) else (value[0] if value else "")
            lines.setdefault(int(found.group(1)), {})[found.group(2)] = first
    return lines


def ended_from_form(
    form: Mapping[str, str | Sequence[str]], partner: str, namen: Mapping[str, str]
) -> list[str]:
    """The partners whose line the sender unticked (*we werken niet (meer) samen*): the
    collaborations it says ended, sorted; unknown ids and its own are left out."""
    ended = set()
    for line in _form_lines(form).values():
        other = line.get("partner", "").strip()
        if other in namen and other != partner and "mee" not in line:
            ended.add(other)
    return sorted(ended)


def answers_from_form(
    form: Mapping[str, str | Sequence[str]],
    partner: str,
    namen: Mapping[str, str],
) -> tuple[dict[str, dict[str, Any]], list[Probleem]]:
    """The answers a partner sent, and what is wrong with them.

    Each collaboration is a group of fields ``sm-<n>-<field>``: ``partner`` (the other
    partner's id), ``mee`` (``ja``: we work together; absent: we do not (any more)),
    ``frequentie`` and ``niveau`` (1-4), the six scores (1-4 or ``?`` for "weet ik
    niet") and ``sterker`` (free text). A line whose ``partner`` is empty, or with
    nothing filled in, is skipped; a score left open is "weet ik niet", but how often
    and at which level must be chosen.

    Parameters
    ----------
    form
        The posted fields (``request.form.to_dict(flat=False)``).
    partner
        The rater (its own id is refused as the other partner).
    namen
        Partner id → name for every partner in the network.

    Returns
    -------
    tuple
        ``{other partner: answer}`` (an answer has ``frequentie``, ``niveau``, the six
        scores, ``sterker``) and the problems (:class:`Probleem`), in Dutch.
    """

    lines = _form_lines(form)
    out: dict[str, dict[str, Any]] = {}
    problems: list[Probleem] = []
    for n in sorted(lines):
        line = lines[n]
        other = line.get("partner", "").strip()
        if not other:
            continue
        name = namen.get(other, other)
        if other not in namen or other == partner:
            problems.append(
                Probleem(
                    f"regel {n + 1}", "Partner", other, "kies een andere partner uit de lijst."
                )
            )
            continue
        if line.get("mee") != "ja":
            continue  # "we werken niet (meer) samen": not rated
        asked = ("frequentie", "niveau", *SCORE_VELDEN, "sterker")
        if not any((line.get(f) or "").strip() for f in asked):
            continue  # nothing filled in: this collaboration is left out, not an error
        if other in out:
            problems.append(
                Probleem(
                    name, "Partner", "", "deze partner staat er twee keer in; vul hem één keer in."
                )
            )
            continue
        answer: dict[str, Any] = {}
        for field, allowed, label in (
            ("frequentie", FREQUENTIES, "Hoe vaak"),
            ("niveau", NIVEAUS, "Hoe werkt u samen"),
        ):
            value = _score(line.get(field, ""), allowed)
            if not isinstance(value, int):
                shown = "" if value is None else str(value)
                problems.append(Probleem(name, label, shown[:40], "kies een van de mogelijkheden."))
            answer[field] = value if isinstance(value, int) else None
        for field, (label, _) in {**WAARDE, **VERTROUWEN}.items():
            value = _score(line.get(field, ""), SCHAAL)
            if value == "":
                value = None  # a question left open is "weet ik niet"
            if isinstance(value, str):
                problems.append(
                    Probleem(
                        name, label, value[:40],
                        "kies 1 tot 4 of 'weet ik niet'.",
                    )
                )  # fmt: skip
                value = None
            answer[field] = value
        text = clean_text(line.get("sterker", ""))
        if len(text) > MAX_TEKST:
            problems.append(
                Probleem(name, "Wat zou helpen", "", f"schrijf hoogstens {MAX_TEKST} tekens.")
            )
        answer["sterker"] = text[:MAX_TEKST]
        out[other] = answer
    if len(out) > MAX_SAMENWERKINGEN:
        problems.append(
            Probleem(
                "alle",
                "Samenwerkingen",
                str(len(out)),
                f"vul hoogstens {MAX_SAMENWERKINGEN} samenwerkingen in.",
            )
        )
    return out, problems
