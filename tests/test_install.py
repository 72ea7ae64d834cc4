"""The wheel, installed into a fresh virtualenv, finds its data.

Not the README's quick start (that installs editable, from the checkout): this is how
LEA Graph arrives anywhere else, a real wheel with nothing to fall back on.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lea_graph import __version__

ROOT = Path(__file__).resolve().parents[1]


def run(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False, timeout=600
    )


@pytest.mark.slow
def test_wheel_installs_and_ships_seed_and_cypher(tmp_path):
    built = run(sys.executable, "-m", "pip", "wheel", ROOT, "--no-deps", "-q", "-w", tmp_path / "w")
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "w").glob("lea_graph-*.whl"))
    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", venv).returncode == 0
    pip = run(venv / "bin" / "python", "-m", "pip", "install", "-q", wheel)
    assert pip.returncode == 0, pip.stderr

    # Run from an unrelated folder so nothing can come from the checkout.
    where = run(
        venv / "bin" / "python",
        "-c",
        "import lea_graph.resources as r; print(r.seed_path()); print(r.cypher_dir())",
        cwd=tmp_path,
    )
    assert where.returncode == 0, where.stderr
    seed, cypher = where.stdout.split()
    assert "site-packages" in seed and "site-packages" in cypher
    assert Path(seed, "partners.csv").is_file()
    assert Path(seed, "wijken.geojson").is_file()  # the wijk boundaries travel with it

    info = run(venv / "bin" / "lea-graph", "info", "--format", "json", cwd=tmp_path)
    assert info.returncode == 0, info.stderr
    assert json.loads(info.stdout)["nodes"]["partner"] > 60

    valid = run(venv / "bin" / "lea-graph", "validate", seed, cwd=tmp_path)
    assert valid.returncode == 0, valid.stdout
    as_module = run(venv / "bin" / "python", "-m", "lea_graph.cli", "--version", cwd=tmp_path)
    assert as_module.stdout.strip() == f"lea-graph, version {__version__}", as_module.stderr

    # The store finds its Cypher files inside the installed package too.
    data = tmp_path / "data"
    load = run(venv / "bin" / "lea-graph", "load", seed, "--data-dir", data, cwd=tmp_path)
    assert load.returncode == 0, load.stdout + load.stderr
    found = run(
        venv / "bin" / "lea-graph", "query", "zoeken", "-p", "term=factorium",
        "--data-dir", data, "--format", "json", cwd=tmp_path,
    )  # fmt: skip
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)[0]["id"] == "p-factorium"

    # The explorer ships its templates and static files, and serves vis-network itself.
    pages = run(
        venv / "bin" / "python",
        "-c",
        "import sys; from web import create_app\n"
        "app = create_app({'DATA_DIR': sys.argv[1], 'SECRET_KEY': 'test-' * 8}); c = app.test_client()\n"
        "for url in ('/', '/netwerk', '/static/css/app.css', '/vendor/vis-network.min.js'):\n"
        "    r = c.get(url); print(url, r.status_code); r.close()",
        data,
        cwd=tmp_path,
    )
    assert pages.returncode == 0, pages.stderr
    lines = pages.stdout.splitlines()
    # Outside development the app logs one JSON line per request on standard output.
    logged = [json.loads(line) for line in lines if line.startswith("{")]
    answers = [line for line in lines if not line.startswith("{")]
    assert len(answers) == 4 and all(line.endswith(" 200") for line in answers), pages.stdout
    assert [(e["path"], e["status"]) for e in logged] == [
        (line.split()[0], 200) for line in answers
    ], pages.stdout
