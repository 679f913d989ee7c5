"""What changed between two dataset editions: findings added, removed and changed, and recommendations
added, removed or whose target body or its status changed. No Qt here.

A finding is compared field by field on what a reader relies on: its statement, each figure (value, label,
base, period, confidence), its period, confidence, caveats and sources. Figures are matched by position
(the first measure is the headline), and each change is given old → new, in the words the app shows.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from .catalogue import format_value
from .dates import long_date
from .export import csv_text
from .models import Dataset, Edition, Finding, ItemKind, Measure, Recommendation, SourceRef

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
NONE = "(none)"


@dataclass(frozen=True)
class FieldChange:
    field: str  # "value", "base", "caveat added", "target body"…, with the figure's label where there is one
    old: str
    new: str


DIFFED_KINDS = (ItemKind.FINDING, ItemKind.RECOMMENDATION)  # in the order a reader meets them


@dataclass(frozen=True)
class ItemChange:
    kind: ItemKind  # a finding or a recommendation
    id: str
    change: str  # ADDED, REMOVED or CHANGED
    sector: str
    title: str  # a finding's statement or a recommendation's title (the newer one where both exist)
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class EditionDiff:
    old_edition: Edition
    new_edition: Edition
    changes: tuple[ItemChange, ...] = field(default_factory=tuple)

    def of(self, kind: ItemKind, change: str | None = None) -> list[ItemChange]:
        return [c for c in self.changes if c.kind == kind and (change is None or c.change == change)]

    @property
    def is_empty(self) -> bool:
        return not self.changes

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            kind: {change: len(self.of(kind, change)) for change in (ADDED, REMOVED, CHANGED)}
            for kind in DIFFED_KINDS
        }

    def summary(self) -> str:
        counts = self.counts()
        parts = []
        for kind in DIFFED_KINDS:
            c = counts[kind]
            parts.append(f"{kind.capitalize()}s: {c[ADDED]} added, {c[REMOVED]} removed, {c[CHANGED]} changed.")
        return " ".join(parts)


def _value(measure: Measure) -> str:
    return format_value(measure)


def _sources(refs: list[SourceRef]) -> str:
    return "; ".join(f"{ref.source} ({ref.role.value})" for ref in refs) or NONE


def _measure_changes(old: list[Measure], new: list[Measure]) -> list[FieldChange]:
    out: list[FieldChange] = []
    for index in range(max(len(old), len(new))):
        before = old[index] if index < len(old) else None
        after = new[index] if index < len(new) else None
        if before is None:
            out.append(FieldChange(f"figure added ({after.label})", NONE, _value(after)))
            continue
        if after is None:
            out.append(FieldChange(f"figure removed ({before.label})", _value(before), NONE))
            continue
        label = after.label
        pairs = [
            ("value", _value(before), _value(after)),
            ("label", before.label, after.label),
            ("base", before.base, after.base),
            ("period", before.period or NONE, after.period or NONE),
            ("confidence", before.confidence.value if before.confidence else NONE,
             after.confidence.value if after.confidence else NONE),
        ]
        out += [FieldChange(f"{name} ({label})", a, b) for name, a, b in pairs if a != b]
    return out


def _list_changes(name: str, old: list[str], new: list[str]) -> list[FieldChange]:
    removed = [text for text in old if text not in new]
    added = [text for text in new if text not in old]
    return [FieldChange(f"{name} removed", text, NONE) for text in removed] + [
        FieldChange(f"{name} added", NONE, text) for text in added
    ]


def finding_changes(old: Finding, new: Finding) -> list[FieldChange]:
    out: list[FieldChange] = []
    if old.statement != new.statement:
        out.append(FieldChange("statement", old.statement, new.statement))
    out += _measure_changes(old.measures, new.measures)
    if old.period != new.period:
        out.append(FieldChange("period", old.period, new.period))
    if old.confidence != new.confidence:
        out.append(FieldChange("confidence", old.confidence.value, new.confidence.value))
    if (old.confidence_note or "") != (new.confidence_note or ""):
        out.append(FieldChange("confidence note", old.confidence_note or NONE, new.confidence_note or NONE))
    out += _list_changes("caveat", old.caveats, new.caveats)
    if _sources(old.sources) != _sources(new.sources):
        out.append(FieldChange("sources", _sources(old.sources), _sources(new.sources)))
    return out


def recommendation_changes(old: Recommendation, new: Recommendation) -> list[FieldChange]:
    out: list[FieldChange] = []
    if old.target_body != new.target_body:
        out.append(FieldChange("target body", old.target_body, new.target_body))
    if (old.target_status or "") != (new.target_status or ""):
        out.append(FieldChange("target body status", old.target_status or NONE, new.target_status or NONE))
    return out


def diff_datasets(old: Dataset, new: Dataset) -> EditionDiff:
    """Every change from ``old`` to ``new``, findings first, each kind in the newer edition's order."""
    changes: list[ItemChange] = []
    for kind, get_title, compare in (
        (ItemKind.FINDING, lambda f: f.statement, finding_changes),
        (ItemKind.RECOMMENDATION, lambda r: r.title, recommendation_changes),
    ):
        attribute = f"{kind}s"  # Dataset.findings, Dataset.recommendations
        before = {item.id: item for item in getattr(old, attribute)}
        after = {item.id: item for item in getattr(new, attribute)}
        for item_id, item in after.items():
            if item_id not in before:
                changes.append(ItemChange(kind, item_id, ADDED, str(item.sector), get_title(item)))
                continue
            fields = compare(before[item_id], item)
            if fields:
                changes.append(ItemChange(kind, item_id, CHANGED, str(item.sector), get_title(item), tuple(fields)))
        for item_id, item in before.items():
            if item_id not in after:
                changes.append(ItemChange(kind, item_id, REMOVED, str(item.sector), get_title(item)))
    # Within a kind: added, changed, removed — the order a reader wants them in.
    order = {ADDED: 0, CHANGED: 1, REMOVED: 2}
    changes.sort(key=lambda c: (DIFFED_KINDS.index(c.kind), order[c.change]))
    return EditionDiff(old.edition, new.edition, tuple(changes))


# ---- output -----------------------------------------------------------------------------------------


def _edition(edition: Edition) -> str:
    return f"edition {edition.id} (compiled {long_date(edition.date_compiled)})"


def diff_text(diff: EditionDiff) -> str:
    from .text import terminal_safe as plain  # control and bidirectional characters escaped

    lines = [f"What changed from {_edition(diff.old_edition)} to {_edition(diff.new_edition)}", diff.summary()]
    if diff.is_empty:
        lines.append("No finding or recommendation changed.")
    for change in diff.changes:
        lines.append("")
        lines.append(f"{change.change.capitalize()} {change.kind} {change.id} ({change.sector}): {plain(change.title)}")
        for item in change.fields:
            lines.append(f"  {item.field}: {plain(item.old)} → {plain(item.new)}")
    return "\n".join(lines) + "\n"


CSV_COLUMNS = ["kind", "id", "change", "sector", "field", "old", "new", "title", "old_edition", "new_edition"]


def diff_csv(diff: EditionDiff) -> str:
    """A row per changed field (or per item added or removed), through the one CSV text maker (formula-like
    cells neutralised, as every CSV the app writes)."""
    editions = [diff.old_edition.id, diff.new_edition.id]
    rows = []
    for change in diff.changes:
        base = [change.kind, change.id, change.change, change.sector]
        fields = [(item.field, item.old, item.new) for item in change.fields] or [("", "", "")]
        rows += [dict(zip(CSV_COLUMNS, [*base, *field, change.title, *editions])) for field in fields]
    return csv_text(list(CSV_COLUMNS), rows)


def diff_json(diff: EditionDiff) -> str:
    def edition(e: Edition) -> dict:
        return {"id": e.id, "title": e.title, "date_compiled": e.date_compiled.isoformat()}

    data = {
        "old_edition": edition(diff.old_edition),
        "new_edition": edition(diff.new_edition),
        "counts": diff.counts(),
        "changes": [
            {**{k: v for k, v in asdict(c).items() if k != "fields"},
             "fields": [asdict(f) for f in c.fields]}
            for c in diff.changes
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
