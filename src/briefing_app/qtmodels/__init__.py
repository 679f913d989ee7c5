"""Qt item models over the domain: thin adapters with presentation in roles, filters in proxy models.

Nothing here imports pyqtgraph, numpy or QtPrintSupport: the main window must open quickly.
"""

from ..domain.wording import CONFIDENCE_MARKERS, confidence_marker  # the main window's, until it imports them there
from .proxies import Filters, FindingFilterProxyModel, RecommendationFilterProxyModel
from .roles import Roles, plain_tooltip
from .sectors import SectorListModel
from .tables import FindingTableModel, RecommendationTableModel

__all__ = [
    "CONFIDENCE_MARKERS", "Filters", "FindingFilterProxyModel", "FindingTableModel",
    "RecommendationFilterProxyModel", "RecommendationTableModel", "Roles", "SectorListModel",
    "confidence_marker", "plain_tooltip",
]
