"""Helpers of the browser tests (a module name of its own, unlike conftest.py)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "node" / "node_modules" / "axe-core" / "axe.min.js"
#: Where the browser tests put their screenshots: a temporary folder, so that a test run
#: never rewrites the tracked pictures. The README's pictures are refreshed on purpose with
#: ``LEA_SCREENSHOTS=docs/screenshots .venv/bin/python -m pytest tests/browser``.
SCREENSHOTS = ROOT / os.environ.get(
    "LEA_SCREENSHOTS", str(Path(tempfile.gettempdir()) / f"lea-graph-screenshots-{os.getuid()}")
)
SCREENSHOTS.mkdir(parents=True, exist_ok=True)


class Watched:
    """A page plus everything it did: requests, console errors, page errors, dialogs."""

    def __init__(self, page):
        self.page = page
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))

        def dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)

    def assert_clean(self, base: str) -> None:
        outside = [u for u in self.requests if not u.startswith((base, "data:", "blob:"))]
        assert outside == [], f"requests left localhost: {outside}"
        assert self.console_errors == [], self.console_errors
        assert self.page_errors == [], self.page_errors
        assert self.dialogs == [], self.dialogs


@contextlib.contextmanager
def served(app):
    """Serve ``app`` with waitress on a free localhost port while the block runs; give
    its base URL."""
    import threading

    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=4, ident="LEA Graph test")
    stop = threading.Event()

    def run() -> None:
        # The loop stops and closes the sockets in its own thread: closing them from
        # here while the loop waits in select() ends that thread with EBADF.
        while not stop.is_set():
            server.asyncore.loop(timeout=0.2, map=server._map, count=1)
        server.asyncore.close_all(server._map)
        server.task_dispatcher.shutdown()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop.set()
        thread.join(10)


def wait_for_network(page, selector: str = ".network[data-url]", timeout: float = 15_000) -> int:
    """Wait until the network in ``selector`` has drawn; return its number of nodes."""
    page.wait_for_selector(f"{selector}[data-ready='1']", timeout=timeout)
    return page.eval_on_selector(selector, "el => el.leaNetwork.body.data.nodes.length")


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (WCAG 2.1 A and AA rules) on the page; return the serious ones."""
    # Evaluated over the DevTools protocol, so the page's CSP (no inline
    # scripts) does not block it the way add_script_tag would be blocked.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def click_node(page, node_id: str, selector: str = ".network[data-url]") -> None:
    """Click a node where the canvas drew it (scrolling the network into view first)."""
    container = page.locator(selector).first
    container.scroll_into_view_if_needed()
    page.eval_on_selector(
        selector,
        "(el, id) => { el.leaNetwork.focus(id, {scale: 1.0, animation: false}); }",
        node_id,
    )
    point = page.eval_on_selector(
        selector,
        "(el, id) => { const n = el.leaNetwork; const p = n.canvasToDOM(n.getPosition(id));"
        " return {x: p.x, y: p.y}; }",
        node_id,
    )
    box = container.bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def log_in(page, base: str, role: str, target: str) -> None:
    """Open ``target``, log in on the login page it sends to as the test account of
    ``role``, and wait until the browser is back at ``target``."""
    from helpers import PASSWORDS
    from playwright.sync_api import expect

    page.goto(base + target)
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    page.get_by_label("Gebruikersnaam").fill(role)
    page.get_by_label("Wachtwoord").fill(PASSWORDS[role])
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(base + target)
