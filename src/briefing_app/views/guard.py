"""A flag that is up while the window itself changes selections or filter widgets (no Qt here).

The window's own changes make Qt emit the same signals as the user's; handlers ask ``guard.active`` and
ignore them. ``with guard():`` raises it for a block; blocks may nest.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class Guard:
    def __init__(self) -> None:
        self._depth = 0

    @property
    def active(self) -> bool:
        return self._depth > 0

    @contextmanager
    def __call__(self) -> Iterator[None]:
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
