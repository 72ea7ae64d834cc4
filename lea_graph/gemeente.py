"""Any gemeente's starting network from public files (``lea-graph gemeente``).

What is public is never invented: the schools come from DUO (its address lists, and the
BAG point of each location), their pupils per schooljaar from DUO's count of 1 October,
the wijken from the CBS wijk map (names, codes, boundaries) and their figures from CBS.
The result is a dataset folder in the data format without partners (those are the
gemeente's own knowledge) and a report of what was matched, uncertain or missing.

* **Schools**: every location of the gemeente in the DUO address lists given
  (``--duo``; basisonderwijs, sbo/(v)so, vo) and in the file of school points
  (``--punten``), joined on the vestigingscode; name and address from the newest list,
  the point from the points file. A school keeps its ``punt`` and no ``wijk``: the wijk
  follows from the point when the data are read (:func:`place_schools`), so that an
  uncertain one is listed at every read, and a ``wijk`` a person fills in later wins.
  Without wijk boundaries a school's area is its plaats (the report says so).
* **Pupils**: DUO's historical overview (``--duo``): the count of 1 October of year Y
  for schooljaar Y–Y+1, exact or, where DUO screened a small number, a range
  (``1-4``). A location DUO does not count (vo, here) has no number: "onbekend".
* **Wijken**: the boundaries of ``--geo`` whose CBS code belongs to the gemeente
  (``WK`` + its four digits), with names; figures from the CBS files of ``--cbs``:
  inhabitants (kerncijfers), children of 0–14 from the wijk map's share in whole
  percents (a range, :func:`lea_graph.cijfers.kinderen_uit_aandeel`), SES from income
  (:data:`lea_graph.cijfers.SES_REGEL`). Each figure carries its source and date.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lea_graph import cijfers, model
from lea_graph.dataset import Dataset
from lea_graph.errors import LeaGraphError
from lea_graph.geometry import format_point
from lea_graph.ingest.report import Problem
from lea_graph.text import fold, number

__all__ = ["PLAATS_BRON", "Bronnen", "Rapport", "build", "build_land", "plaats_wijken", "write"]

#: The schooljaren of DUO's counts a school keeps: the newest ten (the file goes back to
#: 1996; the analyses use the years of the activities).
YEARS_KEPT = 10

#: The sectors whose pupils DUO's historical overview counts (primary education).
DUO_COUNTED = ("po", "sbo", "so", "vso")

#: Name prefixes of wijken nobody lives in, and of wijken outside the towns.
_BEDRIJVEN = ("bedrijventerrein", "industrieterrein", "ind.terrein", "bedrijvenpark")
_BUITEN = ("buitengebied",)


@dataclass
class Bronnen:
    """The public files to build from (see the module docstring)."""

    duo: list[Path] = field(default_factory=list)
    punten: Path | None = None
    geo: Path | None = None
    cbs: list[Path] = field(default_factory=list)


@dataclass
class Rapport:
    """What :func:`build` found, for the person who runs it (Dutch)."""

    gemeente: str = ""
    code: str = ""
    scholen: Counter = field(default_factory=Counter)
    met_leerlingen: int = 0
    zonder_leerlingen: list[str] = field(default_factory=list)
    zonder_punt: list[str] = field(default_factory=list)
    plaatsing: Any = None  # lea_graph.ingest.plaatsing.Summary
    wijken: int = 0
    wijken_met: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "fout"]

    def text(self) -> str:
        """The report as Markdown (also what the command prints)."""
        lines = [f"# Startnetwerk van de gemeente {self.gemeente} ({self.code})", ""]
        total = sum(self.scholen.values())
        per = ", ".join(
            f"{number(n)} {model.ENUM_LABELS.get(s, s)}" for s, n in sorted(self.scholen.items())
        )
        lines += [
            f"- Scholen: {number(total)} locaties ({per}).",
            f"- Met leerlingenaantallen van DUO: {number(self.met_leerlingen)}; zonder "
            f"({number(len(self.zonder_leerlingen))}): DUO telt ze niet in deze bestanden, "
            "hun aantal heet 'onbekend'.",
            f"- Zonder punt: {number(len(self.zonder_punt))}"
            + (f" ({', '.join(self.zonder_punt)})" if self.zonder_punt else "")
            + ".",
            f"- Wijken: {number(self.wijken)}; met inwoners {number(self.wijken_met['inwoners'])}, "
            f"met kinderen 0-14 {number(self.wijken_met['kinderen'])}, met SES "
            f"{number(self.wijken_met['ses'])}.",
        ]
        if self.plaatsing is not None:
            lines += ["", "## Scholen in een wijk", "", self.plaatsing.headline, ""]
            rows = [r for r in self.plaatsing.rows if r.get("controleren") == "ja"]
            if rows:
                lines.append("| school | status | wijk | mogelijke wijken | uitleg |")
                lines.append("|---|---|---|---|---|")
                for r in rows:
                    lines.append(
                        f"| {r['naam'] or r['locatie']} | {r['status']} | {r['wijk']} | "
                        f"{r['kandidaten']} | {r['uitleg']} |"
                    )
        if self.notes:
            lines += ["", "## Let op", ""] + [f"- {n}" for n in self.notes]
        if self.problems:
            lines += ["", "## Meldingen", ""] + [f"- {p.to_text()}" for p in self.problems]
        return "\n".join(lines) + "\n"


# -- helpers ----------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def _plaats(text: str) -> str:
    """A place name as people write it: DUO writes them in capitals.

    Examples
    --------
    >>> _plaats("BERKEL-ENSCHOT"), _plaats("'S-HERTOGENBOSCH"), _plaats("S HERTOGENBOSCH")
    ('Berkel-Enschot', "'s-Hertogenbosch", "'s-Hertogenbosch")
    >>> _plaats("Tilburg")
    'Tilburg'
    """
    if not text.isupper():
        return text
    return re.sub(r"^'?S[- ]", "'s-", text.title())


#: Gemeenten whose name DUO's capitals cannot give back by rule: abbreviated, or with
#: accents (CBS's spelling).
_GEMEENTE_NAMEN = {
    "BERGEN LB": "Bergen (L.)",
    "BERGEN NH": "Bergen (NH.)",
    "NUENEN CA": "Nuenen, Gerwen en Nederwetten",
    "SUDWEST-FRYSLAN": "Súdwest-Fryslân",
    "NOARDEAST-FRYSLAN": "Noardeast-Fryslân",
}

#: Words written in lower case inside a gemeente's name (``Alphen aan den Rijn``).
_KLEINE_WOORDEN = frozenset({"aan", "bij", "de", "den", "der", "en", "het", "in", "op", "van"})


def _gemeentenaam(text: str) -> str:
    """A gemeente's name as CBS writes it, from DUO's capitals.

    Examples
    --------
    >>> _gemeentenaam("ALPHEN AAN DEN RIJN"), _gemeentenaam("CAPELLE AAN DEN IJSSEL")
    ('Alphen aan den Rijn', 'Capelle aan den IJssel')
    >>> _gemeentenaam("DE FRYSKE MARREN"), _gemeentenaam("S GRAVENHAGE")
    ('De Fryske Marren', "'s-Gravenhage")
    >>> _gemeentenaam("BERGEN LB"), _gemeentenaam("Tilburg")
    ('Bergen (L.)', 'Tilburg')
    """
    if text.strip().upper() in _GEMEENTE_NAMEN:
        return _GEMEENTE_NAMEN[text.strip().upper()]
    if not text.isupper():
        return text
    words = _plaats(text).split(" ")
    words = [w.lower() if i and w.lower() in _KLEINE_WOORDEN else w for i, w in enumerate(words)]
    return re.sub(r"\bIj", "IJ", " ".join(words))


def _soort(naam: str) -> str:
    low = naam.lower()
    if low.startswith(_BEDRIJVEN):
        return "bedrijventerrein"
    if low.startswith(_BUITEN):
        return "buitengebied"
    return ""


class _Prefix:
    """The features of one gemeente in a boundary file: CBS wijk codes ``WK`` + its code."""

    def __init__(self, code: str) -> None:
        self.prefix = f"WK{code}"

    def matches(self, statcode: str, wijk: str) -> bool:
        return statcode.upper().startswith(self.prefix)


def _geo_names(path: Path) -> dict[str, str]:
    """CBS's wijk names in a GeoJSON file (``statnaam``), by code; empty for others."""
    if path.suffix.lower() not in (".geojson", ".json"):
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out = {}
    for f in data.get("features", []) if isinstance(data, dict) else []:
        props = f.get("properties") or {} if isinstance(f, dict) else {}
        code, naam = str(props.get("statcode") or ""), str(props.get("statnaam") or "")
        if code and naam:
            out[code.upper()] = naam
    return out


# -- building ---------------------------------------------------------------------------------


def _classify(paths: list[Path], rapport: Rapport) -> dict[str, list[Path]]:
    from lea_graph.ingest.publiek import detect_format

    out: dict[str, list[Path]] = {}
    for path in paths:
        if path.is_dir():
            out.setdefault("duo-leerlingen-postcode", []).append(path)
            continue
        kind = detect_format(path)
        if kind is None:
            rapport.problems.append(
                Problem(
                    path.name, None, None, "", "Dit bestand is geen bekend DUO- of CBS-bestand."
                )
            )
            continue
        out.setdefault(kind, []).append(path)
    return out


def build(naam: str, bronnen: Bronnen) -> tuple[Dataset | None, Rapport]:
    """The starting dataset of gemeente ``naam`` (a name or a code) from public files.

    Returns the dataset (None when an error leaves nothing to build) and the report.

    Raises
    ------
    LeaGraphError
        When no DUO address list or points file is given, or the gemeente is in none.
    """
    from lea_graph.ingest.publiek import select_gemeente

    rapport = Rapport()
    files = _classify([*bronnen.duo, *bronnen.cbs], rapport)
    lists = files.get("duo-vestigingen", [])
    if not lists and bronnen.punten is None:
        raise LeaGraphError(
            "Geef minstens één adreslijst van DUO (--duo) of het bestand met schoolpunten "
            "(--punten): daar komen de scholen vandaan."
        )

    # Which gemeente: its name and code from the first DUO file that knows it.
    chosen = select_gemeente(naam)
    locations, history = _read_duo(files, chosen, rapport)
    code = next((v.gemeentecode for v in locations.values() if v.gemeentecode), "")
    code = code or next((h.gemeentecode for h in history.values() if h.gemeentecode), "")
    # The name as the person wrote it (DUO writes capitals without apostrophe).
    display = naam if not naam.strip().upper().removeprefix("GM").isdigit() else ""
    display = display or next((v.gemeente for v in locations.values() if v.gemeente), naam)
    chosen = select_gemeente(naam, code) if code else chosen
    rapport.gemeente, rapport.code = _plaats(display), code

    points = _read_points(bronnen.punten, chosen, rapport)
    if not locations and not points:
        raise LeaGraphError(
            f"In de opgegeven bestanden staat geen school van de gemeente '{naam}'."
        )
    return _assemble(chosen, locations, points, history, bronnen.geo, files, rapport)


def build_land(
    bronnen: Bronnen, gemeenten: list[str] | None = None
) -> tuple[list[tuple[Dataset | None, Rapport]], list[Problem]]:
    """The starting dataset of every gemeente of the country (or of ``gemeenten``), as
    :func:`build` makes it for one, from the same files read once for all of them.

    A school belongs to the gemeente of the newest file that has it: the DUO address
    list, else the points file (which names gemeenten without codes: the code comes
    from the address lists and the pupil counts). Wijken come from ``bronnen.geo``
    where it has a gemeente's wijken; every other gemeente gets its plaatsen as areas.

    Parameters
    ----------
    bronnen
        The public files, as for :func:`build`.
    gemeenten
        Names or codes (``Tilburg``, ``0855``, ``GM0855``); None: every gemeente.

    Returns
    -------
    (results, problems)
        One ``(dataset, rapport)`` per gemeente in order of gemeente code, as
        :func:`build` returns them; ``problems`` are those of reading the files.

    Raises
    ------
    LeaGraphError
        When no DUO address list or points file is given, or a gemeente of
        ``gemeenten`` is in none of the files.
    """
    from lea_graph.ingest.publiek import gemeente_naam_key, select_gemeente

    read = Rapport()
    files = _classify([*bronnen.duo, *bronnen.cbs], read)
    if not files.get("duo-vestigingen") and bronnen.punten is None:
        raise LeaGraphError(
            "Geef minstens één adreslijst van DUO (--duo) of het bestand met schoolpunten "
            "(--punten): daar komen de scholen vandaan."
        )
    locations, history = _read_duo(files, None, read)
    points = _read_points(bronnen.punten, None, read)
    # The code of each gemeente name: from the address lists, else the pupil counts of
    # the located schools (the points file has names only).
    codes: dict[str, str] = {}
    for r in [*locations.values(), *(history[c] for c in points if c in history)]:
        if r.gemeente and r.gemeentecode:
            codes.setdefault(gemeente_naam_key(r.gemeente), r.gemeentecode)
    names: dict[str, str] = {}
    groups: dict[str, list[str]] = {}
    for school in sorted(set(locations) | set(points)):
        v, p = locations.get(school), points.get(school)
        code = (v.gemeentecode if v else "") or codes.get(
            gemeente_naam_key((v.gemeente if v else "") or (p.gemeente if p else "")), ""
        )
        name = (v.gemeente if v else "") or (p.gemeente if p else "")
        if not code:
            read.problems.append(
                Problem(
                    "scholen",
                    None,
                    "gemeente",
                    school,
                    f"Bij vestiging {school} staat geen gemeente die in een adreslijst van "
                    "DUO een code heeft; de vestiging is overgeslagen.",
                    "waarschuwing",
                )
            )
            continue
        if name:
            names.setdefault(code, name)
        groups.setdefault(code, []).append(school)
    wanted = sorted(groups)
    if gemeenten is not None:
        wanted = []
        for given in gemeenten:
            chosen = select_gemeente(given)
            found = [c for c in sorted(groups) if chosen.matches(c, names.get(c, ""))]
            if not found:
                raise LeaGraphError(
                    f"In de opgegeven bestanden staat geen school van de gemeente '{given}'."
                )
            wanted += [c for c in found if c not in wanted]
    results = []
    for code in sorted(wanted):
        rapport = Rapport(gemeente=_gemeentenaam(names.get(code, code)), code=code)
        chosen = select_gemeente(names[code], code) if code in names else select_gemeente(code)
        mine = groups[code]
        results.append(
            _assemble(
                chosen,
                {c: locations[c] for c in mine if c in locations},
                {c: points[c] for c in mine if c in points},
                {c: history[c] for c in mine if c in history},
                bronnen.geo,
                files,
                rapport,
            )
        )
    return results, read.problems


def _read_duo(
    files: dict[str, list[Path]], chosen: Any, rapport: Rapport
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The locations of the address lists and the pupil counts of ``chosen`` (a
    selection, or None: the whole country), by vestigingscode."""
    from lea_graph.ingest import duo

    locations: dict[str, Any] = {}
    for path in files.get("duo-vestigingen", []):
        rows, problems = duo.read_vestigingen(path, chosen)
        rapport.problems += problems
        for v in rows:
            locations.setdefault(v.vestigingscode, v)
    history: dict[str, Any] = {}
    for path in files.get("duo-leerlingen-historie", []):
        rows, problems = duo.read_leerlingen_historie(path, chosen)
        rapport.problems += problems
        history.update({h.vestigingscode: h for h in rows})
    return locations, history


def _read_points(punten: Path | None, chosen: Any, rapport: Rapport) -> dict[str, Any]:
    """The school points of ``chosen`` (None: the whole country), by vestigingscode."""
    from lea_graph.ingest import duo

    if punten is None:
        return {}
    rows, problems = duo.read_schoolpunten(punten, chosen)
    rapport.problems += problems
    return {p.vestigingscode: p for p in rows}


def _assemble(
    chosen: Any,
    locations: dict[str, Any],
    points: dict[str, Any],
    history: dict[str, Any],
    geo: Path | None,
    files: dict[str, list[Path]],
    rapport: Rapport,
) -> tuple[Dataset | None, Rapport]:
    """One gemeente's dataset from what was read of it (``rapport`` names the gemeente)."""
    from lea_graph.ingest.cbs import read_cbs
    from lea_graph.ingest.geo import read_boundaries
    from lea_graph.ingest.plaatsing import place, summary, wijk_boundaries

    code = rapport.code
    # Wijken: boundaries of this gemeente, names, CBS figures.
    wijken: list[dict[str, str]] = []
    if geo is not None and code:
        table, problems = read_boundaries(geo, wanted=_Prefix(code))
        rapport.problems += problems
        names = _geo_names(geo)
        for _, (statcode, _, geometry) in table.rows if table else []:
            if statcode and geometry:
                wijken.append(
                    {"cbs_code": statcode.upper(), "naam": names.get(statcode.upper(), "")}
                )
                wijken[-1][model.GEOMETRY_COLUMN] = geometry
    figures = _cbs_figures(files, chosen, read_cbs, rapport)
    for w in wijken:
        w["naam"] = w["naam"] or figures.get(w["cbs_code"], {}).pop("_naam", "") or w["cbs_code"]
        figures.get(w["cbs_code"], {}).pop("_naam", None)
        w.update(figures.get(w["cbs_code"], {}))
    used: Counter = Counter()
    for w in sorted(wijken, key=lambda w: w["cbs_code"]):
        slug = _slug(w["naam"])
        used[slug] += 1
        w["id"] = f"w-{slug}" if used[slug] == 1 else f"w-{slug}-{w['cbs_code'].lower()}"
        w.update(gemeente=rapport.gemeente, soort=_soort(w["naam"]))
        w["bron"] = "CBS / Kadaster, Wijk- en buurtkaart (CC BY 4.0): code, naam en grens"
    wijken.sort(key=lambda w: w["cbs_code"])
    rapport.wijken = len(wijken)
    for w in wijken:
        rapport.wijken_met["inwoners"] += bool(w.get("inwoners"))
        rapport.wijken_met["kinderen"] += bool(w.get("kinderen_0_14"))
        rapport.wijken_met["ses"] += bool(w.get("ses"))

    scholen = _scholen(locations, points, history, rapport)
    if wijken:
        boundaries, names = wijk_boundaries(wijken)
        placements = place(
            {s["id"]: _point(s) for s in scholen},
            boundaries,
            names=names,
            points_date="november 2024",
        )
        rapport.plaatsing = summary(placements, {s["id"]: s["naam"] for s in scholen})
    else:
        wijken = plaats_wijken(scholen, rapport.gemeente)
        rapport.wijken = len(wijken)
        rapport.notes.append(
            "Er zijn geen wijkgrenzen opgegeven (--geo): elke plaats is hier één 'wijk' en "
            "een school ligt in haar plaats. Met de wijkkaart van CBS komen de echte wijken."
        )
    if rapport.errors:
        return None, rapport
    empty: dict[str, list[dict[str, str]]] = {t: [] for t in model.TABLES}
    return Dataset.from_rows({**empty, "wijken": wijken, "scholen": scholen}), rapport


#: The ``bron`` of an area that is a plaats, where a gemeente has no wijk boundaries.
PLAATS_BRON = "plaats van de scholen in de adreslijsten van DUO (geen wijkgrenzen)"


def plaats_wijken(scholen: list[dict[str, str]], gemeente: str) -> list[dict[str, str]]:
    """Without wijk boundaries: one area per plaats of the schools, named after it (its
    ``bron`` says so, :data:`PLAATS_BRON`), and each school's ``wijk`` set to its plaats.

    Two spellings of one plaats (``ALTEVEER GEM NOORDENVELD`` in one file, ``Alteveer
    gem Noordenveld`` in another) are one area, named as the first of them sorted.
    """
    wijken: dict[str, dict[str, str]] = {}
    for p in sorted({s["plaats"] for s in scholen if s["plaats"]}):
        wijken.setdefault(
            f"w-{_slug(p)}",
            {"id": f"w-{_slug(p)}", "naam": p, "gemeente": gemeente, "bron": PLAATS_BRON},
        )
    for s in scholen:
        s["wijk"] = f"w-{_slug(s['plaats'])}" if s["plaats"] else ""
    return list(wijken.values())


def _point(school: dict[str, str]) -> tuple[float, float] | None:
    from lea_graph.geometry import parse_point

    return parse_point(school["punt"]) if school.get("punt") else None


def _scholen(
    locations: dict[str, Any], points: dict[str, Any], history: dict[str, Any], rapport: Rapport
) -> list[dict[str, str]]:
    """One row per school location, in the order of their codes."""
    rows = []
    for code in sorted(set(locations) | set(points)):
        v, p, h = locations.get(code), points.get(code), history.get(code)
        first = v or p
        # The newest ten schooljaren of DUO's file; a 0 is DUO's count too (a location
        # that had not opened yet, or had closed, on 1 October).
        counts = {
            year: (r.low, r.high)
            for year, r in sorted(h.tellingen.items() if h else [])[-YEARS_KEPT:]
            if first.sector in DUO_COUNTED  # DUO's file counts primary pupils only
        }
        sources = []
        if v is not None:
            sources.append("DUO, adreslijst schoolvestigingen")
        if p is not None:
            sources.append("punt: BAG-adres van DUO, 22 november 2024")
        row = {
            "id": f"s-{code.lower()}",
            "naam": first.naam,
            "sector": first.sector,
            "wijk": "",
            "plaats": _plaats(first.plaats),
            "punt": format_point(p.punt) if p is not None else "",
            "brin": first.brin,
            "vestigingscode": code,
            "leerlingen_per_jaar": cijfers.format_tellingen(counts),
            "leerlingen_bron": "DUO" if counts else "",
            "bestuur": getattr(v, "bevoegd_gezag_naam", "") if v is not None else "",
            "bron": "; ".join(sources),
        }
        rows.append(row)
        rapport.scholen[row["sector"]] += 1
        if counts:
            rapport.met_leerlingen += 1
        else:
            rapport.zonder_leerlingen.append(row["naam"])
        if p is None:
            rapport.zonder_punt.append(row["naam"])
    return rows


def _cbs_figures(files, chosen, read_cbs, rapport: Rapport) -> dict[str, dict[str, str]]:
    """The CBS figures per wijk code as data-format columns, with their sources."""
    out: dict[str, dict[str, str]] = {}
    tables = {}
    for kind in ("cbs-kerncijfers", "cbs-wijkkaart", "cbs-inkomen"):
        for path in files.get(kind, []):
            table, problems = read_cbs(path, chosen)
            rapport.problems += problems
            if table is not None:
                tables[kind] = table

    def wijken(kind):
        table = tables.get(kind)
        return [] if table is None else [r for r in table.regios.values() if r.soort == "wijk"]

    for r in wijken("cbs-wijkkaart") + wijken("cbs-inkomen"):
        if r.naam:
            out.setdefault(r.code, {}).setdefault("_naam", r.naam)
    for r in wijken("cbs-kerncijfers"):
        f = r.cijfers.get("inwoners")
        if f is not None and f.value is not None:
            out.setdefault(r.code, {}).update(
                inwoners=str(int(f.value)), inwoners_bron=f.credit().removeprefix("Bron: ")
            )
    for r in wijken("cbs-wijkkaart"):
        inw, share = r.cijfers.get("inwoners"), r.cijfers.get("aandeel_0_14_pct")
        if inw is None or share is None or inw.value is None or share.value is None:
            continue
        low, high = cijfers.kinderen_uit_aandeel(int(inw.value), int(share.value))
        out.setdefault(r.code, {}).update(
            kinderen_0_14=str(low) if low == high else f"{low}-{high}",
            kinderen_bron=f"{share.credit().removeprefix('Bron: ')}: {number(int(inw.value))} "
            f"inwoners (afgerond op 5), van wie {int(share.value)}% van 0 tot en met 14 jaar "
            "(afgerond op hele procenten): daarom een bereik",
        )
    for r in wijken("cbs-inkomen"):
        f = r.cijfers.get("aandeel_hh_laagste_40_pct")
        if f is None or f.value is None:
            continue
        share = float(f.value)
        out.setdefault(r.code, {}).update(
            ses=cijfers.ses_van_inkomen(share),
            ses_bron=f"{cijfers.SES_UIT_INKOMEN} {f.year or ''}: "
            f"{str(share).replace('.', ',')}% van de huishoudens hoort bij de 40% met het "
            "laagste inkomen van Nederland".replace("  ", " "),
        )
    return out


def write(dataset: Dataset, rapport: Rapport, out: str | Path) -> list[Path]:
    """Write the dataset folder and its ``rapport.md``; return the files written.

    (The report is Markdown, not CSV: every ``.csv`` in the folder is a table.)
    """
    from lea_graph.export import write_csv_folder

    folder = Path(out)
    files = write_csv_folder(dataset, folder)
    report = folder / "rapport.md"
    report.write_text(rapport.text(), encoding="utf-8")
    return [*files, report]
