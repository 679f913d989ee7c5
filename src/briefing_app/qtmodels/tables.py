"""Table models over the findings and recommendations of a catalogue.

Thin adapters: every cell's text, sort key, tool tip and accessible text comes from the domain through
roles; there is no copy of the data beyond the list of rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ..domain.catalogue import Catalogue, fold, format_value
from ..domain.citation import full_citation
from ..domain.models import Finding, ItemKind, Recommendation
from ..domain.wording import confidence_marker, confidence_scale, confidence_spoken, confidence_tip
from .roles import Roles, plain_tooltip

Item = Finding | Recommendation


@dataclass(frozen=True)
class Column:
    title: str
    display: Callable[[Catalogue, Item], str]
    sort_key: Callable[[Catalogue, Item], Any]
    tooltip: Callable[[Catalogue, Item], str]
    header_tip: str
    spoken: Callable[[Catalogue, Item], str] | None = None
    align_right: bool = False


_ANSWERED_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.TextAlignmentRole, *Roles,
    )
)


def _packed_copies(texts: list[str]) -> list[str]:
    """Equal strings, made one after another so that they lie together in memory.

    The ids of the rows shown are listed on every keystroke of a search (up to 100,000 of them). The items'
    own id strings are scattered among the rest of the dataset, so listing them touches a separate piece of
    memory for each; copies made in one go are read in order, several times faster.
    """
    copies = "\n".join(texts).split("\n")
    # An id holding a line break (none does: ids are checked) would split in two: then keep the originals.
    return copies if len(copies) == len(texts) else list(texts)


class _ItemTableModel(QAbstractTableModel):
    KIND = ""
    COLUMNS: list[Column] = []

    def __init__(self, catalogue: Catalogue, parent=None):
        super().__init__(parent)
        self._catalogue = catalogue
        self._set_items(catalogue)

    def _set_items(self, catalogue: Catalogue) -> None:
        self._items: list[Item] = self._items_of(catalogue)
        self._ids = _packed_copies([item.id for item in self._items])
        self._rows_by_id = {item_id: row for row, item_id in enumerate(self._ids)}
        self._sort_keys: dict[int, list] = {}

    @staticmethod
    def _items_of(catalogue: Catalogue) -> list:
        raise NotImplementedError

    @property
    def catalogue(self) -> Catalogue:
        return self._catalogue

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self.beginResetModel()
        self._catalogue = catalogue
        self._set_items(catalogue)
        self.endResetModel()

    def item(self, row: int) -> Item:
        return self._items[row]

    def items(self) -> list[Item]:
        return self._items

    def ids(self) -> list[str]:
        return self._ids

    def row_of(self, item_id: str) -> int:
        return self._rows_by_id.get(item_id, -1)

    def sort_keys(self, column: int) -> list:
        """Roles.SORT_KEY of every row of ``column``, worked out once per dataset."""
        if column not in self._sort_keys:
            sort_key, catalogue = self.COLUMNS[column].sort_key, self._catalogue
            self._sort_keys[column] = [sort_key(catalogue, item) for item in self._items]
        return self._sort_keys[column]

    # ---- QAbstractTableModel ------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, row: int, column_number: int, role: int = Qt.ItemDataRole.DisplayRole):
        """data() for a row and column (the filter proxy asks here directly, without a source index)."""
        if role not in _ANSWERED_ROLES or not 0 <= row < len(self._items) or not 0 <= column_number < len(self.COLUMNS):
            return None  # most of the roles a view asks for while painting (font, colours, icon...) have no answer
        item = self._items[row]
        column = self.COLUMNS[column_number]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(self._catalogue, item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(column.tooltip(self._catalogue, item))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (column.spoken or column.display)(self._catalogue, item)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Roles.SORT_KEY:
            return column.sort_key(self._catalogue, item)
        if role == Roles.ITEM:
            return item
        if role == Roles.ID:
            return item.id
        if role == Roles.KIND:
            return self.KIND
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        column = self.COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(column.header_tip)
        return None


# ---- findings ---------------------------------------------------------------------------------------------------


def _finding_value_key(catalogue: Catalogue, finding: Finding) -> float:
    measure = catalogue.headline(finding)
    # Qualitative findings have no number: they sort after every value in ascending order.
    return measure.value if measure else float("inf")


def _finding_value_text(catalogue: Catalogue, finding: Finding) -> str:
    # "pp" keeps a change in percentage points inside the column; the tool tip spells it out.
    return catalogue.headline_text(finding).replace(" percentage points", " pp")


def _finding_base(catalogue: Catalogue, finding: Finding) -> str:
    measure = catalogue.headline(finding)
    return measure.base if measure else "—"


def _finding_source_tip(catalogue: Catalogue, finding: Finding) -> str:
    return "\n".join(
        full_citation(catalogue.sources[ref.source], ref.location) for ref in finding.sources
    )


def _finding_value_tip(catalogue: Catalogue, finding: Finding) -> str:
    if not finding.measures:
        return "Qualitative finding: no headline figure."
    return "\n".join(f"{m.label}: {format_value(m, words=True)} ({m.base})" for m in finding.measures)


def _confidence_tip(catalogue: Catalogue, item: Finding | Recommendation) -> str:
    return confidence_tip(item.confidence, item.confidence_note)


class FindingTableModel(_ItemTableModel):
    KIND = ItemKind.FINDING
    STATEMENT, VALUE, BASE, YEAR, SOURCE, CONFIDENCE = range(6)
    COLUMNS = [
        Column(
            "Statement",
            display=lambda c, f: f.statement,
            sort_key=lambda c, f: fold(f.statement),
            tooltip=lambda c, f: f.statement,
            header_tip="What the evidence says",
        ),
        Column(
            "Value",
            display=_finding_value_text,
            sort_key=_finding_value_key,
            tooltip=_finding_value_tip,
            header_tip="The headline figure; sorts by its number (qualitative findings last)",
            align_right=True,
        ),
        Column(
            "Base",
            display=_finding_base,
            sort_key=lambda c, f: fold(_finding_base(c, f)),
            tooltip=_finding_base,
            header_tip="The population or base the headline figure refers to",
        ),
        Column(
            "Year",
            display=lambda c, f: str(f.year),
            sort_key=lambda c, f: f.year,
            tooltip=lambda c, f: f"Data refer to: {f.period}",
            header_tip="The (last) year the data refer to",
            align_right=True,
        ),
        Column(
            "Source",
            display=lambda c, f: c.primary_source(f).short,
            sort_key=lambda c, f: fold(c.primary_source(f).short),
            tooltip=_finding_source_tip,
            header_tip="Short citation of the main source; the detail pane has the full source",
        ),
        Column(
            "Confidence",
            display=lambda c, f: confidence_marker(f.confidence),
            sort_key=lambda c, f: f.confidence.rank,
            tooltip=_confidence_tip,
            spoken=lambda c, f: confidence_spoken(f.confidence),
            header_tip=f"How far the figure was verified: {confidence_scale()}",
        ),
    ]

    @staticmethod
    def _items_of(catalogue: Catalogue) -> list[Finding]:
        return list(catalogue.dataset.findings)


# ---- recommendations ----------------------------------------------------------------------------------------------


_FIRST_CLAUSE = re.compile(r"^(.+?)(?:[,;:]\s|\.\s|\.$|$)")


def _target_text(catalogue: Catalogue, rec: Recommendation) -> str:
    """The target body, and where it has changed the first clause of its status ("Oflog was closed on ...")."""
    if not rec.target_status:
        return rec.target_body
    match = _FIRST_CLAUSE.match(rec.target_status.strip())
    return f"{rec.target_body} — {match.group(1) if match else rec.target_status}"


def _target_tip(catalogue: Catalogue, rec: Recommendation) -> str:
    return f"{rec.target_body}\nStatus: {rec.target_status}" if rec.target_status else rec.target_body


class RecommendationTableModel(_ItemTableModel):
    KIND = ItemKind.RECOMMENDATION
    TITLE, TARGET, SECTOR, CONFIDENCE = range(4)
    COLUMNS = [
        Column(
            "Recommendation",
            display=lambda c, r: r.title,
            sort_key=lambda c, r: fold(r.title),
            tooltip=lambda c, r: f"{r.title}\n{r.summary}",
            header_tip="What the research recommends",
        ),
        Column(
            "Target body",
            display=_target_text,
            sort_key=lambda c, r: fold(r.target_body),
            tooltip=_target_tip,
            header_tip="Who the recommendation is addressed to, and its status where it has changed",
        ),
        Column(
            "Sector",
            display=lambda c, r: c.sectors[r.sector].name,
            sort_key=lambda c, r: fold(c.sectors[r.sector].name),
            tooltip=lambda c, r: c.sectors[r.sector].name,
            header_tip="The sector the recommendation is about",
        ),
        Column(
            "Confidence",
            display=lambda c, r: confidence_marker(r.confidence),
            sort_key=lambda c, r: r.confidence.rank,
            tooltip=_confidence_tip,
            spoken=lambda c, r: confidence_spoken(r.confidence),
            header_tip="How far the recommendation's source was verified",
        ),
    ]

    @staticmethod
    def _items_of(catalogue: Catalogue) -> list[Recommendation]:
        return list(catalogue.dataset.recommendations)
