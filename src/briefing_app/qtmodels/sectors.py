"""The sector list: "All" followed by each sector of the dataset, with its counts."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from ..domain.catalogue import Catalogue
from ..domain.models import Sector
from ..domain.wording import ALL_SECTORS, plural
from .roles import Roles, plain_tooltip


class SectorListModel(QAbstractListModel):
    """Row 0 is "All"; rows 1.. are the dataset's sectors in dataset order."""

    def __init__(self, catalogue: Catalogue, parent=None):
        super().__init__(parent)
        self._catalogue = catalogue
        self._rows: list[Sector | None] = []
        self._counts: list[tuple[int, int]] = []
        self._build()

    def _build(self) -> None:
        self._rows = [None, *self._catalogue.dataset.sectors]
        self._counts = [
            (
                len(self._catalogue.findings_in(sector.id if sector else None)),
                len(self._catalogue.recommendations_in(sector.id if sector else None)),
            )
            for sector in self._rows
        ]

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self.beginResetModel()
        self._catalogue = catalogue
        self._build()
        self.endResetModel()

    # ---- lookups used by the window ------------------------------------------------------------------
    def sector_id(self, row: int) -> str | None:
        sector = self._rows[row]
        return str(sector.id) if sector else None

    def row_of(self, sector_id: str | None) -> int:
        for row, sector in enumerate(self._rows):
            if (sector.id if sector else None) == sector_id:
                return row
        return -1

    def name(self, row: int) -> str:
        sector = self._rows[row]
        return sector.name if sector else ALL_SECTORS

    # ---- QAbstractListModel -----------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or index.column() != 0:
            return None
        sector = self._rows[index.row()]
        findings, recommendations = self._counts[index.row()]
        name = sector.name if sector else "All"
        counts = [plural(findings, "finding"), plural(recommendations, "recommendation")]
        if role == Qt.ItemDataRole.DisplayRole:
            return "\n".join([name, *counts])
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{name}: {', '.join(counts)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            description = sector.description if sector else "Every sector in the dataset."
            return plain_tooltip(f"{name}: {', '.join(counts)}\n{description}")
        if role == Roles.ITEM:
            return sector
        if role == Roles.ID:
            return str(sector.id) if sector else ""
        if role == Roles.KIND:
            return "sector"
        if role == Roles.SORT_KEY:
            return index.row()
        return None
