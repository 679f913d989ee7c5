"""Make a large dataset from the bundled one, for benchmarks: N findings with proportionate sources
and recommendations, every reference valid. Not a test fixture of real evidence: ids and text are
copies of the bundled items with a numbered suffix.

Every free-text field of each copy (statements, measure labels and bases, caveats, locations, source
titles, methods and coverage, recommendation titles and summaries) ends with its copy's number, so no two
findings or sources share their text, as in a real edition that grows: a search index cannot gain by
testing shared text once. Names shared in reality (sectors, themes, publishers) stay shared."""

from __future__ import annotations

import json
from pathlib import Path

from briefing_app.domain import bundled_dataset_path


def _vary(value, copy: int):
    """The text with the copy's number added ("... [c12]"); None and non-text values unchanged."""
    return f"{value} [c{copy}]" if isinstance(value, str) and value else value


def _vary_fields(item: dict, fields: tuple[str, ...], copy: int) -> dict:
    return {**item, **{key: _vary(item[key], copy) for key in fields if key in item}}


def generate(findings: int) -> bytes:
    base = json.loads(bundled_dataset_path().read_text(encoding="utf-8"))
    n_findings = len(base["findings"])
    copies = -(-findings // n_findings)  # ceiling division
    out = {k: base[k] for k in ("schema_version", "edition", "sectors", "themes")}
    out["sources"], out["findings"], out["recommendations"] = [], [], []
    for c in range(copies):
        suffix = f"-c{c}"
        for source in base["sources"]:
            varied = _vary_fields(source, ("short", "title", "method", "coverage", "fieldwork"), c)
            out["sources"].append({**varied, "id": source["id"][:50] + suffix})
        for finding in base["findings"]:
            if len(out["findings"]) == findings:
                break
            out["findings"].append(
                {
                    **_vary_fields(finding, ("statement",), c),
                    "id": finding["id"] + suffix,
                    "measures": [_vary_fields(m, ("label", "base"), c) for m in finding.get("measures", [])],
                    "caveats": [_vary(text, c) for text in finding.get("caveats", [])],
                    "sources": [{**_vary_fields(ref, ("location",), c), "source": ref["source"][:50] + suffix}
                                for ref in finding["sources"]],
                }
            )
        present = {f["id"] for f in out["findings"][-n_findings:]}
        for rec in base["recommendations"]:
            out["recommendations"].append(
                {
                    **_vary_fields(rec, ("title", "summary"), c),
                    "id": rec["id"] + suffix,
                    "sources": [{**ref, "source": ref["source"][:50] + suffix} for ref in rec["sources"]],
                    "supporting_findings": [f + suffix for f in rec.get("supporting_findings", []) if f + suffix in present],
                    "related_findings": [f + suffix for f in rec.get("related_findings", []) if f + suffix in present],
                }
            )
    return json.dumps(out, ensure_ascii=False).encode("utf-8")


if __name__ == "__main__":
    import sys

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("build/bench-dataset.json")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(generate(count))
    print(f"wrote {target} ({target.stat().st_size / 2**20:.1f} MiB, {count} findings)")
