"""Rules that need the whole dataset: unique ids and references that resolve."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Dataset, Unit
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


def check_dataset(dataset: Dataset, file: str) -> list[Problem]:
    """Every problem that pydantic's per-field validation cannot see."""
    problems: list[Problem] = []
    for kind in ("sectors", "themes", "sources", "findings", "recommendations"):
        problems += _duplicates(file, kind, (str(item.id) for item in getattr(dataset, kind)))

    sector_ids = {s.id for s in dataset.sectors}
    theme_ids = {t.id for t in dataset.themes}
    source_ids = {s.id for s in dataset.sources}
    finding_ids = {f.id for f in dataset.findings}

    def refs(path: str, wanted: str, known: set, kind: str) -> None:
        if wanted not in known:
            problems.append(Problem(file, path, f"refers to {kind} {wanted!r}, which is not in the dataset"))

    for i, finding in enumerate(dataset.findings):
        base = f"$.findings[{i}]"
        refs(f"{base}.sector", finding.sector, sector_ids, "sector")
        for j, theme in enumerate(finding.themes):
            refs(f"{base}.themes[{j}]", theme, theme_ids, "theme")
        for j, ref in enumerate(finding.sources):
            refs(f"{base}.sources[{j}].source", ref.source, source_ids, "source")
        for j, measure in enumerate(finding.measures):
            if measure.compare_as is not None:
                refs(f"{base}.measures[{j}].compare_as", measure.compare_as, theme_ids, "theme")
                if measure.unit != Unit.PERCENT:
                    problems.append(
                        Problem(file, f"{base}.measures[{j}].compare_as", "only percentage measures can be compared across sectors")
                    )
    for i, rec in enumerate(dataset.recommendations):
        base = f"$.recommendations[{i}]"
        refs(f"{base}.sector", rec.sector, sector_ids, "sector")
        for j, ref in enumerate(rec.sources):
            refs(f"{base}.sources[{j}].source", ref.source, source_ids, "source")
        for field in ("supporting_findings", "related_findings"):
            for j, fid in enumerate(getattr(rec, field)):
                refs(f"{base}.{field}[{j}]", fid, finding_ids, "finding")
    return problems
