"""Make a large dataset from the bundled one, for benchmarks: N findings with proportionate sources
and recommendations, every reference valid. Not a test fixture of real evidence: ids and text are
copies of the bundled items with a numbered suffix."""

from __future__ import annotations

import json
from pathlib import Path

from briefing_app.domain import bundled_dataset_path


def generate(findings: int) -> bytes:
    base = json.loads(bundled_dataset_path().read_text(encoding="utf-8"))
    n_findings = len(base["findings"])
    copies = -(-findings // n_findings)  # ceiling division
    out = {k: base[k] for k in ("schema_version", "edition", "sectors", "themes")}
    out["sources"], out["findings"], out["recommendations"] = [], [], []
    for c in range(copies):
        suffix = f"-c{c}"
        for source in base["sources"]:
            out["sources"].append({**source, "id": source["id"][:50] + suffix})
        for finding in base["findings"]:
            if len(out["findings"]) == findings:
                break
            out["findings"].append(
                {
                    **finding,
                    "id": finding["id"] + suffix,
                    "sources": [{**ref, "source": ref["source"][:50] + suffix} for ref in finding["sources"]],
                }
            )
        present = {f["id"] for f in out["findings"][-n_findings:]}
        for rec in base["recommendations"]:
            out["recommendations"].append(
                {
                    **rec,
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
