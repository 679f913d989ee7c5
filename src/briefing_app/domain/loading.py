"""Reading a dataset file: a size cap, decoding, pydantic's JSON path, then whole-dataset checks.

Every failure becomes a list of :class:`Problem` naming the file, the JSON path and the reason;
nothing here lets a traceback reach the user.
"""

from __future__ import annotations

import codecs
import functools
import gc
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from operator import attrgetter
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import SchemaValidator, core_schema

from .checks import check_dataset
from .integrity import check_integrity
from .models import MAX_ITEMS, PATTERN_MESSAGES, PLACEHOLDER_PATTERN, Dataset
from .problems import DatasetError, Problem, json_path

MAX_DATASET_BYTES = 64 * 1024 * 1024


def read_capped(path: Path, limit: int = MAX_DATASET_BYTES) -> bytes:
    """The file's bytes, refusing one over ``limit`` before reading it whole."""
    name = str(path)
    try:
        status = os.stat(path)
        size = status.st_size
        if stat.S_ISDIR(status.st_mode):
            raise DatasetError([Problem(name, "$", "is a folder, not a file")])
        if not stat.S_ISREG(status.st_mode):
            # A named pipe or device would block open() or read() for ever (or 64 MB of /dev/zero).
            raise DatasetError([Problem(name, "$", "is not a regular file (a pipe, socket or device)")])
        if size > limit:
            raise DatasetError(
                [Problem(name, "$", f"the file is {size / 2**20:.1f} MB; the limit is {limit / 2**20:.0f} MB")]
            )
        # Opened without blocking and checked again once open: a file swapped for a pipe after the check
        # above would otherwise block here for ever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with open(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise DatasetError([Problem(name, "$", "is not a regular file (a pipe, socket or device)")])
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise DatasetError([Problem(name, "$", "no such file")]) from None
    except PermissionError:
        raise DatasetError([Problem(name, "$", "permission denied")]) from None
    except OSError as exc:
        raise DatasetError([Problem(name, "$", f"cannot be read ({exc.strerror or exc})")]) from None
    except ValueError:  # os.stat refuses a name with a NUL character in it
        raise DatasetError([Problem(name, "$", "is not a valid file name")]) from None
    if len(data) > limit:  # the file grew while we read it
        raise DatasetError([Problem(name, "$", f"the file is larger than the {limit / 2**20:.0f} MB limit")])
    return data


def decode_json_text(data: bytes, name: str) -> str:
    """UTF-8 text of a JSON file, with an optional byte-order mark removed."""
    if not data.strip():
        raise DatasetError([Problem(name, "$", "the file is empty")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DatasetError(
            [Problem(name, "$", f"is not UTF-8 text (invalid byte at offset {exc.start})")]
        ) from None


def problems_from_validation_error(error: ValidationError, name: str) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        if item["type"] == "json_invalid":
            reason = item.get("ctx", {}).get("error", item["msg"])
            problems.append(Problem(name, "$", f"invalid JSON: {reason}"))
            continue
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "unknown field (not part of the schema)"
        elif item["type"] == "missing":
            message = "required field is missing"
        elif item["type"] == "string_pattern_mismatch" and item.get("ctx", {}).get("pattern") in PATTERN_MESSAGES:
            message = PATTERN_MESSAGES[item["ctx"]["pattern"]]
        elif message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        problems.append(Problem(name, json_path(tuple(item["loc"])), message))
    return problems


def parse_dataset(data: bytes, name: str) -> Dataset:
    """Validate the bytes of a dataset file; raise DatasetError with every problem found."""
    if not data or data.isspace():
        decode_json_text(data, name)  # raises "the file is empty"
    body = data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
    too_many = _too_many_items(body, name)
    if too_many:
        raise DatasetError(too_many)
    try:
        # pydantic's own JSON parser: faster than json.loads followed by model_validate. It is given the
        # bytes, not decoded text, which it would encode back to UTF-8; it refuses invalid UTF-8 itself,
        # and on any failure the bytes are decoded first so that invalid UTF-8 is reported as before.
        with garbage_collection_paused():
            dataset = Dataset.model_validate_json(body)
    except ValidationError as exc:
        decode_json_text(data, name)
        raise DatasetError(problems_from_validation_error(exc, name)) from None
    except RecursionError:
        decode_json_text(data, name)
        raise DatasetError([Problem(name, "$", "the JSON is nested too deeply")]) from None
    except MemoryError:
        raise DatasetError([Problem(
            name, "$", "this computer ran out of memory while reading the file; close other programs or use a smaller edition",
        )]) from None
    duplicates = find_duplicate_keys(decode_json_text(data, name), name) if may_repeat_a_key(body, dataset) else []
    placeholders = find_placeholders(decode_json_text(data, name), name) if may_hold_placeholder(data) else []
    problems = duplicates + placeholders + check_dataset(dataset, name) + check_integrity(dataset, name)
    if problems:
        raise DatasetError(problems)
    return dataset


# Keys only an item of that kind has, each written once per item: a count of the bytes (milliseconds on
# 64 MB) refuses an oversized edition before pydantic spends seconds and gigabytes validating it. A key
# written with escapes is not counted; the models' max_length still refuses the file, more slowly.
_ITEM_KEYS = {"findings": b'"statement"', "recommendations": b'"target_body"', "sources": b'"publishers"'}


def _too_many_items(body: bytes, name: str) -> list[Problem]:
    problems = []
    for kind, key in _ITEM_KEYS.items():
        count = body.count(key)
        if count > MAX_ITEMS:
            problems.append(Problem(
                name, f"$.{kind}",
                f"about {count:,} {kind}: at most {MAX_ITEMS:,} are supported, so that every view, sheet and "
                "command stays quick; split the edition into smaller files",
            ))
    return problems


# ---- keys given twice ---------------------------------------------------------------------------------
# JSON parsers keep the last of two equal keys in one object ({"value": 40, "value": 4} reads as 4), so a
# mistake in a hand-edited file would pass unseen. Finding them exactly needs a second, slower parse; a
# count settles the usual case first: every key of a valid dataset is a field of a model, so the keys in
# the file are as many as the fields the models were given, and only a file where the two differ (or where
# a key is not written "key": so the count cannot see it) is parsed again to name each repeated key.

_SPACED_KEY = re.compile(rb'"[ \t\r\n]+:')


def _fields_given(dataset: Dataset) -> int:
    """How many keys the file gave the models (model_fields_set), counted with as little Python as possible."""
    given = attrgetter("__pydantic_fields_set__")

    def count(models) -> int:
        return sum(map(len, map(given, models)))

    total = count((dataset, dataset.edition)) + count(dataset.sectors) + count(dataset.themes)
    for source in dataset.sources:
        total += len(given(source)) + count(source.other_urls)
    for finding in dataset.findings:
        total += len(given(finding)) + count(finding.measures) + count(finding.sources)
    for recommendation in dataset.recommendations:
        total += len(given(recommendation)) + count(recommendation.sources)
    return total


def may_repeat_a_key(body: bytes, dataset: Dataset) -> bool:
    """False only when no object in the file can have a key twice (then no need to parse it again).

    A key is written as "name": (a '":' inside a string only adds to the count, which at worst makes the
    exact search run for nothing); a file with a space before a colon is always searched.
    """
    if _SPACED_KEY.search(body):
        return True
    return body.count(b'":') != _fields_given(dataset)


class _Keys(dict):
    repeated: tuple[str, ...] = ()


def _keep_repeats(pairs: list[tuple[str, object]]) -> _Keys:
    keys = _Keys(pairs)
    if len(keys) != len(pairs):
        seen: set[str] = set()
        repeated: list[str] = []
        for key, _value in pairs:
            if key in seen and key not in repeated:
                repeated.append(key)
            seen.add(key)
        keys.repeated = tuple(repeated)
    return keys


def find_duplicate_keys(text: str, name: str) -> list[Problem]:
    """A problem for every key given twice in one object, at its JSON path."""
    import json

    try:
        tree = json.loads(text, object_pairs_hook=_keep_repeats)
    except (ValueError, RecursionError):
        return []  # the validation that ran first reports what is wrong with the JSON itself
    problems: list[Problem] = []
    stack: list[tuple[object, tuple]] = [(tree, ())]
    while stack:
        node, loc = stack.pop()
        if isinstance(node, _Keys):
            for key in node.repeated:
                problems.append(Problem(name, json_path((*loc, key)),
                                        f"the key {key!r} is given more than once in this object; JSON readers "
                                        "would keep only the last, so give it once"))
            stack.extend((value, (*loc, key)) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, (*loc, index)) for index, value in enumerate(node))
    return sorted(problems, key=lambda problem: problem.path)


@contextmanager
def garbage_collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a dataset is built.

    Validation creates millions of objects; each few hundred trigger a collection, and the full ones walk
    every object made so far, which more than doubled the time to load a large file. The models hold no
    reference cycles, so nothing is missed: the collector resumes afterwards as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Every placeholder word, case-insensitive, for a Rust regular expression (pydantic-core's), which scans a
# whole file many times faster than Python's re. "ipsum" is cut to "psum" because PLACEHOLDER_PATTERN,
# unlike Rust, also counts İ and ı as "i"; Rust, like it, counts ſ as "s". A backslash-u is looked for
# too, since a JSON escape could spell a letter. No word boundaries: this may find more, never less.
_PLACEHOLDER_PRECHECK = r"(?i)go here|tbc|tbd|lorem|psum|todo|xxx|placeholder|\\u"


@functools.cache
def _placeholder_precheck() -> SchemaValidator:
    return SchemaValidator(core_schema.str_schema(pattern=_PLACEHOLDER_PRECHECK))


def may_hold_placeholder(data: bytes) -> bool:
    """False only when no string in the file can contain placeholder text (then no need to search it).

    A cheap test of the raw bytes before the slower search with PLACEHOLDER_PATTERN: every match of that
    pattern is also a match of _PLACEHOLDER_PRECHECK (tests/test_fast_paths.py checks it).
    """
    try:
        _placeholder_precheck().validate_python(data)  # lax mode reads the bytes as UTF-8 text
    except ValidationError as error:
        return error.errors(include_url=False)[0]["type"] != "string_pattern_mismatch"
    return True


# Fields whose strings are ids, addresses, dates or codes rather than prose (a list of them too). Placeholder
# words are whole words of prose: an id "tbc-funding" or a URL ".../todo.html" is a real value.
NOT_PROSE = frozenset({
    "id", "url", "source", "sector", "themes", "compare_as", "supporting_findings", "related_findings",
    "date", "date_published", "date_compiled", "kind", "unit", "comparator", "confidence", "schema_version",
})


def _strings(node: object) -> bool:
    return isinstance(node, list) and all(isinstance(item, str) for item in node)


def find_placeholders(text: str, name: str) -> list[Problem]:
    """Problems for every string value containing placeholder text such as "go here" or "TBC".

    One regular-expression search over the raw file settles the usual case (no placeholder) at C speed;
    only when it finds something, or when JSON escapes could hide a word, are the values walked.
    """
    if not PLACEHOLDER_PATTERN.search(text) and "\\u" not in text:
        return []
    import json

    problems: list[Problem] = []

    def walk(node: object, loc: tuple) -> None:
        if loc and loc[-1] in NOT_PROSE and (isinstance(node, str) or _strings(node)):
            return  # an id, an address, a date or a code: "todo-list" or ".../xxx.pdf" is no placeholder
        if isinstance(node, str):
            match = PLACEHOLDER_PATTERN.search(node)
            if match:
                problems.append(Problem(name, json_path(loc), f"contains placeholder text {match.group(0)!r}"))
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(value, (*loc, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, (*loc, index))

    walk(json.loads(text), ())
    return problems


def load_dataset(path: str | os.PathLike[str]) -> Dataset:
    path = Path(path)
    return parse_dataset(read_capped(path), str(path))
