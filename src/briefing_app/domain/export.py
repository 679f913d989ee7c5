"""Findings and recommendations as CSV rows, findings as JSON records, each with its sources and confidence."""

from __future__ import annotations

import csv
import io
import json

from .catalogue import Catalogue, format_value
from .citation import full_citation
from .models import Finding, Recommendation
from .wording import QUALITATIVE

# One row per measure of a finding (a qualitative finding: one row), then one row per recommendation:
# every field a user needs to judge a figure travels with it (base, period, confidence and its note,
# the sources that carry it, those it is only attributed to, caveats).
CSV_COLUMNS = [
    "kind", "id", "sector", "statement", "measure", "value", "unit", "display_value", "base", "period",
    "confidence", "confidence_explanation", "confidence_note", "source_short", "source_publishers",
    "source_title", "source_date", "source_url", "source_location", "sources_cited", "sources_not_cited",
    "caveats", "target_body", "target_status", "related_items_our_judgement", "edition",
]


def _evidence(catalogue: Catalogue, item: Finding | Recommendation) -> dict[str, str]:
    """The columns shared by findings and recommendations: sector, confidence note, sources, caveats."""
    cited = catalogue.cited_refs(item)
    source = catalogue.sources[cited[0].source]
    return {
        "id": item.id,
        "sector": catalogue.sectors[item.sector].name,
        "confidence_note": item.confidence_note or "",
        "source_short": source.short,
        "source_publishers": "; ".join(source.publishers),
        "source_title": source.title,
        "source_date": source.display_date,
        "source_url": source.url or "",
        "source_location": cited[0].location or "",
        "sources_cited": " | ".join(full_citation(catalogue.sources[r.source], r.location) for r in cited),
        "sources_not_cited": " | ".join(
            f"{r.role.label}: {full_citation(catalogue.sources[r.source], r.location)}"
            for r in catalogue.uncited_refs(item)
        ),
        "caveats": " | ".join(item.caveats),
        "edition": f"{catalogue.edition.title} (edition {catalogue.edition.id})",
    }


def measure_rows(catalogue: Catalogue, findings: list[Finding]) -> list[dict[str, str]]:
    """One row per measure; a qualitative finding gives one row with empty value columns."""
    rows = []
    for finding in findings:
        common = {
            "kind": "finding",
            "statement": finding.statement,
            "target_body": "",
            "target_status": "",
            "related_items_our_judgement": "; ".join(
                r.id for r in catalogue.recommendations_supported_by(finding)
            ),
            **_evidence(catalogue, finding),
        }
        for measure in finding.measures or [None]:
            confidence = catalogue.measure_confidence(finding, measure) if measure else finding.confidence
            rows.append(
                {
                    **common,
                    "measure": measure.label if measure else "",
                    "value": f"{measure.value:g}" if measure else "",
                    "unit": measure.unit.value if measure else "",
                    "display_value": format_value(measure) if measure else QUALITATIVE,
                    "base": measure.base if measure else "",
                    "period": (measure.period if measure and measure.period else finding.period),
                    "confidence": confidence.value,
                    "confidence_explanation": confidence.explanation,
                }
            )
    return rows


def recommendation_rows(catalogue: Catalogue, recommendations: list[Recommendation]) -> list[dict[str, str]]:
    return [
        {
            "kind": "recommendation",
            "statement": f"{rec.title}: {rec.summary}",
            "measure": "", "value": "", "unit": "", "display_value": "", "base": "", "period": "",
            "confidence": rec.confidence.value,
            "confidence_explanation": rec.confidence.explanation.replace("The figure", "The recommendation", 1),
            "target_body": rec.target_body,
            "target_status": rec.target_status or "",
            "related_items_our_judgement": "; ".join([*rec.supporting_findings, *rec.related_findings]),
            **_evidence(catalogue, rec),
        }
        for rec in recommendations
    ]


# A cell that starts with one of these is run as a formula by spreadsheet programs; dataset text is
# never a formula, so such cells get a leading apostrophe, which spreadsheets show as plain text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    if cell.startswith(_FORMULA_START):
        try:
            float(cell)  # a negative number is data, not a formula
            return cell
        except ValueError:
            return "'" + cell
    return cell


def csv_text(columns: list[str], rows: list[dict[str, str]]) -> str:
    """CSV with a header row, CRLF line ends (RFC 4180) and formula-like cells neutralised.

    Files of it are written by storage.csv_file.write_csv_file (with the byte-order mark spreadsheets need).
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({key: spreadsheet_safe(str(value)) for key, value in row.items()} for row in rows)
    return buffer.getvalue()


def findings_csv(catalogue: Catalogue, findings: list[Finding], recommendations: list[Recommendation] = ()) -> str:
    """Findings (a row per measure), then recommendations (a row each), with all their evidence."""
    return csv_text(
        CSV_COLUMNS, measure_rows(catalogue, findings) + recommendation_rows(catalogue, list(recommendations))
    )


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
