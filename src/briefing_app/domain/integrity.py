"""Whole-dataset rules on ids and references beyond those of :mod:`.checks`: an id names one item of one
kind only, and an item lists each reference once.

A finding and a recommendation with the same id would make "show the linked item" open the wrong one;
a recommendation listing a finding twice (or as both supporting and related) prints it twice. Both are
refused with the JSON path of the second use. No Qt here.
"""

from __future__ import annotations

from collections.abc import Sequence

from .models import Dataset
from .problems import Problem

# The kinds whose items are shown, linked to and cited by id.
LINKED_KINDS = ("findings", "recommendations", "sources")
_SINGULAR = {"findings": "finding", "recommendations": "recommendation", "sources": "source"}


def _repeats(values: Sequence) -> bool:
    return len(set(values)) != len(values)


def _shared_ids(dataset: Dataset, file: str) -> list[Problem]:
    owner: dict[str, tuple[str, int]] = {}
    problems = []
    for kind in LINKED_KINDS:
        items = getattr(dataset, kind)
        for index, item in enumerate(items):
            first = owner.get(item.id)
            if first is None:
                owner[item.id] = (kind, index)
            elif first[0] != kind:  # twice in one kind is reported by checks.check_dataset
                problems.append(Problem(
                    file, f"$.{kind}[{index}].id",
                    f"the id {item.id!r} is already used by the {_SINGULAR[first[0]]} at $.{first[0]}[{first[1]}].id; "
                    "findings, recommendations and sources need ids of their own",
                ))
    return problems


def _listed_twice(file: str, path: str, values: Sequence, what: str) -> list[Problem]:
    seen: dict[object, int] = {}
    problems = []
    for index, value in enumerate(values):
        if value in seen:
            shown = value if isinstance(value, str) else value[0]
            problems.append(Problem(file, f"{path}[{index}]",
                                    f"lists {what} {shown!r} a second time (first at {path}[{seen[value]}])"))
        else:
            seen[value] = index
    return problems


def _repeated_references(dataset: Dataset, file: str) -> list[Problem]:
    problems: list[Problem] = []
    for i, finding in enumerate(dataset.findings):
        if _repeats(finding.themes):
            problems += _listed_twice(file, f"$.findings[{i}].themes", finding.themes, "theme")
        refs = [(ref.source, ref.location) for ref in finding.sources]
        if _repeats(refs):
            problems += _listed_twice(file, f"$.findings[{i}].sources", refs, "the same place in source")
    for i, rec in enumerate(dataset.recommendations):
        for field in ("supporting_findings", "related_findings"):
            values = getattr(rec, field)
            if _repeats(values):
                problems += _listed_twice(file, f"$.recommendations[{i}].{field}", values, "finding")
        both = set(rec.supporting_findings) & set(rec.related_findings)
        for j, fid in enumerate(rec.related_findings):
            if fid in both:
                problems.append(Problem(file, f"$.recommendations[{i}].related_findings[{j}]",
                                        f"lists finding {fid!r}, which is already a supporting finding; "
                                        "list it in one of the two only"))
        refs = [(ref.source, ref.location) for ref in rec.sources]
        if _repeats(refs):
            problems += _listed_twice(file, f"$.recommendations[{i}].sources", refs, "the same place in source")
    for i, source in enumerate(dataset.sources):
        urls = [entry.url for entry in source.other_urls]
        if _repeats(urls):
            problems += _listed_twice(file, f"$.sources[{i}].other_urls", urls, "address")
    return problems


def check_integrity(dataset: Dataset, file: str) -> list[Problem]:
    """Ids shared across kinds and references listed twice; empty for a sound dataset."""
    return _shared_ids(dataset, file) + _repeated_references(dataset, file)
