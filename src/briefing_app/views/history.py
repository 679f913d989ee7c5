"""Where the user is and where Back returns to (no Qt here: a layer contract keeps it so)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """Where the user was: what Back returns to."""

    sector: str | None
    theme: str | None
    min_confidence: str | None
    query: str
    current: tuple[str, str] | None  # (kind, id); kind is "finding" or "recommendation"


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
