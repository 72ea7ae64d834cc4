"""Coverage: which hubs reach which wijken, where the gaps are, and what each school has.

A hub *reaches* a wijk through an activity at a school in that wijk attributed to the
hub (``activiteiten.hub``), or through wijkinzet in the wijk by a member of the hub.
The same rule is behind the store query ``hub_wijk_dekking``.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pandas as pd

from lea_graph import cijfers, model
from lea_graph.analytics.network import DOMAINS, Network, each_row
from lea_graph.text import LIST_SEP, number

__all__ = [
    "GAP_DEFINITION",
    "GAP_KINDS",
    "GAP_RULE",
    "can_be_gap",
    "counted_cells",
    "coverage_gaps",
    "coverage_matrix",
    "gap_kind",
    "heatmap_columns",
    "is_gap",
    "school_domains",
]

#: What a gap is, in one sentence for people (the rule of :func:`gap_kind`).
GAP_DEFINITION = (
    "Een gat is een combinatie van wijk en hub met geen of één partner. Bedrijventerreinen "
    "tellen niet mee: daar wonen geen kinderen."
)

#: The kinds of gap, the worst first (:func:`gap_kind`).
GAP_KINDS = ("geen partner", "één partner")

#: How gaps are ranked (shown to users next to the ranking).
GAP_RULE = (
    "Prioriteit = 3 als PacT-wijk + 2 bij lage SES (1 bij midden) + 1 als er geen enkele partner "
    "is + 2 × (kinderen in de wijk ÷ kinderen in de grootste wijk; bij een bereik telt het "
    "midden). Zonder kindertal telt het aantal leerlingen op de scholen in de wijk. "
    "Bedrijventerreinen tellen niet mee."
)


SES_WORDS = {"laag": "lage SES", "midden": "gemiddelde SES", "hoog": "hoge SES"}


def _fmt(n: int | None) -> str:
    return "onbekend" if n is None else number(n)


# -- the gap rule: the one place that says what a gap is ----------------------------------


def can_be_gap(soort: str | None) -> bool:
    """Whether the wijk × hub cells of a wijk of this ``soort`` can be a gap.

    Every wijk but a bedrijventerrein: no children live there, so a hub that does not
    reach it misses nobody. An empty ``soort`` is a woonwijk (:func:`lea_graph.model.wijk_soort`).

    Parameters
    ----------
    soort
        The ``soort`` of the wijk, as in the wijken table.

    Returns
    -------
    bool

    Examples
    --------
    >>> can_be_gap(""), can_be_gap("buitengebied"), can_be_gap("Bedrijventerrein")
    (True, True, False)
    """
    return model.wijk_soort(soort) != "bedrijventerrein"


def gap_kind(
    partners: int | None, soort: str | None = None, *, max_partners: int = 1
) -> str | None:
    """The kind of gap of a wijk × hub cell, or None when the cell is no gap.

    A cell is a gap when it has at most ``max_partners`` partners (one, by the LEA's
    rule) and its wijk can be a gap (:func:`can_be_gap`). Every analysis, page, map and
    report asks this function; :data:`GAP_DEFINITION` says it in words.

    Parameters
    ----------
    partners
        The cell's number of partners (the ``partners`` of :func:`coverage_matrix`);
        None for no figure (no gap).
    soort
        The ``soort`` of the wijk.
    max_partners
        Cells with at most this many partners are gaps.

    Returns
    -------
    str or None
        ``geen partner``, ``één partner`` (:data:`GAP_KINDS`), ``N partners`` (only
        with ``max_partners`` above one) or None.

    Examples
    --------
    >>> gap_kind(0), gap_kind(1), gap_kind(2), gap_kind(0, "bedrijventerrein")
    ('geen partner', 'één partner', None, None)
    >>> gap_kind(1, max_partners=0), gap_kind(2, max_partners=2)
    (None, '2 partners')
    """
    if partners is None or partners > max_partners or not can_be_gap(soort):
        return None
    if partners <= 1:
        return GAP_KINDS[int(partners)]
    return f"{number(partners)} partners"


def is_gap(partners: int | None, soort: str | None = None, *, max_partners: int = 1) -> bool:
    """Whether a wijk × hub cell is a gap (:func:`gap_kind` is not None).

    Examples
    --------
    >>> is_gap(1), is_gap(3), is_gap(0, "bedrijventerrein")
    (True, False, False)
    """
    return gap_kind(partners, soort, max_partners=max_partners) is not None


def counted_cells(matrix: pd.DataFrame) -> pd.DataFrame:
    """The cells of a :func:`coverage_matrix` that can be a gap: the "M" of "N of M gaps".

    The cells of a bedrijventerrein never count (:func:`can_be_gap`), not as a gap and
    not in the number of cells a gap is one of. A matrix without ``wijk_soort`` (made
    by hand) counts every cell.

    Parameters
    ----------
    matrix
        What :func:`coverage_matrix` returned.

    Returns
    -------
    pandas.DataFrame
        Those rows, in their order.

    Examples
    --------
    >>> m = pd.DataFrame({"wijk": ["w-1", "w-2"], "wijk_soort": ["woonwijk", "bedrijventerrein"],
    ...                   "partners": [0, 0]})
    >>> counted_cells(m)["wijk"].tolist()
    ['w-1']
    """
    if "wijk_soort" not in matrix or not len(matrix):
        return matrix
    return matrix[[can_be_gap(s) for s in matrix["wijk_soort"]]]


def coverage_matrix(g: nx.MultiDiGraph, schooljaar: str | None = None) -> pd.DataFrame:
    """The wijk × hub matrix: partners and activities reaching each wijk per hub.

    Parameters
    ----------
    g
        The network graph.
    schooljaar
        Only this schooljaar; None for all years.

    Returns
    -------
    pandas.DataFrame
        One row per wijk and hub of the same gemeente (when both name one; empty
        cells included): ``wijk``, ``wijk_naam``, ``wijk_soort``
        (:func:`lea_graph.model.wijk_soort`),
        ``stadsdeel``, ``pact``, ``ses``, the children's columns
        (:data:`lea_graph.cijfers.KINDEREN_KOLOMMEN`), ``hub``, ``hub_naam``,
        ``hub_domein``, ``hub_gemeente``, ``partners`` (distinct partners via schools or
        wijkinzet), ``gat`` (the kind of gap, :func:`gap_kind`; "" for no gap),
        ``partner_ids``, ``partner_namen``,
        ``activiteiten`` (at schools in the wijk, under the hub), ``wijkinzet`` (by hub
        members in the wijk), ``scholen_bereikt`` and ``scholen`` (locations in the wijk).

    Examples
    --------
    In the example network two Cultuur partners and one Sport partner work at schools in
    Noord; in Zuid only the Bibliotheek works, in no hub:

    >>> m = coverage_matrix(g)
    >>> m[["wijk", "hub", "partners", "activiteiten", "gat"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['w-noord', 'h-cultuur', 2, 2, ''],
     ['w-noord', 'h-sport', 1, 1, 'één partner'],
     ['w-zuid', 'h-cultuur', 0, 0, 'geen partner'],
     ['w-zuid', 'h-sport', 0, 0, 'geen partner']]
    """
    net = Network.of(g, schooljaar)
    # Several analyses start from the matrix: computed once per view, a copy each time.
    return net.memo("coverage_matrix", lambda: _coverage_matrix(net)).copy()


#: The columns of :func:`coverage_matrix`, also when there are no wijken or hubs.
MATRIX_COLUMNS = [
    "wijk", "wijk_naam", "wijk_soort", "stadsdeel", "pact", "ses", *cijfers.KINDEREN_KOLOMMEN,
    "hub", "hub_naam", "hub_domein", "hub_gemeente", "partners", "gat", "partner_ids",
    "partner_namen", "activiteiten", "wijkinzet", "scholen_bereikt", "scholen",
]  # fmt: skip


def _coverage_matrix(net: Network) -> pd.DataFrame:
    # Per (wijk, hub) cell, in plain dicts (grouping in pandas with a set per group took
    # seconds on a national network): activities under the hub at schools in the wijk,
    # the schools and the partners; and wijkinzet by members of the hub, and the partners.
    school_cells: dict[tuple[str, str], tuple[list[int], set[str], set[str]]] = {}
    for w, h, s, p in each_row(net.activities, "wijk", "hub", "school", "partner"):
        if not (isinstance(w, str) and isinstance(h, str)):  # no hub, or no wijk
            continue
        cell = school_cells.get((w, h))
        if cell is None:
            cell = school_cells[(w, h)] = ([0], set(), set())
        cell[0][0] += 1
        cell[1].add(s)
        cell[2].add(p)
    wijk_cells: dict[tuple[str, str], tuple[list[int], set[str]]] = {}
    for w, p in each_row(net.wijkinzet, "wijk", "partner"):
        if not isinstance(w, str):
            continue
        for h in net.members.get(p, []):
            cell = wijk_cells.get((w, h))
            if cell is None:
                cell = wijk_cells[(w, h)] = ([0], set())
            cell[0][0] += 1
            cell[1].add(p)
    schools_per_wijk = Counter(w for w in net.school_wijk.values() if isinstance(w, str))
    # A hub of another gemeente is no gap in a wijk: pair hubs and wijken per gemeente.
    hubs_of: dict[str | None, list[str]] = {}
    position = {h: i for i, h in enumerate(net.ids["hub"])}
    for h in net.ids["hub"]:
        hubs_of.setdefault(net.attr(h, "gemeente") or None, []).append(h)
    kids = {w: cijfers.kinderen_velden(net.nodes.get(w, {})) for w in net.ids["wijk"]}
    rows = []
    for w in net.ids["wijk"]:
        soort = model.wijk_soort(net.attr(w, "soort"))
        gemeente = net.attr(w, "gemeente") or None
        hubs = (
            net.ids["hub"]
            if gemeente is None
            else hubs_of.get(gemeente, []) + hubs_of.get(None, [])
        )
        for h in sorted(hubs, key=position.__getitem__) if gemeente else hubs:
            key = (w, h)
            partners: set[str] = set()
            n_acts = n_inzet = n_reached = 0
            if key in school_cells:
                counted, reached, via = school_cells[key]
                partners |= via
                n_acts, n_reached = counted[0], len(reached)
            if key in wijk_cells:
                counted, via = wijk_cells[key]
                partners |= via
                n_inzet = counted[0]
            names = net.names(partners)
            rows.append(
                {
                    "wijk": w,
                    "wijk_naam": net.name(w),
                    "wijk_soort": soort,
                    "stadsdeel": net.attr(w, "stadsdeel"),
                    "pact": net.attr(w, "pact"),
                    "ses": net.attr(w, "ses"),
                    **kids[w],
                    "hub": h,
                    "hub_naam": net.name(h),
                    "hub_domein": net.attr(h, "domein"),
                    "hub_gemeente": net.attr(h, "gemeente"),
                    "partners": len(partners),
                    "gat": gap_kind(len(partners), soort) or "",
                    "partner_ids": LIST_SEP.join(sorted(partners)),
                    "partner_namen": LIST_SEP.join(names),
                    "activiteiten": n_acts,
                    "wijkinzet": n_inzet,
                    "scholen_bereikt": n_reached,
                    "scholen": schools_per_wijk.get(w, 0),
                }
            )
    return pd.DataFrame(rows, columns=MATRIX_COLUMNS)


def wijk_marks(row: dict) -> str:
    """What marks a wijk's need, in words: PacT, SES and its number of children.

    Examples
    --------
    >>> wijk_marks({"pact": "ja", "ses": "laag", "kinderen_tekst": "630–690",
    ...             "kinderen_leeftijd": "0-14"})
    'PacT-wijk, lage SES, 630–690 kinderen van 0-14 jaar'
    >>> wijk_marks({"pact": "nee", "ses": None, "kinderen_tekst": ""})
    ''
    """
    marks = []
    if row.get("pact") == "ja":
        marks.append("PacT-wijk")
    ses = row.get("ses")
    if isinstance(ses, str) and ses:
        marks.append(SES_WORDS.get(ses, f"SES {ses}"))
    kids = cijfers.kinderen_van_rij(row)
    if kids is not None:
        marks.append(kids.zin)
    return ", ".join(marks)


def heatmap_columns(matrix: pd.DataFrame) -> list[str]:
    """The column of each row of :func:`coverage_matrix` in a wijk × hub heatmap.

    With the hubs of one gemeente a column is a hub (by name). With several gemeenten
    every gemeente has its own hub per domain, so a column is a domain (capitalised,
    "Overig" without one) and the heatmap stays as wide as there are domains.

    Examples
    --------
    >>> m = pd.DataFrame({"hub_naam": ["Cultuur Tilburg", "Cultuur Goirle"],
    ...                   "hub_domein": ["cultuur", "cultuur"],
    ...                   "hub_gemeente": ["Tilburg", "Goirle"]})
    >>> heatmap_columns(m), heatmap_columns(m.head(1))
    (['Cultuur', 'Cultuur'], ['Cultuur Tilburg'])
    """
    gemeenten = {g if isinstance(g, str) and g else None for g in matrix.get("hub_gemeente", [])}
    if len(gemeenten) <= 1:
        return [str(n) for n in matrix["hub_naam"]]
    return [
        str(d).capitalize() if isinstance(d, str) and d else "Overig" for d in matrix["hub_domein"]
    ]


def coverage_gaps(
    g: nx.MultiDiGraph, schooljaar: str | None = None, *, max_partners: int = 1
) -> pd.DataFrame:
    """Hub × wijk cells with no or a single partner, ranked by need.

    A cell is a gap by :func:`gap_kind` (a bedrijventerrein never is). The ranking is
    :data:`GAP_RULE`: PacT wijken first, then low SES, empty cells before
    single-partner ones, and more children before fewer.

    Parameters
    ----------
    g
        The network graph.
    schooljaar
        Only this schooljaar; None for all years.
    max_partners
        Cells with at most this many partners are gaps.

    Returns
    -------
    pandas.DataFrame
        ``rang``, ``wijk``, ``wijk_naam``, ``hub``, ``hub_naam``, ``soort``
        (``geen partner`` or ``één partner``), ``partners``, ``partner_namen``,
        ``pact``, ``ses``, the children's columns, ``scholen`` (names of the locations in
        the wijk), ``prioriteit`` and ``toelichting``.

    Examples
    --------
    In the example network Noord is a PacT wijk: its single-partner cell comes before
    Zuid's empty ones.

    >>> gaps = coverage_gaps(g)
    >>> gaps[["rang", "wijk", "hub", "soort"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [[1, 'w-noord', 'h-sport', 'één partner'],
     [2, 'w-zuid', 'h-cultuur', 'geen partner'],
     [3, 'w-zuid', 'h-sport', 'geen partner']]
    """
    net = Network.of(g, schooljaar)
    matrix = coverage_matrix(g, schooljaar)
    kinds = [
        gap_kind(n, soort, max_partners=max_partners)
        for n, soort in zip(matrix["partners"], matrix["wijk_soort"], strict=True)
    ]
    gaps = matrix.assign(soort=kinds)
    gaps = gaps[gaps["soort"].notna()].copy()
    school_names: dict[str, list[str]] = {}
    pupils: dict[str, int] = {}
    for s, w in net.school_wijk.items():
        school_names.setdefault(w, []).append(net.name(s))
        pupils[w] = pupils.get(w, 0) + (net.leerlingen(s) or 0)

    # Plain values, not pandas rows: iterrows and apply took 9 s on a national network.
    sizes = {
        w: int(kids) if pd.notna(kids) else pupils.get(w)
        for w, kids in each_row(matrix, "wijk", "kinderen_midden")
    }
    largest = max((v for v in sizes.values() if v), default=0) or 1

    def score(row) -> float:
        points = 3.0 if row["pact"] == "ja" else 0.0
        points += {"laag": 2.0, "midden": 1.0}.get(row["ses"], 0.0)
        points += 1.0 if row["partners"] == 0 else 0.0
        points += 2.0 * (sizes.get(row["wijk"]) or 0) / largest
        return round(points, 2)

    def explain(row) -> str:
        need = []
        if row["pact"] == "ja":
            need.append("PacT-wijk")
        if isinstance(row["ses"], str) and row["ses"]:
            need.append(SES_WORDS.get(row["ses"], f"SES {row['ses']}"))
        kids = cijfers.kinderen_van_rij(row)
        need.append(kids.zin if kids else f"{_fmt(pupils.get(row['wijk']))} leerlingen")
        names = school_names.get(row["wijk"], [])
        where = (
            f"; scholen en opvang: {LIST_SEP.join(sorted(names))}"
            if names
            else "; geen scholen of opvang bekend"
        )
        if row["partners"] == 0:
            what = f"Hub {row['hub_naam']} bereikt {row['wijk_naam']} niet: geen partner via scholen of wijkinzet"
        else:
            what = f"Hub {row['hub_naam']} bereikt {row['wijk_naam']} alleen via {row['partner_namen']}"
        return f"{what} ({', '.join(need)}){where}."

    if gaps.empty:
        return pd.DataFrame(
            columns=["rang", "wijk", "wijk_naam", "hub", "hub_naam", "soort", "partners",
                     "partner_namen", "pact", "ses", *cijfers.KINDEREN_KOLOMMEN, "scholen", "prioriteit",
                     "toelichting"]
        )  # fmt: skip
    # Only the columns score and explain read: the records of every column took seconds.
    read = ["wijk", "wijk_naam", "hub_naam", "partners", "partner_namen", "pact", "ses"]
    records = gaps[read + list(cijfers.KINDEREN_KOLOMMEN)].to_dict("records")
    gaps["prioriteit"] = [score(r) for r in records]
    gaps["scholen"] = gaps["wijk"].map(lambda w: LIST_SEP.join(sorted(school_names.get(w, []))))
    gaps["toelichting"] = [explain(r) for r in records]
    gaps = gaps.sort_values(
        ["prioriteit", "wijk_naam", "hub_naam"], ascending=[False, True, True], kind="stable"
    )
    gaps.insert(0, "rang", range(1, len(gaps) + 1))
    columns = ["rang", "wijk", "wijk_naam", "hub", "hub_naam", "soort", "partners",
               "partner_namen", "pact", "ses", *cijfers.KINDEREN_KOLOMMEN, "scholen", "prioriteit",
               "toelichting"]  # fmt: skip
    return gaps[columns].reset_index(drop=True)


def school_domains(g: nx.MultiDiGraph, schooljaar: str | None = None) -> pd.DataFrame:
    """Per school or childcare location: which of the six domains it has, and lacks.

    A location *has* a domain when a partner runs an activity there under a hub of
    that domain, or (without a hub) when the partner's type is that domain.

    Returns
    -------
    pandas.DataFrame
        ``school``, ``school_naam``, ``sector``, ``wijk``, ``wijk_naam``, one column per
        domain (True/False), ``aantal_domeinen``, ``ontbrekend`` and ``toelichting``.

    Examples
    --------
    >>> from lea_graph.dataset import Dataset
    >>> from lea_graph.graph import to_graph
    >>> ds = Dataset.from_rows({
    ...     "hubs": [{"id": "h-1", "naam": "Sport", "domein": "sport"}],
    ...     "wijken": [{"id": "w-1", "naam": "Noord"}],
    ...     "scholen": [{"id": "s-1", "naam": "A", "sector": "po", "wijk": "w-1"}],
    ...     "partners": [{"id": "p-1", "naam": "Club", "type": "sport"},
    ...                  {"id": "p-2", "naam": "Museum", "type": "natuur"}],
    ...     "activiteiten": [{"partner": "p-1", "school": "s-1", "hub": "h-1"},
    ...                      {"partner": "p-2", "school": "s-1"}],
    ... })
    >>> table = school_domains(to_graph(ds))
    >>> table[["sport", "natuur", "techniek", "aantal_domeinen"]].values.tolist()
    [[True, True, False, 2]]
    """
    net = Network.of(g, schooljaar)
    found: dict[str, set[str]] = {s: set() for s in net.ids["school"]}
    acts = net.activities
    # Each hub's domain and each partner's type looked up once, not once per activity.
    hub_domain = {h: net.hub_domain(h) for h in acts["hub"].unique() if isinstance(h, str)}
    partner_domain = {}
    for p in acts["partner"].unique():
        ptype = net.attr(p, "type")
        partner_domain[p] = ptype if ptype in DOMAINS else None
    for school, hub, partner in each_row(acts, "school", "hub", "partner"):
        domain = hub_domain[hub] if isinstance(hub, str) else None
        if domain is None:
            domain = partner_domain[partner]
        if domain:
            found.setdefault(school, set()).add(domain)
    rows = []
    for s in net.ids["school"]:
        has = found.get(s, set())
        missing = [d for d in DOMAINS if d not in has]
        wijk = net.school_wijk.get(s)
        row = {
            "school": s,
            "school_naam": net.name(s),
            "sector": net.attr(s, "sector"),
            "wijk": wijk,
            "wijk_naam": net.name(wijk) if wijk else "",
        }
        row.update({d: d in has for d in DOMAINS})
        row["aantal_domeinen"] = len(has)
        row["ontbrekend"] = ", ".join(missing)
        row["toelichting"] = (
            f"Heeft {len(has)} van de 6 domeinen"
            + (f" ({', '.join(d for d in DOMAINS if d in has)})" if has else "")
            + (f"; ontbreekt: {', '.join(missing)}." if missing else "; alle domeinen aanwezig.")
        )
        rows.append(row)
    return pd.DataFrame(rows)
