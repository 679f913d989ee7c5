"""``briefing-app sheet``: briefing sheets as PDF, Word or OpenDocument files from the command line, with or
without a display. The format is the output's extension (.pdf, .docx, .odt); with ``--all``, ``--format``.

Registering imports no Qt; the handler imports it only once the arguments, the dataset and any pack have
been checked, so a mistake is reported quickly and clearly.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

PAPERS = ("a4", "letter")
FORMATS = ("pdf", "docx", "odt")


def register(command) -> None:
    sub = command(
        "sheet",
        cmd_sheet,
        "Write briefing sheets as PDF, Word (.docx) or OpenDocument (.odt) files: one sector, the overview, "
        "a briefing pack, or all of them. The format is the output file's extension.",
    )
    which = sub.add_mutually_exclusive_group(required=True)
    which.add_argument("--sector", metavar="ID", help="the sheet of one sector (health, education, local-government, cross-sector)")
    which.add_argument("--overview", action="store_true", help="the cross-sector overview sheet")
    which.add_argument("--pack", metavar="FILE", help="a briefing pack saved from the app (.brief.json)")
    which.add_argument("--all", action="store_true", help="one file per sector plus the overview, into the folder OUT")
    which.add_argument("--changes", metavar="OLD",
                       help="what changed since the edition in the dataset file OLD (the newer one: --dataset, or the bundled)")
    sub.add_argument("-o", "--output", metavar="OUT", required=True,
                     help="the file to write, .pdf, .docx or .odt (with --all: the folder to write into)")
    sub.add_argument("--format", choices=FORMATS, default=None,
                     help="with --all: the format of the files (default pdf); otherwise the output's extension")
    sub.add_argument("--marking", metavar="TEXT", default=None,
                     help='protective marking printed at the top and bottom of every page (default "OFFICIAL"; "" for none)')
    sub.add_argument("--paper", choices=PAPERS, default="a4", help="paper size (default a4)")


def ensure_application():
    """The QApplication, created offscreen when there is no display (a server, CI, a scheduled job)."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["briefing-app"])


def _check_pdf_name(output: str) -> str:
    """The format a file name says (.pdf, .docx, .odt); refuse another (``brief.png``), as ``chart`` does.

    A device, a pipe or standard output (``/dev/stdout``) takes the PDF whatever its name.
    """
    from ..cli_common import EXIT_USAGE, CommandError
    from ..storage.atomic import WriteError, inspect_output

    suffix = Path(output).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    try:
        if not inspect_output(output).replaced:
            return "pdf"
    except WriteError:
        return "pdf"  # a folder, a missing folder, …: reported with its reason where the file is written
    raise CommandError(
        f"Cannot write a briefing sheet to {output!r}: the file name must end in .pdf, .docx (Word) or "
        ".odt (OpenDocument).",
        EXIT_USAGE,
    )


def _is_standard_output(path: Path) -> bool:
    from ..storage.atomic import STREAM, WriteError, inspect_output

    try:
        output = inspect_output(path)
    except WriteError:
        return False
    return output.kind == STREAM and output.descriptor == 1


def cmd_sheet(args: argparse.Namespace) -> int:
    from ..cli_common import EXIT_USAGE, CommandError, load_catalogue, sector_id
    from ..domain.text import terminal_safe
    from ..domain.wording import plural
    from .model import DEFAULT_MARKING, SheetOptions
    from .pack import PackError, open_pack

    if args.all:
        kind = args.format or "pdf"
    else:
        kind = _check_pdf_name(args.output)
        if args.format is not None and args.format != kind:
            raise CommandError(f"--format {args.format} does not match the output {args.output!r}; "
                               "the extension gives the format.", EXIT_USAGE)
    catalogue = load_catalogue(args)
    sector_id(catalogue, args.sector)
    pack = None
    if args.changes is not None:
        older = load_catalogue(argparse.Namespace(dataset=args.changes))
    if args.pack is not None:
        try:
            pack = open_pack(args.pack)
        except PackError as exc:
            lines = [f"The briefing pack cannot be used ({len(exc.problems)} problem(s)):"]
            lines += [f"  {problem}" for problem in exc.problems]
            raise CommandError("\n".join(lines)) from None
    output = Path(args.output)
    if args.all:
        if output.exists() and not output.is_dir():
            raise CommandError(f"Cannot write into {output}: it is a file, and --all needs a folder.")
        try:
            output.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"Cannot create the folder {output}: {exc.strerror or exc}.") from None
    elif output.is_dir():
        raise CommandError(f"Cannot write {output}: it is a folder; give a file name such as {output / 'sheet.pdf'}.")

    options = SheetOptions(marking=DEFAULT_MARKING if args.marking is None else args.marking)
    ensure_application()
    from . import build
    from .page import page_layout_for
    from .pdf import ExportError, write_pdf

    page_layout = page_layout_for(args.paper)
    jobs = []  # (label, make the sheet, path)
    if args.all:
        for sector in catalogue.dataset.sectors:
            jobs.append((sector.name, lambda s=sector.id: build.sector_sheet(catalogue, s, options, page_layout)[0],
                         output / f"sheet-{sector.id}.{kind}"))
        jobs.append(("Overview", lambda: build.overview_sheet(catalogue, options, page_layout)[0],
                     output / f"sheet-overview.{kind}"))
    elif args.sector is not None:
        jobs.append((catalogue.sectors[args.sector].name,
                     lambda: build.sector_sheet(catalogue, args.sector, options, page_layout)[0], output))
    elif args.overview:
        jobs.append(("Overview", lambda: build.overview_sheet(catalogue, options, page_layout)[0], output))
    elif args.changes is not None:
        jobs.append(("What changed", lambda: build.changes_sheet(older, catalogue, options, page_layout)[0], output))
    else:
        # Pack text is the user's own and may hold anything: escaped for the terminal, as validate does.
        jobs.append((f"Pack “{terminal_safe(pack.title)}”", lambda: build.pack_sheet(catalogue, pack, options, page_layout)[0],
                     output))
        missing = pack.missing(catalogue)
        if missing:
            names = ", ".join(f"{item.kind} {terminal_safe(item.id)}" for item in missing)
            print(f"Note: {len(missing)} item(s) of the pack are not in this dataset edition and print as marked gaps: {names}.",
                  file=sys.stderr)

    for number, (label, make, path) in enumerate(jobs, 1):
        sheet = make()
        try:
            if kind == "pdf":
                pages = write_pdf(sheet, catalogue, path, page_layout).page_count
                done = plural(pages, "page")
            else:
                from .editable import write_document

                write_document(sheet, path, kind)
                done = {"docx": "Word document", "odt": "OpenDocument text"}[kind]
        except ExportError as exc:
            raise CommandError(str(exc)) from None
        # The progress goes to standard error when the file itself goes to standard output.
        print(f"[{number}/{len(jobs)}] {label}: {done} -> {path}", flush=True,
              file=sys.stderr if _is_standard_output(path) else sys.stdout)
    return 0
