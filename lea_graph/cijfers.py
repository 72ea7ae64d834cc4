"""The public figures of schools and wijken: one rule each, and where each comes from.

Pupils, inhabitants, children and income are published by DUO and CBS; a figure that
LEA Graph shows is either theirs, with publisher and date, or derived from theirs by a
rule written here, in words and in code, once.

* **Pupils of a school in a schooljaar** (:func:`leerlingen`): DUO counts pupils on
  1 October; the count of 1 October of year Y belongs to schooljaar Y–(Y+1)
  (:func:`schooljaar_of_peiljaar`). A school keeps its counts per schooljaar in
  ``leerlingen_per_jaar`` ("2024-2025: 412; 2025-2026: 398"). For a chosen schooljaar
  the count of that year is used; without a chosen year the newest. A school without
  counts per year uses its one number ``leerlingen`` (as a person typed it), and
  otherwise its pupils are unknown: never a number made up.
* **Children of a wijk** (:func:`kinderen`): ``kinderen_0_17`` when the data give it;
  else CBS's children of 0–14 (``kinderen_0_14``), which CBS publishes only as a share
  of the inhabitants in whole percents: so it is a range (``630-690``).
* **SES of a wijk from CBS income** (:data:`SES_REGEL`, :func:`ses_van_inkomen`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from lea_graph import model
from lea_graph.text import number

__all__ = [
    "CBS_VERMELDING",
    "KINDEREN_KOLOMMEN",
    "SES_HOOG_TOT",
    "SES_LAAG_VANAF",
    "SES_REGEL",
    "SES_UIT_INKOMEN",
    "UITGEVERS",
    "Kinderen",
    "format_tellingen",
    "kinderen",
    "kinderen_samen",
    "kinderen_uit_aandeel",
    "kinderen_van_rij",
    "kinderen_velden",
    "leerlingen",
    "leerlingen_bron",
    "parse_aantal",
    "parse_tellingen",
    "peildatum",
    "schooljaar_of_peiljaar",
    "ses_bron",
    "ses_uit_inkomen",
    "ses_van_inkomen",
    "tellingen_tekst",
    "van_cbs",
    "wijk_cijfers",
]

_TELLING = re.compile(rf"^\s*{model.SCHOOLJAAR_TYPED}\s*:\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?$")
_AANTAL = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?$")

# -- pupils --------------------------------------------------------------------------------------


def schooljaar_of_peiljaar(year: int) -> str:
    """The schooljaar of a count on 1 October of ``year``.

    Examples
    --------
    >>> schooljaar_of_peiljaar(2024)
    '2024-2025'
    """
    return f"{year}-{year + 1}"


def peildatum(schooljaar: str) -> str:
    """The day DUO counted the pupils of a schooljaar, in Dutch.

    Examples
    --------
    >>> peildatum("2024-2025")
    '1 oktober 2024'
    """
    return f"1 oktober {schooljaar[:4]}"


def parse_tellingen(text: str) -> dict[str, tuple[int, int]]:
    """The counts per schooljaar of a ``leerlingen_per_jaar`` cell, oldest first, each as
    (low, high): equal for an exact count, a range where DUO screened a small number
    ("2024-2025: 1-4" for DUO's "<5").

    Raises
    ------
    ValueError
        With a Dutch message naming the part that is not ``JJJJ-JJJJ: aantal``.

    Examples
    --------
    >>> parse_tellingen("2025-2026: 398; 2024-2025: 1-4")
    {'2024-2025': (1, 4), '2025-2026': (398, 398)}
    >>> parse_tellingen("")
    {}
    >>> parse_tellingen("2024: 12")
    Traceback (most recent call last):
    ...
    ValueError: '2024: 12' is geen schooljaar met een aantal, zoals '2024-2025: 412'.
    """
    out: dict[str, tuple[int, int]] = {}
    for part in (p for p in str(text or "").split(";") if p.strip()):
        m = _TELLING.match(part)
        if not m or int(m.group(2)) != int(m.group(1)) + 1:
            raise ValueError(
                f"'{part.strip()}' is geen schooljaar met een aantal, zoals '2024-2025: 412'."
            )
        low = int(m.group(3))
        high = int(m.group(4)) if m.group(4) else low
        if high < low:
            raise ValueError(f"In '{part.strip()}' is het eerste getal groter dan het tweede.")
        year = f"{m.group(1)}-{m.group(2)}"
        if year in out:
            raise ValueError(f"Schooljaar {year} staat er twee keer in.")
        out[year] = (low, high)
    return dict(sorted(out.items()))


def format_tellingen(counts: dict[str, tuple[int, int]]) -> str:
    """The text of a ``leerlingen_per_jaar`` cell.

    Examples
    --------
    >>> format_tellingen({"2025-2026": (398, 398), "2024-2025": (1, 4)})
    '2024-2025: 1-4; 2025-2026: 398'
    """
    return "; ".join(
        f"{year}: {low}" if low == high else f"{year}: {low}-{high}"
        for year, (low, high) in sorted(counts.items())
    )


def tellingen_tekst(counts: dict[str, tuple[int, int]]) -> dict[str, str]:
    """The counts of :func:`parse_tellingen` as people read them ("412", "1–4").

    Examples
    --------
    >>> tellingen_tekst({"2024-2025": (1, 4), "2025-2026": (1398, 1398)})
    {'2024-2025': '1–4', '2025-2026': '1.398'}
    """
    return {
        year: number(low) if low == high else f"{number(low)}–{number(high)}"
        for year, (low, high) in counts.items()
    }


def _counts(attrs: dict[str, Any]) -> dict[str, tuple[int, int]]:
    try:
        return parse_tellingen(attrs.get("leerlingen_per_jaar") or "")
    except ValueError:  # validated on the way in; a store edited by hand: unknown
        return {}


def _count_year(attrs: dict[str, Any], schooljaar: str | None) -> str | None:
    """The schooljaar whose DUO count :func:`leerlingen` uses (None: not a count per year)."""
    counts = _counts(attrs)
    if not counts:
        return None
    if schooljaar is None:
        return next(reversed(counts))
    return schooljaar if schooljaar in counts else None


def leerlingen(attrs: dict[str, Any], schooljaar: str | None = None) -> int | None:
    """The pupils of a school (its node attributes or data row) in a schooljaar; None
    when unknown, or known only as a range (DUO's "<5": the figures built on pupils
    leave such a school out and say so).

    Examples
    --------
    >>> school = {"leerlingen_per_jaar": "2023-2024: 1-4; 2024-2025: 412; 2025-2026: 398"}
    >>> leerlingen(school, "2024-2025"), leerlingen(school), leerlingen(school, "2022-2023")
    (412, 398, None)
    >>> leerlingen(school, "2023-2024") is None
    True
    >>> leerlingen({"leerlingen": 250}, "2023-2024"), leerlingen({}) is None
    (250, True)
    """
    counts = _counts(attrs)
    if counts:
        year = _count_year(attrs, schooljaar)
        if year is None or counts[year][0] != counts[year][1]:
            return None
        return counts[year][0]
    value = attrs.get("leerlingen")
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value)


def leerlingen_bron(attrs: dict[str, Any], schooljaar: str | None = None) -> str:
    """Where the count of :func:`leerlingen` comes from, for people: "DUO, 1 oktober 2024".

    Examples
    --------
    >>> school = {"leerlingen_per_jaar": "2024-2025: 412", "leerlingen_bron": "DUO"}
    >>> leerlingen_bron(school, "2024-2025"), leerlingen_bron(school, "2023-2024")
    ('DUO, 1 oktober 2024', '')
    >>> leerlingen_bron({"leerlingen": 30, "bron": "voorbeeld"})
    'voorbeeld'
    """
    year = _count_year(attrs, schooljaar)
    if year:
        who = attrs.get("leerlingen_bron") or attrs.get("bron") or ""
        return f"{who}, {peildatum(year)}" if who else peildatum(year)
    if _counts(attrs) or leerlingen(attrs) is None:
        return ""
    return str(attrs.get("leerlingen_bron") or attrs.get("bron") or "")


# -- children of a wijk --------------------------------------------------------------------------


def parse_aantal(text: Any) -> tuple[int, int] | None:
    """A count or a range of counts ("630" or "630-690"), as (low, high).

    Raises
    ------
    ValueError
        For text that is neither, or a range whose low end is above its high end.

    Examples
    --------
    >>> parse_aantal("630-690"), parse_aantal("12"), parse_aantal("") is None
    ((630, 690), (12, 12), True)
    """
    if text is None or str(text).strip() == "":
        return None
    m = _AANTAL.match(str(text))
    if not m:
        raise ValueError(f"'{text}' is geen aantal (zoals 630) en geen bereik (zoals 630-690).")
    low = int(m.group(1))
    high = int(m.group(2)) if m.group(2) else low
    if high < low:
        raise ValueError(f"In het bereik '{text}' is het eerste getal groter dan het tweede.")
    return low, high


@dataclass(frozen=True)
class Kinderen:
    """The children of a wijk: a count or a range, the ages it covers and its source."""

    laag: int
    hoog: int
    leeftijd: str  # "0-17" or "0-14"
    bron: str

    @property
    def tekst(self) -> str:
        """The figure as people read it: "1.900" or "630–690"."""
        if self.laag == self.hoog:
            return number(self.laag)
        return f"{number(self.laag)}–{number(self.hoog)}"

    @property
    def midden(self) -> int:
        """The middle of the range (for a colour or an order, never shown as a count)."""
        return (self.laag + self.hoog) // 2

    @property
    def zin(self) -> str:
        """The figure as a phrase: "630–690 kinderen van 0-14 jaar"."""
        word = "kind" if self.tekst == "1" else "kinderen"
        return f"{self.tekst} {word} van {self.leeftijd} jaar"


def kinderen_velden(attrs: dict[str, Any]) -> dict[str, Any]:
    """The children of a wijk as the columns every table, map and download shows:
    ``kinderen_tekst`` ("630–690", "" if unknown), ``kinderen_leeftijd`` ("0-14"),
    ``kinderen_bron`` and ``kinderen_midden`` (the middle of the range, only to order or
    colour by, None if unknown).

    Examples
    --------
    >>> kinderen_velden({"kinderen_0_14": "630-690", "kinderen_bron": "CBS, 2020"})["kinderen_tekst"]
    '630–690'
    >>> kinderen_velden({})["kinderen_midden"] is None
    True
    """
    kids = kinderen(attrs)
    return {
        "kinderen_tekst": kids.tekst if kids else "",
        "kinderen_leeftijd": kids.leeftijd if kids else "",
        "kinderen_bron": kids.bron if kids else "",
        "kinderen_midden": kids.midden if kids else None,
    }


#: The columns of :func:`kinderen_velden`, in order.
KINDEREN_KOLOMMEN = ("kinderen_tekst", "kinderen_leeftijd", "kinderen_bron", "kinderen_midden")


def kinderen_van_rij(row: dict[str, Any]) -> Kinderen | None:
    """The :class:`Kinderen` back from a row with the columns of :func:`kinderen_velden`.

    Examples
    --------
    >>> kinderen_van_rij({"kinderen_tekst": "1.900", "kinderen_leeftijd": "0-17"}).laag
    1900
    >>> kinderen_van_rij({"kinderen_tekst": ""}) is None
    True
    """
    text = str(row.get("kinderen_tekst") or "").replace(".", "")
    if not text:
        return None
    low, _, high = text.partition("–")
    return Kinderen(
        int(low),
        int(high or low),
        str(row.get("kinderen_leeftijd") or "0-17"),
        str(row.get("kinderen_bron") or ""),
    )


def kinderen_samen(items: list[Kinderen]) -> Kinderen | None:
    """The children of several wijken together: the sums of the bounds (ages and sources
    joined when they differ), or None for none.

    Examples
    --------
    >>> a = Kinderen(630, 690, "0-14", "CBS, 2020")
    >>> kinderen_samen([a, Kinderen(900, 900, "0-17", "voorbeeld")]).zin
    '1.530–1.590 kinderen van 0-14 of 0-17 jaar'
    >>> kinderen_samen([]) is None
    True
    """
    if not items:
        return None
    ages = sorted({k.leeftijd for k in items})
    sources = list(dict.fromkeys(k.bron for k in items if k.bron))
    return Kinderen(
        sum(k.laag for k in items),
        sum(k.hoog for k in items),
        " of ".join(ages),
        "; ".join(sources),
    )


def kinderen(attrs: dict[str, Any]) -> Kinderen | None:
    """The children of a wijk (its node attributes or data row), or None if unknown.

    Examples
    --------
    >>> kinderen({"kinderen_0_17": 1900, "kinderen_bron": "gemeente, 2024"})
    Kinderen(laag=1900, hoog=1900, leeftijd='0-17', bron='gemeente, 2024')
    >>> kinderen({"kinderen_0_14": "630-690", "kinderen_bron": "CBS, 2020"}).tekst
    '630–690'
    >>> kinderen({}) is None
    True
    """
    source = str(attrs.get("kinderen_bron") or attrs.get("kenmerken_bron") or "")
    value = attrs.get("kinderen_0_17")
    if value is not None and value != "" and not (isinstance(value, float) and math.isnan(value)):
        return Kinderen(int(value), int(value), "0-17", source)
    try:
        bounds = parse_aantal(attrs.get("kinderen_0_14"))
    except ValueError:
        return None
    if bounds is None:
        return None
    return Kinderen(*bounds, "0-14", source)


def kinderen_uit_aandeel(inwoners: int, procent: int) -> tuple[int, int]:
    """Children of 0–14 from CBS's inhabitants and its share of 0–14: CBS publishes the
    share in whole percents (the true share lies within half a percent of it) and the
    inhabitants of a wijk rounded to 5 (the true number within 2 of it), so the children
    lie between these bounds.

    Examples
    --------
    >>> kinderen_uit_aandeel(6015, 11)
    (632, 691)
    >>> kinderen_uit_aandeel(100, 0)
    (0, 0)
    >>> kinderen_uit_aandeel(5, 10)
    (0, 0)
    """
    low = math.ceil(max(procent - 0.5, 0.0) * max(inwoners - 2, 0) / 100)
    high = math.floor(min(procent + 0.5, 100.0) * (inwoners + 2) / 100)
    return min(low, high), high


def ses_bron(attrs: dict[str, Any]) -> str:
    """Where the SES of a wijk comes from (``ses_bron``; older data: ``kenmerken_bron``).

    Examples
    --------
    >>> ses_bron({"ses_bron": "CBS, inkomen 2020"}), ses_bron({"kenmerken_bron": "voorbeeld"})
    ('CBS, inkomen 2020', 'voorbeeld')
    """
    return str(attrs.get("ses_bron") or attrs.get("kenmerken_bron") or "")


# -- SES from CBS income -------------------------------------------------------------------------

#: From this share of households in the lowest 40% of incomes of the country, a wijk has
#: a low SES; up to :data:`SES_HOOG_TOT` a high one.
SES_LAAG_VANAF = 50.0
SES_HOOG_TOT = 30.0

#: The SES rule in words, shown wherever an SES from CBS income is.
SES_REGEL = (
    "SES volgt uit het inkomen (CBS, inkomen per wijk): het aandeel huishoudens in de wijk "
    "dat hoort bij de 40% huishoudens met het laagste besteedbare inkomen van Nederland. "
    f"Landelijk is dat per definitie 40%. Vanaf {number(SES_LAAG_VANAF)}% (een kwart meer "
    f"dan landelijk) heet de SES hier laag, tot en met {number(SES_HOOG_TOT)}% (een kwart "
    "minder) hoog, daartussen midden. CBS publiceert geen SES-score per wijk die we "
    "hier kunnen gebruiken; dit is de dichtstbijzijnde echte maat."
)


#: The start of the ``ses_bron`` of an SES made by :func:`ses_van_inkomen`.
SES_UIT_INKOMEN = "CBS, inkomen"


def ses_uit_inkomen(attrs: dict[str, Any]) -> bool:
    """Whether the SES of a wijk was derived from CBS income by :data:`SES_REGEL`."""
    return ses_bron(attrs).startswith(SES_UIT_INKOMEN)


def ses_van_inkomen(aandeel_laag: float) -> str:
    """The SES of a wijk from its share (%) of households in the country's lowest 40% of
    disposable incomes (:data:`SES_REGEL`).

    Examples
    --------
    >>> ses_van_inkomen(68.1), ses_van_inkomen(40.0), ses_van_inkomen(30.0)
    ('laag', 'midden', 'hoog')
    """
    if aandeel_laag >= SES_LAAG_VANAF:
        return "laag"
    if aandeel_laag <= SES_HOOG_TOT:
        return "hoog"
    return "midden"


# -- publishers -----------------------------------------------------------------------------------

#: The publishers of the public facts: (publisher, what LEA Graph takes from them, terms).
#: Shown on the data page and in the PDF report; each figure names its own source and date.
UITGEVERS: tuple[tuple[str, str, str], ...] = (
    (
        "DUO (Dienst Uitvoering Onderwijs)",
        "Scholen en hun vestigingen, en het aantal leerlingen op 1 oktober van elk jaar",
        "Open data, vrij te gebruiken (CC0)",
    ),
    (
        "Kadaster (Basisregistratie Adressen en Gebouwen)",
        "De plek van elke school op de kaart (het punt van haar adres)",
        "Open data, vrij te gebruiken (CC0)",
    ),
    (
        "CBS (Centraal Bureau voor de Statistiek)",
        "Inwoners, kinderen en inkomen per wijk; met het Kadaster de wijkgrenzen",
        "Vrij te gebruiken met bronvermelding (CC BY 4.0): 'Bron: CBS'",
    ),
)

#: The credit CBS asks for, next to every page that shows its figures.
CBS_VERMELDING = "Cijfers van het CBS: vrij te gebruiken met bronvermelding (CC BY 4.0)."


def van_cbs(bron: str) -> bool:
    """Whether a source names CBS (its figures then carry :data:`CBS_VERMELDING`).

    Examples
    --------
    >>> van_cbs("CBS, 1 januari 2024"), van_cbs("voorbeeld")
    (True, False)
    """
    return bron.startswith("CBS")


# -- the figures of a wijk, for every surface ----------------------------------------------------


def wijk_cijfers(attrs: dict[str, Any]) -> list[dict[str, str]]:
    """The public figures of a wijk as people read them, each with its source:
    ``cijfer`` (what), ``waarde`` (the figure), ``bron`` (publisher and date,
    "voorbeeld" when made up) and ``uitleg`` (how it was derived, when the source says:
    the part of the source after its first ": ").

    Examples
    --------
    >>> wijk_cijfers({"inwoners": 8065, "inwoners_bron": "CBS, 1 januari 2024",
    ...               "kinderen_0_14": "632-691", "kinderen_bron": "CBS, 1 januari 2020",
    ...               "ses": "laag", "ses_bron": "CBS, inkomen 2020"})  # doctest: +NORMALIZE_WHITESPACE
    [{'cijfer': 'Inwoners', 'waarde': '8.065', 'bron': 'CBS, 1 januari 2024', 'uitleg': ''},
     {'cijfer': 'Kinderen 0-14 jaar', 'waarde': '632–691', 'bron': 'CBS, 1 januari 2020',
      'uitleg': ''},
     {'cijfer': 'SES', 'waarde': 'laag', 'bron': 'CBS, inkomen 2020', 'uitleg': ''}]
    """
    out = []
    if attrs.get("inwoners") not in (None, ""):
        out.append(
            {
                "cijfer": "Inwoners",
                "waarde": number(int(attrs["inwoners"])),
                "bron": str(attrs.get("inwoners_bron") or ""),
            }
        )
    kids = kinderen(attrs)
    if kids is not None:
        out.append(
            {"cijfer": f"Kinderen {kids.leeftijd} jaar", "waarde": kids.tekst, "bron": kids.bron}
        )
    if attrs.get("ses"):
        out.append({"cijfer": "SES", "waarde": str(attrs["ses"]), "bron": ses_bron(attrs)})
    for c in out:
        bron, _, uitleg = c["bron"].partition(": ")
        c["bron"], c["uitleg"] = bron, uitleg[:1].upper() + uitleg[1:]
    return out
