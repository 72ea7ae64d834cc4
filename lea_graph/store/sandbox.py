"""Work on a store in a child process with a time limit and a memory limit.

The console runs a stranger's Cypher text. However well it is checked, one read can
still ask for a huge answer (``RETURN range(1, 20000000)``: 20 million numbers). A
database driver receives such an answer whole before anything can cut it (Neo4j sends a
row as one message; FalkorDB sends all rows as one reply), and turning it into Python
values takes gigabytes and tens of seconds. So :func:`run` does that work in a child
process:

* the child opens its own connection to the same store (a store pickles as the
  settings that open it again), gets at most ``memory_bytes`` of memory on top of what
  it starts with (``RLIMIT_DATA``: a bigger answer ends in :class:`MemoryError`, or the
  kernel stops the child) and sends back only what the work yields, which the caller
  keeps small (the console: the rows cut to ``CONSOLE_MAX_BYTES`` of text, as text);
* the caller's process waits at most ``timeout_s`` for it, then stops the child. The
  work yields its result in parts (the console: the table, then the network drawing):
  parts that came in time are kept, so a slow drawing does not cost the table.

The explorer's own process never holds the answer, so its memory does not grow with it,
and a child's memory goes back to the system when it ends. Children are forked from a
"forkserver" (:mod:`multiprocessing`): a clean process started once, with the store
modules and the work's module imported, so that a child starts in a few milliseconds and
never inherits the explorer's threads, locks or connections.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import resource
import time
from collections.abc import Callable, Iterator
from typing import Any

from lea_graph.store.base import Store
from lea_graph.store.errors import TIMED_OUT, StoreError

__all__ = ["TOO_BIG", "run"]

#: The message for work that needed more memory than its child may use.
TOO_BIG = (
    "Het antwoord is te groot om te tonen: het past niet in het geheugen dat de console "
    "ervoor heeft. Maak de vraag kleiner, bijvoorbeeld met LIMIT of een filter."
)
#: Modules every child needs, the database drivers too (the stores import them only when
#: they connect); imported once, in the forkserver.
_PRELOAD = ["falkordb", "redis", "neo4j", "lea_graph.store.embedded", "lea_graph.store.neo4j"]

_context: Any = None


def _forkserver(module: str) -> Any:
    """The forkserver context; on first use its server preloads the store modules and
    ``module`` (work from another module is imported again in every child)."""
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload([*_PRELOAD, module])
    return _context


def _limit_memory(extra: int) -> None:
    """Let this process use at most ``extra`` bytes more data memory than it has now."""
    with open("/proc/self/status", encoding="ascii") as fh:
        now = next(int(row.split()[1]) * 1024 for row in fh if row.startswith("VmData:"))
    resource.setrlimit(resource.RLIMIT_DATA, (now + extra, now + extra))


def _send(conn: Any, message: tuple[str, Any]) -> None:
    try:
        conn.send(message)
    except Exception:  # an error that does not pickle: its text
        conn.send((message[0], StoreError(str(message[1]))))


def _child(
    conn: Any, work: Callable[..., Iterator[Any]], store: bytes, args: tuple, memory_bytes: int
) -> None:
    """Open the store, run ``work`` and send each part it yields, then ("klaar", None),
    or ("fout", error)."""
    try:
        _limit_memory(memory_bytes)
        with pickle.loads(store) as opened:  # noqa: S301 - pickled by our own parent
            for part in work(opened, *args):
                _send(conn, ("deel", part))
        _send(conn, ("klaar", None))
    except (MemoryError, RecursionError):
        _send(conn, ("fout", StoreError(TOO_BIG)))
    except BaseException as exc:  # every error goes back to the caller
        _send(conn, ("fout", exc))
    finally:
        conn.close()


def run(
    work: Callable[..., Iterator[Any]],
    store: Store,
    *args: Any,
    timeout_s: float,
    memory_bytes: int,
) -> tuple[list[Any], bool]:
    """Run ``work(store, *args)`` in a child process with its own connection to ``store``.

    Parameters
    ----------
    work
        A generator function defined at module level; what it yields must pickle.
    store
        The store to work on; the child connects to the same database again.
    timeout_s
        How long to wait for the work; then the child is stopped.
    memory_bytes
        How much memory the child may take beyond what it starts with.

    Returns
    -------
    The parts the work yielded in time, and whether it finished.

    Raises
    ------
    StoreError
        The work's own error (a :class:`ForbiddenQuery`, a database error, a
        :class:`StoreUnavailable`), or, if no part came: a time-out (:data:`TIMED_OUT`)
        or too much memory (:data:`TOO_BIG`, also when the child died without a word).
    """
    context = _forkserver(work.__module__)
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(send, work, pickle.dumps(store), args, memory_bytes),
        name="lea-graph-console",
        daemon=True,
    )
    child.start()  # the first start also starts the forkserver: not part of the limit
    deadline = time.monotonic() + timeout_s
    send.close()
    parts: list[Any] = []
    try:
        while True:
            if not receive.poll(max(0.0, deadline - time.monotonic())):
                if parts:
                    return parts, False
                raise StoreError(TIMED_OUT)
            try:
                kind, value = receive.recv()
            except EOFError:  # the child ended without a word: the kernel stopped it
                if parts:
                    return parts, False
                raise StoreError(TOO_BIG) from None
            if kind == "deel":
                parts.append(value)
            elif kind == "klaar":
                return parts, True
            elif parts:
                return parts, False
            else:
                raise value
    finally:
        with contextlib.suppress(Exception):
            child.kill()
        child.join()
        receive.close()
