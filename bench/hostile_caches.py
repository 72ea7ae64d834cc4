"""Finding 5 of issue 25: do anonymous visitors grow the explorer's caches without bound?

Starts a real explorer (``lea-graph serve`` on waitress, the embedded store, a fresh data
directory with the Tilburg seed) and sends it what the security review sent:

1. ``/api/v1/scenario?zonder=A&zonder=B&zonder=C`` with random triples of partners,
   anonymously;
2. the same with other random triples, logged in as a lezer (so a rate limit for
   anonymous visitors does not hide what the memory cache does);
3. ``/api/v1/netwerk`` with ``soort`` repeated and reordered (views that are the same).

After each part it prints the statuses, the explorer process's resident memory
(``VmRSS``) and its peak (``VmHWM``, from ``/proc/<pid>/status``), and the size of the
disk cache (``cache/`` in the data directory), then the whole run as JSON.

    .venv/bin/python bench/hostile_caches.py
    .venv/bin/python bench/hostile_caches.py --scenario 125 --netwerk 600
    LEA_CACHE_MEMORY_MB=16 LEA_CACHE_DISK_MB=8 .venv/bin/python bench/hostile_caches.py

The settings of the explorer come from the environment (``LEA_*``), so the same script
measures old and new code (run it with ``PYTHONPATH`` set to the checkout to measure).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

#: The account the logged-in part uses (given through LEA_USERS, as a hash).
ACCOUNT, PASSWORD = "bench-lezer", "bench-lezer-wachtwoord-lang-1"
#: The node kinds of the network view's ``soort`` filter.
KINDS = ("partner", "hub", "wijk", "school", "programma", "cluster", "thema", "ambitie")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def memory_mb(pid: int) -> dict[str, float]:
    """``VmRSS`` and ``VmHWM`` of a process, in MB."""
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    values = {row.split(":")[0]: int(row.split()[1]) / 1024 for row in status if row[:2] == "Vm"}
    return {"rss_mb": round(values["VmRSS"], 1), "peak_mb": round(values["VmHWM"], 1)}


def folder_mb(folder: Path) -> float:
    if not folder.exists():
        return 0.0
    return round(sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6, 1)


class Visitor:
    """One browser: its own cookies."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str, data: dict | None = None) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=600) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def login(self) -> None:
        _, html = self.get("/login")
        token = re.search(rb'name="csrf_token" value="([^"]+)"', html).group(1).decode()
        status, _ = self.get(
            "/login", {"naam": ACCOUNT, "wachtwoord": PASSWORD, "csrf_token": token}
        )
        assert status == 200, status  # the redirect to the overview, followed


def scenario_urls(partners: list[str], n: int, rnd: random.Random) -> list[str]:
    return [
        "/api/v1/scenario?"
        + urllib.parse.urlencode([("zonder", p) for p in rnd.sample(partners, 3)])
        for _ in range(n)
    ]


def netwerk_urls(n: int, rnd: random.Random) -> list[str]:
    """Views of the network whose ``soort`` values are repeated and reordered."""
    urls = []
    for _ in range(n):
        chosen = rnd.sample(KINDS, rnd.randint(1, len(KINDS)))
        chosen += rnd.choices(chosen, k=rnd.randint(0, 4))
        rnd.shuffle(chosen)
        urls.append("/api/v1/netwerk?" + urllib.parse.urlencode([("soort", k) for k in chosen]))
    return urls


def part(name, visitor, urls, pid, cache) -> dict:
    started = time.monotonic()
    statuses = Counter(visitor.get(url)[0] for url in urls)
    result = {
        "deel": name,
        "verzoeken": len(urls),
        "statussen": dict(sorted(statuses.items())),
        "seconden": round(time.monotonic() - started, 1),
        **memory_mb(pid),
        "schijfcache_mb": folder_mb(cache),
    }
    print(
        f"{name:<28} {len(urls):>5} verzoeken  statussen {result['statussen']}  "
        f"RSS {result['rss_mb']:>7.1f} MB  piek {result['peak_mb']:>7.1f} MB  "
        f"schijf {result['schijfcache_mb']:>6.1f} MB  {result['seconden']:>6.1f} s",
        flush=True,
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", type=int, default=125, help="scenario requests per part")
    parser.add_argument("--netwerk", type=int, default=600, help="network view requests")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="write the figures as JSON here too")
    args = parser.parse_args()

    from werkzeug.security import generate_password_hash

    data_dir = Path(tempfile.mkdtemp(prefix="lea-hostile-"))
    port = free_port()
    env = {
        **os.environ,
        "LEA_DATA_DIR": str(data_dir),
        "LEA_DEVELOPMENT": "1",
        "LEA_STORE": "embedded",
        "LEA_USERS": json.dumps(
            {ACCOUNT: {"rol": "lezer", "wachtwoord": generate_password_hash(PASSWORD)}}
        ),
    }
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and program)
        [sys.executable, "-m", "lea_graph.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        anonymous = Visitor(base)
        deadline = time.monotonic() + 300
        while True:
            try:
                if anonymous.get("/health")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "serve did not start"
            time.sleep(0.5)
        _, body = anonymous.get("/api/v1/partners")
        rows = json.loads(body)["tabellen"]["partners"]["rijen"]
        partners = sorted(row["partner"] for row in rows)
        cache = data_dir / "cache"
        rnd = random.Random(args.seed)  # noqa: S311 (requests, not secrets)
        anonymous.get("/api/v1/overzicht")
        results = [part("start (na /api/v1/overzicht)", anonymous, [], server.pid, cache)]
        results.append(
            part(
                "scenario, anoniem",
                anonymous,
                scenario_urls(partners, args.scenario, rnd),
                server.pid,
                cache,
            )
        )
        lezer = Visitor(base)
        lezer.login()
        results.append(
            part(
                "scenario, ingelogd",
                lezer,
                scenario_urls(partners, args.scenario, rnd),
                server.pid,
                cache,
            )
        )
        results.append(
            part(
                "netwerk, soort herhaald",
                anonymous,
                netwerk_urls(args.netwerk, rnd),
                server.pid,
                cache,
            )
        )
    finally:
        server.terminate()
        server.wait(60)
    settings = {k: v for k, v in os.environ.items() if k.startswith("LEA_CACHE")}
    report = {"instellingen": settings, "delen": results}
    print(json.dumps(report, ensure_ascii=False))
    if args.out:
        args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
