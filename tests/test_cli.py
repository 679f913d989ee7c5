"""The command line: validate, schema, export, --version, --help."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from briefing_app import __version__
from briefing_app.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "briefing_app", *args], capture_output=True, text=True, timeout=120
    )


def test_validate_bundled_dataset_exits_0(dataset_path, catalogue):
    result = run_cli("validate", str(dataset_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("VALID")
    assert f"{len(catalogue.dataset.findings)} findings" in result.stdout


def _break(raw, how):
    if how == "dangling source":
        raw["findings"][0]["sources"][0]["source"] = "missing-source"
        return json.dumps(raw), "$.findings[0].sources[0].source"
    if how == "percentage 130":
        raw["findings"][0]["measures"][0]["value"] = 130
        return json.dumps(raw), "$.findings[0].measures[0].value"
    if how == "duplicate id":
        raw["sources"][1]["id"] = raw["sources"][0]["id"]
        return json.dumps(raw), "$.sources[1].id"
    if how == "missing source":
        raw["recommendations"][0]["sources"] = []
        return json.dumps(raw), "$.recommendations[0].sources"
    if how == "malformed JSON":
        return json.dumps(raw)[:-40], "invalid JSON"
    if how == "wrong type":
        raw["findings"][0]["measures"][0]["value"] = "twenty-seven"
        return json.dumps(raw), "$.findings[0].measures[0].value"
    if how == "empty file":
        return "", "the file is empty"
    raise AssertionError(how)


@pytest.mark.parametrize(
    "how",
    ["dangling source", "percentage 130", "duplicate id", "missing source", "malformed JSON", "wrong type", "empty file"],
)
def test_validate_broken_dataset_exits_1_naming_the_place(raw_dataset, tmp_path, how):
    assert raw_dataset["findings"][0]["measures"][0]["unit"] == "percent"
    text, expected = _break(raw_dataset, how)
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    assert result.stdout.startswith(f"INVALID: {path}")
    assert expected in result.stdout
    assert str(path) in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_export_csv_health_has_one_row_per_measure(catalogue, tmp_path):
    out = tmp_path / "health.csv"
    assert main(["export", "--format", "csv", "--sector", "health", "-o", str(out)]) == 0
    assert out.read_bytes().startswith("\ufeff".encode())  # as every CSV file the app writes (storage.csv_file)
    all_rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    rows = [r for r in all_rows if r["kind"] == "finding"]
    health = catalogue.findings_in("health")
    expected = sum(max(1, len(f.measures)) for f in health)
    assert len(rows) == expected
    assert {r["id"] for r in rows} == {f.id for f in health}
    for row in rows:
        assert row["sector"] == "Health"
        assert row["source_title"] and row["source_publishers"] and row["confidence"] in ("primary", "secondary", "unverified")
    by_id = {r["id"]: r for r in rows}
    first = health[0]
    assert by_id[first.id]["source_title"] == catalogue.primary_source(first).title
    # The recommendations of the sector follow, with their target body and its status.
    recs = [r for r in all_rows if r["kind"] == "recommendation"]
    assert [r["id"] for r in recs] == [r.id for r in catalogue.recommendations_in("health")]
    assert all(r["target_body"] for r in recs)


def test_export_json_round_trips(catalogue, capsys):
    assert main(["export", "--format", "json", "--sector", "education"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [f["id"] for f in payload["findings"]] == [f.id for f in catalogue.findings_in("education")]
    assert all(f["sources"][0]["url"] for f in payload["findings"])


def test_export_unknown_sector_is_a_clear_error(capsys):
    assert main(["export", "--format", "csv", "--sector", "defence"]) == 2
    assert "Unknown sector 'defence'" in capsys.readouterr().err


def test_export_to_unwritable_path(tmp_path, capsys):
    assert main(["export", "--format", "csv", "-o", str(tmp_path / "no" / "such" / "dir.csv")]) == 1
    assert "Cannot write" in capsys.readouterr().err


def test_export_with_broken_dataset_option(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert main(["export", "--format", "csv", "--dataset", str(bad)]) == 1
    assert f"{bad}: $: invalid JSON" in capsys.readouterr().err


def test_schema_command_writes_the_schema(tmp_path):
    out = tmp_path / "schema.json"
    assert main(["schema", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["title"] == "Briefing app dataset"


def test_version_and_help():
    result = run_cli("--version")
    assert result.returncode == 0 and __version__ in result.stdout
    for command in ("validate", "schema", "export"):
        result = run_cli(command, "--help")
        assert result.returncode == 0 and "--dataset" in result.stdout


def test_csv_file_starts_with_a_bom_for_spreadsheets(tmp_path):
    out = tmp_path / "all.csv"
    assert main(["export", "--format", "csv", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfkind,id,")


def test_formula_like_text_is_neutralised_in_csv(raw_dataset, write_json, capsys):
    raw_dataset["findings"][0]["statement"] = "=HYPERLINK(\"http://example.invalid\")"
    path = write_json(raw_dataset)
    assert main(["export", "--format", "csv", "--dataset", str(path)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["statement"] == "'=HYPERLINK(\"http://example.invalid\")"
    assert all(not row["value"].startswith("'") for row in rows)
