"""Hostile and broken datasets: thousands of generated files, each loaded correctly or refused clearly.

Every generated file must either load (and then the catalogue, search keys, citations and exports work)
or raise DatasetError whose every Problem names the file, a JSON path starting with "$" and a reason.
Never another exception, a hang or a crash.

Generation is deterministic (hypothesis ``derandomize=True``, no example database) so CI runs the same
cases every time. The number of cases run is printed in pytest's terminal summary ("reliability counts").
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_helpers import LONG_WORD, add_count, hostile_strings

from briefing_app.domain import Catalogue, DatasetError, load_dataset
from briefing_app.domain import loading
from briefing_app.domain.catalogue import format_value
from briefing_app.domain.citation import full_citation
from briefing_app.domain.export import findings_csv, findings_json

HANG_GUARD_S = 30  # one case normally takes milliseconds; this only turns a hang into a failure


def fuzz_settings(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


# ---- the seeds: the bundled dataset and a small hand-made one ---------------------------------------

SMALL_DATASET = {
    "schema_version": 1,
    "edition": {
        "id": "small-1", "title": "Small edition", "publisher": "Test publisher",
        "date_published": "2024-09-20", "date_compiled": "2024-10-01", "notes": ["A note."],
    },
    "sectors": [
        {"id": "health", "name": "Health", "description": "The NHS."},
        {"id": "education", "name": "Education", "description": "Schools."},
    ],
    "themes": [{"id": "workload", "name": "Workload", "description": "Hours.", "comparison_title": "Workload"}],
    "sources": [
        {"id": "s1", "short": "S, 2023", "title": "A report", "publishers": ["SMF"], "date": "2023-07",
         "url": "https://example.org/report", "kind": "survey_report", "sample_size": 1000,
         "other_urls": [{"url": "https://example.org/press", "label": "Press release"}]},
        {"id": "s2", "short": "T, 2021", "title": "Stats", "publishers": ["ONS"], "date": "2021/2023",
         "kind": "official_statistics"},
    ],
    "findings": [
        {"id": "f1", "sector": "health", "themes": ["workload"], "statement": "Most managers work late.",
         "measures": [{"label": "Work late", "unit": "percent", "value": 61.5, "base": "Managers",
                       "compare_as": "workload", "comparator": "approximately"},
                      {"label": "Spend", "unit": "currency_gbp", "value": 184000000, "base": "Trusts",
                       "confidence": "secondary"}],
         "period": "2023", "year": 2023, "sources": [{"source": "s1", "location": "Page 4"}],
         "confidence": "primary", "caveats": ["Self-reported."]},
        {"id": "f2", "sector": "education", "themes": ["workload"], "statement": "Teachers too.",
         "measures": [{"label": "Work late", "unit": "percent", "value": 70, "base": "Teachers",
                       "compare_as": "workload"}],
         "period": "2022", "year": 2022, "sources": [{"source": "s2"}], "confidence": "secondary"},
        {"id": "f3", "sector": "education", "themes": ["workload"], "statement": "A qualitative point.",
         "period": "2021", "year": 2021, "sources": [{"source": "s1"}], "confidence": "unverified"},
    ],
    "recommendations": [
        {"id": "r1", "title": "Train managers", "summary": "Do it.", "sector": "health", "target_body": "NHS England",
         "supporting_findings": ["f1"], "related_findings": ["f2"], "sources": [{"source": "s1"}],
         "confidence": "primary"},
    ],
}


@pytest.fixture(scope="module")
def seeds(dataset_path) -> dict[str, str]:
    """The seed datasets as JSON text; both must load, or the mutations test nothing."""
    texts = {"bundled": dataset_path.read_text(encoding="utf-8"), "small": json.dumps(SMALL_DATASET)}
    for name, text in texts.items():
        loading.parse_dataset(text.encode("utf-8"), name)  # raises if a seed is not valid
    return texts


# ---- the one rule every case must follow ---------------------------------------------------------


@contextmanager
def hang_guard(seconds: int = HANG_GUARD_S):
    """Raise in the main thread if a case runs for far longer than it ever should (a hang)."""

    if not hasattr(signal, "setitimer"):  # Windows: no alarm signal; CI runs on Linux
        yield
        return

    def on_alarm(signum, frame):
        raise TimeoutError(f"a dataset case ran for more than {seconds} s: treated as a hang")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def exercise(dataset, path: Path) -> None:
    """Everything the panes and exports do with a loaded dataset must work."""
    catalogue = Catalogue(dataset, str(path))
    assert set(catalogue.search_keys) == {f.id for f in dataset.findings} | {r.id for r in dataset.recommendations}
    for theme in catalogue.comparable_themes():
        assert len(catalogue.comparison(theme.id)) >= 2
    for finding in dataset.findings:
        catalogue.headline_text(finding)
        for measure in finding.measures:
            assert format_value(measure) and format_value(measure, words=True)
        for source in catalogue.sources_of(finding):
            assert full_citation(source)
    for rec in dataset.recommendations:
        catalogue.supporting_findings(rec), catalogue.related_findings(rec)
    rows = list(csv.DictReader(io.StringIO(findings_csv(catalogue, dataset.findings))))
    assert len(rows) == sum(max(1, len(f.measures)) for f in dataset.findings)
    records = json.loads(findings_json(catalogue, dataset.findings))["findings"]
    assert [r["id"] for r in records] == [f.id for f in dataset.findings]


def check_case(data: bytes, path: Path) -> str:
    """Write ``data`` to ``path`` and load it: 'loaded' or 'rejected', asserting the rule for each."""
    path.write_bytes(data)
    with hang_guard():
        try:
            dataset = load_dataset(path)
        except DatasetError as exc:
            assert exc.problems, "a DatasetError without problems"
            for problem in exc.problems:
                assert problem.file == str(path), problem
                assert problem.path.startswith("$"), problem
                assert problem.message.strip(), problem
            return "rejected"
        exercise(dataset, path)
    return "loaded"


class Tally:
    def __init__(self) -> None:
        self.outcomes = {"loaded": 0, "rejected": 0}

    def __call__(self, outcome: str) -> None:
        self.outcomes[outcome] += 1

    @property
    def total(self) -> int:
        return sum(self.outcomes.values())

    def report(self, config, label: str) -> None:
        add_count(config, "dataset cases generated (all strategies)", self.total)
        add_count(config, f"  {label}: loaded", self.outcomes["loaded"])
        add_count(config, f"  {label}: rejected with a clear message", self.outcomes["rejected"])


# ---- values that do not belong ----------------------------------------------------------------------

DEEP = "\u0000deep:"  # a marker replaced after serialising by real nesting (json.dumps would recurse)

odd_numbers = st.sampled_from(
    [0, -1, -0.0, 1e308, -1e308, 5e-324, 2**31, 2**63, -(2**63), 10**30, 10**400, 100.000001, 1899, 2101,
     math.nan, math.inf, -math.inf]
)
odd_strings = st.one_of(
    st.sampled_from(
        ["", " ", "\t\n", "\u00a0", "TBC", "lorem ipsum", "\ufeff", "\x00", "\ud800", "\udfff\ud800", "null",
         "2023-02-30", "2023-13", "0000", "9999-99-99", "2025/2021", "http://", "javascript:alert(1)",
         "file:///etc/passwd", "HEALTH", "no-such-id", "-leading-dash", "a" * 65, "UPPER", "h1", "s1", "f1"]
    ),
    st.sampled_from(hostile_strings("file:///tmp/does-not-exist.png")),
    st.builds(lambda unit, n: unit * n, st.sampled_from(["a", "é", "\U0001f600", "<b>", " "]), st.integers(0, 30_000)),
    st.text(max_size=40),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), odd_numbers, odd_strings)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
deep_values = st.builds(lambda n, kind: f"{DEEP}{kind}{n}", st.integers(50, 5_000), st.sampled_from("[{"))
any_value = st.one_of(json_values, deep_values)


def serialise(doc, style: str, bom: bool, tail: str) -> bytes:
    if style == "spaced":  # (indent=2 would use json's slow pure-Python encoder)
        text = json.dumps(doc, ensure_ascii=False)
    elif style == "ascii":
        text = json.dumps(doc)  # NaN and Infinity come out as bare tokens, as some tools write them
    else:
        text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
    if DEEP in text:
        text = _expand_deep(text)
    data = text.encode("utf-8", errors="surrogatepass")  # lone surrogates become invalid UTF-8 bytes
    return (b"\xef\xbb\xbf" if bom else b"") + data + tail.encode("utf-8")


def _expand_deep(text: str) -> str:
    marker = json.dumps(DEEP)[:-1]  # the marker as it appears inside a JSON string, without the closing quote
    while marker in text:
        start = text.index(marker)
        end = text.index('"', start + len(marker))
        spec = text[start + len(marker) : end]
        kind, depth = spec[0], int(spec[1:])
        nested = ("[" * depth + "]" * depth) if kind == "[" else ('{"a":' * depth + "1" + "}" * depth)
        text = text[:start] + nested + text[end + 1 :]
    return text


# ---- mutations of a dataset's structure ------------------------------------------------------------

REFERENCE_FIELDS = {
    "findings": ["sector", "themes", "sources", "compare_as"],
    "recommendations": ["sector", "sources", "supporting_findings", "related_findings"],
}
ID_LISTS = ("sectors", "themes", "sources", "findings", "recommendations")


def _child_keys(node) -> list:
    return sorted(node) if isinstance(node, dict) else list(range(len(node)))


def _walk(data, doc, max_depth: int):
    """A random path into doc: (parent, key) pairs from the root to a node."""
    trail = []
    node = doc
    for _ in range(data.draw(st.integers(0, max_depth), label="depth")):
        if not isinstance(node, (dict, list)) or not node:
            break
        key = data.draw(st.sampled_from(_child_keys(node)), label="key")
        trail.append((node, key))
        node = node[key]
    return trail, node


def _some_item(data, doc, kinds=ID_LISTS):
    candidates = [(k, i) for k in kinds if isinstance(doc.get(k), list) for i in range(len(doc[k]))]
    if not candidates:
        return None
    kind, index = data.draw(st.sampled_from(candidates), label="item")
    item = doc[kind][index]
    return (kind, item) if isinstance(item, dict) else None


def mutate(data, doc: dict) -> None:
    op = data.draw(
        st.sampled_from(
            ["replace", "delete", "extra field", "duplicate element", "empty container", "change type",
             "dangling reference", "self reference", "reference to another kind", "duplicate id",
             "measure out of range", "bad year", "bad date", "huge string", "deep nesting"]
        ),
        label="mutation",
    )
    if op in ("replace", "delete", "extra field", "duplicate element", "empty container", "change type"):
        trail, node = _walk(data, doc, 6)
        if not trail:
            return
        parent, key = trail[-1]
        if op == "replace":
            parent[key] = data.draw(any_value, label="value")
        elif op == "delete":
            del parent[key]
        elif op == "extra field":
            if isinstance(node, dict):
                node[data.draw(st.text(max_size=20), label="name")] = data.draw(json_values, label="value")
        elif op == "duplicate element":
            if isinstance(parent, list):
                parent.insert(key, json.loads(json.dumps(parent[key])))
        elif op == "empty container":
            parent[key] = {} if isinstance(node, dict) else [] if isinstance(node, list) else ""
        else:  # change type: list <-> object, scalar -> list, string -> number
            if isinstance(node, list):
                parent[key] = {str(i): v for i, v in enumerate(node)}
            elif isinstance(node, dict):
                parent[key] = list(node.values())
            elif isinstance(node, str):
                parent[key] = len(node)
            else:
                parent[key] = [node]
        return
    if op in ("dangling reference", "self reference", "reference to another kind"):
        picked = _some_item(data, doc, ("findings", "recommendations"))
        if picked is None:
            return
        kind, item = picked
        field = data.draw(st.sampled_from(REFERENCE_FIELDS[kind]), label="field")
        own_id = item.get("id", "x")
        other_kind = data.draw(st.sampled_from(ID_LISTS), label="other kind")
        other_ids = [o.get("id") for o in doc.get(other_kind, []) if isinstance(o, dict)] or ["x"]
        target = {"dangling reference": "no-such-id", "self reference": own_id,
                  "reference to another kind": other_ids[0]}[op]
        if field == "compare_as":
            for measure in item.get("measures", []) if isinstance(item.get("measures"), list) else []:
                if isinstance(measure, dict):
                    measure["compare_as"] = target
        elif field == "sources":
            item["sources"] = [{"source": target}]
        elif field == "sector":
            item["sector"] = target
        else:
            item[field] = [target, target]
        return
    if op == "duplicate id":
        kind = data.draw(st.sampled_from(ID_LISTS), label="list")
        items = doc.get(kind)
        if isinstance(items, list) and len(items) >= 2 and all(isinstance(i, dict) for i in items[:2]):
            items[-1]["id"] = items[0].get("id")
        return
    if op in ("measure out of range", "bad year", "bad date"):
        picked = _some_item(data, doc, ("findings",))
        if picked is None:
            return
        _, finding = picked
        if op == "bad year":
            finding["year"] = data.draw(st.one_of(odd_numbers, odd_strings), label="year")
        elif op == "bad date":
            source = _some_item(data, doc, ("sources",))
            if source:
                source[1]["date"] = data.draw(odd_strings, label="date")
        elif isinstance(finding.get("measures"), list) and finding["measures"]:
            measure = finding["measures"][0]
            if isinstance(measure, dict):
                measure["unit"] = data.draw(
                    st.sampled_from(["percent", "count", "ratio", "percentage_points", "months", "furlongs"]), label="unit"
                )
                measure["value"] = data.draw(odd_numbers, label="value")
        return
    trail, node = _walk(data, doc, 4)
    if trail:
        parent, key = trail[-1]
        parent[key] = LONG_WORD * data.draw(st.integers(1, 3), label="repeat") if op == "huge string" else data.draw(deep_values, label="deep")


def _structural_case(data, seed_text: str) -> bytes:
    doc = json.loads(seed_text)
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        mutate(data, doc)
    style = data.draw(st.sampled_from(["compact", "spaced", "ascii"]), label="style")
    bom = data.draw(st.booleans(), label="bom")
    tail = data.draw(st.sampled_from(["", "", "\n", "\r\n  ", "\x00", "}", "garbage", "{}"]), label="tail")
    return serialise(doc, style, bom, tail)


STRUCTURAL_EXAMPLES = {"bundled": 500, "small": 900}


@pytest.mark.slow  # a long property run
@pytest.mark.parametrize("seed_name", ["bundled", "small"])
def test_structural_mutations_are_loaded_or_refused_clearly(seeds, seed_name, tmp_path, pytestconfig):
    tally = Tally()
    path = tmp_path / "mutated dataset.json"

    @fuzz_settings(STRUCTURAL_EXAMPLES[seed_name])
    @given(st.data())
    def run(data):
        tally(check_case(_structural_case(data, seeds[seed_name]), path))

    run()
    tally.report(pytestconfig, f"structural mutations of the {seed_name} dataset")
    assert tally.total >= STRUCTURAL_EXAMPLES[seed_name]
    assert tally.outcomes["rejected"] > 0


# ---- mutations of the bytes --------------------------------------------------------------------------

BYTE_SNIPPETS = [
    b"\xff", b"\xfe\xff", b"\xc0\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80", b"\x00", b"\xef\xbb\xbf",
    b'"', b"\\", b"\\u", b"\\ud800", b"{", b"}", b"[", b"]", b",", b":", b"NaN", b"-Infinity", b"1e999",
    b"/* comment */", b"'single'", b"\r", b"\n" * 3,
]


def _byte_case(data, seed: bytes) -> bytes:
    out = bytearray(seed)
    for _ in range(data.draw(st.integers(1, 5), label="edits")):
        op = data.draw(st.sampled_from(["truncate", "delete", "insert", "flip", "duplicate"]), label="edit")
        at = data.draw(st.integers(0, len(out)), label="at")
        if op == "truncate":
            del out[at:]
        elif op == "delete":
            del out[at : at + data.draw(st.integers(1, 200), label="length")]
        elif op == "insert":
            snippet = data.draw(st.one_of(st.sampled_from(BYTE_SNIPPETS), st.binary(min_size=1, max_size=8)), label="bytes")
            out[at:at] = snippet
        elif op == "flip" and at < len(out):
            out[at] ^= 1 << data.draw(st.integers(0, 7), label="bit")
        elif op == "duplicate":
            out[at:at] = out[at : at + data.draw(st.integers(1, 500), label="length")]
    wrapper = data.draw(st.sampled_from(["none", "none", "bom", "two boms", "utf-16", "latin-1"]), label="encoding")
    if wrapper == "bom":
        return b"\xef\xbb\xbf" + bytes(out)
    if wrapper == "two boms":
        return b"\xef\xbb\xbf\xef\xbb\xbf" + bytes(out)
    if wrapper in ("utf-16", "latin-1"):
        text = bytes(out).decode("utf-8", errors="replace") + " caf\u00e9"
        return text.encode("utf-16" if wrapper == "utf-16" else "latin-1", errors="replace")
    return bytes(out)


BYTE_EXAMPLES = 500


@pytest.mark.slow  # a long property run
def test_byte_mutations_are_loaded_or_refused_clearly(seeds, tmp_path, pytestconfig):
    tally = Tally()
    path = tmp_path / "bytes.json"
    seed_bytes = seeds["small"].encode("utf-8")

    @fuzz_settings(BYTE_EXAMPLES)
    @given(st.data())
    def run(data):
        tally(check_case(_byte_case(data, seed_bytes), path))

    run()
    tally.report(pytestconfig, "byte-level mutations (truncation, bad UTF-8, BOMs, UTF-16)")
    assert tally.total >= BYTE_EXAMPLES
    assert tally.outcomes["rejected"] > 0


# ---- whole documents that are not datasets at all ----------------------------------------------------

DOCUMENT_EXAMPLES = 300


@pytest.mark.slow  # a long property run
def test_arbitrary_json_documents_are_refused_clearly(tmp_path, pytestconfig):
    tally = Tally()
    path = tmp_path / "document.json"

    @fuzz_settings(DOCUMENT_EXAMPLES)
    @given(
        st.one_of(
            any_value,
            st.dictionaries(st.sampled_from(sorted(SMALL_DATASET)), json_values, max_size=7),
            st.builds(dict, schema_version=st.just(1), edition=json_values, sectors=json_values, sources=json_values),
        ),
        st.sampled_from(["compact", "spaced", "ascii"]),
        st.booleans(),
    )
    def run(document, style, bom):
        outcome = check_case(serialise(document, style, bom, ""), path)
        assert outcome == "rejected"
        tally(outcome)

    run()
    tally.report(pytestconfig, "arbitrary JSON documents")
    assert tally.total >= DOCUMENT_EXAMPLES


# ---- valid datasets full of hostile text: they must load and export ---------------------------------

HOSTILE_TEXT_EXAMPLES = 250
def _valid_text(text: str) -> bool:
    from briefing_app.domain.models import PLACEHOLDER_PATTERN

    return bool(text.strip()) and not PLACEHOLDER_PATTERN.search(text)


@pytest.mark.slow  # a long property run
def test_valid_datasets_with_hostile_text_load_and_export(tmp_path, pytestconfig):
    from reliability_helpers import SHORT_FIELDS, SHORT_TEXT_LIMIT, TEXT_FIELDS

    tally = Tally()
    path = tmp_path / "hostile.json"
    text_strategy = st.one_of(
        st.sampled_from(hostile_strings("file:///tmp/does-not-exist.png")),
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=80),
    ).filter(_valid_text)

    @fuzz_settings(HOSTILE_TEXT_EXAMPLES)
    @given(st.data())
    def run(data):
        doc = json.loads(json.dumps(SMALL_DATASET))

        def rewrite(node, key):
            if isinstance(node, dict):
                return {k: rewrite(v, k) for k, v in node.items()}
            if isinstance(node, list):
                return [rewrite(v, key) for v in node]
            if isinstance(node, str) and key in TEXT_FIELDS and data.draw(st.booleans(), label="rewrite"):
                return data.draw(text_strategy, label=key)[: SHORT_TEXT_LIMIT if key in SHORT_FIELDS else 20_000]
            return node

        doc = rewrite(doc, None)
        # A valid dataset gives each figure of a finding its own label (checks.py): two rewritten to the same
        # hostile text are told apart by their place, as a compiler would.
        for finding in doc["findings"]:
            seen = set()
            for index, measure in enumerate(finding.get("measures", [])):
                if measure["label"] in seen:
                    measure["label"] = f"{measure['label'][: SHORT_TEXT_LIMIT - 6]} ({index + 1})"
                seen.add(measure["label"])
        values = [61.5, 0, 100, 5e-324, 99.99999]
        doc["findings"][0]["measures"][0]["value"] = data.draw(st.sampled_from(values), label="percent")
        doc["findings"][0]["measures"][1]["value"] = data.draw(
            st.floats(min_value=0, max_value=1e308, allow_nan=False), label="money"
        )
        outcome = check_case(serialise(doc, data.draw(st.sampled_from(["compact", "ascii"])), False, ""), path)
        assert outcome == "loaded", "a valid dataset with unusual text was refused"
        tally(outcome)

    run()
    tally.report(pytestconfig, "valid datasets with hostile text and extreme values")
    assert tally.total >= HOSTILE_TEXT_EXAMPLES


# ---- briefing pack files: the user's own work, opened again later ----------------------------------

PACK_EXAMPLES = 300


@pytest.mark.slow  # a long property run
def test_mutated_pack_files_are_opened_or_refused_clearly(tmp_path, pytestconfig):
    from briefing_app.sheets.pack import Pack, PackError, open_pack

    pack = Pack(title="My pack", edition="small-1")
    for kind, item_id in [("finding", "f1"), ("recommendation", "r1"), ("chart", "sector:health")]:
        pack.add(kind, item_id, "A speaking note.")
    seed = pack.to_json()
    path = tmp_path / "mutated.brief.json"
    tally = Tally()

    @fuzz_settings(PACK_EXAMPLES)
    @given(st.data())
    def run(data):
        if data.draw(st.booleans(), label="bytes or structure"):
            content = _byte_case(data, seed.encode("utf-8"))
        else:
            document = json.loads(seed)
            for _ in range(data.draw(st.integers(1, 3), label="mutations")):
                trail, node = _walk(data, document, 4)
                if trail:
                    parent, key = trail[-1]
                    parent[key] = data.draw(any_value, label="value")
            content = serialise(document, data.draw(st.sampled_from(["compact", "ascii"])), data.draw(st.booleans()), "")
        path.write_bytes(content)
        with hang_guard():
            try:
                opened = open_pack(path)
            except PackError as exc:
                assert exc.problems
                for problem in exc.problems:
                    assert problem.file == str(path) and problem.path.startswith("$") and problem.message.strip()
                tally("rejected")
                return
        opened.to_json()  # an opened pack can be saved again
        tally("loaded")

    run()
    add_count(pytestconfig, "briefing pack cases generated", tally.total)
    add_count(pytestconfig, "  pack files: opened", tally.outcomes["loaded"])
    add_count(pytestconfig, "  pack files: refused with a clear message", tally.outcomes["rejected"])
    assert tally.total >= PACK_EXAMPLES and tally.outcomes["rejected"] > 0


# ---- files that are not what they seem ------------------------------------------------------------------


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:
        handle.truncate(loading.MAX_DATASET_BYTES + 1)  # sparse: no disk space used
    opened = []
    monkeypatch.setattr(loading, "open", lambda *a, **k: opened.append(a) or open(*a, **k), raising=False)
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    assert opened == [], "the oversized file was opened"
    (problem,) = caught.value.problems
    assert problem.file == str(path) and problem.path == "$"
    assert "limit is 64 MB" in problem.message


def test_a_file_that_grows_past_the_cap_while_read_is_refused(tmp_path):
    path = tmp_path / "growing.json"
    path.write_bytes(b"[" + b" " * 200 + b"]")
    with pytest.raises(DatasetError) as caught:
        loading.read_capped(path, limit=100)
    assert "limit" in caught.value.problems[0].message
    # Same cap, but the file's size only exceeds it between stat and read: read stops at limit + 1.
    assert len(loading.read_capped(path, limit=10_000)) == 202


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_instead_of_hanging(tmp_path):
    # Regression: open() on a FIFO blocked for ever (found by this suite; fixed in domain/loading.py).
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    with hang_guard(10), pytest.raises(DatasetError) as caught:
        load_dataset(path)
    assert caught.value.problems[0].message == "is not a regular file (a pipe, socket or device)"


def test_a_name_with_a_nul_character_is_refused():
    # Regression: os.stat raised ValueError (not OSError) and escaped as a traceback.
    with pytest.raises(DatasetError) as caught:
        load_dataset("data\x00set.json")
    assert caught.value.problems[0].message == "is not a valid file name"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b" \n\t ", "the file is empty"),
        (b"\xef\xbb\xbf", "invalid JSON"),
        (b"\xff\xfe{\x00}\x00", "is not UTF-8 text"),
        (b"[" * 100_000 + b"]" * 100_000, "invalid JSON"),
    ],
    ids=["empty", "blank", "bom only", "utf-16", "deep nesting"],
)
def test_degenerate_files(tmp_path, content, message):
    path = tmp_path / "degenerate.json"
    path.write_bytes(content)
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path) and problem.path == "$" and problem.message.startswith(message)


def test_a_folder_and_a_missing_file_are_refused(tmp_path):
    for path, message in [(tmp_path, "is a folder, not a file"), (tmp_path / "missing.json", "no such file")]:
        with pytest.raises(DatasetError) as caught:
            load_dataset(path)
        assert caught.value.problems[0].message == message


# ---- a sample of refused files: the command line and File > Open dataset… --------------------------


def rejected_samples(seeds: dict[str, str], count: int) -> list[bytes]:
    """The first ``count`` refused files of a deterministic mix of byte and structural mutations."""
    rejected: list[bytes] = []

    @fuzz_settings(count * 3)
    @given(st.data())
    def collect(data):
        if data.draw(st.booleans(), label="bytes or structure"):
            content = _byte_case(data, seeds["small"].encode("utf-8"))
        else:
            content = _structural_case(data, seeds["small"])
        try:
            loading.parse_dataset(content, "sample")
        except DatasetError:
            rejected.append(content)

    collect()
    assert len(rejected) >= count
    return rejected[:count]


def special_files(folder: Path) -> list[Path]:
    """A folder, a named pipe and a sparse file over the size cap, each named like a dataset."""
    folder_path = folder / "folder.json"
    folder_path.mkdir()
    huge = folder / "huge.json"
    with open(huge, "wb") as handle:
        handle.truncate(loading.MAX_DATASET_BYTES + 1)
    files = [folder_path, huge]
    if hasattr(os, "mkfifo"):
        files.append(folder / "pipe.json")
        os.mkfifo(files[-1])
    return files


CLI_SAMPLE = 12


def test_cli_validate_on_mutated_files_exits_1_without_traceback(seeds, tmp_path, pytestconfig):
    files: list[Path] = []
    for index, content in enumerate(rejected_samples(seeds, CLI_SAMPLE)):
        path = tmp_path / f"mutated-{index}-\u00e9\u6570.json"  # a non-ASCII file name too
        path.write_bytes(content)
        files.append(path)
    files += special_files(tmp_path)
    for index, path in enumerate(files):
        # Every other run as on Windows with output redirected to a file: a cp1252 stream that cannot
        # encode the file name's Chinese characters (the command must escape them, not crash).
        encoding = "cp1252" if index % 2 else "utf-8"
        result = subprocess.run(
            [sys.executable, "-m", "briefing_app", "validate", str(path)],
            capture_output=True, text=True, encoding=encoding, errors="replace", timeout=60,
            env={**os.environ, "PYTHONIOENCODING": encoding},
        )
        output = result.stdout + result.stderr
        assert result.returncode == 1, output
        assert "Traceback" not in output
        shown = str(path).encode(encoding, errors="backslashreplace").decode(encoding)
        first, *problems = result.stdout.splitlines()
        assert first.startswith(f"INVALID: {shown}: ")
        assert problems and all(line.startswith(f"  {shown}: $") for line in problems), output
    add_count(pytestconfig, "mutated files checked with `briefing-app validate` in a subprocess", len(files))


WINDOW_SAMPLE = 40


def test_file_open_dataset_refuses_broken_files_and_keeps_the_current_one(
    qtbot, catalogue, seeds, tmp_path, monkeypatch, pytestconfig
):
    from briefing_app.views import commands
    from briefing_app.views.dialogs import DatasetProblemsDialog
    from briefing_app.views.main_window import MainWindow

    window = MainWindow(catalogue, None)  # settings in memory only
    qtbot.addWidget(window)
    window.show()
    window.select_finding(catalogue.dataset.findings[1].id)
    visible_before = window.visible_finding_ids()
    shown: list[DatasetProblemsDialog] = []
    monkeypatch.setattr(DatasetProblemsDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    chosen: list[str] = []
    monkeypatch.setattr(commands.QFileDialog, "getOpenFileName", lambda *a, **k: (chosen[-1], ""))

    files = []
    for index, content in enumerate(rejected_samples(seeds, WINDOW_SAMPLE)):
        path = tmp_path / f"broken-{index}.json"
        path.write_bytes(content)
        files.append(path)
    files += special_files(tmp_path)
    for path in files:
        chosen.append(str(path))
        with hang_guard():
            window.action("open_dataset").trigger()
        dialog = shown[-1]
        assert dialog.problems and all(p.file == str(path) and p.path.startswith("$") for p in dialog.problems)
        assert window.catalogue is catalogue
        assert window.visible_finding_ids() == visible_before
        assert window.current_item() == ("finding", catalogue.dataset.findings[1].id)
    assert len(shown) == len(files)

    # And a good file still opens afterwards: the window was not left in a broken state.
    good = tmp_path / "good.json"
    good.write_text(seeds["small"], encoding="utf-8")
    chosen.append(str(good))
    window.action("open_dataset").trigger()
    assert window.catalogue.file == str(good)
    assert window.visible_finding_ids() == [f["id"] for f in SMALL_DATASET["findings"]]
    add_count(pytestconfig, "broken files opened through File > Open dataset (current dataset kept)", len(files))
