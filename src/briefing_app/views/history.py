"""Where the user is and where Back returns to, and the rules of moving between places (no Qt here: a layer
contract keeps it so)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..domain.catalogue import Catalogue
from ..domain.models import ItemKind


@dataclass(frozen=True)
class Place:
    """Where the user was: what Back returns to."""

    sector: str | None
    theme: str | None
    min_confidence: str | None
    query: str
    current: tuple[ItemKind, str] | None  # (kind, id) of the finding or recommendation shown

    def kept_in(self, catalogue: Catalogue) -> Place:
        """This place in another dataset: its sector, theme and current item where they exist in it."""
        return replace(
            self,
            sector=self.sector if self.sector in catalogue.sectors else None,
            theme=self.theme if self.theme in catalogue.themes else None,
            current=self.current if self.current and catalogue.item(*self.current) is not None else None,
        )

    def cleared_for(self, item_sector: str | None) -> Place:
        """Where an item of ``item_sector`` that the search and filters hide shows: with them cleared, and the
        sector too unless it is the item's."""
        return replace(self, sector=self.sector if self.sector in (None, item_sector) else None,
                       theme=None, min_confidence=None, query="")


class History:
    """The places left by following a link or choosing an item, newest last."""

    def __init__(self) -> None:
        self._places: list[Place] = []

    def __bool__(self) -> bool:
        return bool(self._places)

    def push(self, place: Place) -> None:
        self._places.append(place)

    def pop(self) -> Place:
        return self._places.pop()

    def clear(self) -> None:
        self._places.clear()
