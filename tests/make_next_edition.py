"""Make the "next edition" test fixture from the bundled dataset: tests/fixtures/next-edition/dataset.json.

TEST-ONLY, FICTIONAL content, never copied into data/: the fixture is the bundled edition with exactly three
changes, each labelled fictional in its own text —

1. one figure corrected: the headline value of the first finding whose headline is a percentage seen in the
   publisher's own text goes up by 2 points;
2. one finding added (id ``test-fictional-finding``), clearly marked as not evidence;
3. one recommendation's target body closed: the first recommendation whose target body has no status note
   gets one saying, fictionally, that the body was closed.

It is signed with a TEST key derived from a public seed (below), so the fixture is reproducible byte for
byte and its signature is real; the application never trusts that key, so it opens the fixture as
"Not verified: signed by an unknown key". Run it again after every edit of data/dataset.json (``make sign``
does): ``python tests/make_next_edition.py`` writes the fixture; ``--check`` only says whether it is current.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from briefing_app.domain import signing  # noqa: E402
from briefing_app.domain.bundled import bundled_dataset_path  # noqa: E402
from briefing_app.domain.loading import parse_dataset  # noqa: E402

FIXTURE = REPO / "tests" / "fixtures" / "next-edition" / "dataset.json"
# A test key everyone may know: never shipped in resources/edition-keys.json, so never "verified".
TEST_KEY_SEED = b"briefing-app TEST compiler key: public on purpose, never trusted by the application"
TEST_COMPILER = "Test compiler (fictional, tests only)"
ADDED_FINDING = "test-fictional-finding"
FICTIONAL = "FICTIONAL TEST EDITION (tests/make_next_edition.py): not evidence."


@dataclass(frozen=True)
class NextEdition:
    data: bytes  # the fixture's bytes
    signature: bytes  # its signature file's bytes
    corrected_finding: str
    old_value: float
    new_value: float
    added_finding: str
    closed_recommendation: str


def test_key():
    return signing.private_key_from_seed(TEST_KEY_SEED)


def test_trusted_keys() -> dict:
    entry = signing.trusted_key_entry(test_key(), TEST_COMPILER, added=date(2026, 12, 4))
    return {entry.key_id: entry}


def make_next_edition(bundled: bytes) -> NextEdition:
    raw = json.loads(bundled)
    new = copy.deepcopy(raw)
    edition = new["edition"]
    edition["id"] = (raw["edition"]["id"] + "-next-test")[:64]
    edition["title"] = raw["edition"]["title"] + " (fictional next edition, tests only)"
    compiled = date.fromisoformat(raw["edition"]["date_compiled"]) + timedelta(days=1)
    edition["date_compiled"] = compiled.isoformat()
    edition["notes"] = [*raw["edition"].get("notes", []), f"{FICTIONAL} Three changes from edition {raw['edition']['id']}."]

    # 1. one figure corrected
    finding = next(
        f for f in new["findings"]
        if f["confidence"] == "primary" and f.get("measures") and f["measures"][0]["unit"] == "percent"
        and f["measures"][0]["value"] <= 98
    )
    old_value = finding["measures"][0]["value"]
    finding["measures"][0]["value"] = old_value + 2

    # 2. one finding added, in the corrected finding's sector and theme, citing its first source
    first_ref = next(ref for ref in finding["sources"] if ref.get("role", "carries") == "carries")
    new["findings"].append({
        "id": ADDED_FINDING,
        "sector": finding["sector"],
        "themes": finding["themes"][:1],
        "statement": f"{FICTIONAL} A made-up finding added to test what changed between editions.",
        "measures": [{
            "label": "Fictional share (tests only)",
            "unit": "percent",
            "value": 50,
            "base": "Fictional base: nobody was asked (tests only)",
        }],
        "period": "Fictional (tests only)",
        "year": compiled.year,
        "sources": [{"source": first_ref["source"], "location": "Fictional location (tests only)"}],
        "confidence": "unverified",
        "confidence_note": FICTIONAL,
        "caveats": [FICTIONAL],
    })

    # 3. one recommendation's target body closed
    rec = next(r for r in new["recommendations"] if not r.get("target_status"))
    rec["target_status"] = (
        f"{FICTIONAL} In this made-up edition {rec['target_body']} has closed, so the recommendation needs a new "
        "target body."
    )

    data = (json.dumps(new, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    parse_dataset(data, str(FIXTURE))  # the fixture is a valid dataset, or this raises
    signature = signing.sign_bytes(
        data, test_key(), TEST_COMPILER, edition["id"],
        signed_at=datetime(compiled.year, compiled.month, compiled.day, tzinfo=UTC),
    )
    return NextEdition(
        data=data,
        signature=signing.signature_json(signature).encode("utf-8"),
        corrected_finding=finding["id"],
        old_value=old_value,
        new_value=old_value + 2,
        added_finding=ADDED_FINDING,
        closed_recommendation=rec["id"],
    )


def from_bundled() -> NextEdition:
    return make_next_edition(bundled_dataset_path().read_bytes())


def is_current() -> bool:
    made = from_bundled()
    sig = signing.signature_path_for(FIXTURE)
    return FIXTURE.is_file() and sig.is_file() and FIXTURE.read_bytes() == made.data and sig.read_bytes() == made.signature


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the fixture is not the one the bundled data makes")
    args = parser.parse_args(argv)
    if args.check:
        current = is_current()
        print(f"{FIXTURE.relative_to(REPO)} is {'current' if current else 'STALE: run python tests/make_next_edition.py'}")
        return 0 if current else 1
    made = from_bundled()
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_bytes(made.data)
    signing.signature_path_for(FIXTURE).write_bytes(made.signature)
    print(f"Wrote {FIXTURE.relative_to(REPO)} and its signature: {made.corrected_finding} "
          f"{made.old_value:g} -> {made.new_value:g}, added {made.added_finding}, closed the target body of "
          f"{made.closed_recommendation} (fictional, tests only)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
