"""Which items contain every search word: fast enough to run on each keystroke over 100,000 items.

The rule is the one of :meth:`Catalogue.matches`: an item matches when each (folded) word occurs somewhere
in its folded search key. The key of an item is its parts (its id, statement, sector name, the text of each
source it cites...) joined by spaces, and a search word holds no whitespace (``search_words`` splits on it),
so a word occurs in the key exactly when it occurs in one of the parts. That makes the search fast without
changing the rule:

* the text is not scanned at each keystroke. Each part is cut into tokens (runs of non-whitespace); a word
  occurs in a part exactly when it occurs in one of its tokens. The index keeps each distinct token once
  (the vocabulary: about a tenth of a million tokens for 100,000 findings with unique text, against 60
  million characters of text) and the parts holding it, so a keystroke tests the vocabulary and marks the
  parts of the tokens found with array operations (numpy);
* each token and part also carries a bit per letter and digit it holds (and shared bits for the other
  characters): a token lacking one of the word's characters is not tested, and a single letter or digit,
  which nearly every item holds, is answered from the parts' bits alone;
* each distinct part is indexed once, however many items share it: a source cited by 5,000 findings, a
  sector name, a confidence label. The items sharing the same set of parts (their *signature*) are grouped,
  so a part found marks every group holding it, and each group marks its items. The parts only one item
  holds are joined into one (separated by line breaks, which no word holds);
* a word that contains an earlier word ("lead" after "lea") can only occur in the tokens the earlier word
  occurs in, so only those are tested. The tokens and items of a few recent words are kept, so typing on or
  deleting a letter tests little or nothing.

numpy is imported when the first index is built (after the window is shown), not when this module is.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import reduce
from itertools import chain, compress, count, islice, repeat
from operator import contains, or_

RECENT_RESULTS = 16
class _CharBits(dict):
    """The bit of each character: each letter and digit has one of its own; any other character shares
    one of the remaining 27 bits of a uint64 with others."""

    def __missing__(self, char: str) -> int:
        bit = self[char] = 1 << (len(EXACT_BITS) + ord(char) % (63 - len(EXACT_BITS)))
        return bit


EXACT_BITS = {char: 1 << bit for bit, char in enumerate("abcdefghijklmnopqrstuvwxyz0123456789")}
_CHAR_BITS = _CharBits(EXACT_BITS)


def char_bits(text: str) -> int:
    """The characters of ``text`` as bits: a text holding a word holds at least the word's bits."""
    return reduce(or_, map(_CHAR_BITS.__getitem__, set(text)), 0)


def refines(words: Iterable[str], earlier: Iterable[str]) -> bool:
    """True when every item matching ``words`` also matches ``earlier``."""
    words = tuple(words)
    return all(any(old in new for new in words) for old in earlier)


class RowIds(Sequence[str]):
    """Item ids in view order (a sequence of str, equal to the list of the same ids) that also carry each
    item's row: its index in the dataset's findings (or recommendations), all distinct, in the same order.

    The filter proxies hand these out as the ids shown. A consumer holding the same catalogue (the chart)
    can then work on the row numbers rather than look 100,000 ids up one by one on every keystroke, and
    the list of ids is only made when something reads it (:meth:`of_rows`).
    """

    __slots__ = ("_all_ids", "_ids", "catalogue", "rows")

    def __init__(self, ids: Iterable[str], rows: Sequence[int], catalogue: object):
        self._ids: list[str] | None = list(ids)
        self._all_ids: Sequence[str] = ()
        self.rows = rows
        self.catalogue = catalogue

    @classmethod
    def of_rows(cls, all_ids: Sequence[str], rows: Sequence[int], catalogue: object) -> RowIds:
        """The ids at ``rows`` of ``all_ids`` (every item's id, by row), looked up when first read."""
        row_ids = cls((), rows, catalogue)
        row_ids._ids, row_ids._all_ids = None, all_ids
        return row_ids

    def ids(self) -> list[str]:
        if self._ids is None:
            self._ids = list(map(self._all_ids.__getitem__, self.rows))
        return self._ids

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        return self.ids()[index]

    def __iter__(self):
        return iter(self.ids())

    def __contains__(self, item_id: object) -> bool:
        return item_id in self.ids()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RowIds):
            return self.ids() == other.ids()
        return self.ids() == other if isinstance(other, list) else NotImplemented

    __hash__ = None  # like a list's

    def __repr__(self) -> str:
        return f"RowIds({self.ids()!r})"


class _Word:
    """What one word matches: the ids of the tokens it occurs in, and a mask of the rows holding one."""

    __slots__ = ("rows", "tokens")

    def __init__(self, tokens, rows):
        self.tokens = tokens  # numpy array of token ids, ascending
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
        # in the joined text exactly when it occurs in one of them, and the index holds one part per row
        # rather than one per field. The rows' parts as given are kept for key().
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
        texts = list(part_ids)  # dicts keep insertion order: the text of each part id
        self._row_lengths = np.frombuffer(lengths, dtype=np.int64)
        row_count, part_count = len(lengths), len(texts)
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
        self._index_tokens(texts, np)  # the tokens stand for the text from now on
        self._recent: dict[str, _Word] = {}
        self._np = np

    def _index_tokens(self, texts: list[str], np) -> None:
        # Each distinct token (a run of non-whitespace characters) of all the parts, once, and the parts
        # holding it: a word holds no whitespace, so it occurs in a part exactly when it occurs in one of
        # the part's tokens. A query then tests the vocabulary, far smaller than the text, and marks the
        # parts of the tokens found with array operations.
        token_ids: defaultdict[str, int] = defaultdict(count().__next__)
        tokens_per_part = array("q")

        def token_ids_of(text: str):
            tokens = set(text.split())
            tokens_per_part.append(len(tokens))
            return map(token_ids.__getitem__, tokens)

        entries = np.fromiter(chain.from_iterable(map(token_ids_of, texts)), dtype=np.int32)  # part by part
        self._tokens = list(token_ids)  # the text of each token id
        token_count = len(self._tokens)
        counts = np.frombuffer(tokens_per_part, dtype=np.int64)
        part_of_entry = np.repeat(np.arange(len(texts), dtype=np.int32), counts)
        # The parts holding each token: token 0's, then token 1's... (int32: half the memory of int64).
        self._postings = part_of_entry[np.argsort(entries)].astype(np.int32)
        per_token = np.bincount(entries, minlength=token_count)
        self._token_starts = np.cumsum(per_token) - per_token
        self._token_lengths = per_token
        self._all_tokens = np.arange(token_count, dtype=np.int64)
        # Which characters each token and each part holds, as bits (char_bits): a token lacking one of a
        # word's characters is not tested, and a single letter or digit is answered from the parts' bits.
        self._token_chars = np.fromiter(map(char_bits, self._tokens), dtype=np.uint64, count=token_count)
        self._part_chars = np.zeros(len(texts) + 1, dtype=np.uint64)  # the last one, the sentinel, holds none
        np.bitwise_or.at(self._part_chars, part_of_entry, self._token_chars[entries])

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
        need = np.uint64(char_bits(word))
        # The tokens to test: those of the narrowest remembered word that this word contains, else all;
        # of those, the ones holding every character of the word.
        narrowest = min(
            (known for earlier, known in self._recent.items() if refines((word,), (earlier,))),
            key=lambda known: len(known.tokens),
            default=None,
        )
        tokens = self._all_tokens if narrowest is None else narrowest.tokens
        tokens = tokens[(self._token_chars[tokens] & need) == need]
        if word in EXACT_BITS:  # one letter or digit: its bit says exactly which tokens and parts hold it
            part_found = (self._part_chars & need) != 0
        else:
            tested = map(contains, map(self._tokens.__getitem__, tokens.tolist()), repeat(word))
            tokens = tokens[np.fromiter(tested, dtype=bool, count=len(tokens))]
            # The parts holding the tokens found: their runs of postings, gathered in one go.
            lengths = self._token_lengths[tokens]
            run_starts = np.cumsum(lengths) - lengths
            entries = np.arange(int(lengths.sum())) + np.repeat(self._token_starts[tokens] - run_starts, lengths)
            part_found = np.zeros(len(self._part_chars), dtype=bool)  # the last one is the sentinel: never found
            part_found[self._postings[entries]] = True
        signature_found = np.logical_or.reduceat(part_found[self._signature_parts], self._signature_starts)
        rows = signature_found[self._signature_of_row]
        own_rows = self._own_row[np.flatnonzero(part_found)]
        rows[own_rows[own_rows >= 0]] = True
        return _Word(tokens, rows)

    def _matching_keys(self, query: tuple[str, ...]) -> list[int]:
        keys = map(self.key, range(len(self)))
        return list(compress(range(len(self)), (all(word in key for word in query) for key in keys)))
