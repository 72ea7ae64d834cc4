"""Maps of the wijken, drawn on the server as SVG: they work without JavaScript and
without internet (no tiles, no CDN), and carry their figures as text.

A wijk's shape comes from its ``geometrie`` attribute: the compact JSON text of a
GeoJSON ``Polygon`` or ``MultiPolygon`` in WGS84 (longitude, latitude). The shapes are
projected to a plane (equirectangular, longitudes scaled by the cosine of the middle
latitude: true enough for one city) and fitted to the SVG's viewBox, north up.

Every wijk is one ``<a href="/wijk/<id>">`` holding one ``<path>`` (a MultiPolygon is
one path of several subpaths; holes are subpaths too, drawn with
``fill-rule="evenodd"``), a ``<title>`` and an ``aria-label`` with its name and figures,
and its name as a label where the name fits (inside the shape, or overhanging it a little
where no other label is; otherwise the label shows on hover and focus). On the large map
an info strip under the map shows the figures of the wijk under the pointer or the
keyboard focus (CSS only; ``static/js/kaart.js`` only lifts a name shown on hover above
the other shapes).

Colours are colour-blind safe: sequential scales are steps of viridis (light = less,
dark = more), categories are Okabe–Ito colours. Bedrijventerreinen (no children) are
striped grey, wijken without data cross-hatched, buitengebied dotted over its colour,
and an uncertain reach target hatched over its colour; the legend says what every colour
and mark means and how the figure was computed. Every text is escaped.

Nothing here imports Flask: the screens (:mod:`web.screens.kaart`) compute the figures
per wijk through :mod:`web.services` and pass them in.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from lea_graph import cijfers, geometry
from lea_graph.analytics.coverage import GAP_DEFINITION
from lea_graph.analytics.wijkpartners import SOORTEN, partners_zin
from lea_graph.bereik import lower, range_text
from lea_graph.geometry import Point, Polygon, label_point, plane, polygons
from lea_graph.geometry import ring_area as _area
from lea_graph.text import number, plural

__all__ = [
    "CREDIT",
    "KLEURINGEN",
    "KaartWijk",
    "Klasse",
    "Kleur",
    "Legenda",
    "Polygon",
    "kaart_figuur",
    "kaart_svg",
    "kleur_kaart",
    "kleuren",
    "plane",
    "polygons",
    "wijk_kaart",
    "wijk_tekst",
]

#: The credit for the wijk boundaries, shown under every map.
CREDIT = geometry.CREDIT

#: The colourings of the map: code → Dutch name (in the order of the form).
KLEURINGEN: dict[str, str] = {
    "hubs": "Partners van de hubs",
    "hub": "Partners van één hub",
    "gaten": "Gaten: hubs met geen of één partner",
    "doel": "Bereik tegenover het LEA-doel",
    "pact": "PacT-wijken en SES",
    "kinderen": "Aantal kinderen (0-17 jaar, of 0-14 volgens CBS)",
}

# -- geometry ---------------------------------------------------------------------------------


def _bounds(shapes: Iterable[list[Polygon]]) -> tuple[float, float, float, float] | None:
    xs, ys = [], []
    for polys in shapes:
        for poly in polys:
            for x, y in poly[0]:
                xs.append(x)
                ys.append(y)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def _crossings(polys: list[Polygon], y: float) -> list[tuple[float, float]]:
    """The intervals of a horizontal line at ``y`` that lie inside the shape (even-odd)."""
    xs = []
    for poly in polys:
        for ring in poly:
            for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
                if (y0 <= y < y1) or (y1 <= y < y0):
                    xs.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
    xs.sort()
    return [(xs[i], xs[i + 1]) for i in range(0, len(xs) - 1, 2)]


def _common(
    a: list[tuple[float, float]], b: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    """Where two sorted lists of disjoint intervals overlap, in one pass over both.

    Examples
    --------
    >>> _common([(0, 2), (3, 5)], [(1, 4)])
    [(1, 2), (3, 4)]
    """
    out = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if hi > lo:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _label_spot(polys: list[Polygon], anchor: Point, height: float, need: float) -> Point | None:
    """Where a label of ``height`` and width ``need`` fits inside the shape (SVG
    coordinates, y down): at ``anchor`` (:func:`lea_graph.geometry.label_point`) if it
    fits there, else the widest room nearest it; None where it fits nowhere."""
    ax, ay = anchor

    def room(y: float) -> list[tuple[float, float]]:
        spans = _crossings(polys, y)
        for dy in (-0.45 * height, 0.45 * height):
            spans = _common(spans, _crossings(polys, y + dy))
        return spans

    if any(lo <= ax <= hi and 2 * min(ax - lo, hi - ax) >= need for lo, hi in room(ay)):
        return anchor
    largest = max((p for p in polys), key=lambda p: abs(_area(p[0])))
    ys = [y for _, y in largest[0]]
    top, bottom = min(ys), max(ys)
    if bottom - top < height:
        return None
    best: tuple[float, float, float] | None = None
    steps = 9
    for i in range(steps + 1):
        y = top + height / 2 + (bottom - top - height) * i / steps
        for lo, hi in room(y):
            x, width = (lo + hi) / 2, hi - lo
            score = width - 0.8 * abs(y - ay) - 0.4 * abs(x - ax)
            if width >= need and (best is None or score > best[0]):
                best = (score, x, y)
    return None if best is None else (best[1], best[2])


def _text_width(text: str, size: float) -> float:
    """An estimate of the width of ``text`` in a sans-serif font of ``size``."""
    narrow, wide = set("ijlt.,:;'|!()- fr"), set("mwMW")
    width = 0.0
    for ch in text:
        if ch in narrow:
            width += 0.33
        elif ch in wide:
            width += 0.85
        elif ch.isupper() or ch.isdigit():
            width += 0.66
        else:
            width += 0.55
    return width * size


def _split(name: str) -> tuple[str, str] | None:
    """A name split in two lines at the space (or hyphen) nearest its middle."""
    cuts = [i for i, ch in enumerate(name) if ch in " -"]
    if not cuts:
        return None
    i = min(cuts, key=lambda c: abs(c - len(name) / 2))
    if name[i] == "-":
        return name[: i + 1].strip(), name[i + 1 :].strip()
    return name[:i].strip(), name[i + 1 :].strip()


# -- colours ----------------------------------------------------------------------------------

#: Viridis in steps, light (little) to dark (much).
VIRIDIS: dict[int, tuple[str, ...]] = {
    2: ("#fde725", "#21918c"),
    3: ("#fde725", "#21918c", "#440154"),
    4: ("#fde725", "#35b779", "#31688e", "#440154"),
    5: ("#fde725", "#5dc863", "#21918c", "#3b528b", "#440154"),
    6: ("#fde725", "#7ad151", "#22a884", "#2a788e", "#414487", "#440154"),
    7: ("#fde725", "#8fd744", "#35b779", "#21908d", "#31688e", "#443a83", "#440154"),
}

#: Okabe–Ito colours for the categories of PacT and SES (and the highlighted wijk).
OKABE_ITO = {
    "vermiljoen": "#d55e00",
    "oranje": "#e69f00",
    "hemelsblauw": "#56b4e9",
    "blauwgroen": "#009e73",
    "blauw": "#0072b2",
}

#: The colour of wijken that are only context (the small map of one wijk).
_CONTEXT = "#dfe4e8"


@dataclass(frozen=True)
class Klasse:
    """One entry of a map's scale: a Dutch text, a fill colour and an optional pattern
    (``streep`` for bedrijventerreinen, ``kruis`` for no data)."""

    code: str
    tekst: str
    kleur: str
    patroon: str = ""


GEEN_KINDEREN = Klasse("geen-kinderen", "Bedrijventerrein: geen kinderen", "#d9d9d9", "streep")
GEEN_GEGEVENS = Klasse("geen-gegevens", "Geen gegevens", "#ffffff", "kruis")

#: The statuses of a reach target that the map writes under a wijk's name.
STATUSSEN = ("gehaald", "niet gehaald", "onzeker")

#: Marks drawn over a wijk's colour, with their legend text.
TEKENS = {
    "buitengebied": "Stippen: buitengebied (weinig inwoners)",
    "onzeker": "Gearceerd: onzeker, het doel ligt tussen de onder- en de bovengrens",
    "doel": "Zwarte rand: wijk met een LEA-doel (PacT-wijk 100%, lage SES 75%)",
}


@dataclass
class Legenda:
    """What the colours of a map mean: a title, the scale (with the number of wijken in
    each entry), the marks used, how the figure was computed and a note on illustrative
    data."""

    titel: str
    klassen: list[Klasse]
    aantallen: dict[str, int] = field(default_factory=dict)
    tekens: list[str] = field(default_factory=list)
    uitleg: str = ""
    noot: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "titel": self.titel,
            "klassen": [
                {"code": k.code, "tekst": k.tekst, "kleur": k.kleur, "patroon": k.patroon,
                 "wijken": self.aantallen.get(k.code, 0)}
                for k in self.klassen
            ],
            "tekens": [{"code": t, "tekst": TEKENS[t]} for t in self.tekens],
            "uitleg": self.uitleg,
            "noot": self.noot,
        }  # fmt: skip


@dataclass(frozen=True)
class Kleur:
    """The colour of one wijk on a map: its entry of the scale, the marks over it and
    its figure as a text ("5 partners van de hubs")."""

    klasse: Klasse
    tekens: frozenset[str] = frozenset()
    waarde: str = ""


def _bins(
    bins: Sequence[tuple[int, int | None]], unit: tuple[str, str]
) -> list[tuple[int, int | None, str]]:
    """(low, high or None for "or more", text) for count classes."""
    out = []
    for lo, hi in bins:
        if hi is None:
            text = f"{number(lo)} of meer {unit[1]}"
        elif lo == hi:
            text = plural(lo, *unit)
        else:
            text = f"{number(lo)}–{number(hi)} {unit[1]}"
        out.append((lo, hi, text))
    return out


def _scale(prefix: str, bins: list[tuple[int, int | None, str]]) -> list[Klasse]:
    colours = VIRIDIS[len(bins)]
    return [Klasse(f"{prefix}{i}", text, colours[i]) for i, (_, _, text) in enumerate(bins)]


def _pick(value: int, bins: list[tuple[int, int | None, str]], scale: list[Klasse]) -> Klasse:
    for (lo, hi, _), klasse in zip(bins, scale, strict=True):
        if value >= lo and (hi is None or value <= hi):
            return klasse
    return scale[-1]


#: Partners of one hub in a wijk: the heatmap's steps (overzicht).
HUB_BINS = ((0, 0), (1, 1), (2, 3), (4, 6), (7, None))
#: Distinct partners of all hubs together in a wijk.
HUBS_BINS = ((0, 0), (1, 2), (3, 5), (6, 10), (11, 20), (21, None))
#: The lower bound of the reach, in whole percents (rounded down): the LEA's targets
#: (75% for low SES, 100% for PacT) are class boundaries.
DOEL_BINS = ((0, 24), (25, 49), (50, 74), (75, 99), (100, None))


def _nice_step(largest: float) -> int:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ that splits ``largest`` in at most 5 steps.

    Examples
    --------
    >>> _nice_step(4160), _nice_step(900), _nice_step(3)
    (1000, 200, 1)
    """
    target = max(largest / 5, 1)
    power = 10 ** math.floor(math.log10(target))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= target:
            return max(1, int(m * power))
    return int(10 * power)


def _kids_bins(largest: int) -> list[tuple[int, int | None, str]]:
    step = _nice_step(largest)
    n = min(largest // step + 1, 6)
    out: list[tuple[int, int | None, str]] = []
    for i in range(n):
        lo, hi = i * step, (i + 1) * step - 1
        if i == 0:
            out.append((0, hi, f"minder dan {number(step)} kinderen"))
        elif i == n - 1:
            out.append((lo, None, f"{number(lo)} of meer kinderen"))
        else:
            out.append((lo, hi, f"{number(lo)}–{number(hi)} kinderen"))
    if n == 1:
        out = [(0, None, f"minder dan {number(step)} kinderen")]
    return out


def _voorbeeld(flag: Any) -> str:
    return " (voorbeeld)" if flag else ""


def _soort(row: Mapping[str, Any]) -> str:
    return str(row.get("soort") or "woonwijk")


def _tekens(row: Mapping[str, Any]) -> set[str]:
    return {"buitengebied"} if _soort(row) == "buitengebied" else set()


SES_TEKST = {"laag": "lage SES", "midden": "gemiddelde SES", "hoog": "hoge SES"}

#: How each colouring's figure is computed (shown in the legend).
UITLEG = {
    "hubs": (
        f"Per wijk het aantal {SOORTEN['via_hubs'][0].lower()}. {SOORTEN['via_hubs'][1]} Een "
        "partner die voor meer hubs in de wijk werkt, telt één keer. Partners die er zonder "
        "hub werken, tellen hier niet; bij elke wijk staan ook de "
        f"{SOORTEN['alle'][0].lower()}."
    ),
    "hub": (
        "Per wijk het aantal verschillende partners dat de wijk onder hub {hub} bereikt: met "
        "een activiteit onder deze hub op een school of opvanglocatie in de wijk, of met "
        "wijkinzet door een lid van de hub. Dezelfde getallen als de kolom van deze hub in "
        "de dekkingstabel op het overzicht."
    ),
    "gaten": (
        "Per wijk het aantal hubs waarvoor de wijk een gat is: geen enkele partner of maar één "
        "partner van die hub in de wijk (via scholen of wijkinzet). Hoogstens één gat per hub "
        f"van de gemeente. {GAP_DEFINITION}"
    ),
    "doel": (
        "De kleur is de ondergrens van het bereik: het deel van de leerlingen op de scholen "
        "(po, sbo, so, vso, vo) in de wijk dat bewezen meedoet aan brede "
        "talentontwikkeling, afgerond naar beneden. De gegevens tellen deelnemers per "
        "activiteit, niet per kind; de bovengrens (alle deelnemers opgeteld, hoogstens alle "
        "leerlingen) staat bij de wijk. Doel: 100% in een PacT-wijk, 75% in een wijk met lage "
        "SES, geen doel in andere wijken. 'Gehaald' als de ondergrens het doel haalt, 'niet "
        "gehaald' als de bovengrens eronder blijft, anders 'onzeker'."
    ),
    "pact": (
        "PacT-wijk en SES (sociaaleconomische status) uit de tabel wijken, kolommen pact en "
        "ses. Een PacT-wijk krijgt die kleur, ook als hij lage SES heeft."
    ),
    "kinderen": (
        "Het aantal kinderen in de wijk: van 0 tot en met 17 jaar als de gegevens dat "
        "geven, anders van 0 tot en met 14 jaar volgens CBS. CBS geeft dat als een "
        "afgerond percentage van de inwoners, dus als "
        "een bereik; de kleur hoort bij het midden ervan. De bron en het jaar staan bij elke "
        "wijk. Gelijke stappen; hoe donkerder, hoe meer kinderen."
    ),
}


def _bereik(row: Mapping[str, Any]) -> str:
    """The reach of a wijk as a phrase: "bereik 18–77%, doel 100%, onzeker"; "" without."""
    low, high = row.get("ondergrens"), row.get("bovengrens")
    if low is None or high is None:
        return ""
    text = f"bereik {range_text(float(low), float(high), short=True)}"
    doel = row.get("doel") or 0
    return text + (f", doel {round(100 * doel)}%, {row.get('status')}" if doel else ", geen doel")


#: The categories of the colouring ``pact``, in legend order.
PACT_KLASSEN = (
    Klasse("pact", "PacT-wijk", OKABE_ITO["vermiljoen"]),
    Klasse("laag", "Lage SES (geen PacT-wijk)", OKABE_ITO["oranje"]),
    Klasse("midden", "Gemiddelde SES", OKABE_ITO["hemelsblauw"]),
    Klasse("hoog", "Hoge SES", OKABE_ITO["blauw"]),
)

#: What a wijk without the figure shows, per colouring.
_NO_DATA = {
    "hub": Klasse("nvt", "Niet van toepassing: hub van een andere gemeente",
                  GEEN_GEGEVENS.kleur, "kruis"),
    "doel": Klasse("geen-gegevens", "Niet te berekenen: geen scholen met leerlingenaantal",
                   GEEN_GEGEVENS.kleur, "kruis"),
}  # fmt: skip

#: What the figures of a colouring rest on, for the note on illustrative data.
_RESTS_ON = {
    "hubs": "de activiteiten, de wijkinzet en de hubleden",
    "hub": "de activiteiten, de wijkinzet en de hubleden",
    "gaten": "de activiteiten, de wijkinzet en de hubleden",
    "doel": "de scholen, hun leerlingenaantallen en de activiteiten met hun deelnemers",
    "pact": "de SES van de wijken",
    "kinderen": "de aantallen kinderen",
}


def _scale_of(
    kleuring: str, rijen: Sequence[Mapping[str, Any]]
) -> tuple[list[tuple[int, int | None, str]], list[Klasse]]:
    """The bins (low, high, text) and the classes of a colouring's scale."""
    if kleuring == "pact":
        return [(i, i, k.tekst) for i, k in enumerate(PACT_KLASSEN)], list(PACT_KLASSEN)
    if kleuring == "gaten":
        most = max(1, max((len(r.get("partners_per_hub") or {}) for r in rijen), default=0))
        bins = (
            [(n, n, plural(n, "gat", "gaten")) for n in range(most + 1)]
            if most <= 6
            else _bins([(0, 0), (1, 1), (2, 3), (4, 6), (7, None)], ("gat", "gaten"))
        )
    elif kleuring in ("hub", "hubs"):
        bins = _bins(HUB_BINS if kleuring == "hub" else HUBS_BINS, ("partner", "partners"))
    elif kleuring == "doel":
        bins = [(lo, hi, f"{lo}%" if hi is None else f"{lo}–{hi}%") for lo, hi in DOEL_BINS]
    else:
        known = [int(r["kinderen_midden"]) for r in rijen if r.get("kinderen_midden") is not None]
        bins = _kids_bins(max(known, default=0))
        if len(bins) == 1:
            return bins, [Klasse("k0", bins[0][2], VIRIDIS[2][0])]
    return bins, _scale("k", bins)


def _figure(
    kleuring: str, r: Mapping[str, Any], hub: str | None, hub_naam: str
) -> tuple[int | None, str, bool]:
    """A wijk's figure for a colouring: the value on the scale (None: no data), the
    figure as a phrase, and whether it rests on illustrative data."""
    if kleuring in ("hubs", "hub", "gaten"):
        flag = bool(r.get("partners_voorbeeld"))
        if kleuring == "gaten":
            value = r.get("gaten")
            text = (
                plural(int(value), "gat", "gaten")
                + f" ({number(r.get('gaten_zonder'))} zonder partner, "
                f"{number(r.get('gaten_een'))} met één partner)"
                if value is not None
                else ""
            )
        else:
            if kleuring == "hubs":
                value = r.get("partners_via_hubs")
                text = "" if value is None else partners_zin("via_hubs", int(value))
            else:
                value = (r.get("partners_per_hub") or {}).get(hub)
                text = (
                    ""
                    if value is None
                    else f"{plural(int(value), 'partner', 'partners')} van hub {hub_naam}"
                )
        return (None if value is None else int(value)), text, flag and value is not None
    if kleuring == "doel":
        low = r.get("ondergrens")
        if low is None or r.get("bovengrens") is None:
            return None, "bereik niet te berekenen", False
        return lower(float(low)), _bereik(r), bool(r.get("bereik_voorbeeld"))
    if kleuring == "pact":
        ses = str(r.get("ses") or "")
        pact = r.get("pact") == "ja"
        flag = bool(ses) and r.get("ses_bron") == "voorbeeld"
        text = ("PacT-wijk, " if pact else "") + SES_TEKST.get(
            ses, f"SES {ses}" if ses else "SES onbekend"
        )
        codes = [k.code for k in PACT_KLASSEN]
        value = 0 if pact else codes.index(ses) if ses in codes else None
        return value, text, flag
    kids = cijfers.kinderen_van_rij(r)
    if kids is None:
        return None, "aantal kinderen onbekend", False
    return kids.midden, kids.zin, kids.bron == "voorbeeld"


def kleuren(
    rijen: Sequence[Mapping[str, Any]],
    kleuring: str,
    *,
    hub: str | None = None,
    hub_naam: str = "",
) -> tuple[dict[str, Kleur], Legenda]:
    """The colour of every wijk for a colouring, and the legend.

    A bedrijventerrein is striped ("geen kinderen") unless the colouring has a figure
    for it that is about children (a reach, a number of children above 0); a wijk
    without the figure is cross-hatched ("geen gegevens"). Buitengebied is dotted over
    its colour; with ``doel`` a wijk with a LEA target gets a black outline and an
    uncertain one (status ``onzeker``) is hatched over its colour.

    Parameters
    ----------
    rijen
        The figures per wijk (the rows of the Kaart screen): ``wijk``, ``soort``,
        ``pact``, ``ses``, the children's columns (:func:`lea_graph.cijfers.kinderen_velden`), ``ses_bron``, ``partners_via_hubs``
        (:mod:`lea_graph.analytics.wijkpartners`),
        ``partners_per_hub`` (hub → partners, for the hubs of the wijk's gemeente),
        ``partners_voorbeeld``, ``gaten``, ``gaten_zonder``, ``gaten_een``,
        ``ondergrens``, ``bovengrens`` (shares 0..1 or None), ``doel``, ``status`` and
        ``bereik_voorbeeld``.
    kleuring
        One of :data:`KLEURINGEN`.
    hub, hub_naam
        The hub of the colouring ``hub``.

    Returns
    -------
    tuple
        ``{wijk: Kleur}`` and the :class:`Legenda`.

    Raises
    ------
    ValueError
        For a colouring that is not in :data:`KLEURINGEN`.

    Examples
    --------
    >>> rows = [{"wijk": "w-1", "partners_via_hubs": 0},
    ...         {"wijk": "w-2", "partners_via_hubs": 4},
    ...         {"wijk": "w-3", "partners_via_hubs": 2, "soort": "bedrijventerrein"}]
    >>> colours, legend = kleuren(rows, "hubs")
    >>> [(w, k.klasse.tekst, k.klasse.kleur) for w, k in colours.items()]
    [('w-1', '0 partners', '#fde725'), ('w-2', '3–5 partners', '#22a884'), ('w-3', 'Bedrijventerrein: geen kinderen', '#d9d9d9')]
    """
    if kleuring not in KLEURINGEN:
        raise ValueError(f"Onbekende kleuring '{kleuring}'.")
    bins, scale = _scale_of(kleuring, rijen)
    out: dict[str, Kleur] = {}
    marks: set[str] = set()
    extra: list[Klasse] = []
    voorbeeld = False
    for r in rijen:
        value, text, flag = _figure(kleuring, r, hub, hub_naam)
        voorbeeld |= flag
        text += _voorbeeld(flag)
        tekens = _tekens(r)
        if kleuring == "doel" and r.get("doel"):
            tekens.add("doel")
        about_children = kleuring == "doel" or (kleuring == "kinderen" and value)
        if _soort(r) == "bedrijventerrein" and (value is None or not about_children):
            klasse = GEEN_KINDEREN
            text = (
                text if kleuring in ("hubs", "hub") and value else "bedrijventerrein, geen kinderen"
            )
            tekens = set()
        elif value is None:
            klasse = _NO_DATA.get(kleuring, GEEN_GEGEVENS)
            text = text or "geen gegevens"
            tekens &= {"doel"}
        else:
            klasse = _pick(value, bins, scale)
            if kleuring == "doel" and r.get("status") == "onzeker":
                tekens.add("onzeker")
        if klasse.patroon and klasse not in extra:
            extra.append(klasse)
        marks |= tekens
        out[r["wijk"]] = Kleur(klasse, frozenset(tekens), text)
    counts: dict[str, int] = {}
    for k in out.values():
        counts[k.klasse.code] = counts.get(k.klasse.code, 0) + 1
    noot = (
        "Let op: deze kleuren berusten (deels) op voorbeeldgegevens "
        f"(verzonnen): {_RESTS_ON[kleuring]}. Bij de wijken staat dan (voorbeeld)."
        if voorbeeld
        else ""
    )
    titel = KLEURINGEN[kleuring] + (f": {hub_naam}" if kleuring == "hub" and hub_naam else "")
    legenda = Legenda(
        titel,
        [*scale, *extra],
        counts,
        [t for t in TEKENS if t in marks],
        UITLEG[kleuring].format(hub=hub_naam or "") + _cbs_vermelding(rijen, kleuring),
        noot,
    )
    return out, legenda


def _cbs_vermelding(rijen: Sequence[Mapping[str, Any]], kleuring: str) -> str:
    """CBS's credit, when the colouring shows figures of CBS."""
    key = {"kinderen": "kinderen_bron", "pact": "ses_bron"}.get(kleuring)
    if key and any(cijfers.van_cbs(str(r.get(key) or "")) for r in rijen):
        return " " + cijfers.CBS_VERMELDING
    return ""


def wijk_tekst(row: Mapping[str, Any]) -> list[str]:
    """All figures of a wijk as short Dutch phrases (for its title and info strip).

    Examples
    --------
    >>> wijk_tekst({"pact": "ja", "ses": "laag", "kinderen_tekst": "1.900",
    ...             "kinderen_leeftijd": "0-17", "partners_via_hubs": 5,
    ...             "gaten": 2, "ondergrens": 0.18, "bovengrens": 0.77, "doel": 1.0,
    ...             "status": "onzeker"})
    ['PacT-wijk, lage SES', '1.900 kinderen van 0-17 jaar', '5 partners van de hubs', '2 gaten', 'bereik 18–77%, doel 100%, onzeker']
    """
    parts = []
    kenmerken = []
    if row.get("pact") == "ja":
        kenmerken.append("PacT-wijk")
    if row.get("ses"):
        kenmerken.append(SES_TEKST.get(row["ses"], f"SES {row['ses']}"))
    if kenmerken:
        parts.append(", ".join(kenmerken))
    soort = _soort(row)
    if soort != "woonwijk":
        parts.append(soort)
    kids = cijfers.kinderen_van_rij(row)
    if kids is not None:
        parts.append(kids.zin)
    elif soort == "bedrijventerrein":
        parts.append("geen kinderen")
    if row.get("partners_via_hubs") is not None:
        parts.append(partners_zin("via_hubs", int(row["partners_via_hubs"])))
    if row.get("partners_alle") is not None:
        parts.append(partners_zin("alle", int(row["partners_alle"])))
    if row.get("gaten") is not None and soort != "bedrijventerrein":
        parts.append(plural(int(row["gaten"]), "gat", "gaten"))
    if _bereik(row):
        parts.append(_bereik(row))
    return parts


# -- drawing ----------------------------------------------------------------------------------


@dataclass
class KaartWijk:
    """One wijk as the map draws it: its link, (lon, lat) shape, colour and texts."""

    wijk: str
    naam: str
    href: str
    vormen: list[Polygon]
    kleur: Kleur
    titel: str = ""  # tooltip and aria-label: the name and the figures
    info: tuple[str, ...] = ()  # the lines of the info strip (large map)
    uitgelicht: bool = False
    onderschrift: str = ""  # a second label line under the name ("onzeker")


def _fmt(v: float) -> str:
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _path(polys: list[Polygon]) -> str:
    return " ".join(
        "M" + " L".join(f"{_fmt(x)},{_fmt(y)}" for x, y in ring) + " Z"
        for poly in polys
        for ring in poly
    )


def _luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _pattern(pid: str, kind: str, base: str, size: float = 1.0) -> str:
    """An SVG pattern: ``streep`` (grey stripes), ``kruis`` (cross-hatch), ``stip`` (dots
    over ``base``) or ``arcering`` (hatching over ``base``)."""
    s = (11 if kind == "kruis" else 8) * size
    head = (
        f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="{_fmt(s)}" height="{_fmt(s)}">'
    )
    bg = f'<rect width="{_fmt(s)}" height="{_fmt(s)}" fill="{base}"/>'
    ink = "#000000" if _luminance(base) > 0.45 else "#ffffff"
    if kind == "streep":
        body = (f'<path d="M0,{_fmt(s)} L{_fmt(s)},0 M-2,2 L2,-2 M{_fmt(s - 2)},{_fmt(s + 2)} '
                f'L{_fmt(s + 2)},{_fmt(s - 2)}" stroke="#5a5a5a" stroke-width="{_fmt(1.6 * size)}"/>')  # fmt: skip
    elif kind == "kruis":
        body = (f'<path d="M0,0 L{_fmt(s)},{_fmt(s)} M0,{_fmt(s)} L{_fmt(s)},0" stroke="#a6a6a6" '
                f'stroke-width="{_fmt(0.6 * size)}"/>')  # fmt: skip
    elif kind == "stip":
        body = (f'<circle cx="{_fmt(s / 2)}" cy="{_fmt(s / 2)}" r="{_fmt(1.3 * size)}" '
                f'fill="{ink}" fill-opacity="0.55"/>')  # fmt: skip
    else:  # arcering
        body = (f'<path d="M0,0 L{_fmt(s)},{_fmt(s)} M-2,{_fmt(s - 2)} L2,{_fmt(s + 2)} '
                f'M{_fmt(s - 2)},-2 L{_fmt(s + 2)},2" stroke="{ink}" stroke-opacity="0.6" '
                f'stroke-width="{_fmt(1.6 * size)}"/>')  # fmt: skip
    return head + bg + body + "</pattern>"


class _Fills:
    """The fills of one SVG: a colour, or a pattern defined once in its ``<defs>``."""

    def __init__(self, prefix: str, size: float = 1.0) -> None:
        self.prefix, self.size = prefix, size
        self.defs: dict[str, str] = {}

    def of(self, kleur: Kleur) -> str:
        k = kleur.klasse
        if k.patroon:
            return self._use(k.patroon, k.kleur)
        for mark, kind in (("onzeker", "arcering"), ("buitengebied", "stip")):
            if mark in kleur.tekens:
                return self._use(kind, k.kleur)
        return k.kleur

    def _use(self, kind: str, base: str) -> str:
        pid = f"{self.prefix}-{kind}-{base.lstrip('#')}"
        if pid not in self.defs:
            self.defs[pid] = _pattern(pid, kind, base, self.size)
        return f"url(#{pid})"


def _fit(
    shapes: Mapping[str, list[Polygon]], width: float, pad: float
) -> tuple[dict[str, list[Polygon]], dict[str, Point], float]:
    """The shapes in SVG coordinates (y down) fitted to ``width``; the point of each
    one's label (:func:`lea_graph.geometry.label_point` in the plane, as the PDF map
    takes it, then fitted likewise); and the height."""
    flat = plane(shapes)
    box = _bounds(flat.values())
    if box is None:
        return {}, {}, 0.0
    x0, y0, x1, y1 = box
    span_x, span_y = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
    scale = (width - 2 * pad) / span_x
    height = span_y * scale + 2 * pad
    if height > 1.1 * width:  # a tall city: fit the height instead
        scale = (1.1 * width - 2 * pad) / span_y
        height = 1.1 * width

    def svg(x: float, y: float) -> Point:
        return pad + (x - x0) * scale, pad + (y1 - y) * scale

    out = {
        w: [[[svg(x, y) for x, y in ring] for ring in poly] for poly in polys]
        for w, polys in flat.items()
    }
    anchors = {w: svg(*label_point(polys)) for w, polys in flat.items() if polys}
    return out, anchors, height


def _wrap(text: str, size: float, width: float, lines: int) -> list[str]:
    """Words of ``text`` in at most ``lines`` lines of ``width``; the last one shortened."""
    words, out, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if _text_width(trial, size) <= width or not line:
            line = trial
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        last = out[-1]
        while last and _text_width(last + " …", size) > width:
            last = last[:-1]
        out[-1] = last.rstrip() + " …"
    return out


def kaart_svg(
    wijken: Sequence[KaartWijk],
    *,
    id: str,
    titel: str,
    beschrijving: str = "",
    klein: bool = False,
) -> Markup:
    """The SVG map of ``wijken`` (those with a shape), as markup safe to insert.

    Parameters
    ----------
    wijken
        The wijken to draw, in keyboard order; a wijk without ``vormen`` is left out
        (the page lists it).
    id
        A prefix for the ids in the SVG (patterns, title), unique on the page.
    titel, beschrijving
        The SVG's ``<title>`` and ``<desc>``.
    klein
        A small map (wijk and hub pages): 480 units wide, labels only for the highlighted
        wijk, no info strip.

    Returns
    -------
    markupsafe.Markup
        ``<svg role="group">`` with one ``<a>`` per wijk holding one ``<path>``; the
        labels that fit and the black outlines (a wijk with a LEA target, the highlighted
        wijk) are drawn over all shapes, without catching the pointer. Empty when no
        wijk has a shape.
    """
    drawn = [w for w in wijken if w.vormen]
    if not drawn:
        return Markup("")
    pid = str(escape(id))
    width = 480.0 if klein else 960.0
    pad = 6.0 if klein else 10.0
    fitted, anchors, map_h = _fit({w.wijk: w.vormen for w in drawn}, width, pad)
    fills = _Fills(pid, 0.8 if klein else 1.0)
    strip = 0.0 if klein else 70.0
    height = map_h + strip
    font = 11.0 if klein else 13.0
    placed: list[tuple[float, float, float, float]] = []
    shown: dict[str, str] = {}  # labels drawn on top
    hidden: dict[str, str] = {}  # labels shown on hover and focus

    def free(box: tuple[float, float, float, float]) -> bool:
        a0, b0, a1, b1 = box
        return all(a1 < c0 or a0 > c1 or b1 < d0 or b0 > d1 for c0, d0, c1, d1 in placed)

    # The largest wijken get their label first. A first pass places names that fit inside
    # their wijk; a second lets a name overhang its wijk a little where no other label
    # is. A name that is still not placed shows on hover and focus.
    by_size = sorted(drawn, key=lambda w: -sum(abs(_area(p[0])) for p in fitted[w.wijk]))
    for overhang in (1.0, 1.6):
        for w in by_size:
            if w.wijk in shown or (klein and not w.uitgelicht):
                continue
            polys = fitted[w.wijk]
            tries = [([w.naam, w.onderschrift], font), ([w.naam, w.onderschrift], font - 2)]
            tries = tries if w.onderschrift else []
            split = list(_split(w.naam) or ())
            tries += [([w.naam], font), ([w.naam], font - 2), (split, font - 2)]
            for lines, size in tries:
                if not lines:
                    continue
                h = size * 1.1 * len(lines)
                need = max(_text_width(t, size) for t in lines) + 4
                spot = _label_spot(polys, anchors[w.wijk], h + 2, need / overhang)
                if spot is None:
                    continue
                x, y = spot
                box = (x - need / 2 - 2, y - h / 2 - 1, x + need / 2 + 2, y + h / 2 + 1)
                if free(box):
                    placed.append(box)
                    shown[w.wijk] = _label(lines, x, y, size, "")
                    break
    for w in drawn:
        if w.wijk not in shown:
            x, y = anchors[w.wijk]
            lines = [w.naam, w.onderschrift] if w.onderschrift else [w.naam]
            hidden[w.wijk] = _label(lines, x, y, font, " kaart-label-verborgen")
    parts = [
        f'<svg class="kaart-svg" xmlns="http://www.w3.org/2000/svg" role="group" '
        f'viewBox="0 0 {_fmt(width)} {_fmt(height)}" width="{_fmt(width)}" '
        f'height="{_fmt(height)}" aria-labelledby="{pid}-titel"'
        + (f' aria-describedby="{pid}-desc"' if beschrijving else "")
        + ">",
        f'<title id="{pid}-titel">{escape(titel)}</title>',
    ]
    if beschrijving:
        parts.append(f'<desc id="{pid}-desc">{escape(beschrijving)}</desc>')
    body, outlines = [], []
    for w in drawn:
        d = _path(fitted[w.wijk])
        if "doel" in w.kleur.tekens or w.uitgelicht:
            outlines.append(f'<path d="{d}" fill="none" fill-rule="evenodd"/>')
        info = ""
        if not klein and w.info:
            lines = [f'<tspan x="12" y="{_fmt(map_h + 25)}" font-weight="700" font-size="15">'
                     f"{escape(w.info[0])}</tspan>"]  # fmt: skip
            rest = _wrap(" · ".join(w.info[1:]), 14, width - 24, 2)
            for n, line in enumerate(rest):
                lines.append(f'<tspan x="12" y="{_fmt(map_h + 45 + 17 * n)}" font-size="14">'
                             f"{escape(line)}</tspan>")  # fmt: skip
            info = (
                f'<g class="kaart-info" aria-hidden="true"><rect x="0.5" y="{_fmt(map_h + 4)}" '
                f'width="{_fmt(width - 1)}" height="{_fmt(strip - 5)}" fill="#ffffff" '
                f'stroke="#8a99a6"/><text font-size="14" fill="#1d2b36">{"".join(lines)}</text></g>'
            )  # fmt: skip
        name = escape(w.titel or w.naam)
        body.append(
            f'<a class="kaart-wijk{" kaart-uitgelicht" if w.uitgelicht else ""}" '
            f'href="{escape(w.href)}" data-wijk="{escape(w.wijk)}" '
            f'data-klasse="{escape(w.kleur.klasse.code)}" aria-label="{name}">'
            f"<title>{name}</title>"
            f'<path class="kaart-vorm" d="{d}" fill="{fills.of(w.kleur)}" fill-rule="evenodd" '
            'stroke="#ffffff" stroke-width="1" stroke-linejoin="round"/>'
            f"{hidden.get(w.wijk, '')}{info}</a>"
        )
    if fills.defs:
        parts.append("<defs>" + "".join(fills.defs.values()) + "</defs>")
    parts += body
    if outlines:
        parts.append(
            '<g class="kaart-randen" fill="none" stroke="#000000" stroke-width="2.6" '
            f'stroke-linejoin="round" pointer-events="none" aria-hidden="true">{"".join(outlines)}</g>'
        )
    if shown:
        parts.append(
            f'<g class="kaart-labels" pointer-events="none" aria-hidden="true">'
            f"{''.join(shown[w.wijk] for w in drawn if w.wijk in shown)}</g>"
        )
    if not klein:
        parts.append(
            f'<g class="kaart-hint" aria-hidden="true"><text x="12" y="{_fmt(map_h + 36)}" '
            'font-size="15" fill="#4a5a66">Wijs een wijk aan of ga er met Tab naartoe voor de '
            "cijfers; klik voor de wijkpagina.</text></g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text in it went through escape)


def _label(lines: list[str], x: float, y: float, size: float, extra: str) -> str:
    step = size * 1.1
    top = y - step * (len(lines) - 1) / 2 + size * 0.35
    spans = "".join(
        f'<tspan x="{_fmt(x)}" y="{_fmt(top + i * step)}">{escape(t)}</tspan>'
        for i, t in enumerate(lines)
    )
    return (
        f'<text class="kaart-label{extra}" text-anchor="middle" font-size="{_fmt(size)}" '
        'fill="#111111" stroke="#ffffff" stroke-width="2.6" stroke-linejoin="round" '
        f'paint-order="stroke" aria-hidden="true">{spans}</text>'
    )


def _swatch(pid: str, klasse: Klasse, tekens: Iterable[str] = ()) -> str:
    fills = _Fills(pid)
    fill = fills.of(Kleur(klasse, frozenset(tekens)))
    stroke = "#000000" if "doel" in tekens else "#6b7b86"
    width = 2.4 if "doel" in tekens else 1
    defs = f"<defs>{''.join(fills.defs.values())}</defs>" if fills.defs else ""
    return (
        '<svg class="kaart-staal" viewBox="0 0 22 22" width="22" height="22" aria-hidden="true" '
        f'focusable="false">{defs}<rect x="1" y="1" width="20" height="20" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{width}"/></svg>'
    )


_MARK_SAMPLE = {"buitengebied": "#21918c", "onzeker": "#21918c", "doel": "#ffffff"}


def _legend_html(id: str, legenda: Legenda, *, counts: bool = True) -> str:
    items = []
    for n, k in enumerate(legenda.klassen):
        count = legenda.aantallen.get(k.code, 0)
        tail = (
            f' <span class="kaart-aantal">({plural(count, "wijk", "wijken")})</span>'
            if counts
            else ""
        )
        items.append(f"<li>{_swatch(f'{id}-l{n}', k)} <span>{escape(k.tekst)}{tail}</span></li>")
    for n, t in enumerate(legenda.tekens):
        sample = Klasse("teken", "", _MARK_SAMPLE[t])
        items.append(
            f"<li>{_swatch(f'{id}-t{n}', sample, [t])} <span>{escape(TEKENS[t])}</span></li>"
        )
    parts = [
        '<div class="kaart-legenda">',
        f'<p class="kaart-legenda-titel">{escape(legenda.titel)}</p>',
        f'<ul class="kaart-klassen" aria-label="Legenda van de kaart">{"".join(items)}</ul>',
    ]
    if legenda.uitleg:
        parts.append(
            f'<p class="kaart-uitleg"><strong>Hoe berekend:</strong> {escape(legenda.uitleg)}</p>'
        )
    if legenda.noot:
        parts.append(f'<p class="example-note">{escape(legenda.noot)}</p>')
    parts.append("</div>")
    return "".join(parts)


def kaart_figuur(
    wijken: Sequence[KaartWijk],
    legenda: Legenda,
    *,
    id: str,
    titel: str,
    beschrijving: str = "",
    klein: bool = False,
    link: tuple[str, str] | None = None,
) -> Markup:
    """The map with its legend and the credit for the boundaries, as one ``<figure>``;
    empty when no wijk has a shape.

    ``link`` is (href, text) of a link under the map (the large map from a small one).
    """
    svg = kaart_svg(wijken, id=id, titel=titel, beschrijving=beschrijving, klein=klein)
    if not svg:
        return Markup("")
    extra = ""
    if link:
        extra = f'<p class="kaart-link"><a href="{escape(link[0])}">{escape(link[1])}</a></p>'
    return Markup(  # noqa: S704 (every text in it went through escape)
        f'<figure class="kaart{" kaart-klein" if klein else " kaart-groot"}" id="{escape(id)}">'
        f'<div class="kaart-vlak">{svg}</div>'
        f"<figcaption>{_legend_html(escape(id), legenda, counts=not klein)}"
        f'<p class="kaart-bron">{escape(CREDIT)}</p>{extra}</figcaption></figure>'
    )


def _default_href(wijk: str) -> str:
    return "/wijk/" + quote(wijk, safe="")


def _entries(
    rijen: Sequence[Mapping[str, Any]],
    vormen: Mapping[str, list[Polygon]],
    colours: Mapping[str, Kleur],
    href: Callable[[str], str],
    uitgelicht: str | None = None,
    onderschrift: Mapping[str, str] | None = None,
) -> list[KaartWijk]:
    out = []
    for r in rijen:
        w = r["wijk"]
        kleur = colours.get(w, Kleur(GEEN_GEGEVENS))
        naam = str(r.get("naam") or w)
        first = f"{naam}: {kleur.waarde}" if kleur.waarde else naam
        others = [p for p in wijk_tekst(r) if p not in kleur.waarde]
        titel = first + (". " + "; ".join(others) + "." if others else ".")
        out.append(
            KaartWijk(w, naam, href(w), list(vormen.get(w) or []), kleur, titel,
                      (first, *others), w == uitgelicht, (onderschrift or {}).get(w, ""))
        )  # fmt: skip
    return out


def kleur_kaart(
    rijen: Sequence[Mapping[str, Any]],
    vormen: Mapping[str, list[Polygon]],
    kleuring: str,
    *,
    hub: str | None = None,
    hub_naam: str = "",
    id: str = "kaart",
    klein: bool = False,
    href: Callable[[str], str] = _default_href,
    link: tuple[str, str] | None = None,
) -> tuple[Markup, Legenda, dict[str, Kleur]]:
    """A map of the wijken coloured by one of :data:`KLEURINGEN`, with its legend.

    Parameters
    ----------
    rijen
        The figures per wijk (see :func:`kleuren`), with ``naam``.
    vormen
        (lon, lat) polygons per wijk (:func:`polygons`); wijken without are not drawn.
    kleuring, hub, hub_naam
        The colouring (and the hub of ``hub``).
    id, klein, href, link
        See :func:`kaart_figuur`; ``href`` makes a wijk's link from its id.

    Returns
    -------
    tuple
        The figure (empty without shapes), the legend and the colour per wijk.
    """
    colours, legenda = kleuren(rijen, kleuring, hub=hub, hub_naam=hub_naam)
    titel = f"Kaart van de wijken: {legenda.titel.lower()}"
    # With the reach target, a wijk with a target says its status under its name.
    status = {
        r["wijk"]: str(r["status"])
        for r in rijen
        if kleuring == "doel" and r.get("doel") and r.get("status") in STATUSSEN
    }
    entries = _entries(rijen, vormen, colours, href, onderschrift=status)
    figure = kaart_figuur(
        entries, legenda, id=id, titel=titel, klein=klein, link=link,
        beschrijving="Elke wijk is een link naar haar wijkpagina; de cijfers per wijk "
        "staan ook in de tabel bij de kaart.",
    )  # fmt: skip
    return figure, legenda, colours


def wijk_kaart(
    rijen: Sequence[Mapping[str, Any]],
    vormen: Mapping[str, list[Polygon]],
    wijk: str,
    *,
    id: str = "kaart-wijk",
    href: Callable[[str], str] = _default_href,
    link: tuple[str, str] | None = None,
) -> Markup:
    """A small map with one wijk highlighted among the others (for the wijk page);
    empty when that wijk has no shape."""
    if not vormen.get(wijk):
        return Markup("")
    naam = next((str(r.get("naam") or wijk) for r in rijen if r["wijk"] == wijk), wijk)
    hier = Klasse("hier", naam, OKABE_ITO["blauw"])
    anders = Klasse("anders", "Andere wijken (klik voor hun pagina)", _CONTEXT)
    colours = {r["wijk"]: Kleur(hier if r["wijk"] == wijk else anders) for r in rijen}
    legenda = Legenda(f"Waar {naam} ligt", [hier, anders])
    entries = _entries(rijen, vormen, colours, href, uitgelicht=wijk)
    for e in entries:
        e.titel = e.naam + (" (deze wijk)" if e.wijk == wijk else "")
    return kaart_figuur(entries, legenda, id=id, titel=f"Kaart: waar {naam} ligt", klein=True,
                        link=link)  # fmt: skip


#: The steps of mean trust (1-4) on the samenwerkingsmonitor's map: (low, high, text).
VERTROUWEN_STAPPEN = (
    (1.0, 2.0, "lager dan 2"),
    (2.0, 2.5, "2 tot 2,5"),
    (2.5, 3.0, "2,5 tot 3"),
    (3.0, 3.5, "3 tot 3,5"),
    (3.5, 4.01, "3,5 of hoger"),
)
VERBORGEN = Klasse("verborgen", "Verborgen: minder dan 3 beoordelaars", "#ffffff", "kruis")
GEEN_SAMENWERKING = Klasse(
    "geen-samenwerking",
    "Geen genoemde samenwerking tussen partners in de wijk",
    "#d9d9d9",
    "streep",
)


def vertrouwen_kaart(
    rijen: Sequence[Mapping[str, Any]],
    vormen: Mapping[str, list[Polygon]],
    waarden: Mapping[str, tuple[float | None, int, bool | None]],
    *,
    uitleg: str,
    voorbeeld: bool = False,
    id: str = "kaart-vertrouwen",
) -> Markup:
    """The wijken coloured by the mean trust of the collaborations inside them (the
    samenwerkingsmonitor, :func:`lea_graph.analytics.samenwerking.groepen`).

    Parameters
    ----------
    rijen
        The wijken (``wijk``, ``naam`` and the fields :func:`wijk_tekst` reads).
    vormen
        (lon, lat) polygons per wijk.
    waarden
        Per wijk: (mean trust or None, raters, whether it is hidden for too few raters).
        A wijk that is not in it has no named collaboration inside.
    uitleg
        How the figure is computed (the legend's "Hoe berekend").
    voorbeeld
        Whether the answers are illustrative: the legend then says so.
    """
    scale = [
        Klasse(f"v{i}", text, VIRIDIS[len(VERTROUWEN_STAPPEN)][i])
        for i, (_, _, text) in enumerate(VERTROUWEN_STAPPEN)
    ]
    colours: dict[str, Kleur] = {}
    for r in rijen:
        w = r["wijk"]
        value, raters, hidden = waarden.get(w, (None, 0, False))
        if hidden:
            colours[w] = Kleur(
                VERBORGEN,
                waarde=f"vertrouwen verborgen ({plural(raters, 'beoordelaar', 'beoordelaars')})",
            )
        elif value is None:
            colours[w] = Kleur(
                GEEN_SAMENWERKING, waarde="geen genoemde samenwerking binnen de wijk"
            )
        else:
            step = next(
                (i for i, (_, hi, _) in enumerate(VERTROUWEN_STAPPEN) if value < hi),
                len(VERTROUWEN_STAPPEN) - 1,
            )
            colours[w] = Kleur(
                scale[step],
                waarde=f"vertrouwen {number(value, 2)} van 4 ({plural(raters, 'beoordelaar', 'beoordelaars')})"
                + (" (voorbeeld)" if voorbeeld else ""),
            )
    counts: dict[str, int] = {}
    for k in colours.values():
        counts[k.klasse.code] = counts.get(k.klasse.code, 0) + 1
    legenda = Legenda(
        "Gemiddeld vertrouwen tussen partners in de wijk",
        [*scale, VERBORGEN, GEEN_SAMENWERKING],
        counts,
        [],
        uitleg,
        "Let op: deze kleuren berusten op verzonnen antwoorden (voorbeeld)." if voorbeeld else "",
    )
    entries = _entries(rijen, vormen, colours, _default_href)
    return kaart_figuur(
        entries, legenda, id=id, titel="Kaart van de wijken: gemiddeld vertrouwen tussen partners"
    )
