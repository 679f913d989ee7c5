"""The "What changed in this edition" sheet: the changes of domain/diff.py through the usual sheet pipeline.

No Qt here: the content is a :class:`model.Sheet` (kind "changes") of the newer edition, which layout.py
paginates and pdf.py writes like any other sheet. Each changed finding or recommendation is printed as it
is now (with its sources, confidence and caveats), preceded by a line giving every change old → new; items
added are printed in full; items removed are named with what they said, from the older edition.
"""

from __future__ import annotations

from ..domain.catalogue import Catalogue, format_value
from ..domain.dates import long_date
from ..domain.diff import ADDED, CHANGED, REMOVED, EditionDiff, diff_datasets
from ..domain.models import ItemKind
from ..domain.wording import ALL_SECTORS
from .builder import SheetBuilder, general_notes
from .model import Heading, Paragraph, Sheet, SheetOptions

TITLE = "What changed in this edition"


def _edition(catalogue: Catalogue) -> str:
    edition = catalogue.edition
    return f"edition {edition.id} (compiled {long_date(edition.date_compiled)})"


def _changes_line(change, old_id: str) -> str:
    parts = [f"{f.field}: was {f.old.rstrip('.')}; now {f.new.rstrip('.')}" for f in change.fields]
    return f"Changed since edition {old_id} — " + "; ".join(parts) + "."


def changes_content(old: Catalogue, new: Catalogue, diff: EditionDiff | None = None,
                    options: SheetOptions | None = None) -> Sheet:
    options = options or SheetOptions()
    diff = diff or diff_datasets(old.dataset, new.dataset)
    old_id = old.edition.id
    builder = SheetBuilder(new)
    summary = [
        f"From {_edition(old)} to {_edition(new)}.",
        diff.summary(),
        "Each item below is printed as it stands in the new edition, after a line giving every change "
        "(was → now). Check any briefing that quoted a changed or removed figure.",
    ]
    if not old.verification.verified:
        summary.append(f"The older edition: {old.verification.message}.")

    sections = [
        (ItemKind.FINDING, CHANGED, "Findings changed"),
        (ItemKind.FINDING, ADDED, "Findings added"),
        (ItemKind.FINDING, REMOVED, "Findings removed"),
        (ItemKind.RECOMMENDATION, CHANGED, "Recommendations whose target body changed"),
        (ItemKind.RECOMMENDATION, ADDED, "Recommendations added"),
        (ItemKind.RECOMMENDATION, REMOVED, "Recommendations removed"),
    ]
    for kind, change_kind, heading in sections:
        changes = diff.of(kind, change_kind)
        if not changes:
            continue
        builder.items.append(Heading(heading))
        for change in changes:
            if change_kind == REMOVED:
                builder.items.append(Paragraph(_removed_line(old, change)))
                continue
            if change_kind == CHANGED:
                builder.items.append(Paragraph(_changes_line(change, old_id)))
            else:
                builder.items.append(Paragraph(f"New in this edition: {kind} {change.id}."))
            if kind == ItemKind.FINDING:
                builder.finding(new.findings[change.id])
            else:
                builder.recommendation(new.recommendations[change.id])
    if diff.is_empty:
        builder.items.append(Paragraph("No finding or recommendation changed between these editions."))
    return builder.sheet("changes", TITLE, ALL_SECTORS, options, summary, general_notes(new))


def _removed_line(old: Catalogue, change) -> str:
    if change.kind == ItemKind.FINDING:
        finding = old.findings[change.id]
        headline = old.headline(finding)
        figure = f" (it gave {format_value(headline)}, {headline.label})" if headline else ""
        return f"No longer in this edition: finding {change.id}: {finding.statement}{figure}."
    rec = old.recommendations[change.id]
    return f"No longer in this edition: recommendation {change.id}: {rec.title} (to {rec.target_body})."
