"""Packs that keep their figures: each finding in a pack records the edition and the figures it had when it
was added, so a pack opened on a newer edition can say which figures changed (old → new) or vanished, and
print the figure its author chose — never a new value silently. No Qt here.

A pack item carries ``edition`` (the edition id its figures were recorded from), ``figures`` (one
:class:`KeptFigure` per measure, headline first) and ``keep`` (True: print the recorded figures, labelled
with their edition, even though this edition gives others). Packs saved before this existed have no figures:
they print as before, and record them when the user updates an item.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pydantic import BaseModel, ConfigDict, Field

from ..domain.catalogue import Catalogue, format_value
from ..domain.models import Finding, ItemKind, Measure
from .model import Paragraph

SAME = "same"
CHANGED = "changed"
VANISHED = "vanished"  # the finding, or one of its recorded figures, is not in this edition
UNRECORDED = "unrecorded"  # a pack saved before figures were recorded, or not a finding


class KeptFigure(BaseModel):
    """A figure as it was when the item was added to the pack."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(max_length=500)
    shown: str = Field(max_length=200, description="The value as the app showed it, e.g. '27%'")
    value: float = Field(allow_inf_nan=False)
    base: str = Field(default="", max_length=20_000)
    period: str = Field(default="", max_length=500)


@dataclass(frozen=True)
class FigureLine:
    label: str
    old: str  # as recorded
    new: str  # in this edition; "" when the figure vanished
    old_base: str = ""
    new_base: str = ""
    old_period: str = ""
    new_period: str = ""

    @property
    def text(self) -> str:
        if not self.new:
            return f"{self.label}: {self.old} (not in this edition)"
        parts = [f"{self.old} → {self.new}"] if self.old != self.new else []
        if self.old_base != self.new_base:
            parts.append(f"base “{self.old_base}” → “{self.new_base}”")
        if self.old_period != self.new_period:
            parts.append(f"period “{self.old_period}” → “{self.new_period}”")
        return f"{self.label}: " + "; ".join(parts)


@dataclass(frozen=True)
class FigureCheck:
    status: str
    edition: str = ""  # the edition the figures were recorded from
    lines: tuple[FigureLine, ...] = ()
    keep: bool = False

    @property
    def summary(self) -> str:
        return "; ".join(line.text for line in self.lines)


def snapshot(catalogue: Catalogue, finding: Finding) -> tuple[KeptFigure, ...]:
    return tuple(_kept(finding, m) for m in finding.measures)


def _kept(finding: Finding, measure: Measure) -> KeptFigure:
    return KeptFigure(label=measure.label, shown=format_value(measure), value=measure.value, base=measure.base,
                      period=measure.period or finding.period)


def record(item, catalogue: Catalogue) -> None:
    """Record the item's figures from ``catalogue`` (when it is added, or when the user updates it)."""
    item.keep = False
    if item.kind != ItemKind.FINDING or item.id not in catalogue.findings:
        return
    item.edition = catalogue.edition.id
    item.figures = snapshot(catalogue, catalogue.findings[item.id])


def check(item, catalogue: Catalogue) -> FigureCheck:
    """How the item's recorded figures compare with this edition's."""
    if item.kind != ItemKind.FINDING or item.figures is None:
        return FigureCheck(UNRECORDED)
    edition = item.edition or ""
    finding = catalogue.findings.get(item.id)
    if finding is None:
        lines = tuple(FigureLine(f.label, f.shown, "", f.base, "", f.period, "") for f in item.figures)
        return FigureCheck(VANISHED, edition, lines, item.keep)
    now = snapshot(catalogue, finding)
    lines = []
    status = SAME
    for index, old in enumerate(item.figures):
        new = now[index] if index < len(now) else None
        if new is None:
            lines.append(FigureLine(old.label, old.shown, "", old.base, "", old.period, ""))
            status = VANISHED
        elif (old.shown, old.base, old.period) != (new.shown, new.base, new.period):
            lines.append(FigureLine(old.label, old.shown, new.shown, old.base, new.base, old.period, new.period))
            status = CHANGED if status == SAME else status
    return FigureCheck(status, edition, tuple(lines), item.keep)


def changed_items(pack, catalogue: Catalogue) -> list[tuple[int, FigureCheck]]:
    """(index, check) of every item whose figures changed or vanished since they were recorded."""
    out = []
    for index, item in enumerate(pack.items):
        result = check(item, catalogue)
        if result.status in (CHANGED, VANISHED):
            out.append((index, result))
    return out


def keep_old(pack, index: int) -> None:
    """Print the figures as recorded (labelled with their edition), not this edition's."""
    item = pack.items[index]
    if not item.keep:
        item.keep = True
        pack.modified = True


def use_new(pack, index: int, catalogue: Catalogue) -> None:
    """Take this edition's figures: they become the item's recorded figures, from this edition."""
    item = pack.items[index]
    before = (item.edition, item.figures, item.keep)
    record(item, catalogue)
    if (item.edition, item.figures, item.keep) != before:
        pack.modified = True


# ---- on the pack's sheet -------------------------------------------------------------------------------


def pack_finding(builder, catalogue: Catalogue, item, finding: Finding) -> None:
    """Add a pack's finding to its sheet with what became of its recorded figures (content.pack_sheet)."""
    result = check(item, catalogue)
    this = catalogue.edition.id
    if result.status == CHANGED and result.keep:
        builder.items.append(Paragraph(
            f"Figures as recorded from edition {result.edition} when this finding was added, kept by the pack's "
            f"author. This edition ({this}) gives: " + "; ".join(
                f"{line.label}: {line.new}" for line in result.lines if line.new) + "."
        ))
        printed = builder.finding(finding, item.note)
        builder.items[-1] = _with_kept_figures(printed, item.figures, result.edition)
        return
    if result.status == CHANGED:
        builder.items.append(Paragraph(
            f"Changed since this finding was added from edition {result.edition}: {result.summary}. Printed: "
            f"this edition's figures ({this}); the pack can keep the recorded ones instead."
        ))
    elif result.status == VANISHED:
        gone = "; ".join(line.text for line in result.lines if not line.new)
        builder.items.append(Paragraph(
            f"A figure recorded from edition {result.edition} is not in this edition ({this}): {gone}."
        ))
    builder.finding(finding, item.note)


def missing_finding_note(item) -> str:
    """For a pack's finding that this edition lacks: what it gave when it was added."""
    if item.kind != ItemKind.FINDING or not item.figures:
        return ""
    figures = "; ".join(f"{f.label}: {f.shown}" for f in item.figures)
    return f"When added from edition {item.edition or 'unknown'} it gave {figures}."


def _with_kept_figures(printed, figures, edition: str):
    """The sheet's finding item showing the recorded figures (headline and the others), labelled."""
    headline, *others = figures
    lines = list(printed.other_measures)
    for index, kept in enumerate(others):
        if index < len(lines):
            lines[index] = replace(lines[index], value=kept.shown, base=kept.base, period=kept.period)
    return replace(
        printed,
        headline=headline.shown,
        base=headline.base,
        period=headline.period,
        other_measures=tuple(lines),
        figure_label=f"as in edition {edition} (kept)",
    )


def headline_phrases(pack, catalogue: Catalogue) -> dict[str, str]:
    """The summary's phrase for each finding whose recorded headline figure differs from this edition's."""
    out = {}
    for item in pack.items:
        result = check(item, catalogue)
        if result.status != CHANGED or not item.figures or item.id not in catalogue.findings:
            continue
        headline = item.figures[0]
        now = catalogue.headline(catalogue.findings[item.id])
        if now is None or format_value(now) == headline.shown:
            continue
        if result.keep:
            out[item.id] = f"{headline.label}: {headline.shown} (as in edition {result.edition}, kept)"
        else:
            out[item.id] = f"{now.label}: {format_value(now)} (was {headline.shown} in edition {result.edition})"
    return out


def kept_on_sheet(pack, catalogue: Catalogue) -> dict[str, tuple]:
    """finding id -> (edition, KeptFigure, ...) for every finding the pack prints with its kept figures."""
    return {
        item.id: (item.edition or "", *item.figures)
        for item in pack.items
        if item.id in catalogue.findings and check(item, catalogue).status == CHANGED and item.keep
    }


def kept_rows(rows: list[dict[str, str]], kept: dict[str, tuple]) -> list[dict[str, str]]:
    """The figures CSV rows with a kept figure's value, base and period, and its edition said."""
    seen: dict[str, int] = {}
    out = []
    for row in rows:
        entry = kept.get(row["id"]) if row.get("kind") == ItemKind.FINDING else None
        index = seen.get(row["id"], 0)
        seen[row["id"]] = index + 1
        if entry is None or index >= len(entry) - 1:
            out.append(row)
            continue
        edition, figure = entry[0], entry[1 + index]
        out.append({
            **row,
            "value": f"{figure.value:g}",
            "display_value": figure.shown,
            "base": figure.base,
            "period": figure.period,
            "edition": f"edition {edition} (kept by the pack's author; this edition gives {row['display_value']})",
        })
    return out
