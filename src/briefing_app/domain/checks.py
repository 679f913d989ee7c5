"""Rules that need the whole dataset: unique ids, references that resolve, and citations that hold.

A finding or recommendation is printed with the sources whose text carries it (role "carries"), so each
must have at least one such source; and the figures of one finding
must have distinct labels, so that a chart bar or a table row names which is which.
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import Dataset, SourceRole, Unit
from .problems import Problem


def _duplicates(file: str, kind: str, ids: Iterable[str]) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for index, item_id in enumerate(ids):
        if item_id in seen:
            problems.append(
                Problem(file, f"$.{kind}[{index}].id", f"duplicate id {item_id!r} (first used at $.{kind}[{seen[item_id]}])")
            )
        else:
            seen[item_id] = index
    return problems


def _sound(dataset: Dataset) -> bool:
    """True when check_dataset would find nothing, found with set operations (most of the loop in C).

    Datasets are usually sound, so this quick answer is the common one; only when it is False is every
    item walked to name each problem and its place.
    """
    for kind in ("sectors", "themes", "sources", "findings", "recommendations"):
        items = getattr(dataset, kind)
        if len({item.id for item in items}) != len(items):
            return False
    findings, recommendations = dataset.findings, dataset.recommendations
    theme_ids = {t.id for t in dataset.themes}
    compared = [m for f in findings for m in f.measures if m.compare_as is not None]
    return (
        {f.sector for f in findings} | {r.sector for r in recommendations} <= {s.id for s in dataset.sectors}
        and set().union(*(f.themes for f in findings)) <= theme_ids
        and {ref.source for item in (*findings, *recommendations) for ref in item.sources} <= {s.id for s in dataset.sources}
        and set().union(*(r.supporting_findings for r in recommendations), *(r.related_findings for r in recommendations))
        <= {f.id for f in findings}
        and all(m.compare_as in theme_ids and m.unit == Unit.PERCENT for m in compared)
        and all(_carried(item) for item in (*findings, *recommendations))
        and all(len({m.label for m in f.measures}) == len(f.measures) for f in findings)
    )


def _carried(item) -> bool:
    """Whether some source carries the item: the citation printed beside it."""
    return any(ref.role == SourceRole.CARRIES for ref in item.sources)


def _citation_problems(file: str, path: str, item) -> list[Problem]:
    if _carried(item):
        return []
    return [Problem(
        file, f"{path}.sources",
        "every source is marked 'underlying' or 'context': at least one must carry the item (role 'carries', "
        "the default), because the source printed beside a figure must be one that contains it",
    )]


def check_dataset(dataset: Dataset, file: str) -> list[Problem]:
    """Every problem that pydantic's per-field validation cannot see."""
    if _sound(dataset):
        return []
    problems: list[Problem] = []
    for kind in ("sectors", "themes", "sources", "findings", "recommendations"):
        problems += _duplicates(file, kind, (str(item.id) for item in getattr(dataset, kind)))

    sector_ids = {s.id for s in dataset.sectors}
    theme_ids = {t.id for t in dataset.themes}
    source_ids = {s.id for s in dataset.sources}
    finding_ids = {f.id for f in dataset.findings}

    def missing(path: str, wanted: str, kind: str) -> None:
        problems.append(Problem(file, path, f"refers to {kind} {wanted!r}, which is not in the dataset"))

    # Each reference is tested inline and its JSON path is written only for a problem: building a path
    # string for every valid reference cost more than the test itself on a large dataset.
    for i, finding in enumerate(dataset.findings):
        if finding.sector not in sector_ids:
            missing(f"$.findings[{i}].sector", finding.sector, "sector")
        for j, theme in enumerate(finding.themes):
            if theme not in theme_ids:
                missing(f"$.findings[{i}].themes[{j}]", theme, "theme")
        for j, ref in enumerate(finding.sources):
            if ref.source not in source_ids:
                missing(f"$.findings[{i}].sources[{j}].source", ref.source, "source")
        problems += _citation_problems(file, f"$.findings[{i}]", finding)
        labels: dict[str, int] = {}
        for j, measure in enumerate(finding.measures):
            if measure.label in labels:
                problems.append(Problem(
                    file, f"$.findings[{i}].measures[{j}].label",
                    f"the same label as measures[{labels[measure.label]}] of this finding: give each figure its own "
                    "label (for example with its date), so charts and tables can tell them apart",
                ))
            labels.setdefault(measure.label, j)
            if measure.compare_as is not None:
                if measure.compare_as not in theme_ids:
                    missing(f"$.findings[{i}].measures[{j}].compare_as", measure.compare_as, "theme")
                if measure.unit != Unit.PERCENT:
                    problems.append(
                        Problem(file, f"$.findings[{i}].measures[{j}].compare_as", "only percentage measures can be compared across sectors")
                    )
    for i, rec in enumerate(dataset.recommendations):
        if rec.sector not in sector_ids:
            missing(f"$.recommendations[{i}].sector", rec.sector, "sector")
        problems += _citation_problems(file, f"$.recommendations[{i}]", rec)
        for j, ref in enumerate(rec.sources):
            if ref.source not in source_ids:
                missing(f"$.recommendations[{i}].sources[{j}].source", ref.source, "source")
        for field in ("supporting_findings", "related_findings"):
            for j, fid in enumerate(getattr(rec, field)):
                if fid not in finding_ids:
                    missing(f"$.recommendations[{i}].{field}[{j}]", fid, "finding")
    return problems
