"""Sub-commands that live beside their features. Each entry is ``register(command)`` where
``command(name, handler, help)`` returns an argparse sub-parser; registering must not import Qt."""

from __future__ import annotations

REGISTRY: list = []

from .charts.cli import register as register_chart  # noqa: E402  (charts: the `chart` command)

REGISTRY.append(register_chart)

from .sheets.cli import register as register_sheet  # noqa: E402  (sheets: the `sheet` command)

REGISTRY.append(register_sheet)

from .edition_cli import register as register_edition  # noqa: E402  (editions: sign, verify, diff)

REGISTRY.append(register_edition)
