"""Plain B1 Dutch on every page a non-analyst looks at (issue 28 §2).

The test crawls the explorer on the Tilburg seed as each role (anonymous, lezer,
coordinator, beheerder): it starts at ``/`` and a list of known pages, follows every
same-site link in the HTML (no downloads, API, static files) and reads the visible text
of each page: the HTML without tags, scripts, styles and attributes. On that text it
fails, naming page and text, on

- command lines (``lea-graph``, ``--format``, ``pip``, ``python``),
- raw ids of the seed, versions of the store (``lea_v1``) and the seed's folder name,
- ``bron=voorbeeld``,
- analysts' and English words (Betweenness, Modulariteit, NMI, …),
- wrong plurals ("1 resultaten", "1 rijen", "1 partners"),
- ISO dates (``2026-12-06``); school years such as ``2024-2025`` are fine.

The console is an expert tool for the beheerder: there the ``<code>`` and the query's
parameters (Cypher, in a ``<textarea>``) are left out of the visible text; the rest of
the page follows the same rules. The exact method of a figure, in the fold
``<details class="hoe-berekend"><summary>Hoe berekend?</summary>``, may use the
analysts' words and numbers: it is for whoever opens it.

The API, JSON and downloads keep their ids and technical names: they are not crawled.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from helpers import close_app, csrf_of, logged_in, make_app

from lea_graph.ingest import load_dataset
from lea_graph.resources import seed_path

ROLES = ("anoniem", "lezer", "coordinator", "beheerder")

#: Pages no link may lead to yet that a role may see.
KNOWN = (
    "/",
    "/netwerk",
    "/kaart",
    "/wijken",
    "/hubs",
    "/partners",
    "/scholen",
    "/programmas",
    "/analyses",
    "/veranderingen",
    "/scenario",
    "/scenario?zonder=p-factorium",
    "/zoeken?q=heikant",
    "/zoeken?q=factorium",
    "/gegevens",
    "/login",
    "/console",
    "/beheer/upload",
    "/beheer/log",
    "/beheer/voorstellen",
    "/beheer/actualiteit",
    "/beheer/publiceren",
    "/toegankelijkheid",
    "/privacy",
)

MAX_PAGES = 300

SKIP_PREFIXES = ("/api/v1/", "/download/", "/static/", "/vendor/", "/health", "/logout")
SKIP_SUFFIXES = (".pdf", ".json", ".csv", ".xlsx", ".graphml", ".gexf", ".ico", ".js", ".css")

#: Words of analysts or English that a page shows no one (a whole word, any case
#: unless written with capitals).
ANALYST_WORDS = (
    "betweenness",
    "modularity",
    "modulariteit",
    "NMI",
    "ARI",
    "bastionscore",
    "closeness",
    "degree",
    "centrality",
    "centraliteit",
    "cluster coefficient",
    "clustering coefficient",
    "clustercoëfficiënt",
    "eigenvector",
    "pagerank",
    "louvain",
    "leiden",
    "articulation point",
    "bridge",
)

COMMANDS = re.compile(r"lea-graph|--format|\bpip |\bpython ", re.I)
INTERNAL = re.compile(r"\blea_v\d+\b|seed/tilburg|bron=voorbeeld")
ID_SHAPE = re.compile(r"(?<![\w/-])(?:p|s|h|w|pr|c)-[a-z0-9-]+\b")
PLURALS = re.compile(r"(?<![\d.,])1 (?:resultaten|rijen|partners|scholen|wijken|programma's)\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _word_pattern(word: str) -> re.Pattern:
    flags = 0 if word.isupper() else re.I
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", flags)


WORDS = [(word, _word_pattern(word)) for word in ANALYST_WORDS]


class _Page(HTMLParser):
    """The visible text and the links of one page."""

    def __init__(self, skip_code: bool):
        super().__init__(convert_charrefs=True)
        expert = {"code", "textarea"} if skip_code else set()
        self.skip = {"script", "style", "template"} | expert
        self.skipping = ""  # the tag whose content is left out, and how deep
        self.depth = 0
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if self.skipping:
            if tag == self.skipping:
                self.depth += 1
        elif tag in self.skip or (
            tag == "details" and "hoe-berekend" in (attributes.get("class") or "").split()
        ):
            self.skipping, self.depth = tag, 1

    def handle_endtag(self, tag):
        if self.skipping and tag == self.skipping:
            self.depth -= 1
            if not self.depth:
                self.skipping = ""

    def handle_data(self, data):
        if not self.skipping:
            self.text.append(data)


def visible(html: str, skip_code: bool = False) -> tuple[str, list[str]]:
    page = _Page(skip_code)
    page.feed(html)
    page.close()
    return " ".join(" ".join(page.text).split()), page.links


def _followable(href: str) -> str | None:
    href, _ = urldefrag(href)
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(SKIP_SUFFIXES):
        return None
    return href


def _kind(url: str) -> str:
    """The kind of a page: its path without the last part for a detail page."""
    parts = urlsplit(url)
    path = parts.path
    if path.count("/") > 1 and not path.startswith(("/beheer", "/analyses")):
        path = path.rsplit("/", 1)[0]
    return path + ("?" if parts.query else "")


def problems(text: str, seed_ids: set[str]) -> list[tuple[str, str]]:
    """(kind, the text around it) of each thing on a page that breaks the rules."""
    found: list[tuple[str, str]] = []

    def around(m: re.Match) -> str:
        return text[max(0, m.start() - 40) : m.end() + 40]

    for m in COMMANDS.finditer(text):
        found.append(("opdracht", around(m)))
    for m in INTERNAL.finditer(text):
        found.append(("interne naam", around(m)))
    for m in ID_SHAPE.finditer(text):
        if m.group(0) in seed_ids:
            found.append(("id", around(m)))
    for word, pattern in WORDS:
        for m in pattern.finditer(text):
            found.append((f"vakterm {word}", around(m)))
    for m in PLURALS.finditer(text):
        found.append(("meervoud", around(m)))
    for m in ISO_DATE.finditer(text):
        found.append(("ISO-datum", around(m)))
    return found


def crawl(client, start: list[str], seed_ids: set[str], expert_console: bool):
    """Every page reachable from ``start``; the problems per page."""
    seen: set[str] = set()
    queue = list(start)
    found: dict[str, list[tuple[str, str]]] = {}
    kinds: dict[str, int] = defaultdict(int)
    while queue and len(seen) < MAX_PAGES:
        # Every kind of page first (one partner, one school, each analysis), then more of
        # the same kind: the cap leaves out look-alikes, not kinds.
        url = min(queue, key=lambda u: kinds[_kind(u)])
        queue = [u for u in queue if u != url]
        if url in seen:
            continue
        kinds[_kind(url)] += 1
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        html = response.get_data(as_text=True)
        skip_code = expert_console and urlsplit(url).path == "/console"
        text, links = visible(html, skip_code)
        page_problems = problems(text, seed_ids)
        if page_problems:
            found[url] = page_problems
        for href in links:
            target = _followable(href)
            if target and target not in seen and target not in queue:
                queue.append(target)
    return seen, found


@pytest.fixture(scope="module")
def seed_ids() -> set[str]:
    from lea_graph.graph import to_graph

    ids = {str(n) for n in to_graph(load_dataset(seed_path())).nodes}
    return {i for i in ids if i}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("taal") / "data")
    yield app
    close_app(app)


def _invitation(client) -> str:
    """The path of a new invitation link for the Factorium (made by the beheerder)."""
    token = csrf_of(client, "/partner/p-factorium")
    response = client.post(
        "/beheer/uitnodiging/p-factorium", data={"csrf_token": token, "dagen": "14"}
    )
    html = response.get_data(as_text=True)
    link = re.search(r'value="http://localhost(/bijdragen/[^"]+)"', html)
    return link.group(1) if link else ""


def _published(client) -> list[str]:
    """The public addresses of a published wijk, map and hub (made by the beheerder)."""
    paths = []
    for form in (
        {"soort": "wijk", "wijk": "w-heikant"},
        {"soort": "kaart", "kleur": "doel"},
        {"soort": "hub", "hub": "h-cultuur"},
    ):
        token = csrf_of(client, "/beheer/publiceren")
        response = client.post("/beheer/publiceren", data={"csrf_token": token, **form})
        found = re.search(r"nieuw=([\w-]+)", response.headers.get("Location", ""))
        paths += [f"/publiek/{found.group(1)}"] if found else []
    return paths


def _saved_view(client) -> None:
    """A saved view of the map, so that the list of saved views is crawled too."""
    token = csrf_of(client, "/kaart")
    client.post(
        "/weergaven",
        data={"csrf_token": token, "pagina": "kaart", "naam": "Doel", "filter": "kleur=doel"},
    )


def test_plain_dutch_on_every_page(site, seed_ids):
    report: dict[str, int] = defaultdict(int)
    lines: list[str] = []
    beheerder = logged_in(site, "beheerder")
    invitation = _invitation(beheerder)
    published = _published(beheerder)
    assert len(published) == 3
    _saved_view(beheerder)
    for role in ROLES:
        client = site.test_client() if role == "anoniem" else logged_in(site, role)
        start = list(KNOWN) + ([invitation] if invitation else []) + published
        seen, found = crawl(client, start, seed_ids, expert_console=role == "beheerder")
        assert len(seen) > 5 or role == "anoniem", (role, seen)
        for url, items in sorted(found.items()):
            for kind, text in items:
                report[kind.split()[0]] += 1
                lines.append(f"[{role}] {url}: {kind}: …{text}…")
    summary = ", ".join(f"{kind}: {n}" for kind, n in sorted(report.items()))
    assert not lines, f"{len(lines)} plekken ({summary}):\n" + "\n".join(dict.fromkeys(lines))


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Voer lea-graph load uit", "opdracht"),
        ("versie lea_v1 (seed/tilburg)", "interne naam"),
        ("id p-factorium", "id"),
        ("Betweenness 0,3", "vakterm"),
        ("1 resultaten", "meervoud"),
        ("geladen op 2026-12-06", "ISO-datum"),
    ],
)
def test_the_rules_catch(text, kind, seed_ids):
    assert any(k.startswith(kind) for k, _ in problems(text, seed_ids))


@pytest.mark.parametrize(
    "text",
    ["schooljaar 2024-2025", "11 resultaten", "21 rijen", "Factorium", "6 december 2026, 15:24"],
)
def test_the_rules_allow(text, seed_ids):
    assert problems(text, seed_ids) == []


def test_visible_text_leaves_out_attributes_scripts_and_the_method():
    text, links = visible(
        '<a href="/partner/p-factorium" title="p-factorium">Factorium</a>'
        "<script>var x = 'lea-graph';</script><style>.p-x{}</style>"
        '<details class="hoe-berekend"><summary>Hoe berekend?</summary>'
        "<details><p>NMI 0,3</p></details></details><p>Klaar</p>"
    )
    assert text == "Factorium Klaar" and links == ["/partner/p-factorium"]
