"""Every failure of the command line is one Dutch line "Fout: ..." and a non-zero exit
code, never a traceback: through click's runner, and ``serve`` as a real process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from lea_graph.cli import cli

# -- how a failure looks ------------------------------------------------------------------


def embedded_env(tmp_path: Path) -> dict[str, str]:
    return {"LEA_STORE": "embedded", "LEA_DATA_DIR": str(tmp_path / "data"), "LEA_NEO4J_URI": ""}


def fails_in_one_line(result, exit_code: int = 1) -> str:
    """The one line of a failed command (click's runner); it is all the command said."""
    assert isinstance(result.exception, SystemExit), result.exception  # not a crash
    assert result.exit_code == exit_code, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fout: "), result.output
    return lines[0]


def usage_error(result) -> str:
    """The last line of a mistake in the command: click's usage, then one Dutch line."""
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Usage: ") and "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith(("Fout", "Error"))]
    assert errors == [result.output.strip().splitlines()[-1]] and errors[0].startswith("Fout: ")
    return errors[0]


# -- serve, as a real process ---------------------------------------------------------------


#: Run a command as an ordinary user: as root (in CI) through setpriv as ``nobody``, so
#: that what only root may do (low ports, locked folders) is refused as it would be to
#: the gemeente's own service account.
AS_USER = (
    ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
    if os.geteuid() == 0
    else []
)


@pytest.fixture
def user_dir():
    """A folder the ordinary user may use (pytest's own temporary folders are root's)."""
    import shutil
    import tempfile

    if AS_USER:
        probe = subprocess.run([*AS_USER, sys.executable, "-c", "import lea_graph"],
                               capture_output=True, text=True, check=False)  # fmt: skip
        if probe.returncode != 0:
            pytest.skip(f"als gewone gebruiker start Python hier niet: {probe.stderr[-200:]}")
    folder = Path(tempfile.mkdtemp(prefix="lea-cli-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def lea_graph(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """The real command, as an ordinary user, in ``tmp_path`` (a :func:`user_dir`)."""
    clean = {k: v for k, v in os.environ.items() if k not in ("LEA_SECRET_KEY", "LEA_DEVELOPMENT")}
    return subprocess.run(
        [*AS_USER, sys.executable, "-m", "lea_graph.cli", *args],
        env={**clean, **embedded_env(tmp_path), "HOME": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )


def serve(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("LEA_SECRET_KEY", "LEA_DEVELOPMENT")}
    return subprocess.run(
        [sys.executable, "-m", "lea_graph.cli", "serve", *args],
        env={**clean, **embedded_env(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def free_port() -> str:
    """A port nothing listens on (not 8050: an explorer may be running there)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return str(sock.getsockname()[1])


def serve_fails_in_one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fout: "), result.stderr
    return lines[0]


def test_serve_on_a_port_in_use(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = serve_fails_in_one_line(serve(tmp_path, "--port", str(port)))
    assert f"Poort {port} op 127.0.0.1 is al in gebruik" in line and "--port" in line
    assert not (tmp_path / "data").exists()  # it stopped before starting the database


@pytest.mark.parametrize(
    ("host", "message"),
    [
        ("192.0.2.1", "hoort niet bij deze computer"),  # TEST-NET-1: never a local address
        ("bestaat-niet.invalid", "is geen bekend adres"),
    ],
)
def test_serve_on_an_address_that_is_not_ours(tmp_path, host, message):
    result = serve(tmp_path, "--host", host, "--port", free_port(), LEA_SECRET_KEY="geheim-" * 8)
    line = serve_fails_in_one_line(result)
    assert message in line and "--host" in line


def test_serve_on_a_privileged_port(user_dir):
    start = Path("/proc/sys/net/ipv4/ip_unprivileged_port_start")
    assert not start.exists() or int(start.read_text()) > 1, "low ports are open to everyone"
    line = serve_fails_in_one_line(lea_graph(user_dir, "serve", "--port", "1"))
    assert "Poort 1 mag alleen de beheerder (root) gebruiken" in line


def test_serve_with_the_store_down(tmp_path):
    result = serve(
        tmp_path, "--store", "neo4j", "--port", free_port(), LEA_NEO4J_URI="bolt://127.0.0.1:1"
    )
    assert "Neo4j op bolt://127.0.0.1:1 is niet bereikbaar" in serve_fails_in_one_line(result)


@pytest.mark.parametrize("port", ["0", "70000", "poort"])
def test_serve_on_a_port_that_is_no_port(runner, tmp_path, port):
    line = usage_error(runner.invoke(cli, ["serve", "--port", port], env=embedded_env(tmp_path)))
    assert (
        line == "Fout: Ongeldige waarde voor '--port': geef een heel getal van 1 tot en met 65535."
    )


# -- the store ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["stats"],
        ["query", "zoeken", "-p", "term=x"],
        ["load", "{seed}"],
        ["validate", "--from-store"],
        ["analyse", "--from-store"],
        ["restore"],
    ],
)
def test_a_store_that_is_down(runner, tmp_path, seed_dir, args):
    env = {**embedded_env(tmp_path), "LEA_NEO4J_URI": "bolt://127.0.0.1:1"}
    args = [a.format(seed=seed_dir) for a in args]
    result = runner.invoke(cli, [*args, "--store", "neo4j"], env=env)
    assert fails_in_one_line(result) == (
        "Fout: Neo4j op bolt://127.0.0.1:1 is niet bereikbaar (de verbinding werd geweigerd)."
    )


def test_a_data_directory_that_cannot_be_made(runner, tmp_path):
    (tmp_path / "bestand").write_text("geen map")
    result = runner.invoke(cli, ["stats", "--data-dir", str(tmp_path / "bestand" / "data")])
    line = fails_in_one_line(result)
    assert line.startswith("Fout: De database kan niet worden geopend:") and "geen map" in line


# -- PATH ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["load", "{missing}"],
        ["info", "{missing}"],
        ["analyse", "{missing}"],
        ["export", "{missing}", "--format", "json", "--out", "{out}"],
    ],
)
def test_a_path_that_does_not_exist(runner, tmp_path, args):
    missing = tmp_path / "nergens"
    args = [a.format(missing=missing, out=tmp_path / "uit.json") for a in args]
    line = fails_in_one_line(runner.invoke(cli, args, env=embedded_env(tmp_path)))
    assert line == f"Fout: '{missing}' bestaat niet."
    assert not (tmp_path / "uit.json").exists()


def test_no_path(runner, tmp_path):
    env = embedded_env(tmp_path)
    assert usage_error(runner.invoke(cli, ["load"], env=env)) == "Fout: Argument 'PATH' ontbreekt."
    line = fails_in_one_line(runner.invoke(cli, ["validate"], env=env))
    assert line == "Fout: Geef een PATH op, of --from-store."


# -- option values: click's usage, then Dutch ---------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["export", "--format", "pdf", "--out", "x"],
            "Ongeldige waarde voor '--format': kies uit graphml, gexf, json, xlsx, csv en kumu.",
        ),
        (["export", "--out", "x"], "Optie '--format' ontbreekt; kies uit graphml, gexf,"),
        (["stats", "--store", "mysql"], "Ongeldige waarde voor '--store': kies uit embedded en"),
        (["load", "x", "--batch-size", "0"], "geef een heel getal van minstens 1."),
        (["validate", "x", "--duo", "/bestaat/niet"], "'--duo': geef een bestaand bestand."),
        (["export", "--formaat", "json"], "Onbekende optie '--formaat'. Bedoelde u --format?"),
        (["valideer"], "Onbekende opdracht 'valideer'."),
        (["--vandaag"], "Onbekende optie '--vandaag'."),
        (["stats", "extra"], "Onverwacht extra argument: extra."),
        (["users", "add", "anna", "--rol", "baas"], "'--rol': kies uit lezer, coordinator en"),
    ],
)
def test_bad_option_values(runner, tmp_path, args, message):
    line = usage_error(runner.invoke(cli, args, env=embedded_env(tmp_path)))
    assert message in line


# -- files the commands write -------------------------------------------------------------------


@pytest.fixture
def a_file(tmp_path) -> Path:
    path = tmp_path / "bestand.txt"
    path.write_text("geen map")
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "{seed}", "--format", "json", "--out", "{file}/x.json"], "is een bestand, geen map"),
        (["export", "{seed}", "--format", "xlsx", "--out", "{dir}"], "is een map; geef een bestandsnaam"),
        (["export", "{seed}", "--format", "csv", "--out", "{file}"], "geef bij csv een map op"),
        (["template", "--out", "{file}/x.xlsx"], "is een bestand, geen map"),
        (["template", "--markdown", "--out", "{dir}"], "is een map; geef een bestandsnaam"),
        (["analyse", "{seed}", "--format", "json", "--out", "{file}/a.json"], "geen map"),
        (["generate", "--out", "{file}"], "is een bestand; geef een map op"),
        (["generate", "--out", "{file}/tilburg"], "is een bestand, geen map"),
    ],
)  # fmt: skip
def test_an_output_path_that_cannot_be_written(runner, tmp_path, seed_dir, a_file, args, message):
    args = [a.format(seed=seed_dir, file=a_file, dir=tmp_path) for a in args]
    before = sorted(tmp_path.iterdir())
    line = fails_in_one_line(runner.invoke(cli, args, env=embedded_env(tmp_path)))
    assert message in line
    assert sorted(tmp_path.iterdir()) == before  # nothing was written


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_an_output_folder_that_cannot_be_made(runner, tmp_path):
    """Nobody, root included, can make a folder in /proc: the write itself fails."""
    result = runner.invoke(cli, ["template", "--out", "/proc/lea-graph/x.xlsx"])
    assert fails_in_one_line(result) == (
        "Fout: Kan '/proc/lea-graph/x.xlsx' niet schrijven: de map '/proc/lea-graph' kan "
        "niet worden gemaakt."
    )


def test_an_output_folder_without_permission(user_dir, seed_dir):
    locked = user_dir / "dicht"
    locked.mkdir(mode=0o555)
    try:
        args = ["analyse", str(seed_dir), "--format", "md", "--out", str(locked / "a.md")]
        result = lea_graph(user_dir, *args)
    finally:
        locked.chmod(0o700)
    assert result.returncode != 0 and "Traceback" not in result.stdout + result.stderr
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1, result.stderr
    assert (
        line == f"Fout: Kan '{locked / 'a.md'}' niet schrijven: geen toestemming voor '{locked}'."
    )


def test_missing_output_folders_are_made(runner, tmp_path, seed_dir):
    """As the export always did, so does the report: folders that are missing are made."""
    out = tmp_path / "nieuw" / "map" / "analyse.md"
    result = runner.invoke(cli, ["analyse", str(seed_dir), "--top", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("#")


# -- the last resort -------------------------------------------------------------------------------


def test_an_unexpected_error(runner, tmp_path, monkeypatch):
    def broken():
        raise RuntimeError("kapot")

    monkeypatch.setattr("lea_graph.cypher.named_queries", broken)
    line = fails_in_one_line(runner.invoke(cli, ["query", "--list"], env=embedded_env(tmp_path)))
    assert (
        line.startswith("Fout: Onverwachte fout (RuntimeError: kapot).") and "LEA_DEBUG=1" in line
    )
    debug = runner.invoke(
        cli, ["query", "--list"], env={**embedded_env(tmp_path), "LEA_DEBUG": "1"}
    )
    assert isinstance(debug.exception, RuntimeError)  # developers get the traceback


def test_an_unexpected_os_error(runner, tmp_path, monkeypatch):
    def refused():
        raise PermissionError(13, "Permission denied", "/srv/lea/cypher")

    monkeypatch.setattr("lea_graph.cypher.named_queries", refused)
    result = runner.invoke(cli, ["query", "--list"], env=embedded_env(tmp_path))
    assert fails_in_one_line(result) == "Fout: Geen toestemming voor '/srv/lea/cypher'."


def test_no_password_given(runner, tmp_path):
    result = runner.invoke(
        cli, ["users", "add", "anna", "--rol", "lezer"], input="", env=embedded_env(tmp_path)
    )
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.output.strip().endswith("Fout: Afgebroken.")
