"""What changed between editions (issue 19): the Qt-free diff, `edition diff` in text, CSV and JSON, the
"What changed in this edition" sheet and its PDF, and the fictional next-edition fixture."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest

from briefing_app.cli import main
from briefing_app.domain import Catalogue, load_catalogue, load_dataset, signing
from briefing_app.domain.bundled import bundled_dataset_path
from briefing_app.domain.diff import ADDED, CHANGED, REMOVED, diff_csv, diff_datasets
from briefing_app.domain.loading import parse_dataset

sys.path.insert(0, str(Path(__file__).parent))
import make_next_edition  # noqa: E402


@pytest.fixture(scope="module")
def next_edition():
    return make_next_edition.from_bundled()


@pytest.fixture()
def editions(tmp_path, next_edition):
    """The bundled edition and the fictional next one, as files."""
    old = tmp_path / "old" / "dataset.json"
    old.parent.mkdir()
    shutil.copyfile(bundled_dataset_path(), old)
    new = tmp_path / "new" / "dataset.json"
    new.parent.mkdir()
    new.write_bytes(next_edition.data)
    signing.signature_path_for(new).write_bytes(next_edition.signature)
    return old, new


def test_the_committed_fixture_is_the_one_the_bundled_data_makes():
    assert make_next_edition.is_current(), (
        "tests/fixtures/next-edition/ is stale for the current data/dataset.json: run `make sign` "
        "(or `python tests/make_next_edition.py`) and commit the fixture."
    )


def test_the_fixture_is_signed_but_not_by_a_key_the_app_trusts(next_edition):
    dataset = parse_dataset(next_edition.data, "next")
    trusted = make_next_edition.test_trusted_keys()
    assert signing.verify_bytes(next_edition.data, next_edition.signature, trusted, dataset.edition.id).verified
    shipped = signing.verify_bytes(next_edition.data, next_edition.signature, signing.shipped_trusted_keys())
    assert not shipped.verified and shipped.reason.startswith("signed by an unknown key")
    assert "fictional" in dataset.edition.title.lower()
    assert not (Path(bundled_dataset_path()).parent / "next-edition").exists()


def test_diff_reports_exactly_the_fixtures_three_changes(next_edition):
    old = load_catalogue().dataset
    new = parse_dataset(next_edition.data, "next")
    diff = diff_datasets(old, new)
    assert [(c.kind, c.id, c.change) for c in diff.changes] == [
        ("finding", next_edition.added_finding, ADDED),
        ("finding", next_edition.corrected_finding, CHANGED),
        ("recommendation", next_edition.closed_recommendation, CHANGED),
    ]
    (corrected,) = diff.of("finding", CHANGED)
    (value,) = corrected.fields
    assert value.field.startswith("value (") and (value.old, value.new) == (
        f"{next_edition.old_value:g}%", f"{next_edition.new_value:g}%")
    (closed,) = diff.of("recommendation", CHANGED)
    (status,) = closed.fields
    assert status.field == "target body status" and status.old == "(none)" and "closed" in status.new
    assert diff.summary() == (
        "Findings: 1 added, 0 removed, 1 changed. Recommendations: 0 added, 0 removed, 1 changed.")


def test_diff_finds_removed_items_and_every_kind_of_finding_change(raw_dataset):
    old = parse_dataset(json.dumps(raw_dataset).encode(), "old")
    f0, f1 = raw_dataset["findings"][0], raw_dataset["findings"][1]
    f0["measures"][0]["base"] = "A different base"
    f0["period"] = "2031"
    f0["confidence"] = "secondary"
    f0["caveats"] = f0["caveats"][1:] + ["A new caveat."]
    f0["sources"] = f0["sources"][:1]
    removed = raw_dataset["findings"].pop(5)
    for rec in raw_dataset["recommendations"]:
        rec["supporting_findings"] = [x for x in rec["supporting_findings"] if x != removed["id"]]
        rec["related_findings"] = [x for x in rec.get("related_findings", []) if x != removed["id"]]
    raw_dataset["recommendations"][0]["target_body"] = "A renamed body"
    removed_rec = raw_dataset["recommendations"].pop()
    new = parse_dataset(json.dumps(raw_dataset).encode(), "new")
    diff = diff_datasets(old, new)
    fields = {f.field.split(" (")[0] for f in diff.of("finding", CHANGED)[0].fields}
    assert {"base", "period", "confidence", "caveat removed", "caveat added", "sources"} <= fields
    assert diff.of("finding", CHANGED)[0].id == f0["id"]
    assert f1["id"] not in {c.id for c in diff.changes}
    assert [c.id for c in diff.of("finding", REMOVED)] == [removed["id"]]
    assert [c.id for c in diff.of("recommendation", REMOVED)] == [removed_rec["id"]]
    body = diff.of("recommendation", CHANGED)[0].fields[0]
    assert (body.field, body.new) == ("target body", "A renamed body")


def test_diff_csv_neutralises_formula_like_text_as_every_csv_does(raw_dataset):
    old = parse_dataset(json.dumps(raw_dataset).encode(), "old")
    finding = raw_dataset["findings"][0]
    finding["measures"][0]["base"] = "=HYPERLINK(\"http://example.invalid\")"
    finding["period"] = "@SUM(A1)"
    new = parse_dataset(json.dumps(raw_dataset).encode(), "new")
    rows = list(csv.DictReader(io.StringIO(diff_csv(diff_datasets(old, new)))))
    changed = {row["field"].split(" (")[0]: row["new"] for row in rows if row["id"] == finding["id"]}
    assert changed["base"] == "'=HYPERLINK(\"http://example.invalid\")"
    assert changed["period"] == "'@SUM(A1)"


def test_an_edition_compared_with_itself_has_no_changes(capsys):
    path = str(bundled_dataset_path())
    assert main(["edition", "diff", path, path]) == 0
    assert "No finding or recommendation changed." in capsys.readouterr().out


def test_cli_diff_text_csv_and_json(editions, next_edition, capsys):
    old, new = map(str, editions)
    assert main(["edition", "diff", old, new]) == 0
    text = capsys.readouterr().out
    assert f"Changed finding {next_edition.corrected_finding} " in text
    assert f"{next_edition.old_value:g}% → {next_edition.new_value:g}%" in text
    assert f"Added finding {next_edition.added_finding} " in text
    assert f"Changed recommendation {next_edition.closed_recommendation} " in text

    assert main(["edition", "diff", old, new, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["kind"], r["id"], r["change"]) for r in rows] == [
        ("finding", next_edition.added_finding, "added"),
        ("finding", next_edition.corrected_finding, "changed"),
        ("recommendation", next_edition.closed_recommendation, "changed"),
    ]
    assert rows[1]["old"] == f"{next_edition.old_value:g}%" and rows[1]["new"] == f"{next_edition.new_value:g}%"

    table = Path(editions[0]).parent / "diff.csv"
    assert main(["edition", "diff", old, new, "--format", "csv", "-o", str(table)]) == 0
    assert table.read_bytes() == ("\ufeff" + diff_csv(diff_datasets(*(load_dataset(path) for path in editions)))).encode()

    out = Path(editions[0]).parent / "diff.json"
    assert main(["edition", "diff", old, new, "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["counts"]["finding"] == {"added": 1, "removed": 0, "changed": 1}
    assert data["counts"]["recommendation"] == {"added": 0, "removed": 0, "changed": 1}
    assert data["new_edition"]["id"].endswith("-next-test")


def test_cli_diff_refuses_an_invalid_file(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert main(["edition", "diff", str(bundled_dataset_path()), str(bad)]) == 1
    assert "cannot be used" in capsys.readouterr().err


def pdf_text(path, pages=None) -> str:
    """The PDF's text with ligatures (ﬁ) undone and every run of white space made one space."""
    from pypdf import PdfReader

    chosen = PdfReader(path).pages[:pages] if pages else PdfReader(path).pages
    return " ".join(unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in chosen)).split())


def test_changes_sheet_content(editions, next_edition):
    from briefing_app.sheets import model as m
    from briefing_app.sheets.changes import changes_content

    old, new = (load_catalogue(p) for p in editions)
    sheet = changes_content(old, new)
    assert sheet.kind == "changes" and sheet.title == "What changed in this edition"
    assert sheet.edition_id == new.edition.id
    assert sheet.edition_status.startswith("Not verified: signed by an unknown key")
    headings = [i.text for i in sheet.items if isinstance(i, m.Heading)]
    assert headings == ["Findings changed", "Findings added", "Recommendations whose target body changed"]
    paragraphs = [i.text for i in sheet.items if isinstance(i, m.Paragraph)]
    assert any(f"was {next_edition.old_value:g}%; now {next_edition.new_value:g}%" in p for p in paragraphs)
    assert [f.finding_id for f in sheet.findings()] == [next_edition.corrected_finding, next_edition.added_finding]
    assert [r.rec_id for r in sheet.recommendations()] == [next_edition.closed_recommendation]
    assert sheet.findings()[0].headline == f"{next_edition.new_value:g}%"


def test_sheet_changes_writes_a_pdf(editions, next_edition, tmp_path, qapp):
    old, new = editions
    out = tmp_path / "changes.pdf"
    assert main(["sheet", "--changes", str(old), "--dataset", str(new), "-o", str(out)]) == 0
    text = pdf_text(out)
    assert "What changed in this edition" in text
    assert "Not verified: signed by an unknown key" in text
    assert f"was {next_edition.old_value:g}%; now {next_edition.new_value:g}%" in text


def test_every_sheet_header_says_whether_the_edition_is_verified(tmp_path, qapp):
    out = tmp_path / "health.pdf"
    assert main(["sheet", "--sector", "health", "-o", str(out)]) == 0
    first = pdf_text(out, pages=1)
    catalogue = load_catalogue()
    assert catalogue.verification.message in first

    altered = tmp_path / "data" / "dataset.json"
    altered.parent.mkdir()
    altered.write_bytes(bundled_dataset_path().read_bytes().replace(b"Just over", b"Just under", 1))
    shutil.copyfile(signing.signature_path_for(bundled_dataset_path()), signing.signature_path_for(altered))
    out = tmp_path / "altered.pdf"
    assert main(["sheet", "--overview", "--dataset", str(altered), "-o", str(out)]) == 0
    first = pdf_text(out, pages=1)
    assert "Not verified: altered after signing" in first


def test_a_catalogue_built_in_memory_says_it_was_not_checked(bundled):
    assert Catalogue(bundled).verification.message.startswith("Not verified: the edition was not checked")
