"""No import cycles, and each layer imports only the layers below it.

The import graph is read from the source with ``ast``: every ``import`` and ``from …
import`` of the project's own modules, at module level and inside functions alike (an
import inside a function is a dependency all the same; it only runs later). Imports
under ``if TYPE_CHECKING:`` are left out: they never run.

The rules are data, at the top of this file; docs/architecture.md ("Layers") describes
the same.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: The packages whose imports are read.
PACKAGES = ("lea_graph", "web")

#: The layers, bottom first: no module of a layer imports a module of a layer above it.
#: A name stands for that module and every module under it.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("model", ("lea_graph.model",)),
    ("ingest, store, analytics", ("lea_graph.ingest", "lea_graph.store", "lea_graph.analytics")),
    ("services", ("web.services",)),
    ("screens", ("web.screens",)),
    ("views", ("web.views", "web.params", "web.pages", "web.auth")),
)

#: Packages of one layer that import nothing of each other: the analyses take a graph
#: (not tables, not a store), reading tables and keeping the graph know nothing of the
#: analyses or of each other.
INDEPENDENT: tuple[tuple[str, ...], ...] = (
    ("lea_graph.ingest", "lea_graph.store", "lea_graph.analytics"),
)

#: The project's modules that ``lea_graph.model`` (the schema everything reads) may
#: import: none.
MODEL_MAY_IMPORT: frozenset[str] = frozenset()

#: ``lea_graph`` is the library and ``web`` the application on it: no module of
#: ``lea_graph`` imports ``web``, but these (module: why).
LIBRARY_MODULES_THAT_IMPORT_WEB = {
    "lea_graph.cli.serve": "`lea-graph serve` starts the explorer",
}

#: Packages none of whose modules imports another module of the same package (the
#: package's ``__init__`` may: it collects them).
NO_SIBLING_IMPORTS: tuple[str, ...] = ("web.views",)

#: What a screen takes from Flask: the addresses of pages (``url_for``). Reading the
#: request is the views' job; these screens still read it themselves (module: what it
#: reads), and no other screen may start to.
SCREEN_FLASK_NAMES = frozenset({"url_for"})
SCREENS_THAT_READ_THE_REQUEST = {
    "web.screens.kaart": "kaart_keuze(): the map's colouring, hub and gemeente",
    "web.screens.netwerk": "view_filter(): the network view's filter",
}

#: Screens and views take records from the services (``services.partner_rows(year)``,
#: ``services.name(id)``, ``services.nodes_of(kind)``, ...), not the network itself: the
#: networkx graph (``services.graph()``) and the analyses' view of it
#: (``services.network()``) stay below them. These still take it (module: what for);
#: the list can only shrink: a module listed here that no longer does fails too.
SCREENS_THAT_TAKE_THE_GRAPH: dict[str, str] = {}

#: Screens and views take the report's tables whole (to show them, or count their rows):
#: picking rows out of them (``report.gaps[report.gaps["hub"] == hub]``, ``.loc``,
#: ``.iloc``) is done below the services (``lea_graph.analytics.entities``). These still do
#: (module: what for); the list can only shrink.
SCREENS_THAT_INDEX_THE_REPORT: dict[str, str] = {}

#: Graph and table libraries that screens and views do not import: they compute with
#: them below the services (``lea_graph.analytics``). These still do (module: what for);
#: the list can only shrink.
GRAPH_LIBRARIES = frozenset({"networkx", "pandas"})
SCREENS_THAT_IMPORT_GRAPH_LIBRARIES = {
    "web.screens.console": "a console answer laid out as an nx.Graph",
}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the imported module of the project, or the top-level name of a library
    line: int
    in_function: bool
    names: tuple[str, ...] = ()  # what ``from target import …`` takes


def project_modules(root: Path = ROOT, packages: tuple[str, ...] = PACKAGES) -> dict[str, Path]:
    """Every module of ``packages`` by dotted name (a package by its own name)."""
    found = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(node: ast.AST, in_function: bool = False) -> Iterator[tuple[ast.AST, bool]]:
    """Every import statement under ``node``, and whether it is inside a function."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _type_checking(child):
            for other in child.orelse:
                yield from _statements(other, in_function)
            continue
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, in_function
        inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
        yield from _statements(child, inner)


def _known(name: str, modules: dict[str, Path]) -> str | None:
    """The longest prefix of ``name`` that is a module of the project."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        if (prefix := ".".join(parts[:end])) in modules:
            return prefix
    return None


def imports_of(module: str, modules: dict[str, Path]) -> list[Import]:
    """What ``module`` imports: modules of the project by name (``from pkg import sub``
    imports the module ``pkg.sub`` when there is one), anything else by its top-level
    name (``flask``)."""
    path = modules[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node, in_function in _statements(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [(alias.name, ()) for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, node.module] if node.module else parts)
            targets = [
                (f"{base}.{alias.name}", ())
                if f"{base}.{alias.name}" in modules
                else (base, (alias.name,))
                for alias in node.names
            ]
        for target, names in targets:
            resolved = _known(target, modules) or target.split(".")[0]
            if resolved != module:
                found.append(Import(module, resolved, node.lineno, in_function, names))
    return found


def import_graph(modules: dict[str, Path]) -> dict[str, list[Import]]:
    return {name: imports_of(name, modules) for name in modules}


@pytest.fixture(scope="module")
def graph() -> dict[str, list[Import]]:
    return import_graph(project_modules())


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def find_cycles(graph: dict[str, list[Import]]) -> list[list[str]]:
    """One import cycle through each knot of ``graph`` (a strongly connected component of
    more than one module): its modules in import order, the first repeated at the end,
    followed by the knot's other modules."""
    edges = {m: sorted({i.target for i in graph[m] if i.target in graph}) for m in graph}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    knots = []
    for root in sorted(edges):  # Tarjan's algorithm, without recursion
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        work = [(root, iter(edges[root]))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    work.append((child, iter(edges[child])))
                    break
                if child in stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    knot = set(stack[stack.index(node) :])
                    del stack[stack.index(node) :]
                    if len(knot) > 1:
                        knots.append(knot)
    cycles = []
    for knot in knots:
        start = min(knot)
        paths = {start: [start]}  # the shortest way back to start, breadth first
        queue, cycle = [start], None
        while cycle is None:
            node = queue.pop(0)
            for child in edges[node]:
                if child == start:
                    cycle = [*paths[node], start]
                    break
                if child in knot and child not in paths:
                    paths[child] = [*paths[node], child]
                    queue.append(child)
        cycles.append(cycle + sorted(knot - set(cycle)))
    return sorted(cycles)


def describe_cycle(cycle: list[str], graph: dict[str, list[Import]]) -> str:
    """The cycle with the line of each import in it, and the knot's other modules."""
    end = cycle.index(cycle[0], 1)
    lines = [" → ".join(cycle[: end + 1])]
    for here, there in pairwise(cycle[: end + 1]):
        where = next(i for i in graph[here] if i.target == there)
        inside = " (inside a function)" if where.in_function else ""
        lines.append(f"    {here} imports {there} at line {where.line}{inside}")
    if cycle[end + 1 :]:
        lines.append("    in one knot with " + ", ".join(cycle[end + 1 :]))
    return "\n".join(lines)


def _wrong(lines: list[str]) -> str:
    return "\n".join(f"  {line}" for line in sorted(set(lines)))


# -- the graph is read right ------------------------------------------------------------------


def test_the_graph_reads_every_kind_of_import(tmp_path):
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    files = {
        "pkg/__init__.py": "from pkg import a\n",
        "pkg/a.py": (
            "from typing import TYPE_CHECKING\n"
            "import flask\n"
            "from . import b\n"
            "from .sub import c as cc, VALUE\n"
            "if TYPE_CHECKING:\n"
            "    from pkg.sub import d\n"
            "def f():\n"
            "    from pkg.sub.d import thing\n"
            "    import pkg.b\n"
        ),
        "pkg/b.py": "from flask import request, url_for\n",
        "pkg/sub/__init__.py": "VALUE = 1\n",
        "pkg/sub/c.py": "from .. import b\n",
        "pkg/sub/d.py": "from ..sub.c import x\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    graph = import_graph(project_modules(tmp_path, ("pkg",)))
    seen = {m: {(i.target, i.in_function, i.names) for i in graph[m]} for m in graph}
    assert seen["pkg"] == {("pkg.a", False, ())}
    assert seen["pkg.a"] == {
        ("typing", False, ("TYPE_CHECKING",)),
        ("flask", False, ()),
        ("pkg.b", False, ()),
        ("pkg.sub.c", False, ()),
        ("pkg.sub", False, ("VALUE",)),
        ("pkg.sub.d", True, ("thing",)),
        ("pkg.b", True, ()),
    }
    assert seen["pkg.b"] == {("flask", False, ("request",)), ("flask", False, ("url_for",))}
    assert seen["pkg.sub.c"] == {("pkg.b", False, ())}
    assert seen["pkg.sub.d"] == {("pkg.sub.c", False, ("x",))}


def test_a_cycle_is_reported_with_its_lines():
    graph = {
        "a": [Import("a", "b", 1, False)],
        "b": [Import("b", "c", 2, True), Import("b", "d", 5, False)],
        "c": [Import("c", "a", 3, False)],
        "d": [Import("d", "b", 4, False)],
        "e": [Import("e", "a", 6, False)],
    }
    [cycle] = find_cycles(graph)
    assert cycle == ["a", "b", "c", "a", "d"]
    assert describe_cycle(cycle, graph) == (
        "a → b → c → a\n"
        "    a imports b at line 1\n"
        "    b imports c at line 2 (inside a function)\n"
        "    c imports a at line 3\n"
        "    in one knot with d"
    )
    assert find_cycles({"a": [Import("a", "b", 1, False)], "b": []}) == []


def test_the_graph_holds_the_whole_project(graph):
    assert {"lea_graph.model", "lea_graph.analytics.network", "web.views.api"} <= set(graph)
    assert "web.services" in {i.target for i in graph["web.views.wijken"]}
    assert any(i.in_function for imports in graph.values() for i in imports)
    named = {prefix for _, prefixes in LAYERS for prefix in prefixes}
    named |= set(LIBRARY_MODULES_THAT_IMPORT_WEB) | set(SCREENS_THAT_READ_THE_REQUEST)
    named |= set(SCREENS_THAT_TAKE_THE_GRAPH) | set(SCREENS_THAT_IMPORT_GRAPH_LIBRARIES)
    named |= set(SCREENS_THAT_INDEX_THE_REPORT)
    assert all(any(_under(m, name) for m in graph) for name in named), "a rule names no module"


# -- the rules ----------------------------------------------------------------------------------


def test_no_import_cycles(graph):
    cycles = find_cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join(describe_cycle(c, graph) for c in cycles)


def test_no_layer_imports_a_layer_above_it(graph):
    level = {prefix: k for k, (_, prefixes) in enumerate(LAYERS) for prefix in prefixes}

    def layer(name: str) -> int | None:
        return next((k for prefix, k in level.items() if _under(name, prefix)), None)

    wrong = [
        f"{i.module} ({LAYERS[layer(i.module)][0]}) imports {i.target} "
        f"({LAYERS[layer(i.target)][0]}) at line {i.line}"
        for imports in graph.values()
        for i in imports
        if layer(i.module) is not None
        and layer(i.target) is not None
        and layer(i.target) > layer(i.module)
    ]
    assert not wrong, "imports of a layer above:\n" + _wrong(wrong)


@pytest.mark.parametrize("packages", INDEPENDENT)
def test_independent_packages_import_nothing_of_each_other(graph, packages):
    wrong = [
        f"{i.module} imports {i.target} at line {i.line}"
        for one in packages
        for other in packages
        if one != other
        for module, imports in graph.items()
        if _under(module, one)
        for i in imports
        if _under(i.target, other)
    ]
    assert not wrong, f"{', '.join(packages)} import each other:\n" + _wrong(wrong)


def test_the_model_imports_nothing_of_the_project(graph):
    project = {i.target for i in graph["lea_graph.model"] if i.target in graph}
    assert project <= MODEL_MAY_IMPORT, f"lea_graph.model imports {sorted(project)}"


def test_the_library_does_not_import_the_web_application(graph):
    wrong = [
        f"{i.module} imports {i.target} at line {i.line}"
        for module, imports in graph.items()
        if _under(module, "lea_graph") and module not in LIBRARY_MODULES_THAT_IMPORT_WEB
        for i in imports
        if _under(i.target, "web")
    ]
    assert not wrong, "lea_graph imports web:\n" + _wrong(wrong)


@pytest.mark.parametrize("package", NO_SIBLING_IMPORTS)
def test_no_view_imports_another_view(graph, package):
    wrong = [
        f"{i.module} imports {i.target} at line {i.line}"
        for module, imports in graph.items()
        if _under(module, package) and module != package
        for i in imports
        if _under(i.target, package)
    ]
    assert not wrong, f"modules of {package} import each other:\n" + _wrong(wrong)


def test_screens_leave_the_request_to_the_views(graph):
    wrong = [
        f"{i.module} imports {', '.join(i.names) or 'flask'} from flask at line {i.line}"
        for module, imports in graph.items()
        if _under(module, "web.screens") and module not in SCREENS_THAT_READ_THE_REQUEST
        for i in imports
        if i.target == "flask" and not set(i.names) <= SCREEN_FLASK_NAMES
    ]
    assert not wrong, "screens that take more than url_for from Flask:\n" + _wrong(wrong)


def _screens_and_views(graph: dict[str, list[Import]]) -> list[str]:
    return sorted(m for m in graph if _under(m, "web.screens") or _under(m, "web.views"))


def graph_calls(path: Path) -> list[tuple[int, str]]:
    """Where a module calls ``services.graph()`` or ``services.network()``: line and
    function."""
    return sorted(
        (node.lineno, f"services.{node.func.attr}()")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("graph", "network")
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "services"
    )


def test_graph_calls_are_found(tmp_path):
    path = tmp_path / "screen.py"
    path.write_text(
        "from web import services\n"
        "def f(year):\n"
        "    g = services.graph()\n"
        "    return services.network(year), services.node('x'), other.graph()\n",
        encoding="utf-8",
    )
    assert graph_calls(path) == [(3, "services.graph()"), (4, "services.network()")]


def test_screens_take_records_not_the_graph(graph):
    modules = project_modules()
    calls = {m: graph_calls(modules[m]) for m in _screens_and_views(graph)}
    wrong = [
        f"{m} calls {what} at line {line}"
        for m, found in calls.items()
        if m not in SCREENS_THAT_TAKE_THE_GRAPH
        for line, what in found
    ]
    assert not wrong, "screens and views that take the graph from the services:\n" + _wrong(wrong)
    gone = [m for m in SCREENS_THAT_TAKE_THE_GRAPH if not calls.get(m)]
    assert not gone, f"no longer take the graph: remove them from the list: {gone}"


def test_screens_leave_graph_libraries_to_the_analyses(graph):
    imports = {
        m: [i for i in graph[m] if i.target in GRAPH_LIBRARIES] for m in _screens_and_views(graph)
    }
    wrong = [
        f"{m} imports {i.target} at line {i.line}"
        for m, found in imports.items()
        if m not in SCREENS_THAT_IMPORT_GRAPH_LIBRARIES
        for i in found
    ]
    assert not wrong, "screens and views that import networkx or pandas:\n" + _wrong(wrong)
    gone = [m for m in SCREENS_THAT_IMPORT_GRAPH_LIBRARIES if not imports.get(m)]
    assert not gone, f"no longer import them: remove them from the list: {gone}"


def report_indexing(path: Path) -> list[tuple[int, str]]:
    """Where a module indexes a table of the report: a subscript (``[...]``) of an
    attribute of a name it bound to ``services.report(...)`` (``report.gaps[...]``,
    ``report.coverage.loc[...]``): line and the indexed expression."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    reports = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute)
        and node.value.func.attr == "report"
        and isinstance(node.value.func.value, ast.Name)
        and node.value.func.value.id == "services"
        for target in node.targets
        if isinstance(target, ast.Name)
    }

    def of_report(node: ast.AST) -> bool:
        while isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id in reports:
                return True
            node = node.value
        return False

    return sorted(
        (node.lineno, ast.unparse(node.value))
        for node in ast.walk(tree)
        if isinstance(node, ast.Subscript) and of_report(node.value)
    )


def test_report_indexing_is_found(tmp_path):
    path = tmp_path / "screen.py"
    path.write_text(
        "from web import services\n"
        "def f(year, hub):\n"
        "    report = services.report(year)\n"
        "    n = len(report.brokers)\n"
        "    gaps = report.gaps[report.gaps['hub'] == hub]\n"
        "    return report.coverage.loc[0], other.gaps[0], report.targets\n",
        encoding="utf-8",
    )
    assert report_indexing(path) == [
        (5, "report.gaps"),
        (5, "report.gaps"),
        (6, "report.coverage.loc"),
    ]


def test_screens_take_rows_not_the_reports_tables_apart(graph):
    modules = project_modules()
    found = {m: report_indexing(modules[m]) for m in _screens_and_views(graph)}
    wrong = [
        f"{m} indexes {what} at line {line}"
        for m, places in found.items()
        if m not in SCREENS_THAT_INDEX_THE_REPORT
        for line, what in places
    ]
    assert not wrong, "screens and views that index the report's tables:\n" + _wrong(wrong)
    gone = [m for m in SCREENS_THAT_INDEX_THE_REPORT if not found.get(m)]
    assert not gone, f"no longer index the report: remove them from the list: {gone}"
