"""The one writer of CSV files: the window's exports, ``export``, ``chart`` and ``edition diff`` all write here.

The CSV text itself comes from the domain (``domain.export.csv_text``: a header row, CRLF line ends); this
module gives every file (and the CSV attached to a PDF sheet) the same encoding and byte-order mark.
"""

from __future__ import annotations

import os

from .atomic import atomic_write_bytes

# Excel on Windows reads a CSV file as UTF-8 (so "£" and "–" survive) only when it starts with a BOM.
CSV_FILE_BOM = "\ufeff"


def csv_file_bytes(text: str) -> bytes:
    """CSV text as the bytes of a file: UTF-8 with the BOM spreadsheet programs need to read it so (also the
    figures CSV attached to every PDF sheet)."""
    return (CSV_FILE_BOM + text).encode("utf-8")


def write_csv_file(path: str | os.PathLike[str], text: str) -> None:
    """Write CSV text to a file atomically, as :func:`csv_file_bytes`."""
    atomic_write_bytes(path, csv_file_bytes(text))
