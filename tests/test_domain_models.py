"""Validation rules of the domain models and the readable problems they produce."""

from __future__ import annotations

import pytest

from briefing_app.domain import DatasetError, load_dataset
from briefing_app.domain.models import format_partial_date, partial_date_year
from briefing_app.domain.problems import json_path


def problems_of(path) -> list[str]:
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    return [str(p) for p in info.value.problems]


def test_bundled_dataset_is_valid(bundled):
    assert bundled.schema_version == 1
    assert bundled.findings and bundled.recommendations and bundled.sources


def test_percentage_out_of_range_names_the_path(raw_dataset, write_json):
    index = next(i for i, f in enumerate(raw_dataset["findings"]) if f["measures"] and f["measures"][0]["unit"] == "percent")
    raw_dataset["findings"][index]["measures"][0]["value"] = 130
    problems = problems_of(write_json(raw_dataset))
    assert len(problems) == 1
    assert f"$.findings[{index}].measures[0].value" in problems[0]
    assert "between 0 and 100" in problems[0]


def test_dangling_source_and_duplicate_id_are_both_reported(raw_dataset, write_json):
    raw_dataset["findings"][0]["sources"][0]["source"] = "no-such-source"
    raw_dataset["findings"][1]["id"] = raw_dataset["findings"][2]["id"]
    problems = problems_of(write_json(raw_dataset))
    assert any("$.findings[0].sources[0].source" in p and "no-such-source" in p for p in problems)
    assert any("$.findings[2].id" in p and "duplicate id" in p for p in problems)


def test_finding_without_source_is_refused(raw_dataset, write_json):
    raw_dataset["findings"][0]["sources"] = []
    problems = problems_of(write_json(raw_dataset))
    assert any("$.findings[0].sources" in p for p in problems)


def test_recommendation_with_dangling_finding(raw_dataset, write_json):
    raw_dataset["recommendations"][0]["supporting_findings"].append("zz99")
    problems = problems_of(write_json(raw_dataset))
    assert problems == [
        f"{write_json(raw_dataset)}: $.recommendations[0].supporting_findings[{len(raw_dataset['recommendations'][0]['supporting_findings']) - 1}]: "
        "refers to finding 'zz99', which is not in the dataset"
    ]


@pytest.mark.parametrize("text", ["(University name go here)", "TBC", "Lorem ipsum dolor"])
def test_placeholder_text_is_refused(raw_dataset, write_json, text):
    raw_dataset["findings"][0]["statement"] = text
    problems = problems_of(write_json(raw_dataset))
    assert any("$.findings[0].statement" in p and "placeholder" in p for p in problems)


@pytest.mark.parametrize("bad", ["2023-02-30", "2023-13", "23-01-01", "2025/2021"])
def test_invalid_dates_are_refused(raw_dataset, write_json, bad):
    raw_dataset["sources"][0]["date"] = bad
    problems = problems_of(write_json(raw_dataset))
    assert any("$.sources[0].date" in p for p in problems)


def test_wrong_type_missing_and_extra_fields(raw_dataset, write_json):
    raw_dataset["findings"][0]["year"] = "last year"
    del raw_dataset["findings"][1]["statement"]
    raw_dataset["findings"][2]["colour"] = "red"
    problems = problems_of(write_json(raw_dataset))
    assert any("$.findings[0].year" in p for p in problems)
    assert any("$.findings[1].statement" in p and "required field is missing" in p for p in problems)
    assert any("$.findings[2].colour" in p and "unknown field" in p for p in problems)


# Python's json writes NaN and the infinities as these non-standard literals and reads them back; 1e999
# overflows to infinity; and a quoted number is read as one. The model refuses every one of them.
NON_FINITE = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", '"nan"', '"inf"', '"-inf"']


@pytest.mark.parametrize("literal", NON_FINITE)
def test_nan_and_infinity_are_refused(raw_dataset, tmp_path, literal):
    import json

    raw_dataset["findings"][0]["measures"][0]["value"] = "@value@"
    path = tmp_path / "non-finite.json"
    path.write_text(json.dumps(raw_dataset).replace('"@value@"', literal), encoding="utf-8")
    assert problems_of(path) == [f"{path}: $.findings[0].measures[0].value: Input should be a finite number"]


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "the file is empty"),
        (b"   \n", "the file is empty"),
        (b'{"schema_version": 1,', "invalid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[]", ": $: Input should be an object"),
    ],
)
def test_unreadable_files(tmp_path, content, expected):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    problems = problems_of(path)
    assert problems and all(p.startswith(str(path)) for p in problems)
    assert any(expected in p for p in problems)


def test_byte_order_mark_is_accepted(dataset_path, tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + dataset_path.read_bytes())
    assert load_dataset(path).findings


def test_missing_file_and_folder(tmp_path):
    assert "no such file" in problems_of(tmp_path / "absent.json")[0]
    assert "is a folder" in problems_of(tmp_path)[0]


def test_file_over_the_cap_is_refused_before_reading(tmp_path, monkeypatch):
    from briefing_app.domain import loading

    path = tmp_path / "big.json"
    with open(path, "wb") as handle:
        handle.truncate(loading.MAX_DATASET_BYTES + 1)  # sparse: no disk used
    opened = []
    monkeypatch.setattr("builtins.open", lambda *a, **k: opened.append(a) or (_ for _ in ()).throw(AssertionError))
    problems = problems_of(path)
    assert "limit is 64 MB" in problems[0]
    assert opened == []


def test_partial_dates_format_and_year():
    assert format_partial_date("2023-07-03") == "3 July 2023"
    assert format_partial_date("2023-11") == "November 2023"
    assert format_partial_date("2021/2025") == "2021 to 2025"
    assert partial_date_year("2022-01-24/2022-02-11") == 2022


def test_json_path():
    assert json_path(("findings", 3, "measures", 0, "value")) == "$.findings[3].measures[0].value"


def test_network_guard_is_active():
    import socket

    from conftest import NetworkAccessError

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(NetworkAccessError):
        sock.connect(("127.0.0.1", 9))


def test_blank_text_is_refused(raw_dataset, write_json):
    raw_dataset["findings"][0]["statement"] = "  \n "
    problems = problems_of(write_json(raw_dataset))
    assert any("$.findings[0].statement: must not be empty" in p for p in problems)


def test_placeholder_hidden_behind_a_json_escape_is_found(raw_dataset, tmp_path):
    import json

    raw_dataset["recommendations"][0]["summary"] = "Name: go here"
    text = json.dumps(raw_dataset).replace("go here", "go\\u0020here")
    path = tmp_path / "escaped.json"
    path.write_text(text)
    assert any("$.recommendations[0].summary" in p and "placeholder" in p for p in problems_of(path))
