"""Which items contain every search word: fast enough to run on each keystroke over 100,000 items.

The rule is the one of :meth:`Catalogue.matches`: an item matches when each (folded) word occurs somewhere
in its folded search key. Two things make it fast without changing that rule:

* the keys are tested in bulk: ``map(operator.contains, ...)`` and ``itertools.compress`` run the loop in C,
  with no Python code per item;
* a query that refines an earlier one (each earlier word occurs inside some new word: "lead" after "lea",
  or "lead x" after "lead") can only match fewer items, so only the earlier result is tested, and only
  against the words that are new. A few recent results are kept, so deleting a letter is instant too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import compress, repeat
from operator import contains

RECENT_RESULTS = 16


def refines(words: Iterable[str], earlier: Iterable[str]) -> bool:
    """True when every item matching ``words`` also matches ``earlier``."""
    words = tuple(words)
    return all(any(old in new for new in words) for old in earlier)


class KeyMatcher:
    """The indexes of the keys (in ascending order) containing every word of a query."""

    def __init__(self, keys: Sequence[str]):
        self._keys = list(keys)
        self._recent: dict[tuple[str, ...], list[int]] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def matching(self, words: Iterable[str]) -> list[int]:
        query = tuple(dict.fromkeys(words))  # each word once, in the order typed
        if not query:
            return list(range(len(self._keys)))
        if query in self._recent:
            return list(self._recent[query])
        rows, known = self._start(query)
        keys = self._keys
        # Longer words first: they rule out most items, so later words test fewer keys.
        for word in sorted((w for w in query if w not in known), key=len, reverse=True):
            rows = list(compress(rows, map(contains, map(keys.__getitem__, rows), repeat(word))))
        self._remember(query, rows)
        return list(rows)

    def forget_recent(self) -> None:
        """Drop the remembered results (benchmarks use it to time a search from scratch)."""
        self._recent.clear()

    def _start(self, query: tuple[str, ...]) -> tuple[Sequence[int], set[str]]:
        """The smallest earlier result this query narrows, and the words every item in it already contains."""
        best: tuple[Sequence[int], set[str]] = (range(len(self._keys)), set())
        for earlier, rows in self._recent.items():
            if len(rows) < len(best[0]) and refines(query, earlier):
                best = (rows, set(earlier))
        return best

    def _remember(self, query: tuple[str, ...], rows: list[int]) -> None:
        self._recent[query] = rows
        while len(self._recent) > RECENT_RESULTS:
            del self._recent[next(iter(self._recent))]  # the oldest (dicts keep insertion order)
