"""The console's two checks fuzzed against the real databases (issue 25, finding 4).

Texts are generated (seeded: the same texts every run) that hide a procedure call,
LOAD CSV of a local address, SHOW, USE, TERMINATE or a write behind line comments ended
by every line end there is, block comments, strings with escapes, backtick names,
UNION, odd case, comments and unicode spaces between words, query options; and plain
reads beside them. For every text, on each store:

1. when the text check alone (:func:`check_read_only`) accepts it, the database's own
   plan for it holds no dangerous step: the check reads the text as the database does
   (a dangerous step here would be a hole the plan check has to catch);
2. when the whole console path (:meth:`Store.read_only`: text check, plan check,
   read-only run) accepts it, its plan holds no dangerous step either, the local web
   server was never asked for its file and nothing in the store changed.

The dangerous steps are listed here, apart from the stores' allow-lists, so that the
test does not check the allow-lists against themselves.
"""

from __future__ import annotations

import random

import helpers
import pytest
from helpers import STORE_BACKENDS, TINY, Network, make_store

from lea_graph.dataset import Dataset
from lea_graph.store import StoreError
from lea_graph.store.guard import ForbiddenQuery, check_read_only

SEED = 25
TEXTS = 600

#: Plan steps that are no plain read, per store (Neo4j without its "@neo4j" suffix).
DANGEROUS = {
    "neo4j": (
        "ProcedureCall", "LoadCSV", "Show", "Terminate", "Create", "Merge", "LockingMerge",
        "Set", "Remove", "Delete", "DetachDelete", "Foreach", "TransactionForeach",
        "TransactionApply", "EmptyResult", "AdministrationCommand", "Drop", "DoNothingIfExists",
        "RunQueryAt",
    ),
    "embedded": (
        "ProcedureCall", "Load CSV", "Create", "Update", "Delete", "Merge", "MergeCreate",
        "Foreach", "SubqueryForeach",
    ),
}  # fmt: skip

#: What may follow UNION after a first part that returns one column ``a``.
UNION_PAYLOADS = (
    "CALL db.labels() YIELD label RETURN label AS a",
    "LOAD CSV FROM '{url}' AS row RETURN row[0] AS a",
    "CREATE (n:Fuzz) RETURN 'c' AS a",
    "MERGE (n:Fuzz) RETURN 'm' AS a",
    "MATCH (n:Partner) SET n.fuzz = 1 RETURN 's' AS a",
    "MATCH (n:Partner) REMOVE n.naam RETURN 'r' AS a",
    "MATCH (n:Fuzz) DETACH DELETE n RETURN 'd' AS a",
    "FOREACH (x IN [1] | CREATE (:Fuzz)) RETURN 'f' AS a",
    "MATCH (n:Partner) CALL {{ WITH n SET n.fuzz = 2 }} RETURN 'q' AS a",
    "RETURN 'lezen' AS a",
    "MATCH (n:Partner) RETURN n.naam AS a",
)
#: Whole statements.
STATEMENTS = (
    "SHOW SETTINGS YIELD name RETURN name AS a",
    "SHOW TRANSACTIONS",
    "SHOW PROCEDURES YIELD name RETURN name",
    "USE system SHOW USERS",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "CALL db.labels()",
    "LOAD CSV FROM '{url}' AS row RETURN row",
    "CREATE (n:Fuzz)",
    "MATCH (n:Partner) RETURN n.naam AS a ORDER BY a LIMIT 2",
    "MATCH (p:Partner)-[r:LID_VAN]->(h:Hub) RETURN p, r, h",
)
#: Every character some reader takes for a line end.
LINE_ENDS = ("\n", "\r", "\r\n", "\u2028", "\u2029", "\u0085", "\v", "\f", "\x1c", "\x1d",
             "\x1e", "\n\r")  # fmt: skip
#: White space of Neo4j's lexer (SPACE), and some that is none.
SPACES = (" ", "\t", "\n", "\u00a0", "\u1680", "\u2003", "\u200a", "\u2028", "\u202f",
          "\u3000", "\x1c", "\v", "\f", "/**/", "/* x */", "// c\n", "\u200b", "\u00ad")  # fmt: skip
#: Strings and names that might end where one reader thinks they do not.
TRICKS = ("'a\\'", "'a\\\\'", "'\\u0027'", '"a\\"', "'a\\\\\\''", "'//'", "'/*'", "`a``b`",
          "`a//`", "`a\n`", "'\\\\'", "\"'\"", "'\"'")  # fmt: skip
PREFIXES = ("", "CYPHER 5 ", "CYPHER runtime=slotted ", "EXPLAIN ", "PROFILE ", "cypher ")


def _case(rng: random.Random, text: str) -> str:
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in text)


def _spaced(rng: random.Random, text: str) -> str:
    """``text`` with some of its spaces replaced by other white space, comments or
    characters that are none, and some words in odd case."""
    words = text.split(" ")
    if rng.random() < 0.4:
        words = [_case(rng, w) if w.isalpha() else w for w in words]
    out = words[0]
    for word in words[1:]:
        out += (rng.choice(SPACES) if rng.random() < 0.3 else " ") + word
    return out


def texts(url: str) -> list[str]:
    """The generated texts (the same ones for the same seed)."""
    rng = random.Random(SEED)
    out = []
    while len(out) < TEXTS:
        union = _spaced(rng, rng.choice(UNION_PAYLOADS).format(url=url))
        statement = _spaced(rng, rng.choice(STATEMENTS).format(url=url))
        trick = rng.choice(TRICKS)
        end = rng.choice(LINE_ENDS)
        inside = rng.choice(["", " ", "*", "/*", "//", "'", "\\", trick])
        form = rng.randrange(9)
        if form == 0:  # after a line comment
            text = f"RETURN 'x' AS a // c{inside}{end}UNION {union}"
        elif form == 1:  # after a block comment
            text = f"RETURN 'x' AS a /* {inside}{end} */ UNION {union}"
        elif form == 2:  # after a string or name that may or may not end
            text = f"RETURN {trick} AS a UNION {union}"
        elif form == 3:  # inside a string that ends later
            text = f"RETURN 'x{inside}' AS a UNION {union} //'"
        elif form == 4:  # a whole statement, maybe after a line comment
            text = rng.choice(["", f"// c{end}"]) + statement
        elif form == 5:  # a statement after a line comment and a string
            text = f"// {trick}{end}{statement}"
        elif form == 6:  # with query options before it
            text = rng.choice(PREFIXES) + rng.choice([statement, f"RETURN 'x' AS a UNION {union}"])
        elif form == 7:  # two statements
            text = f"RETURN 1 AS a;{end}{statement}"
        else:  # a name in backticks, then a comment
            text = f"RETURN 1 AS {trick} // {end}UNION {union}"
        out.append(text)
    return out


# -- the databases' own plans ---------------------------------------------------------------


def plan_steps(store, text: str) -> list[str] | None:
    """The steps of the database's own plan for ``text``, or None if it plans nothing
    (a syntax error, an unknown procedure)."""
    if store.backend == "neo4j":
        from neo4j import READ_ACCESS
        from neo4j.exceptions import Neo4jError

        def walk(plan):
            yield plan["operatorType"].rsplit("@", 1)[0]
            for child in plan.get("children") or []:
                yield from walk(child)

        with store.driver.session(database=store.database, default_access_mode=READ_ACCESS) as s:
            try:
                summary = s.run("EXPLAIN\n" + text).consume()
            except Neo4jError:
                return None
        steps = list(walk(summary.plan))
        return steps if summary.query_type == "r" else [*steps, f"soort {summary.query_type}"]
    import redis

    graph = store.db.select_graph(store.current_graph())
    try:
        return [line.split(" | ", 1)[0].strip() for line in graph.explain(text).plan]
    except redis.exceptions.ResponseError:
        return None


def dangerous(backend: str, steps: list[str]) -> list[str]:
    return [s for s in steps if s.startswith(DANGEROUS[backend]) or s.startswith("soort")]


# -- the test -------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=STORE_BACKENDS)
def store(request, tmp_path_factory):
    network = Network(
        make_store(request.param, tmp_path_factory.mktemp("console-fuzz")),
        Dataset.from_rows(TINY),
    )
    yield network.ensure()
    network.store.close()


def test_fuzzed_texts_never_get_past_as_more_than_a_read(store):
    before = store.stats()
    with helpers.csv_server() as (url, asked):
        generated = texts(url)
        guard_accepted = console_accepted = 0
        holes = []
        for text in generated:
            try:
                check_read_only(text)
            except ForbiddenQuery:
                continue
            guard_accepted += 1
            steps = plan_steps(store, text)
            if steps is not None and dangerous(store.backend, steps):
                holes.append(("tekstcontrole", text, dangerous(store.backend, steps)))
            try:
                store.read_only(text, timeout_ms=5000, max_rows=5)
            except StoreError:
                continue
            console_accepted += 1
            if steps is None or dangerous(store.backend, steps):
                holes.append(("console", text, steps))
        assert holes == []
        assert asked == []
    assert store.stats()["nodes"] == before["nodes"]
    assert store.stats()["edges"] == before["edges"]
    # The texts reach both checks: plain reads among them are run.
    assert console_accepted > 10, (guard_accepted, console_accepted)
