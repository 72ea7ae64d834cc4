"""The Cypher library: generated files are current, every file passes Neo4j's linter,
and no Cypher lives in the Python code."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from lea_graph import model
from lea_graph.cypher import (
    NODE_LABEL,
    OLD_LABEL,
    STAGING_LABEL,
    generated_files,
    named_queries,
    statement,
)

ROOT = Path(__file__).resolve().parents[1]
CYPHER = ROOT / "cypher"
LINT = Path(__file__).parent / "node"


def all_files() -> list[Path]:
    return sorted(CYPHER.rglob("*.cypher"))


def test_generated_files_are_current():
    for rel_path, text in generated_files().items():
        assert (CYPHER / rel_path).read_text(encoding="utf-8") == text, (
            f"{rel_path} is out of date: run python -m lea_graph.cypher"
        )
    load_files = {p.stem for p in (CYPHER / "load").glob("*.cypher")}
    assert load_files == {nk.kind for nk in model.NODE_KINDS} | set(model.EDGE_KINDS)
    staging = {p.stem for p in (CYPHER / "staging").glob("*.cypher")}
    assert staging >= {"knopen", "wissel"} | set(model.EDGE_KINDS)


def test_every_file_says_what_it_does_and_declares_its_parameters():
    for path in all_files():
        name = str(path.relative_to(CYPHER).with_suffix(""))
        st = statement(name)
        assert st.title, name
        declared = {p.name for p in st.params}
        used = set(re.findall(r"\$(\w+)", st.cypher))
        assert used == declared, f"{name}: uses {used}, declares {declared}"


def test_named_queries_are_the_users_questions():
    assert set(named_queries()) >= {
        "wie_doet_wat",
        "hub_partners",
        "hub_wijk_dekking",
        "omgeving",
        "zoeken",
        "geisoleerde_partners",
        "locaties_zonder_activiteit",
    }


def _schema() -> dict:
    labels = [NODE_LABEL, "Meta", STAGING_LABEL, OLD_LABEL, "Laadslot", "Wissel"]
    labels += [nk.label for nk in model.NODE_KINDS]
    types = [r.type for r in model.RELATIONS] + [lk.type for lk in model.LINKS]
    return {"labels": labels, "relationshipTypes": types}


def _sample(ptype: str):
    return {"text": "x", "search": "x", "int": 1, "list": ["x"], "map": {"x": 1}}[ptype]


def test_every_file_passes_neo4js_linter():
    node = shutil.which("node")
    assert node, "Node.js is needed for the Cypher linter"
    assert (LINT / "node_modules" / "@neo4j-cypher").is_dir(), (
        "run: npm ci --prefix tests/node (scripts/test.sh does this)"
    )
    files = []
    for path in all_files():
        st = statement(str(path.relative_to(CYPHER).with_suffix("")))
        files.append(
            {
                "path": str(path.relative_to(ROOT)),
                "text": st.text,
                "parameters": {p.name: _sample(p.type) for p in st.params},
            }
        )
    job = json.dumps({"schema": _schema(), "files": files})
    result = subprocess.run(
        [node, str(LINT / "lint.mjs")], input=job, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert len(report) == len(files) > 20
    problems = [
        f"{f['path']}:{d['line']}: {d['message']}"
        for f in report
        for d in f["diagnostics"]
        # Errors fail; so do warnings about labels or types the schema does not know
        # (a typo would make a query silently return nothing on both stores).
        if d["severity"] == 1 or "not present in the database" in d["message"]
    ]
    assert problems == []


def test_the_linter_catches_mistakes():
    """The check above can fail: a broken statement and an unknown label are reported."""
    node = shutil.which("node")
    files = [
        {"path": "broken", "text": "MATCH (n:Partner RETURN n", "parameters": {}},
        {"path": "typo", "text": "MATCH (n:Partnr) RETURN n", "parameters": {}},
        {"path": "param", "text": "MATCH (n:Partner {id: $id}) RETURN n", "parameters": {}},
    ]
    result = subprocess.run(
        [node, str(LINT / "lint.mjs")],
        input=json.dumps({"schema": _schema(), "files": files}),
        capture_output=True,
        text=True,
        check=True,
    )
    report = {f["path"]: f["diagnostics"] for f in json.loads(result.stdout)}
    assert any(d["severity"] == 1 for d in report["broken"])
    assert any("Partnr" in d["message"] for d in report["typo"])
    assert any("$id" in d["message"] for d in report["param"])


def test_no_cypher_in_python_code():
    # A Cypher MATCH opens a pattern, "(n:Label", "(n)", "(:Label", "()"; Excel's
    # MATCH(C2,…) in the workbook's name formulas (lea_graph/export.py) is no Cypher.
    pattern = re.compile(r"\bMATCH\s*\(\w*[:)\s]|\b(UNWIND|MERGE|DETACH DELETE)\b\s*[\(\$a-z]")
    for cypher in ("MATCH (n:Partner)", "OPTIONAL MATCH ()-[r]-()", "MATCH (:Meta)", "MERGE (x"):
        assert pattern.search(cypher), cypher
    assert not pattern.search('=IFERROR(INDEX(w!$B:$B,MATCH(C2,w!$A:$A,0)),"")')
    offenders = []
    for path in sorted((ROOT / "lea_graph").rglob("*.py")) + sorted((ROOT / "web").rglob("*.py")):
        if path.name == "cypher.py":  # the generator of cypher/load and cypher/schema
            continue
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{i}: {line.strip()}")
    assert offenders == []


#: Named queries that read every year on purpose: they fetch the part of the network a
#: page about one node needs (lea_graph.buurt), and the page applies the schooljaar rule
#: to it (model.counts_in_year), as it does to the whole network.
YEAR_FREE = frozenset({"buren", "relaties_naar", "relaties_rond"})


def test_queries_on_year_bound_relations_take_a_schooljaar():
    """The schooljaar rule is the model's (``model.YEAR_KINDS``): every named query that
    reads a year-bound relation takes a ``schooljaar``, and lets an ongoing relation
    (no year) count in every year."""
    types = {model.edge_kind(k).type: k for k in model.YEAR_KINDS}
    for name, st in named_queries().items():
        if name in YEAR_FREE:
            continue
        used = {k for t, k in types.items() if re.search(rf"\[\w*:{t}\]", st.cypher)}
        if not used:
            continue
        assert "schooljaar" in {p.name for p in st.params}, name
        for kind in used & set(model.ONGOING_KINDS):
            assert re.search(r"\w+\.schooljaar IS NULL", st.cypher), (name, kind)
