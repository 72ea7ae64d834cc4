"""Deterministic generator of illustrative LEA networks.

Three uses:

* :func:`generate_tilburg` builds the Tilburg seed network: the facts in
  ``seed/facts/`` (from the LEA document and public sources, each row with its
  ``bron``, and the CBS wijk boundaries) plus illustrative schools, childcare
  locations and relationships, every one of them marked ``bron=voorbeeld``.
  ``seed/tilburg/`` is its output.
* :func:`generate_synthetic` builds N made-up municipalities of the same shape for
  benchmarks; every row is ``bron=voorbeeld``.
* :func:`generate_duo_national` builds the whole country for benchmarks: every real
  school location of DUO's public files (with its pupils, plaats and gemeente, and
  Tilburg's real wijken) and, per gemeente, generated hubs, partners and relationships
  of the same shape, every generated row ``bron=voorbeeld``.

The shape is meant to give every analysis something true to find: some wijken are
richly covered and some thin (one PacT wijk among them), partners concentrate on a
few stadsdelen, hub members collaborate mostly inside their own hub, a few partners
are isolated, and some locations have no partner activity at all.

Everything invented here is marked as such: names end in "(voorbeeld)" (or, in the
synthetic municipalities, name a "Voorbeeldgemeente"), register codes (BRIN,
vestigingscode, LRK) of invented locations are left empty, and invented wijk figures (SES,
number of children) are flagged in the extra column ``kenmerken_bron``.

The ``soort`` of a wijk is respected: a ``bedrijventerrein`` gets no invented figures,
no school or childcare location and no wijkinzet; a ``buitengebied`` gets a small
number of children and at most one location; only stadsdelen with a woonwijk name the
example partners and are the areas partners focus on.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from lea_graph import cijfers, model
from lea_graph.dataset import Dataset

__all__ = ["SCHOOLJAREN", "generate_duo_national", "generate_synthetic", "generate_tilburg"]

VOORBEELD = "voorbeeld"
SCHOOLJAREN = ("2023-2024", "2024-2025")

#: The folder among the facts with what ``lea-graph gemeente`` made of the public files
#: of DUO, the BAG and CBS (seed/README.md says how): the real schools and wijk figures.
PUBLIC_FACTS = "publiek"

#: The wijk figures taken from the public facts (CBS), with their sources.
WIJK_FIGURES = (
    "ses", "ses_bron", "kinderen_0_14", "kinderen_bron", "inwoners", "inwoners_bron",
)  # fmt: skip

#: Illustrative childcare locations of the Tilburg seed (no copy of the LRK is at hand).
CHILDCARE_COUNTS = {"kinderopvang": 34, "peuteropvang": 20}

#: The wijk boundaries among the facts: CBS / Kadaster, Wijk- en buurtkaart 2024
#: (generalised, WGS84, CC BY 4.0), matched to the wijken on ``statcode`` = ``cbs_code``.
BOUNDARIES_FACT = "tilburg-wijken-2024.geojson"

#: Columns of the fact tables that document a row's source (where in the LEA, a quote)
#: for the people checking the facts; they are not copied into the generated network.
SOURCE_COLUMNS = ("lea_plaats", "lea_citaat")

#: The PacT wijk the Tilburg seed leaves hardly reached (so that the PacT target, the
#: gaps and the candidates have something to show); the tests and seed/README.md name it.
TILBURG_THIN_PACT = "w-wandelbos-noord"

#: Coverage richness of that wijk: far below an ordinary thin wijk (0.2), so that its
#: schools hardly get an activity.
THIN_PACT_RICHNESS = 0.05

#: Children (0-17) invented for a buitengebied: farms and scattered houses.
BUITENGEBIED_CHILDREN = (20, 250)

#: Locations a buitengebied may get at most (a village school or a childcare farm).
BUITENGEBIED_MAX_LOCATIONS = 1

#: Locations per ~150 in a municipality of Tilburg's size, by sector.
SECTOR_COUNTS = {
    "kinderopvang": 34,
    "peuteropvang": 20,
    "po": 62,
    "sbo": 4,
    "so": 4,
    "vso": 3,
    "vo": 14,
    "mbo": 5,
}
SECTOR_NAMES = {
    "kinderopvang": "Kinderdagverblijf",
    "peuteropvang": "Peuteropvang",
    "po": "Basisschool",
    "sbo": "SBO-school",
    "so": "SO-school",
    "vso": "VSO-school",
    "vo": "Middelbare school",
    "mbo": "Mbo-locatie",
}
SECTOR_SIZE = {
    "kinderopvang": (30, 120),
    "peuteropvang": (15, 45),
    "po": (110, 460),
    "sbo": (80, 200),
    "so": (60, 180),
    "vso": (60, 200),
    "vo": (450, 1800),
    "mbo": (800, 3000),
}

#: How well a partner type fits a sector (relative chance of an activity there).
_YOUTH = {"po": 1.0, "sbo": 0.7, "so": 0.5, "vso": 0.4, "vo": 0.5, "mbo": 0.1}
SECTOR_FIT: dict[str, dict[str, float]] = {
    "cultuur": {**_YOUTH, "kinderopvang": 0.3, "peuteropvang": 0.2},
    "sport": {**_YOUTH, "kinderopvang": 0.2, "peuteropvang": 0.2},
    "natuur": {**_YOUTH, "kinderopvang": 0.3, "peuteropvang": 0.3},
    "techniek": {**_YOUTH, "vo": 0.8, "mbo": 0.4},
    "werk": {"po": 0.6, "sbo": 0.3, "vo": 1.0, "vso": 0.6, "mbo": 0.8},
    "burgerschap": {**_YOUTH, "vo": 0.8},
    "welzijn": {**_YOUTH, "vo": 1.0, "kinderopvang": 0.4, "peuteropvang": 0.5},
    "gezondheid": {**_YOUTH, "vo": 0.8, "kinderopvang": 0.8, "peuteropvang": 0.8},
    "bibliotheek": {
        "po": 1.0,
        "sbo": 0.8,
        "so": 0.6,
        "vo": 0.4,
        "peuteropvang": 1.0,
        "kinderopvang": 0.8,
    },
    "onderwijs": {"po": 0.4, "sbo": 1.0, "so": 1.0, "vso": 1.0, "vo": 0.3},
    "samenwerkingsverband": {"po": 0.8, "sbo": 1.0, "so": 1.0, "vso": 1.0, "vo": 0.8},
    "kinderopvang": {"kinderopvang": 1.0, "peuteropvang": 1.0},
    "fonds": {"po": 0.6, "vo": 0.6, "sbo": 0.4},
    "gemeente": {},
    "overig": {**_YOUTH},
}

#: Activities per school year, by partner type (low, high).
ACTIVITY_BUDGET = {
    "cultuur": (7, 16),
    "sport": (7, 15),
    "natuur": (6, 11),
    "techniek": (6, 11),
    "werk": (4, 10),
    "burgerschap": (3, 8),
    "welzijn": (5, 10),
    "gezondheid": (6, 12),
    "bibliotheek": (16, 22),
    "onderwijs": (2, 5),
    "samenwerkingsverband": (4, 8),
    "kinderopvang": (3, 6),
    "fonds": (1, 3),
    "gemeente": (0, 0),
    "overig": (0, 2),
}

#: Themes a partner type works on (for programme roles and activity programmes).
TYPE_THEMES = {
    "cultuur": ("t-cultuur",),
    "sport": ("t-sport",),
    "natuur": ("t-natuur",),
    "techniek": ("t-techniek",),
    "werk": ("t-werk",),
    "burgerschap": ("t-burgerschap",),
    "welzijn": ("t-welzijn", "t-toegankelijkheid"),
    "gezondheid": ("t-gezondheid", "t-sport"),
    "bibliotheek": ("t-basisvaardigheden",),
    "onderwijs": ("t-basisvaardigheden", "t-overgangen"),
    "samenwerkingsverband": ("t-welzijn",),
    "kinderopvang": ("t-basisvaardigheden", "t-overgangen"),
    "fonds": ("t-toegankelijkheid",),
    "gemeente": (),
    "overig": (),
}

#: Hub of each domain, for partners whose type is a hub domain.
DOMAIN_HUB = {d: f"h-{d}" for d in model.ENUMS["domein"]}

#: Illustrative partners: (type, base name, how many).
EXAMPLE_PARTNERS: tuple[tuple[str, str, int], ...] = (
    ("cultuur", "Muziekschool", 2),
    ("cultuur", "Dansschool", 1),
    ("cultuur", "Jeugdtheater", 2),
    ("cultuur", "Beeldend atelier", 1),
    ("cultuur", "Popkoor", 1),
    ("sport", "Voetbalvereniging", 2),
    ("sport", "Zwemvereniging", 1),
    ("sport", "Judoschool", 1),
    ("sport", "Atletiekvereniging", 1),
    ("sport", "Basketbalclub", 1),
    ("sport", "Turnvereniging", 1),
    ("sport", "Buurtsportcollectief", 2),
    ("natuur", "Kinderboerderij", 1),
    ("natuur", "Natuurclub", 1),
    ("natuur", "Schooltuinen", 1),
    ("techniek", "Makerspace", 1),
    ("techniek", "Programmeerclub", 1),
    ("techniek", "Technieklab", 1),
    ("werk", "Bedrijvennetwerk", 1),
    ("werk", "Gastlessenpool", 1),
    ("werk", "Beroepenmarkt", 1),
    ("burgerschap", "Debatclub", 1),
    ("burgerschap", "Stichting wereldburgers", 1),
    ("burgerschap", "Jongerenraad", 1),
    ("welzijn", "Jongerenwerk", 2),
    ("welzijn", "Opvoedondersteuning", 1),
    ("welzijn", "Vrijwilligerscentrale", 1),
    ("welzijn", "Buurtwerk", 1),
    ("gezondheid", "Gezondheidscentrum", 1),
    ("gezondheid", "Diëtistenpraktijk", 1),
    ("kinderopvang", "Kinderopvangorganisatie", 4),
    ("onderwijs", "Huiswerkinstituut", 1),
    ("onderwijs", "Onderwijsadviesbureau", 1),
    ("fonds", "Jeugdcultuurfonds", 1),
    ("overig", "Zzp'er kunsteducatie", 1),
    ("overig", "Zzp'er sportlessen", 1),
)

COLLABORATION_KINDS = (
    "gezamenlijk aanbod",
    "doorverwijzing",
    "kennisdeling",
    "gezamenlijke aanvraag",
    "inzet van elkaars locatie",
)


@dataclass
class _Partner:
    row: dict[str, str]
    hubs: list[str] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)  # stadsdelen where it mostly works
    citywide: bool = False
    isolated: bool = False

    @property
    def id(self) -> str:
        return self.row["id"]

    @property
    def type(self) -> str:
        return self.row["type"]


@dataclass
class _Area:
    """One municipality in the making."""

    prefix: str
    wijken: list[dict[str, str]]
    partners: list[_Partner]
    hubs: list[str]
    hub_leden: list[dict[str, str]]
    programma_partners: list[dict[str, str]]
    scholen: list[dict[str, str]] = field(default_factory=list)
    activiteiten: list[dict[str, str]] = field(default_factory=list)
    wijkinzet: list[dict[str, str]] = field(default_factory=list)
    samenwerkingen: list[dict[str, str]] = field(default_factory=list)
    #: The PacT wijk to leave thin; None: one drawn at random.
    thin: str | None = None


# -- wijken and locations ------------------------------------------------------------


def _soort(w: dict[str, str]) -> str:
    return model.wijk_soort(w.get("soort"))


def _living_areas(wijken: list[dict[str, str]]) -> list[str]:
    """Stadsdelen with at least one woonwijk: where partners are named after and work."""
    return sorted({w.get("stadsdeel", "") for w in wijken if _soort(w) == "woonwijk"})


def _wijk_profile(
    rng: random.Random,
    wijken: list[dict[str, str]],
    thin: str | None = None,
    *,
    invent: bool = True,
) -> dict[str, float]:
    """Give every wijk a coverage richness, and (``invent``) illustrative SES and
    children figures marked ``voorbeeld`` in ``ses_bron`` and ``kinderen_bron``.

    A bedrijventerrein gets no figures (nobody to count); a buitengebied gets few
    children. Without ``invent`` the wijken keep the figures they have (the Tilburg
    seed's come from CBS).

    Returns the richness per wijk id: 0.2 (thin), 1 (ordinary) or 2.5 (rich), and
    ``THIN_PACT_RICHNESS`` for the one PacT wijk left hardly reached.
    """
    richness: dict[str, float] = {}
    pact = [w["id"] for w in wijken if w.get("pact") == "ja"]
    drawn = rng.choice(pact) if pact else None  # drawn either way: the same random stream
    thin_pact = thin if thin in pact else drawn
    for w in wijken:
        if _soort(w) == "bedrijventerrein":
            if invent:
                w["ses"] = w["kinderen_0_17"] = w["ses_bron"] = w["kinderen_bron"] = ""
            richness[w["id"]] = 0.0
            continue
        if invent:
            _invent_figures(rng, w)
        if w["id"] == thin_pact:
            richness[w["id"]] = THIN_PACT_RICHNESS
        elif w.get("pact") == "ja":
            richness[w["id"]] = 2.5
        else:
            richness[w["id"]] = rng.choices((0.2, 1.0, 2.5), (0.25, 0.5, 0.25))[0]
    return richness


def _invent_figures(rng: random.Random, w: dict[str, str]) -> None:
    """Illustrative SES and children of one wijk, marked ``voorbeeld``."""
    deel = w.get("stadsdeel", "")
    if w.get("pact") == "ja":
        ses = "laag"
    elif deel in ("Dorpen",) or _soort(w) == "buitengebied" or rng.random() < 0.15:
        ses = rng.choice(("midden", "hoog", "hoog"))
    else:
        ses = rng.choices(("laag", "midden", "hoog"), (0.2, 0.6, 0.2))[0]
    low, high = (1400, 4200) if deel in ("Reeshof", "Dorpen") else (350, 2600)
    if any(s in w["naam"] for s in ("Spoorzone", "Biezenmortel")):
        low, high = (80, 450)
    if _soort(w) == "buitengebied":
        low, high = BUITENGEBIED_CHILDREN
    w["ses"] = ses
    w["kinderen_0_17"] = str(rng.randrange(low, high, 10))
    w["ses_bron"] = w["kinderen_bron"] = VOORBEELD


def _children(w: dict[str, str]) -> int:
    """A wijk's children, for placing illustrative locations (the middle of a range)."""
    kids = cijfers.kinderen(w)
    return kids.midden if kids else 0


def _scholen(
    rng: random.Random,
    area: _Area,
    scale: float = 1.0,
    sectors: dict[str, int] = SECTOR_COUNTS,
    id_prefix: str = "s-",
) -> None:
    """Place illustrative locations of ``sectors``: (with ``po``) one basisschool in every
    woonwijk, the rest by number of children; none in a bedrijventerrein, at most one in
    a buitengebied."""
    wijken = area.wijken
    weights = [_children(w) for w in wijken]
    if not any(weights):  # no figures at all: every wijk but a bedrijventerrein alike
        weights = [0 if _soort(w) == "bedrijventerrein" else 1 for w in wijken]
    woonwijken = [w for w in wijken if _soort(w) == "woonwijk"]
    placed: list[tuple[str, dict[str, str]]] = [("po", w) for w in woonwijken if "po" in sectors]
    rural: Counter[str] = Counter()
    for sector, n in sectors.items():
        n = round(n * scale) - (len(woonwijken) if sector == "po" else 0)
        for w in rng.choices(wijken, weights, k=max(n, 0)):
            if _soort(w) == "buitengebied":
                rural[w["id"]] += 1
                if rural[w["id"]] > BUITENGEBIED_MAX_LOCATIONS:
                    continue
            placed.append((sector, w))
    placed.sort(key=lambda sw: (wijken.index(sw[1]), list(SECTOR_COUNTS).index(sw[0])))
    same = Counter((sector, w["id"]) for sector, w in placed)
    letters: Counter[tuple[str, str]] = Counter()
    for i, (sector, w) in enumerate(placed, start=1):
        k = letters[(sector, w["id"])]
        letters[(sector, w["id"])] += 1
        suffix = f" {chr(ord('A') + k)}" if same[(sector, w["id"])] > 1 else ""
        low, high = SECTOR_SIZE[sector]
        area.scholen.append(
            {
                "id": f"{area.prefix}{id_prefix}{i:03d}",
                "naam": f"{SECTOR_NAMES[sector]} {w['naam']}{suffix} (voorbeeld)",
                "sector": sector,
                "wijk": w["id"],
                "leerlingen": str(rng.randrange(low, high, 5)),
                "bestuur": f"{'Houder' if sector in ('kinderopvang', 'peuteropvang') else 'Bestuur'}"
                f" {'ABCDEF'[rng.randrange(6)]} (voorbeeld)",
                "bron": VOORBEELD,
            }
        )


def _size(school: dict[str, str]) -> int:
    """The pupils of a school, for sizing illustrative activities: its own count (the
    newest), else the middle of its sector's usual size (VO: DUO gives no count here)."""
    known = cijfers.leerlingen(school)
    if known is not None:
        return known
    low, high = SECTOR_SIZE.get(school.get("sector", ""), (100, 300))
    return (low + high) // 2


# -- partners ---------------------------------------------------------------------


def _focus(rng: random.Random, area: _Area) -> None:
    """Give hubs and partners the stadsdelen (with a woonwijk) they mostly work in."""
    delen = _living_areas(area.wijken)
    hub_focus = {h: rng.sample(delen, k=min(len(delen), rng.randint(2, 4))) for h in area.hubs}
    for p in area.partners:
        if p.citywide:
            p.focus = list(delen)
        elif p.hubs and rng.random() < 0.75:
            p.focus = list(hub_focus[p.hubs[0]])
        else:
            p.focus = rng.sample(delen, k=min(len(delen), rng.randint(1, 3)))


def _programmas_by_thema(programmas: list[dict[str, str]]) -> dict[str, list[str]]:
    by_thema: dict[str, list[str]] = {}
    for pr in programmas:
        if pr.get("thema"):
            by_thema.setdefault(pr["thema"], []).append(pr["id"])
    return by_thema


def _programma_roles(rng: random.Random, area: _Area, by_thema: dict[str, list[str]]) -> None:
    known = {(r["partner"], r["programma"]) for r in area.programma_partners}
    for p in area.partners:
        themas = TYPE_THEMES[p.type]
        options = [pr for t in themas for pr in by_thema.get(t, [])]
        if not options or p.isolated:
            continue
        for pr in rng.sample(options, k=min(len(options), rng.randint(0, 2))):
            if (p.id, pr) in known:
                continue
            known.add((p.id, pr))
            rol = rng.choices(("uitvoerder", "financier", "regie"), (0.85, 0.1, 0.05))[0]
            if p.type == "fonds":
                rol = "financier"
            area.programma_partners.append(
                {"partner": p.id, "programma": pr, "rol": rol, "bron": VOORBEELD}
            )


# -- relationships ------------------------------------------------------------------


#: How many pupils an activity at a school in a schooljaar may reach at most.
Size = Callable[[dict[str, str], str], int]


def _newest_size(school: dict[str, str], year: str) -> int:
    """:func:`_size`, the same in every schooljaar."""
    return _size(school)


def _activiteiten(
    rng: random.Random, area: _Area, richness: dict[str, float], size: Size = _newest_size
) -> None:
    wijk_deel = {w["id"]: w.get("stadsdeel", "") for w in area.wijken}
    programmas = {}
    for r in area.programma_partners:
        programmas.setdefault(r["partner"], []).append(r["programma"])
    for p in area.partners:
        fit = SECTOR_FIT[p.type]
        low, high = ACTIVITY_BUDGET[p.type]
        if p.isolated:
            low, high = (0, 2)
        if p.citywide:
            low, high = (low * 2, high * 2)
        weights = []
        for s in area.scholen:
            # A school without a wijk yet (no point) is ordinary and outside every focus.
            w = fit.get(s["sector"], 0.0) * richness.get(s["wijk"], 1.0)
            w *= 3.0 if wijk_deel.get(s["wijk"]) in p.focus else 0.25
            weights.append(w)
        if not any(weights):
            continue
        previous: list[int] = []
        for year in SCHOOLJAREN:
            k = rng.randint(low, high)
            chosen = [i for i in previous if rng.random() < 0.7][:k]
            while len(chosen) < k and len(chosen) < sum(1 for w in weights if w):
                i = rng.choices(range(len(weights)), weights)[0]
                if i not in chosen:
                    chosen.append(i)
            previous = chosen
            for i in sorted(chosen):
                school = area.scholen[i]
                pupils = size(school, year)
                hub = rng.choice(p.hubs) if p.hubs else ""
                options = programmas.get(p.id, [])
                programma = rng.choice(options) if options and rng.random() < 0.5 else ""
                area.activiteiten.append(
                    {
                        "partner": p.id,
                        "school": school["id"],
                        "programma": programma,
                        "hub": hub,
                        "schooljaar": year,
                        "deelnemers": str(min(pupils, rng.randrange(12, 120))),
                        "bron": VOORBEELD,
                    }
                )


def _wijkinzet(rng: random.Random, area: _Area, programmas: set[str]) -> None:
    def add(p: _Partner, wijk: str, programma: str, year: str) -> None:
        area.wijkinzet.append(
            {
                "partner": p.id,
                "wijk": wijk,
                "programma": programma if programma in programmas else "",
                "schooljaar": year,
                "bron": VOORBEELD,
            }
        )

    lived_in = [w for w in area.wijken if _soort(w) != "bedrijventerrein"]
    pact = [w["id"] for w in lived_in if w.get("pact") == "ja"]
    low_ses = [w["id"] for w in lived_in if w.get("ses") == "laag"]
    sport = [p for p in area.partners if p.type == "sport" and not p.isolated]
    welzijn = [p for p in area.partners if p.type in ("welzijn", "bibliotheek") and not p.isolated]
    others = [
        p
        for p in area.partners
        if p.type in ("cultuur", "natuur", "burgerschap") and not p.isolated
    ]
    for year in SCHOOLJAREN:
        for wijk in pact:  # buurtsport in the PacT wijken (LEA bijlage 1, hub sport)
            for p in rng.sample(sport, k=min(len(sport), rng.randint(1, 3))):
                add(p, wijk, f"{area.prefix}pr-buurtsport", year)
        for wijk in low_ses:
            for p in rng.sample(welzijn, k=min(len(welzijn), rng.randint(1, 2))):
                choice = rng.choice(("pr-ouderkamers", "pr-weerbaarheid", ""))
                add(p, wijk, f"{area.prefix}{choice}" if choice else "", year)
        for p in others:
            nearby = [
                w["id"]
                for w in area.wijken
                if w.get("stadsdeel") in p.focus and _soort(w) != "bedrijventerrein"
            ]
            for wijk in rng.sample(nearby, k=min(len(nearby), rng.randint(0, 2))):
                if wijk != area.thin:  # the thin PacT wijk stays hardly reached
                    add(p, wijk, "", year)


def _samenwerkingen(rng: random.Random, area: _Area) -> None:
    active = [p for p in area.partners if not p.isolated]
    for a, b in combinations(active, 2):
        shared = set(a.hubs) & set(b.hubs)
        if shared:
            chance = 0.55
        elif a.hubs and b.hubs:
            # Members of different hubs rarely work together, also when one works
            # citywide: the closed bastions the LEA warns of (§6.2).
            chance = 0.01
        elif a.citywide or b.citywide:
            chance = 0.12
        elif set(a.focus) & set(b.focus):
            chance = 0.08
        else:
            chance = 0.015
        if rng.random() < chance:
            area.samenwerkingen.append(
                {
                    "partner_a": a.id,
                    "partner_b": b.id,
                    "soort": rng.choice(COLLABORATION_KINDS),
                    "schooljaar": rng.choice((*SCHOOLJAREN, "")),
                    "bron": VOORBEELD,
                }
            )


def _relationships(
    rng: random.Random,
    area: _Area,
    programmas: list[dict[str, str]],
    *,
    invent: bool = True,
    sectors: dict[str, int] = SECTOR_COUNTS,
    size: Size = _newest_size,
) -> None:
    """The illustrative part of an area: wijk figures (``invent``), locations of
    ``sectors`` beside those it has, partners' focus, programme roles, activities (at
    most ``size`` children each), wijkinzet and collaborations."""
    richness = _wijk_profile(rng, area.wijken, area.thin, invent=invent)
    _scholen(rng, area, sectors=sectors, id_prefix="s-" if invent else "s-vb-")
    _focus(rng, area)
    _programma_roles(rng, area, _programmas_by_thema(programmas))
    _activiteiten(rng, area, richness, size)
    _wijkinzet(rng, area, {pr["id"] for pr in programmas})
    _samenwerkingen(rng, area)


def _example_partners(
    rng: random.Random, prefix: str, area_label: str, delen: list[str]
) -> list[_Partner]:
    partners = []
    n = 0
    for ptype, base, count in EXAMPLE_PARTNERS:
        for _ in range(count):
            n += 1
            where = area_label or rng.choice(delen).split(" (")[0]
            partners.append(
                _Partner(
                    {
                        "id": f"{prefix}p-vb-{n:02d}",
                        "naam": f"{base} {where} (voorbeeld)",
                        "type": ptype,
                        "bron": VOORBEELD,
                    }
                )
            )
    # Make names unique where the same base landed in the same stadsdeel.
    seen: dict[str, int] = {}
    for p in partners:
        k = seen.get(p.row["naam"], 0)
        seen[p.row["naam"]] = k + 1
        if k:
            p.row["naam"] = p.row["naam"].replace(" (voorbeeld)", f" {k + 1} (voorbeeld)")
    return partners


def _join_hubs(
    rng: random.Random, partners: list[_Partner], hub_ids: dict[str, str]
) -> list[dict[str, str]]:
    """Illustrative hub membership for example partners whose type is a hub domain."""
    rows = []
    for p in partners:
        hub = hub_ids.get(p.type)
        if p.type == "gezondheid":
            hub = hub_ids.get("sport")
        if hub and rng.random() < 0.65:
            p.hubs.append(hub)
            rows.append({"partner": p.id, "hub": hub, "rol": "partner", "bron": VOORBEELD})
    return rows


def _mark_isolated(rng: random.Random, partners: list[_Partner], n: int) -> None:
    candidates = [p for p in partners if not p.hubs and p.type not in ("kinderopvang",)]
    for p in rng.sample(candidates, k=min(n, len(candidates))):
        p.isolated = True


# -- reading facts and assembling --------------------------------------------------------


def _read_facts(folder: Path) -> dict[str, list[dict[str, str]]]:
    """The fact tables, without the columns that only document their sources."""
    import csv

    facts: dict[str, list[dict[str, str]]] = {}
    for name in model.TABLES:
        path = folder / f"{name}.csv"
        if path.exists():
            with path.open(encoding="utf-8", newline="") as fh:
                facts[name] = [
                    {k: v for k, v in r.items() if k not in SOURCE_COLUMNS}
                    for r in csv.DictReader(fh)
                ]
    return facts


def _boundaries(folder: Path) -> dict[str, str]:
    """The boundary of each CBS wijk code in the facts (empty if the facts have none)."""
    from lea_graph.ingest.geo import read_boundaries
    from lea_graph.ingest.validate import compact_geometry, parse_geometry

    path = folder / BOUNDARIES_FACT
    if not path.exists():
        return {}
    table, problems = read_boundaries(path)
    if problems or table is None:
        raise ValueError(f"{path}: {problems[0].to_text() if problems else 'onleesbaar'}")
    out = {}
    for _, (statcode, _, text) in table.rows:
        geometry, problem = parse_geometry(text)
        if problem:
            raise ValueError(f"{path}: {statcode}: {problem[0]}")
        out[statcode.upper()] = compact_geometry(geometry)
    return out


def _placed(scholen: list[dict[str, str]], wijken: list[dict[str, str]]) -> dict[str, str]:
    """The wijk of each school with a point but no wijk, as reading the data places it."""
    from lea_graph.geometry import parse_point
    from lea_graph.ingest.plaatsing import ONZEKER, ZEKER, place, wijk_boundaries

    boundaries, names = wijk_boundaries(wijken)
    points = {s["id"]: parse_point(s["punt"]) for s in scholen if s.get("punt") and not s["wijk"]}
    return {
        p.location: p.wijk
        for p in place(points, boundaries, names=names)
        if p.wijk and p.status in (ZEKER, ONZEKER)
    }


def _dataset(tables: dict[str, list[dict[str, str]]]) -> Dataset:
    extra = {"clusters": ["toelichting"]}
    return Dataset.from_rows(tables, {t: c for t, c in extra.items() if tables.get(t)})


def generate_tilburg(*, seed: int = 42, facts: str | Path | None = None) -> Dataset:
    """The Tilburg seed network: LEA facts, the public schools and wijk figures (DUO, BAG,
    CBS), plus illustrative childcare locations and relationships.

    Parameters
    ----------
    seed
        Random seed; the committed ``seed/tilburg`` is ``seed=42``.
    facts
        Folder with the fact tables and the wijk boundaries
        (``tilburg-wijken-2024.geojson``; default: the shipped ``seed/facts``).

    Returns
    -------
    Dataset
        Not validated here; the tests validate the result.
    """
    from lea_graph.resources import seed_path

    rng = random.Random(seed)
    folder = Path(facts) if facts else seed_path("facts")
    f = _read_facts(folder)
    boundaries = _boundaries(folder)
    public = _read_facts(folder / PUBLIC_FACTS)
    figures = {w["cbs_code"].upper(): w for w in public.get("wijken", []) if w.get("cbs_code")}
    wijken = [dict(w) for w in f["wijken"]]
    by_code = {}
    for w in wijken:
        code = w.get("cbs_code", "").upper()
        w[model.GEOMETRY_COLUMN] = boundaries.get(code, "")
        for column in WIJK_FIGURES:
            w[column] = figures.get(code, {}).get(column, "")
        by_code[code] = w["id"]
    public_wijk = {
        w["id"]: by_code.get(w.get("cbs_code", "").upper(), "") for w in public.get("wijken", [])
    }
    scholen = [
        {**r, "wijk": public_wijk.get(r.get("wijk", ""), "")} for r in public.get("scholen", [])
    ]
    delen = _living_areas(wijken)
    hub_ids = {h["domein"]: h["id"] for h in f["hubs"]}
    members: dict[str, list[str]] = {}
    for r in f["hub_leden"]:
        members.setdefault(r["partner"], []).append(r["hub"])
    citywide = {"p-factorium", "p-bibliotheek", "p-ggd", "p-sportbedrijf", "p-rnewt"}
    partners = [
        _Partner(dict(r), hubs=list(members.get(r["id"], [])), citywide=r["id"] in citywide)
        for r in f["partners"]
    ]
    examples = _example_partners(rng, "", "", delen)
    hub_leden = [dict(r) for r in f["hub_leden"]] + _join_hubs(rng, examples, hub_ids)
    partners += examples
    _mark_isolated(rng, examples, 4)
    area = _Area(
        "",
        wijken,
        partners,
        [h["id"] for h in f["hubs"]],
        hub_leden,
        [dict(r) for r in f["programma_partners"]],
        scholen=scholen,
        thin=TILBURG_THIN_PACT,
    )
    # A real school lies in the wijk of its point, worked out as reading the data does
    # (seed/facts/publiek/rapport.md lists the uncertain ones); the two without a point
    # keep no wijk, and every read says so.
    placed = _placed(scholen, wijken)
    for school in scholen:
        school["wijk"] = placed.get(school["id"]) or school["wijk"]
    _relationships(rng, area, f["programmas"], invent=False, sectors=CHILDCARE_COUNTS)
    return _dataset(
        {
            "ambities": f["ambities"],
            "clusters": f["clusters"],
            "themas": f["themas"],
            "hubs": f["hubs"],
            "programmas": f["programmas"],
            "partners": [p.row for p in area.partners],
            "wijken": area.wijken,
            "scholen": area.scholen,
            "hub_leden": area.hub_leden,
            "programma_partners": area.programma_partners,
            "activiteiten": area.activiteiten,
            "wijkinzet": area.wijkinzet,
            "samenwerkingen": area.samenwerkingen,
        }
    )


def generate_synthetic(scale: int = 1, *, seed: int = 42) -> Dataset:
    """N made-up municipalities of Tilburg's shape, for benchmarks and tests.

    Every row has ``bron=voorbeeld``. The LEA framework (ambities, clusters, themas,
    programmas) is shared; each municipality ``k`` has its own ids prefixed ``gk-``,
    about 45 wijken, 150 locations, 70 partners, 6 hubs and 1,500 relationships. From
    two municipalities on, national organisations (ids ``nl-p-…``, one per five
    municipalities, at least three) work in part of them, the way organisations such
    as a weekend school or a foundation do in real LEAs; they tie the municipalities
    into one network.

    Parameters
    ----------
    scale
        Number of municipalities.
    seed
        Random seed.
    """
    from lea_graph.resources import seed_path

    rng = random.Random(seed)
    f = _read_facts(seed_path("facts"))

    tables = _framework(f)
    for k in range(1, scale + 1):
        prefix = f"g{k}-"
        gemeente = f"Voorbeeldgemeente {k}"
        n_delen = rng.randint(6, 10)
        delen = [f"Stadsdeel {chr(ord('A') + i)}" for i in range(n_delen)]
        wijken = []
        for j in range(1, rng.randint(40, 48) + 1):
            wijken.append(
                {
                    "id": f"{prefix}w-{j:02d}",
                    "naam": f"Wijk {j} ({gemeente})",
                    "gemeente": gemeente,
                    "stadsdeel": rng.choice(delen),
                    "pact": "ja" if rng.random() < 0.15 else "nee",
                    "bron": VOORBEELD,
                }
            )
        hubs = _per_gemeente(f["hubs"], prefix, gemeente, gemeente=gemeente)
        hub_ids = {h["domein"]: h["id"] for h in hubs}
        # Organisations that a municipality's LEA typically names: one per fact partner type.
        partners = [
            _Partner(
                {
                    "id": f"{prefix}p-{i:02d}",
                    "naam": f"{p['type'].capitalize()}partner {i} ({gemeente})",
                    "type": p["type"],
                    "bron": VOORBEELD,
                },
                citywide=i <= 5,
            )
            for i, p in enumerate(f["partners"], start=1)
        ]
        partners += _example_partners(rng, prefix, gemeente, delen)
        hub_leden = _join_hubs(rng, partners, hub_ids)
        _mark_isolated(rng, partners, 4)
        # Every municipality has its own programmes (its own Taal52, Zomerschool, ...).
        programmas = _per_gemeente(f["programmas"], prefix, gemeente)
        area = _Area(prefix, wijken, partners, [h["id"] for h in hubs], hub_leden, [])
        _relationships(rng, area, programmas)
        tables["programmas"] += programmas
        tables["hubs"] += hubs
        _add_area(tables, area)
    if scale >= 2:
        _national_partners(rng, tables, scale)
    return _dataset(tables)


def _framework(f: dict[str, list[dict[str, str]]]) -> dict[str, list[dict[str, str]]]:
    """The tables of a generated national network: the LEA framework of the facts
    (ambities, clusters, themas) marked ``voorbeeld``, and every other table empty."""

    def voorbeeld(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{**r, "bron": VOORBEELD} for r in rows]

    tables: dict[str, list[dict[str, str]]] = {
        "ambities": voorbeeld(f["ambities"]),
        "clusters": [
            {k: v for k, v in r.items() if k != "toelichting"} for r in voorbeeld(f["clusters"])
        ],
        "themas": voorbeeld(f["themas"]),
    }
    for name in model.TABLES:
        tables.setdefault(name, [])
    return tables


def _per_gemeente(
    rows: list[dict[str, str]], prefix: str, label: str, **columns: str
) -> list[dict[str, str]]:
    """A gemeente's own copy of fact rows (hubs, programmas): ids with its ``prefix``,
    ``label`` in brackets after the name, ``columns`` set, ``bron=voorbeeld``."""
    return [
        {
            **r,
            "id": f"{prefix}{r['id']}",
            "naam": f"{r['naam']} ({label})",
            **columns,
            "bron": VOORBEELD,
        }
        for r in rows
    ]


def _add_area(tables: dict[str, list[dict[str, str]]], area: _Area) -> None:
    """Add an area's partners, wijken, locations and relationships to ``tables``."""
    tables["partners"] += [p.row for p in area.partners]
    tables["wijken"] += area.wijken
    for name in (
        "scholen",
        "hub_leden",
        "programma_partners",
        "activiteiten",
        "wijkinzet",
        "samenwerkingen",
    ):
        tables[name] += getattr(area, name)


#: Types of the generated national organisations.
NATIONAL_TYPES = ("cultuur", "natuur", "techniek", "burgerschap", "welzijn", "fonds", "onderwijs")


def _national_partners(
    rng: random.Random,
    tables: dict[str, list[dict[str, str]]],
    scale: int,
    groups: list[tuple[str, list[dict[str, str]], list[str]]] | None = None,
    *,
    size: Size = _newest_size,
    label: str = "",
) -> None:
    """Add organisations active in several municipalities (all ``bron=voorbeeld``).

    Each works in 5 to 30 percent of the municipalities (at least two): at two to five
    schools there per schooljaar (at most ``size`` children each), and with one or two
    local partners there.

    Parameters
    ----------
    groups
        Per municipality, in order: a key, the schools the organisations may work at
        and the ids of its partners; by default the prefixes (``g1``) of the generated
        municipalities' ids.
    label
        Added to each organisation's name (``" (voorbeeld)"``).
    """
    if groups is None:
        gemeente_of_wijk = {w["id"]: w["id"].split("-", 1)[0] for w in tables["wijken"]}
        schools: dict[str, list[dict[str, str]]] = {}
        for s in tables["scholen"]:
            schools.setdefault(gemeente_of_wijk[s["wijk"]], []).append(s)
        local: dict[str, list[str]] = {}
        for p in tables["partners"]:
            local.setdefault(p["id"].split("-", 1)[0], []).append(p["id"])
        groups = [(g, schools[g], local[g]) for g in sorted(schools, key=lambda g: int(g[1:]))]
    gemeenten = [g for g, _, _ in groups]
    position = {g: i for i, g in enumerate(gemeenten)}
    by_key = {g: (at, partners) for g, at, partners in groups}
    for i in range(1, max(3, scale // 5) + 1):
        kind = NATIONAL_TYPES[(i - 1) % len(NATIONAL_TYPES)]
        pid = f"nl-p-{i:02d}"
        tables["partners"].append(
            {
                "id": pid,
                "naam": f"Landelijke {kind}organisatie {i}{label}",
                "type": kind,
                "beschrijving": "Verzonnen landelijke organisatie, actief in meerdere gemeenten.",
                "bron": VOORBEELD,
            }
        )
        reach = max(2, round(scale * rng.uniform(0.05, 0.3)))
        fit = SECTOR_FIT[kind]
        for g in sorted(rng.sample(gemeenten, k=min(reach, len(gemeenten))), key=position.get):
            at, partners = by_key[g]
            suitable = [s for s in at if fit.get(s["sector"], 0.0) > 0] or at
            for year in SCHOOLJAREN:
                for school in rng.sample(suitable, k=min(len(suitable), rng.randint(2, 5))):
                    tables["activiteiten"].append(
                        {
                            "partner": pid,
                            "school": school["id"],
                            "programma": "",
                            "hub": "",
                            "schooljaar": year,
                            "deelnemers": str(min(size(school, year), rng.randrange(12, 60))),
                            "bron": VOORBEELD,
                        }
                    )
            for other in rng.sample(partners, k=min(len(partners), rng.randint(1, 2))):
                tables["samenwerkingen"].append(
                    {
                        "partner_a": pid,
                        "partner_b": other,
                        "soort": rng.choice(COLLABORATION_KINDS),
                        "schooljaar": rng.choice((*SCHOOLJAREN, "")),
                        "bron": VOORBEELD,
                    }
                )


# -- the real country: DUO's schools, generated partners -----------------------------------

#: DUO's files of the whole country in the folder ``duo/`` of the real data
#: (``/work/shared/real``, see its README): the basisonderwijs address list, the pupils per
#: location per year, and every school location (all sectors) with its BAG point.
DUO_FILES = {
    "vestigingen": "02.-alle-schoolvestigingen-basisonderwijs.csv",
    "historie": "06.-historisch-overzicht-aantal-leerlingen-per-schoolvestiging.csv",
    "punten": "scholen-20241122.geo.zip",
}

#: Locations of a municipality of the generated networks (:data:`SECTOR_COUNTS`): a real
#: gemeente with this many schools gets as many generated partners as a generated
#: municipality (whose activity budgets were made for this many), others in proportion.
REFERENCE_SCHOOLS = sum(SECTOR_COUNTS.values())

#: Generated partners of a real gemeente at least, however few its schools.
MIN_PARTNERS = 8

#: Generated partners per isolated one (at least one per gemeente).
PARTNERS_PER_ISOLATED = 18

#: Partners working throughout their gemeente: the first fact partners, as in
#: :func:`generate_synthetic`.
CITYWIDE = 5


def generate_duo_national(
    real: str | Path,
    *,
    seed: int = 1,
    gemeenten: list[str] | None = None,
    geo: str | Path | None = None,
) -> Dataset:
    """The whole country as a network: every real school location of DUO, with
    generated partners, hubs, programmes and relationships around them.

    What is public is real and never invented: the schools (every location of DUO's
    points file and basisonderwijs address list, joined on the vestigingscode as
    :func:`lea_graph.gemeente.build` does), their name, sector, BRIN, vestigingscode,
    plaats, point and bestuur, their pupils per schooljaar (DUO's count of 1 October,
    the newest ten years) and their gemeente (an extra column ``gemeente``). Where
    ``geo`` has a gemeente's wijk boundaries its schools lie in those wijken (found from
    their point); every other gemeente's areas are its plaatsen, one wijk per plaats
    named after it, ``bron`` :data:`lea_graph.gemeente.PLAATS_BRON`, without figures.

    Everything else is generated and ``bron=voorbeeld``, named "(voorbeeld)": per
    gemeente six hubs, the LEA's programmes, partners in proportion to its schools
    (:data:`REFERENCE_SCHOOLS`, at least :data:`MIN_PARTNERS`), their hub membership,
    programme roles, activities at the real schools (only at a school DUO counts pupils
    at in both :data:`SCHOOLJAREN`, or does not count at all; at most that year's
    pupils each), wijkinzet and collaborations, as :func:`generate_synthetic` makes
    them; and national organisations working in several gemeenten. Ids are prefixed
    with the gemeente's code (``gm0855-``) but for the schools' (``s-`` and the
    vestigingscode, as in a gemeente's own starting network).

    Parameters
    ----------
    real
        Folder with ``duo/`` and the files of :data:`DUO_FILES`.
    seed
        Random seed; the same seed and files give the same dataset.
    gemeenten
        Only these gemeenten (names or codes); None: the whole country.
    geo
        Wijk boundaries (GeoJSON with CBS codes, as ``lea-graph gemeente --geo``).

    Returns
    -------
    Dataset
        Not validated here (the tests and the bench validate it).

    Raises
    ------
    LeaGraphError
        When a file is missing, a gemeente of ``gemeenten`` has no school, or reading
        the files gives an error.
    """
    from lea_graph.errors import LeaGraphError
    from lea_graph.gemeente import Bronnen, build_land
    from lea_graph.resources import seed_path

    folder = Path(real) / "duo"
    paths = {k: folder / name for k, name in DUO_FILES.items()}
    missing = [p.name for p in paths.values() if not p.exists()]
    if missing:
        raise LeaGraphError(f"Niet gevonden in {folder}: {', '.join(missing)}.")
    bronnen = Bronnen(
        duo=[paths["vestigingen"], paths["historie"]],
        punten=paths["punten"],
        geo=Path(geo) if geo else None,
    )
    results, problems = build_land(bronnen, gemeenten)
    errors = [p for p in problems if p.severity == "fout"]
    errors += [p for _, r in results for p in r.errors]
    if errors:
        raise LeaGraphError("; ".join(p.to_text() for p in errors[:5]))

    rng = random.Random(seed)
    f = _read_facts(seed_path("facts"))
    tables = _framework(f)
    groups: list[tuple[str, list[dict[str, str]], list[str]]] = []
    sizes: dict[str, dict[str, int]] = {}
    for dataset, rapport in results:
        assert dataset is not None  # no errors
        prefix, gemeente = f"gm{rapport.code}-", rapport.gemeente
        label = f"{gemeente}, voorbeeld"
        wijken, scholen = _real_areas(dataset, prefix, gemeente)
        sizes.update({s["id"]: _duo_sizes(s) for s in scholen})
        active = [s for s in scholen if all(sizes[s["id"]].values())]
        hubs = _per_gemeente(f["hubs"], prefix, label, gemeente=gemeente, beschrijving="")
        programmas = _per_gemeente(f["programmas"], prefix, label, beschrijving="")
        partners = _duo_partners(rng, f, prefix, gemeente, len(scholen))
        hub_leden = _join_hubs(rng, partners, {h["domein"]: h["id"] for h in hubs})
        _mark_isolated(rng, partners, max(1, round(len(partners) / PARTNERS_PER_ISOLATED)))
        area = _Area(prefix, wijken, partners, [h["id"] for h in hubs], hub_leden, [], active)
        _relationships(
            rng,
            area,
            programmas,
            invent=False,
            sectors={},
            size=lambda school, year: sizes[school["id"]][year],
        )
        for w in wijken:
            w["stadsdeel"] = ""  # only the generator's grouping (see _real_areas)
        area.scholen = scholen
        tables["hubs"] += hubs
        tables["programmas"] += programmas
        _add_area(tables, area)
        groups.append((prefix.rstrip("-"), active, [p.id for p in partners]))
    _national_partners(
        rng,
        tables,
        len(results),
        groups,
        size=lambda school, year: sizes[school["id"]][year],
        label=" (voorbeeld)",
    )
    return _dataset(tables)


def _real_areas(
    dataset: Dataset, prefix: str, gemeente: str
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """A gemeente's wijken (ids with ``prefix``) and schools (with their ``gemeente``)
    from its starting network; a school with a point lies in the wijk that holds it.

    For the generator each wijk is its own ``stadsdeel`` (the areas partners focus on):
    a plaats, or a wijk where there are boundaries. That column is emptied afterwards.
    """
    wijken = [{**w, "id": f"{prefix}{w['id']}"} for w in dataset.rows("wijken")]
    for w in wijken:
        w["stadsdeel"] = w["naam"]
    scholen = []
    for s in dataset.rows("scholen"):
        wijk = f"{prefix}{s['wijk']}" if s["wijk"] else ""
        scholen.append({**s, "wijk": wijk, "gemeente": gemeente})
    if any(w.get(model.GEOMETRY_COLUMN) for w in wijken):
        placed = _placed(scholen, wijken)
        for s in scholen:
            s["wijk"] = placed.get(s["id"]) or s["wijk"]
    return wijken, scholen


def _duo_sizes(school: dict[str, str]) -> dict[str, int]:
    """The children an activity at a real school may reach per schooljaar of the
    generated activities: DUO's count (the low end of a screened range); where DUO
    counts none (vo), the middle of the sector's usual size."""
    counts = cijfers.parse_tellingen(school.get("leerlingen_per_jaar", ""))
    if not counts:
        return dict.fromkeys(SCHOOLJAREN, _size(school))
    return {year: counts.get(year, (0, 0))[0] for year in SCHOOLJAREN}


def _duo_partners(
    rng: random.Random,
    f: dict[str, list[dict[str, str]]],
    prefix: str,
    gemeente: str,
    schools: int,
) -> list[_Partner]:
    """Generated partners of a real gemeente, in proportion to its ``schools``.

    The kinds are those of :func:`generate_synthetic` (one per fact partner's type,
    then :data:`EXAMPLE_PARTNERS`); the first :data:`CITYWIDE` always, then the others
    in random order with every type once before any type twice, repeated for a
    gemeente larger than the reference. Names: "<kind> <gemeente> (voorbeeld)".
    """
    kinds = [(p["type"], f"{p['type'].capitalize()}partner") for p in f["partners"]]
    kinds += [(ptype, base) for ptype, base, count in EXAMPLE_PARTNERS for _ in range(count)]
    n = max(MIN_PARTNERS, round(len(kinds) * schools / REFERENCE_SCHOOLS))
    chosen = kinds[:CITYWIDE]
    while len(chosen) < n:
        order = kinds[CITYWIDE:]
        rng.shuffle(order)
        nth: Counter[str] = Counter()
        ranked = []
        for ptype, base in order:
            nth[ptype] += 1
            ranked.append((nth[ptype], ptype, base))
        ranked.sort(key=lambda r: r[0])  # stable: the random order within each round
        chosen += [(ptype, base) for _, ptype, base in ranked][: n - len(chosen)]
    partners = []
    seen: Counter[str] = Counter()
    for i, (ptype, base) in enumerate(chosen, start=1):
        seen[base] += 1
        number = f" {seen[base]}" if seen[base] > 1 else ""
        row = {
            "id": f"{prefix}p-{i:03d}",
            "naam": f"{base} {gemeente}{number} (voorbeeld)",
            "type": ptype,
            "bron": VOORBEELD,
        }
        partners.append(_Partner(row, citywide=i <= CITYWIDE))
    return partners
