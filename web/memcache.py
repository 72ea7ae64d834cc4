"""The explorer's results kept in memory: least recently used dropped first beyond a
byte budget.

A value's size is the length of its pickle, which :mod:`web.diskcache` makes anyway to
keep it on disk: cheap, and a fair measure (the in-memory objects are larger by a
roughly constant factor). Pinned values have no size and are never dropped: the graph
and the dataset of the loaded network, which every page needs and which are kept in
memory only (see :data:`web.services.MEMORY_ONLY`). A value larger than the whole budget
is not kept in memory; it is read from disk each time it is needed.

Not thread-safe by itself: :mod:`web.services` holds its lock around every call.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from web.diskcache import MISSING

__all__ = ["MemoryCache"]


class MemoryCache:
    """The values of one loaded network version, within ``budget`` bytes.

    Parameters
    ----------
    budget
        The most bytes (pickled lengths) the values that are not pinned may take.
    version
        The loaded network version the values belong to.
    """

    def __init__(self, budget: int, version: str) -> None:
        self.budget = budget
        self.version = version
        self.nbytes = 0
        self._sized: OrderedDict[tuple, tuple[Any, int]] = OrderedDict()
        self._pinned: dict[tuple, Any] = {}

    def get(self, key: tuple) -> Any:
        """The value kept for ``key`` (now the most recently used), or :data:`MISSING`."""
        if key in self._pinned:
            return self._pinned[key]
        if key in self._sized:
            self._sized.move_to_end(key)
            return self._sized[key][0]
        return MISSING

    def put(self, key: tuple, value: Any, size: int | None) -> None:
        """Keep ``value`` of ``size`` bytes (None: pinned), dropping the least recently
        used values until the rest fits in the budget."""
        self._drop(key)
        if size is None:
            self._pinned[key] = value
            return
        if size > self.budget:
            return
        self._sized[key] = (value, size)
        self.nbytes += size
        while self.nbytes > self.budget:
            _, (_, dropped) = self._sized.popitem(last=False)
            self.nbytes -= dropped

    def discard(self, key: tuple) -> None:
        """Forget the value of ``key`` (nothing happens if none is kept)."""
        self._drop(key)

    def _drop(self, key: tuple) -> None:
        self._pinned.pop(key, None)
        if key in self._sized:
            self.nbytes -= self._sized.pop(key)[1]

    def items(self) -> Iterator[tuple[tuple, Any]]:
        """Every kept ``(key, value)``, pinned ones first."""
        yield from list(self._pinned.items())
        yield from [(k, v) for k, (v, _) in self._sized.items()]

    def __iter__(self) -> Iterator[tuple]:
        """Every kept key."""
        return iter([*self._pinned, *self._sized])
