"""The ``chart`` command: write a chart as PNG, SVG or CSV without opening a window.

Registering imports no Qt; the handler imports the renderer only for images (CSV needs none).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

FORMATS = ("png", "svg", "csv")
_application: list = []


def register(command) -> None:
    parser = command(
        "chart",
        cmd_chart,
        "Write a chart as PNG (print resolution), SVG (vectors) or CSV (the values drawn, with sources): "
        "a sector's percentage figures or a cross-sector comparison on one theme.",
    )
    subject = parser.add_mutually_exclusive_group(required=True)
    subject.add_argument("--sector", metavar="ID", help="the sector to chart (health, education, local-government, cross-sector)")
    subject.add_argument("--theme", metavar="ID", help="a theme compared across sectors (see the error message for the list)")
    parser.add_argument("-o", "--output", metavar="OUT", required=True, help="OUT.png, OUT.svg or OUT.csv")
    parser.add_argument("--dpi", type=int, default=300, help="resolution of a PNG (default 300)")


def cmd_chart(args: argparse.Namespace) -> int:
    from ..cli_common import EXIT_OK, EXIT_USAGE, CommandError, load_catalogue, write_output
    from .spec import UnknownChartSubject, comparison_spec, sector_spec, spec_csv

    kind = Path(args.output).suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise CommandError(
            f"Cannot write a chart to {args.output!r}: the file name must end in .png, .svg or .csv.", EXIT_USAGE
        )
    catalogue = load_catalogue(args)
    try:
        spec = sector_spec(catalogue, args.sector) if args.sector else comparison_spec(catalogue, args.theme)
    except UnknownChartSubject as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    if kind == "csv":
        write_output(spec_csv(spec), args.output, csv=True)
        return EXIT_OK
    _write_image(spec, args.output, args.dpi)
    print(f"Wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def _write_image(spec, output: str, dpi: int) -> None:
    from ..cli_common import EXIT_USAGE, CommandError
    from ..storage.atomic import WriteError

    # No window is needed: use the offscreen platform unless the caller chose one.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from .export import ChartExportError, export_chart

    if QApplication.instance() is None:
        _application.append(QApplication([sys.argv[0]]))  # pyqtgraph needs one; kept until exit
    try:
        export_chart(spec, output, dpi)
    except ChartExportError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    except WriteError as exc:
        raise CommandError(str(exc)) from None
