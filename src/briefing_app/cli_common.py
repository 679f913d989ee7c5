"""What every command shares: exit statuses, the error it reports, loading the dataset, writing the output.

The commands beside their features (charts/cli.py, sheets/cli.py, edition_cli.py) import this module, never
cli.py, which imports them through commands.py.
"""

from __future__ import annotations

import argparse
import sys

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A failure to report to the user in one or more lines, with an exit status."""

    def __init__(self, message: str, status: int = EXIT_FAILURE):
        super().__init__(message)
        self.status = status


def load_catalogue(args: argparse.Namespace):
    """The catalogue of ``args.dataset`` (None: the bundled dataset), or a CommandError listing its problems."""
    from .domain import DatasetError, load_catalogue

    try:
        return load_catalogue(args.dataset)
    except DatasetError as exc:
        lines = [f"The dataset cannot be used ({len(exc.problems)} problem(s)):"]
        lines += [f"  {problem}" for problem in exc.problems]
        raise CommandError("\n".join(lines)) from None


def sector_id(catalogue, sector: str | None) -> str | None:
    """``sector`` if the catalogue has it (or None), else a usage error listing the known sectors."""
    if sector is None:
        return None
    if sector not in catalogue.sectors:
        from .domain.wording import unknown_sector

        raise CommandError(unknown_sector(sector, catalogue.sectors), EXIT_USAGE)
    return sector


def write_output(text: str, output: str | None, *, csv: bool = False) -> None:
    """Standard output, or a file written atomically; a ``csv`` file through the one CSV writer (with its BOM)."""
    from .storage.atomic import WriteError, atomic_write_text
    from .storage.csv_file import write_csv_file

    if output is None or output == "-":
        sys.stdout.write(text)
        return
    try:
        (write_csv_file if csv else atomic_write_text)(output, text)
    except WriteError as exc:
        raise CommandError(str(exc)) from None
    print(f"Wrote {output}", file=sys.stderr)
