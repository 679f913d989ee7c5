"""Findings as CSV rows or JSON records, each measure with its source and confidence."""

from __future__ import annotations

import csv
import io
import json

from .catalogue import Catalogue, format_value
from .citation import full_citation
from .models import Finding

CSV_COLUMNS = [
    "finding_id", "sector", "statement", "measure", "value", "unit", "display_value", "base", "period",
    "confidence", "confidence_explanation", "source_ids", "source_short", "source_publishers", "source_title",
    "source_date", "source_url", "source_location", "caveats", "edition",
]


def measure_rows(catalogue: Catalogue, findings: list[Finding]) -> list[dict[str, str]]:
    """One row per measure; a qualitative finding gives one row with empty value columns."""
    rows = []
    for finding in findings:
        source = catalogue.primary_source(finding)
        common = {
            "finding_id": finding.id,
            "sector": catalogue.sectors[finding.sector].name,
            "statement": finding.statement,
            "source_ids": ";".join(ref.source for ref in finding.sources),
            "source_short": source.short,
            "source_publishers": "; ".join(source.publishers),
            "source_title": source.title,
            "source_date": source.display_date,
            "source_url": source.url or "",
            "source_location": finding.sources[0].location or "",
            "caveats": " | ".join(finding.caveats),
            "edition": catalogue.edition.title,
        }
        for measure in finding.measures or [None]:
            confidence = catalogue.measure_confidence(finding, measure) if measure else finding.confidence
            rows.append(
                {
                    **common,
                    "measure": measure.label if measure else "",
                    "value": f"{measure.value:g}" if measure else "",
                    "unit": measure.unit.value if measure else "",
                    "display_value": format_value(measure) if measure else "Qualitative",
                    "base": measure.base if measure else "",
                    "period": (measure.period if measure and measure.period else finding.period),
                    "confidence": confidence.value,
                    "confidence_explanation": confidence.explanation,
                }
            )
    return rows


# A cell that starts with one of these is run as a formula by spreadsheet programs; dataset text is
# never a formula, so such cells get a leading apostrophe, which spreadsheets show as plain text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Excel on Windows reads a CSV file as UTF-8 (so "£" and "–" survive) only when it starts with a BOM.
CSV_FILE_BOM = "\ufeff"


def spreadsheet_safe(cell: str) -> str:
    if cell.startswith(_FORMULA_START):
        try:
            float(cell)  # a negative number is data, not a formula
            return cell
        except ValueError:
            return "'" + cell
    return cell


def csv_text(columns: list[str], rows: list[dict[str, str]]) -> str:
    """CSV with a header row, CRLF line ends (RFC 4180) and formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({key: spreadsheet_safe(str(value)) for key, value in row.items()} for row in rows)
    return buffer.getvalue()


def write_csv_file(path, text: str) -> None:
    """Write CSV text to a file atomically, with the BOM spreadsheet programs need to read it as UTF-8."""
    from ..storage.atomic import atomic_write_text

    atomic_write_text(path, CSV_FILE_BOM + text)


def findings_csv(catalogue: Catalogue, findings: list[Finding]) -> str:
    return csv_text(CSV_COLUMNS, measure_rows(catalogue, findings))


def findings_json(catalogue: Catalogue, findings: list[Finding]) -> str:
    records = []
    for finding in findings:
        record = finding.model_dump(mode="json")
        record["sources"] = [
            {
                **ref.model_dump(mode="json"),
                "citation": full_citation(catalogue.sources[ref.source], ref.location),
                "publishers": catalogue.sources[ref.source].publishers,
                "title": catalogue.sources[ref.source].title,
                "date": catalogue.sources[ref.source].date,
                "url": catalogue.sources[ref.source].url,
            }
            for ref in finding.sources
        ]
        record["confidence_explanation"] = finding.confidence.explanation
        records.append(record)
    payload = {
        "edition": catalogue.edition.model_dump(mode="json"),
        "findings": records,
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
