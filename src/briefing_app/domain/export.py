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


def findings_csv(catalogue: Catalogue, findings: list[Finding]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(measure_rows(catalogue, findings))
    return buffer.getvalue()


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
