"""Which items contain every search word: fast enough to run on each keystroke over 100,000 items.

The rule is the one of :meth:`Catalogue.matches`: an item matches when each (folded) word occurs somewhere
in its folded search key. The key of an item is its parts (its id, statement, sector name, the text of each
source it cites...) joined by spaces, and a search word holds no whitespace (``search_words`` splits on it),
so a word occurs in the key exactly when it occurs in one of the parts. That makes the search fast without
changing the rule:

* each distinct part is tested once, however many items share it: a source cited by 5,000 findings, a
  sector name, a confidence label. The items sharing the same set of parts (their *signature*) are grouped,
  so a word found in a part marks every group holding that part, and each group marks its items, with array
  operations (numpy) rather than Python code per item;
* the parts only one item holds are joined into one text per item (separated by line breaks, which no
  word holds), so an item's own text costs one test, not one per field;
* the short parts are also kept in a numpy string array and tested together;
* a word that contains an earlier word ("lead" after "lea") can only occur in the parts the earlier word
  occurs in, so only those are tested. The parts and items of a few recent words are kept, so typing on or
  deleting a letter tests little or nothing.

numpy is imported when the first index is built (after the window is shown), not when this module is.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain, compress, count, islice, repeat
from operator import contains

RECENT_RESULTS = 16
SHORT_PART = 16  # parts this short (ids, mostly) are tested all at once by numpy, in its own string array


def refines(words: Iterable[str], earlier: Iterable[str]) -> bool:
    """True when every item matching ``words`` also matches ``earlier``."""
    words = tuple(words)
    return all(any(old in new for new in words) for old in earlier)


class RowIds(list):
    """Item ids in view order (a plain list of str) that also carry each item's row: its index in the
    dataset's findings (or recommendations), all distinct, in the same order as the ids.

    The filter proxies hand these out as the ids shown. A consumer holding the same catalogue (the chart)
    can then work on the row numbers rather than look 100,000 ids up one by one on every keystroke.
    """

    __slots__ = ("catalogue", "rows")

    def __init__(self, ids: Iterable[str], rows: Sequence[int], catalogue: object):
        super().__init__(ids)
        self.rows = rows
        self.catalogue = catalogue


class _Word:
    """What one word matches: the ids of the parts it occurs in, and a mask of the rows holding one."""

    __slots__ = ("parts", "rows")

    def __init__(self, parts, rows):
        self.parts = parts  # numpy array of part ids, ascending
        self.rows = rows  # numpy bool array, one per row


class KeyMatcher:
    """The indexes of the keys (in ascending order) containing every word of a query.

    ``KeyMatcher(keys)`` takes one string per row; :meth:`of_parts` takes each row's key as its parts
    (the key being the parts joined by single spaces), which lets shared text be tested once.
    """

    def __init__(self, keys: Sequence[str]):
        self._build([(key,) for key in keys])

    @classmethod
    def of_parts(cls, rows: Iterable[Sequence[str]]) -> KeyMatcher:
        matcher = cls.__new__(cls)
        matcher._build(rows)
        return matcher

    def _build(self, rows: Iterable[Sequence[str]]) -> None:
        # The parts only one row holds (its id, statement, caveats... when no other item repeats them) are
        # joined into one part per row, with line breaks between them: a word, holding no whitespace, occurs
        # in the joined text exactly when it occurs in one of them, and one test per row is several times
        # quicker than one per part when most text is the row's own. The rows' parts as given are kept
        # for key().
        self._keys_parts = [tuple(parts) for parts in rows]
        uses = Counter(chain.from_iterable(self._keys_parts))
        grouped = []
        for parts in self._keys_parts:
            shared = [part for part in parts if uses[part] > 1]
            own = [part for part in parts if uses[part] == 1]
            if own:
                shared.append("\n".join(own))
            grouped.append(shared)
        self._index(grouped)

    def _index(self, rows: Iterable[Sequence[str]]) -> None:
        import numpy as np

        # The id of each distinct part: a new part gets the next number (in C, with no Python code per part).
        part_ids: defaultdict[str, int] = defaultdict(count().__next__)
        lengths = array("q")

        def ids_of(parts: Sequence[str]):
            lengths.append(len(parts))
            return map(part_ids.__getitem__, parts)

        # Every row's part ids, in key order, one row after the other.
        flat = np.fromiter(chain.from_iterable(map(ids_of, rows)), dtype=np.int64)
        self._texts = list(part_ids)  # dicts keep insertion order: the text of each part id
        self._row_lengths = np.frombuffer(lengths, dtype=np.int64)
        row_count, part_count = len(lengths), len(self._texts)
        sentinel = part_count  # a part id that never matches, for rows without a shared part

        # A part that occurs once in all the keys belongs to one row (its id, usually): it marks that row
        # directly. The other parts a row holds, in key order, are its signature; rows with the same
        # signature form a group, tested together.
        own = np.bincount(flat, minlength=part_count + 1) == 1
        row_of_entry = np.repeat(np.arange(row_count, dtype=np.int64), self._row_lengths)
        entry_is_own = own[flat]
        self._own_row = np.full(part_count + 1, -1, dtype=np.int64)
        self._own_row[flat[entry_is_own]] = row_of_entry[entry_is_own]
        shared_entries = iter(flat[~entry_is_own].tolist())
        shared_lengths = np.bincount(row_of_entry[~entry_is_own], minlength=row_count).tolist()
        signature_ids: defaultdict[tuple[int, ...], int] = defaultdict(count().__next__)
        signature_of_row = [signature_ids[tuple(islice(shared_entries, n))] for n in shared_lengths]
        signatures = [signature or (sentinel,) for signature in signature_ids]
        self._signature_parts = np.fromiter(chain.from_iterable(signatures), dtype=np.int64)
        signature_lengths = np.fromiter(map(len, signatures), dtype=np.int64, count=len(signatures))
        self._signature_starts = np.cumsum(signature_lengths) - signature_lengths
        self._signature_of_row = np.array(signature_of_row, dtype=np.int64)
        # numpy drops the NULs that end a string in its arrays: a part holding one is tested as a long one
        # (and a word holding one is tested against every part, in Python).
        short = [i for i, text in enumerate(self._texts) if len(text) <= SHORT_PART and "\0" not in text]
        self._short_ids = np.array(short, dtype=np.int64)
        self._short_texts = np.array([self._texts[i] for i in short], dtype=f"<U{SHORT_PART}")
        self._short_place = np.full(part_count, -1, dtype=np.int64)  # where each short part is in _short_texts
        self._short_place[self._short_ids] = np.arange(len(short))
        self._long_ids = np.flatnonzero(self._short_place < 0)
        self._recent: dict[str, _Word] = {}
        self._np = np

    def __len__(self) -> int:
        return len(self._row_lengths)

    def key(self, row: int) -> str:
        """The searchable text of a row, as the rule defines it."""
        return " ".join(self._keys_parts[row])

    def matching(self, words: Iterable[str]) -> list[int]:
        query = tuple(dict.fromkeys(words))  # each word once
        rows = len(self)
        if not query:
            return list(range(rows))
        if not rows:
            return []
        if any(map(str.isspace, chain.from_iterable(query))):
            return self._matching_keys(query)  # a word that may span two parts: test the whole keys
        mask = self._np.ones(rows, dtype=bool)
        for word in filter(None, query):  # an empty word occurs in every key
            mask = self._np.logical_and(mask, self._word(word).rows, out=mask)
        return self._np.flatnonzero(mask).tolist()

    def forget_recent(self) -> None:
        """Drop the remembered words (benchmarks use it to time a search from scratch)."""
        self._recent.clear()

    def _word(self, word: str) -> _Word:
        known = self._recent.pop(word, None)
        if known is None:
            known = self._find(word)
        self._recent[word] = known  # now the most recent
        while len(self._recent) > RECENT_RESULTS:
            del self._recent[next(iter(self._recent))]  # the oldest (dicts keep insertion order)
        return known

    def _find(self, word: str) -> _Word:
        np = self._np
        texts = self._texts
        part_found = np.zeros(len(texts) + 1, dtype=bool)  # the last one is the sentinel: never found
        # The parts to test: those of the narrowest remembered word that this word contains, else all.
        narrowest = min(
            (known for earlier, known in self._recent.items() if refines((word,), (earlier,))),
            key=lambda known: len(known.parts),
            default=None,
        )
        candidates = self._long_ids if narrowest is None else narrowest.parts
        if len(word) <= SHORT_PART and "\0" not in word:
            if narrowest is None:
                part_found[self._short_ids[np.char.find(self._short_texts, word) >= 0]] = True
            else:
                places = self._short_place[candidates]
                short = places >= 0
                found = np.char.find(self._short_texts[places[short]], word) >= 0
                part_found[candidates[short][found]] = True
                candidates = candidates[~short]
        elif narrowest is None:  # a word too long for the short parts (or one numpy would cut short)
            candidates = np.arange(len(texts))
        tested = map(contains, map(texts.__getitem__, candidates.tolist()), repeat(word))
        part_found[candidates[np.fromiter(tested, dtype=bool, count=len(candidates))]] = True
        parts = np.flatnonzero(part_found[:-1])
        signature_found = np.logical_or.reduceat(part_found[self._signature_parts], self._signature_starts)
        rows = signature_found[self._signature_of_row]
        own_rows = self._own_row[parts]
        rows[own_rows[own_rows >= 0]] = True
        return _Word(parts, rows)

    def _matching_keys(self, query: tuple[str, ...]) -> list[int]:
        keys = map(self.key, range(len(self)))
        return list(compress(range(len(self)), (all(word in key for word in query) for key in keys)))
