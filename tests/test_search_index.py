"""The search index (domain/search.py) gives exactly the answers of the plain rule it replaces: an item
matches when every folded word occurs in its folded search key (Catalogue.matches)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_app.domain import Catalogue, load_dataset, search_words
from briefing_app.domain.search import KeyMatcher, RowIds
from briefing_app.qtmodels import Filters, FindingFilterProxyModel, FindingTableModel, Roles


def by_definition(keys: list[str], words: list[str]) -> list[int]:
    return [row for row, key in enumerate(keys) if all(word in key for word in words)]


def typed(word: str) -> list[str]:
    """Typing a word letter by letter, deleting it, and a second word after it."""
    prefixes = [word[: i + 1] for i in range(len(word))]
    return prefixes + prefixes[::-1] + [f"{word} {word[:2]}", f"{word[:3]} zzqq"]


def sample_words(keys: list[str], count: int, seed: int = 7) -> list[str]:
    words = sorted({word for key in keys for word in key.split()})
    return random.Random(seed).sample(words, min(count, len(words)))


# ---- KeyMatcher over parts ------------------------------------------------------------------------------

# Parts of one or several tokens (runs without whitespace), with letters (each has a bit of its own in the
# index), characters that share a bit ("-", "é", "L", NUL) and several kinds of whitespace.
part_text = st.text(alphabet="abcl e-é\0", max_size=6) | st.text(alphabet="abcleL-\t\n\xa0 ", min_size=8, max_size=20)
shared_parts = ["lab", "ab c", "", "cell-a", "e e", "a\0"]  # text many rows hold, as a source or sector name does
query_word = st.text(alphabet="abcle-é\0", max_size=4) | st.text(alphabet="abcleL-", min_size=5, max_size=12)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(part_text | st.sampled_from(shared_parts), max_size=5), min_size=1, max_size=25),
    st.lists(st.lists(query_word, max_size=3), min_size=1, max_size=8),
)
def test_matcher_over_parts_agrees_with_the_joined_keys(rows, queries):
    keys = [" ".join(parts) for parts in rows]
    matcher = KeyMatcher.of_parts(rows)
    for words in queries:
        assert matcher.matching(words) == by_definition(keys, words), words
    assert [matcher.key(row) for row in range(len(rows))] == keys


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(part_text | st.sampled_from(shared_parts), max_size=4), min_size=1, max_size=15),
    st.lists(st.text(alphabet="abc le\t", min_size=1, max_size=5), min_size=1, max_size=3),
)
def test_a_word_holding_whitespace_is_matched_against_the_whole_key(rows, words):
    # search_words never makes one, but the rule holds for any word: "b c" may span two parts.
    keys = [" ".join(parts) for parts in rows]
    assert KeyMatcher.of_parts(rows).matching(words) == by_definition(keys, words)


def test_rows_without_parts_and_empty_words():
    matcher = KeyMatcher.of_parts([[], ["abc"], ["", ""]])
    assert matcher.matching([""]) == [0, 1, 2]  # "" occurs in every key, even an empty one
    assert matcher.matching(["a"]) == [1]
    assert matcher.matching([]) == [0, 1, 2]
    assert KeyMatcher.of_parts([]).matching(["a"]) == []


# ---- the catalogue's indexes ----------------------------------------------------------------------------


def check_catalogue(catalogue: Catalogue, words: list[str]) -> None:
    for items, matcher in (
        (catalogue.dataset.findings, catalogue.finding_search),
        (catalogue.dataset.recommendations, catalogue.recommendation_search),
    ):
        for word in words:
            for query in typed(word):
                folded = search_words(query)
                expected = [row for row, item in enumerate(items) if catalogue.matches(item.id, folded)]
                assert matcher.matching(folded) == expected, query
        matcher.forget_recent()
        for word in words[:10]:  # from scratch too
            folded = search_words(word)
            assert matcher.matching(folded) == [r for r, item in enumerate(items) if catalogue.matches(item.id, folded)]


def test_catalogue_search_agrees_with_matches_while_typing(catalogue):
    fresh = Catalogue(catalogue.dataset)  # its own index and memory of recent words
    check_catalogue(fresh, sample_words(list(fresh.search_keys.values()), 80))


def test_search_key_of_one_item_is_its_entry_in_search_keys(catalogue):
    fresh = Catalogue(catalogue.dataset)
    one_by_one = {item.id: fresh.search_key(item.id) for item in [*fresh.dataset.findings, *fresh.dataset.recommendations]}
    assert one_by_one == fresh.search_keys
    assert fresh.search_key("no-such-item") == ""
    rows = fresh.finding_search
    assert [rows.key(row) for row in range(len(rows))] == [fresh.search_keys[f.id] for f in fresh.dataset.findings]


def test_search_on_a_changed_dataset(raw_dataset, write_json):
    """Shared and repeated text, accents and a statement reused by another finding still match exactly."""
    findings = raw_dataset["findings"]
    findings[1]["statement"] = findings[0]["statement"]  # a part two findings share
    findings[2]["statement"] = "Café leadership in the Öresund: naïve managers; ﬁnal figures"
    findings[3]["caveats"] = [*findings[3].get("caveats", []), findings[4]["statement"]]
    findings[5]["period"] = findings[0]["id"]  # one finding's id is text of another
    raw_dataset["findings"] = findings[::-1]
    catalogue = Catalogue(load_dataset(write_json(raw_dataset)))
    words = sample_words(list(catalogue.search_keys.values()), 60, seed=3)
    check_catalogue(catalogue, words + ["cafe", "oresund", "naive", "final", findings[0]["id"]])


# ---- the ids the proxy hands out carry their rows --------------------------------------------------------


def test_visible_ids_are_a_list_carrying_their_rows(catalogue, qapp):
    source = FindingTableModel(catalogue)
    proxy = FindingFilterProxyModel(source)
    word = catalogue.dataset.findings[0].statement.split()[0]
    for filters, sort_column in (
        (Filters(), -1),
        (Filters.make(query=word), -1),
        (Filters.make(sector=catalogue.dataset.sectors[0].id, query=word), FindingTableModel.VALUE),
    ):
        proxy.set_filters(filters)
        if sort_column >= 0:
            proxy.sort(sort_column)
        ids = proxy.visible_ids()
        assert isinstance(ids, RowIds)
        shown = [proxy.index(row, 0).data(Roles.ID) for row in range(proxy.rowCount())]
        assert ids == shown and list(ids) == shown and len(ids) == len(shown)
        assert shown, filters  # every case shows rows, so the checks below compare something
        assert ids[-1:] == shown[-1:] and shown[0] in ids
        assert ids == [catalogue.dataset.findings[row].id for row in ids.rows]
        assert len(set(ids.rows)) == len(ids.rows) and ids.catalogue is catalogue


def test_a_letter_that_hides_nothing_more_leaves_the_rows_and_the_view_alone(catalogue, qapp, qtmodeltester):
    source = FindingTableModel(catalogue)
    proxy = FindingFilterProxyModel(source)
    qtmodeltester.check(proxy)
    resets = []
    proxy.modelReset.connect(lambda: resets.append(proxy.filters.query))
    findings = catalogue.dataset.findings

    def shown(query: str) -> list[str]:
        return [f.id for f in findings if catalogue.matches(f.id, search_words(query))]

    word = "leadership"
    assert shown(word[:1]) != shown(word) and shown(word[:-1]) == shown(word), "the bundled data no longer fits"
    ids_before = None
    for i in range(1, len(word) + 1):
        query = word[:i]
        changes = shown(query) != (ids_before if ids_before is not None else [f.id for f in findings])
        proxy.set_filters(Filters.make(query=query))
        assert proxy.filters.query == query  # the filters are taken either way
        assert proxy.visible_ids() == shown(query)
        assert (resets[-1:] == [query]) == changes, query
        ids_before = shown(query)
    assert proxy.accepts(findings[0]) == (findings[0].id in shown(word))
    qtmodeltester.check(proxy)
