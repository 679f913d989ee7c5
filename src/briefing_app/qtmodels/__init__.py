"""Qt item models over the domain: thin adapters with presentation in roles, filters in proxy models.

Nothing here imports pyqtgraph, numpy or QtPrintSupport: the main window must open quickly.
"""

from .proxies import Filters, FindingFilterProxyModel, RecommendationFilterProxyModel
from .roles import Roles, plain_tooltip
from .sectors import SectorListModel
from .tables import FindingTableModel, RecommendationTableModel

__all__ = [
    "Filters", "FindingFilterProxyModel", "FindingTableModel",
    "RecommendationFilterProxyModel", "RecommendationTableModel", "Roles", "SectorListModel",
    "plain_tooltip",
]
