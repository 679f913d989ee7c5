"""The fast paths of search and loading give exactly the answers of the plain definitions they replace."""

from __future__ import annotations

import json
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_app.domain import Catalogue, fold, format_value, search_words
from briefing_app.domain.loading import may_hold_placeholder
from briefing_app.domain.models import PLACEHOLDER_PATTERN
from briefing_app.domain.search import KeyMatcher, refines

# Characters that make folding and case-insensitive matching interesting: accents (precomposed and
# combining), ligatures, the Turkish i's, long s, Kelvin sign, final sigma, a no-break space.
TRICKY = "aAeEiIsSlLpPkK éÉ\u0301\u0327ﬁﬀİıſKΣσςßẞ\u00a0-'’‘ʼ`ŉ＇.,()“”"
tricky_text = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=40)


APOSTROPHE_LIKE = "'’‘ʼ‛`"


def reference_fold(text: str) -> str:
    """The definition: NFKD, without combining marks or apostrophes, case-folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c not in APOSTROPHE_LIKE).casefold()


@settings(max_examples=500, deadline=None)
@given(tricky_text)
def test_fold_matches_its_definition(text):
    assert fold(text) == reference_fold(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(tricky_text, max_size=5))
def test_folding_parts_then_joining_equals_folding_the_joined_text(parts):
    # Catalogue.search_keys relies on this to fold shared text once.
    assert " ".join(map(fold, parts)) == fold(" ".join(parts))


def test_search_keys_are_the_folded_fields(catalogue):
    """Each key is the folded join of the fields named in Catalogue.search_keys, in that order."""
    sources = {
        s.id: " ".join([s.title, s.short, *s.publishers, *s.authors, s.method or "", s.pollster or "", *s.notes])
        for s in catalogue.dataset.sources
    }
    for f in catalogue.dataset.findings:
        parts = [f.id, f.statement, f.period, catalogue.sectors[f.sector].name, *f.caveats, f.confidence.label]
        parts += [catalogue.themes[t].name for t in f.themes if t in catalogue.themes]
        for m in f.measures:
            parts += [m.label, m.base, format_value(m)]
        for ref in f.sources:
            parts += [sources[ref.source], ref.location or ""]
        assert catalogue.search_keys[f.id] == reference_fold(" ".join(parts))
    for r in catalogue.dataset.recommendations:
        parts = [r.id, r.title, r.summary, r.target_body, r.target_status or "", *r.caveats]
        parts += [catalogue.sectors[r.sector].name, r.confidence.label]
        for ref in r.sources:
            parts += [sources[ref.source], ref.location or ""]
        assert catalogue.search_keys[r.id] == reference_fold(" ".join(parts))


# ---- KeyMatcher -------------------------------------------------------------------------------------------


def matching_by_definition(keys: list[str], words: list[str]) -> list[int]:
    return [i for i, key in enumerate(keys) if all(word in key for word in words)]


def dataset_words(catalogue: Catalogue) -> list[str]:
    words = sorted({w for key in catalogue.search_keys.values() for w in key.split()})
    return words[:: max(1, len(words) // 300)]


def test_matcher_agrees_with_catalogue_matches_while_typing(catalogue):
    """Typing, deleting and retyping words letter by letter: every answer is the plain definition's."""
    findings = catalogue.dataset.findings
    matcher = KeyMatcher([catalogue.search_keys[f.id] for f in findings])
    for word in dataset_words(catalogue)[:120]:
        typed = [word[: i + 1] for i in range(len(word))]
        for query in typed + typed[::-1] + [f"{word} {word[:2]}", f"{word[:3]} zzqq"]:
            words = search_words(query)
            expected = [i for i, f in enumerate(findings) if catalogue.matches(f.id, words)]
            assert matcher.matching(words) == expected, query


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="abcl e", max_size=12), min_size=1, max_size=30),
    st.lists(st.lists(st.text(alphabet="abcle", min_size=1, max_size=4), max_size=3), min_size=1, max_size=8),
)
def test_matcher_agrees_with_the_definition_for_any_sequence_of_queries(keys, queries):
    matcher = KeyMatcher(keys)
    for words in queries:
        assert matcher.matching(words) == matching_by_definition(keys, words)


def test_refines():
    assert refines(["lead"], ["lea"])
    assert refines(["lead", "x"], ["lead"])
    assert refines(["leader"], ["lead", "ead"])
    assert not refines(["lea"], ["lead"])
    assert not refines(["lead"], ["lead", "x"])
    assert refines(["anything"], [])


def test_matcher_results_are_copies(catalogue):
    matcher = catalogue.finding_search
    first = matcher.matching(["the"])
    first.clear()
    assert matcher.matching(["the"]) == matching_by_definition(
        [catalogue.search_keys[f.id] for f in catalogue.dataset.findings], ["the"]
    )


# ---- the placeholder pre-check -------------------------------------------------------------------------


PLACEHOLDER_LETTERS = "goheretbcdlrmipsuxaGOHERTBCDLMIPSUXA İıſK \\"


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(PLACEHOLDER_LETTERS) | st.characters(codec="utf-8"), max_size=30))
def test_placeholder_precheck_never_misses_what_the_pattern_finds(text):
    data = json.dumps({"statement": text}, ensure_ascii=False).encode("utf-8")
    if PLACEHOLDER_PATTERN.search(data.decode("utf-8")):
        assert may_hold_placeholder(data)


TWINS = {"i": "iIİı", "s": "sSſ", "k": "kKK"}
any_spelling = st.sampled_from(["go here", "tbc", "tbd", "lorem", "ipsum", "todo", "xxx", "placeholder"]).flatmap(
    lambda word: st.tuples(*[st.sampled_from(TWINS.get(c, c + c.upper())) for c in word]).map("".join)
)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=8), any_spelling, st.text(max_size=8))
def test_placeholder_precheck_finds_every_spelling_the_pattern_finds(before, word, after):
    text = before + word + after
    assert PLACEHOLDER_PATTERN.search(word)  # the spelling itself is a placeholder
    if PLACEHOLDER_PATTERN.search(text):
        assert may_hold_placeholder(json.dumps(text, ensure_ascii=False).encode("utf-8", "surrogatepass"))


def test_placeholder_precheck_finds_each_spelling():
    for spelling in ["TBC", "tbd", "Lorem", "IPSUM", "ıpsum", "İpsum", "ipſum", "Go Here", "ToDo", "XXX", "PLACEHOLDER"]:
        assert PLACEHOLDER_PATTERN.search(spelling), spelling
        assert may_hold_placeholder(json.dumps(spelling, ensure_ascii=False).encode()), spelling
    assert may_hold_placeholder(json.dumps("\u0074bc").encode())  # an escape could spell a letter
    assert not may_hold_placeholder(json.dumps("Leadership and management in healthcare").encode())


def test_only_i_s_and_k_have_non_ascii_case_insensitive_twins():
    """The pre-check's premise, re-checked on this Python: the non-ASCII letters that match ASCII ones."""
    ascii_letter = re.compile("[a-z]", re.IGNORECASE)
    twins = {chr(code) for code in range(128, 0x110000) if ascii_letter.fullmatch(chr(code))}
    assert twins == {"\u0130", "\u0131", "\u017f", "\u212a"}  # İ ı ſ K (Kelvin): as i, i, s and k


# ---- punctuation: queries and text alike -----------------------------------------------------------------

punctuated_word = st.text(alphabet="abcl'’‘ʼ`.,()“”-", min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(punctuated_word, min_size=1, max_size=4), st.sampled_from(list(APOSTROPHE_LIKE)))
def test_any_apostrophe_and_the_punctuation_around_words_search_alike(words, apostrophe):
    query = " ".join(words)
    straight = search_words(query.translate(dict.fromkeys(map(ord, APOSTROPHE_LIKE), "'")))
    assert search_words(query.translate(dict.fromkeys(map(ord, APOSTROPHE_LIKE), apostrophe))) == straight
    assert search_words(query.translate(dict.fromkeys(map(ord, APOSTROPHE_LIKE), None))) == straight
    assert search_words(f"({query}),") == search_words(query)
    assert all(word and word == word.strip(".,()“”") and not set(word) & set(APOSTROPHE_LIKE) for word in straight)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(alphabet="abcl'’ʼ .,-", max_size=12), max_size=4), min_size=1, max_size=12),
       st.lists(punctuated_word, min_size=1, max_size=3))
def test_matcher_over_folded_punctuated_text_agrees_with_the_definition(rows, query):
    parts = [[fold(part) for part in row] for row in rows]
    keys = [" ".join(row) for row in parts]
    words = search_words(" ".join(query))
    assert KeyMatcher.of_parts(parts).matching(words) == matching_by_definition(keys, words)
