"""The one entry point: ``briefing-app`` opens the window; sub-commands work without a display.

Heavy modules (Qt, pyqtgraph, printing) are imported only by the command that needs them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from . import __version__
from .cli_common import EXIT_FAILURE, EXIT_OK, CommandError, load_catalogue, sector_id, write_output


def _dataset_option(parser: argparse.ArgumentParser, suppress: bool) -> None:
    parser.add_argument(
        "--dataset",
        metavar="PATH",
        default=argparse.SUPPRESS if suppress else None,
        help="dataset file to use (default: the bundled dataset)",
    )


# ---- commands -----------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    from .domain import Catalogue, DatasetError, load_dataset
    from .domain.dates import long_date

    try:
        dataset = load_dataset(args.path)
    except DatasetError as exc:
        print(f"INVALID: {args.path}: {len(exc.problems)} problem(s)")
        for problem in exc.problems:
            print(f"  {problem}")
        return EXIT_FAILURE
    catalogue = Catalogue(dataset, args.path)
    edition = catalogue.edition
    print(
        f"VALID: {args.path}: edition {edition.title!r} ({edition.id}, compiled {long_date(edition.date_compiled)}); "
        f"{len(dataset.sectors)} sectors, {len(dataset.sources)} sources, {len(dataset.findings)} findings, "
        f"{len(dataset.recommendations)} recommendations"
    )
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .domain.schema import schema_text

    write_output(schema_text(), args.output)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .domain.export import findings_csv, findings_json

    catalogue = load_catalogue(args)
    sector = sector_id(catalogue, args.sector)
    findings = catalogue.findings_in(sector)
    if args.format in ("ris", "bibtex"):
        from .domain import citation_formats

        sources = citation_formats.sources_for(catalogue, sector)
        writer = citation_formats.ris if args.format == "ris" else citation_formats.bibtex
        write_output(writer(sources), args.output)
    elif args.format == "csv":
        recommendations = catalogue.recommendations_in(sector)
        write_output(findings_csv(catalogue, findings, recommendations), args.output, csv=True)
    else:
        write_output(findings_json(catalogue, findings), args.output)
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from .app import run_gui

    return run_gui(dataset_path=args.dataset, quit_after_first_paint=args.quit_after_first_paint)


# ---- parser ---------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing-app",
        description="Briefing on leadership and management in UK public services. "
        "With no command, opens the main window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _dataset_option(parser, suppress=False)
    # Hidden: open the window, then quit once it has painted (installer tests, start-up measurements).
    parser.add_argument("--quit-after-first-paint", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(handler=cmd_gui)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _dataset_option(sub, suppress=True)
        sub.set_defaults(handler=handler)
        return sub

    validate = command("validate", cmd_validate, "Check a dataset file and list every problem.")
    validate.add_argument("path", metavar="PATH", help="the dataset file to check")

    schema = command("schema", cmd_schema, "Print or write the dataset's JSON Schema.")
    schema.add_argument("-o", "--output", metavar="PATH", help="write to this file instead of standard output")

    export = command("export", cmd_export, "Export findings with their measures, sources and confidence, or their sources as citations.")
    export.add_argument("--format", choices=("csv", "json", "ris", "bibtex"), required=True,
                        help="csv or json: findings; ris or bibtex: the sources they cite, for reference managers")
    export.add_argument("--sector", metavar="ID", help="only this sector (health, education, local-government, cross-sector)")
    export.add_argument("-o", "--output", metavar="PATH", help="write to this file instead of standard output")

    for register in _extra_commands():
        register(command)
    return parser


def _extra_commands() -> list[Callable]:
    """Commands defined beside the features they drive (charts, sheets), registered without importing Qt."""
    from .commands import REGISTRY

    return REGISTRY


def _tolerate_narrow_consoles() -> None:
    # A Windows console or a redirected pipe may use a code page (cp1252) without some characters of
    # dataset text or file names: print those as escapes instead of failing with UnicodeEncodeError.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    _tolerate_narrow_consoles()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except CommandError as exc:
        print(str(exc), file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        return 130
    except MemoryError:
        print("briefing-app: this computer ran out of memory; close other programs or use a smaller edition",
              file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
