"""Input and output hygiene (issue 16): keys given twice, invisible characters in addresses and ids,
placeholder words only as words of prose, pack text escaped on the terminal, one id for one item,
references listed once, and dates in the application's language whatever the system locale.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from briefing_app.domain import DatasetError, load_catalogue, load_dataset
from briefing_app.domain.loading import parse_dataset
from briefing_app.sheets.pack import Pack, PackError, open_pack, parse_pack

# The helpers added for issue 16 are imported in the tests that use them, so that every other test here
# shows the old behaviour (not an import error) when run against the old code.

SRC = Path(__file__).resolve().parents[1] / "src" / "briefing_app"


def problems_of(path) -> list[str]:
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    return [str(p) for p in info.value.problems]


# ---- keys given twice ---------------------------------------------------------------------------


def test_a_key_given_twice_in_the_dataset_is_refused_with_its_path(raw_dataset, tmp_path):
    text = json.dumps(raw_dataset, indent=2)
    first_value = json.dumps(raw_dataset["findings"][0]["measures"][0]["value"])
    # The same key twice in finding 0's first measure: a JSON reader keeps the second value, silently.
    marker = f'"value": {first_value},'
    at = text.index(marker, text.index('"findings"'))
    text = text[:at] + f'"value": 99, ' + text[at:]
    path = tmp_path / "dataset.json"
    path.write_text(text, encoding="utf-8")
    problems = problems_of(path)
    assert problems == [f"{path}: $.findings[0].measures[0].value: the key 'value' is given more than once in this "
                        "object; JSON readers would keep only the last, so give it once"]


@pytest.mark.parametrize("separator", ['":', '" :', '"\n:'])
def test_a_repeated_key_is_found_however_the_file_is_spaced(raw_dataset, tmp_path, separator):
    raw_dataset["edition"] = {**raw_dataset["edition"]}
    text = json.dumps(raw_dataset, separators=(",", ":"))
    text = text.replace('"edition":{', '"edition":{"title' + separator + '"Other title",', 1)
    path = tmp_path / "dataset.json"
    path.write_text(text, encoding="utf-8")
    assert any("$.edition.title" in p and "more than once" in p for p in problems_of(path))


def test_the_quick_count_sees_no_repeats_in_the_bundled_dataset(dataset_path):
    from briefing_app.domain.loading import may_repeat_a_key

    data = dataset_path.read_bytes()
    assert may_repeat_a_key(data, parse_dataset(data, str(dataset_path))) is False


def test_a_key_given_twice_in_a_pack_is_refused(tmp_path):
    path = tmp_path / "p.brief.json"
    path.write_text('{"format": "briefing-app-pack", "title": "A", "title": "B", '
                    '"items": [{"kind": "finding", "id": "h1", "id": "h2"}]}', encoding="utf-8")
    with pytest.raises(PackError) as info:
        open_pack(path)
    assert [p.path for p in info.value.problems] == ["$.items[0].id", "$.title"]
    assert all(p.file == str(path) and "more than once" in p.message for p in info.value.problems)


# ---- invisible characters in addresses and ids -----------------------------------------------------


@pytest.mark.parametrize("bad", ["\x00", "\x1b[2J", "\u202e", "\u200b", "\x7f", "\u2066"])
def test_control_and_bidi_characters_in_a_url_are_refused(raw_dataset, write_json, bad):
    raw_dataset["sources"][0]["url"] = f"https://example.org/report{bad}fdp.exe"
    raw_dataset["sources"][1]["other_urls"] = [{"url": f"https://example.org/{bad}", "label": "Copy"}]
    problems = problems_of(write_json(raw_dataset))
    assert any(p.endswith("$.sources[0].url: must be an http:// or https:// address without spaces, quotes, angle "
                          "brackets, control characters or invisible (bidirectional) characters") for p in problems)
    assert any("$.sources[1].other_urls[0].url: must be an http" in p for p in problems)


@pytest.mark.parametrize("bad", ["h1\x1b[31m", "h1\u202e", "\x00", "h1\n"])
def test_control_and_bidi_characters_in_pack_ids_are_refused(tmp_path, bad):
    data = {"format": "briefing-app-pack", "items": [{"kind": "finding", "id": bad}], "edition": "e\u202e"}
    with pytest.raises(PackError) as info:
        parse_pack(json.dumps(data).encode(), "p.brief.json")
    paths = {p.path for p in info.value.problems}
    assert paths == {"$.items[0].id", "$.edition"}
    assert all("control characters or invisible" in p.message for p in info.value.problems)


def test_dataset_ids_refuse_them_too(raw_dataset, write_json):
    raw_dataset["findings"][0]["id"] = "h1\u202e"
    assert any("$.findings[0].id" in p for p in problems_of(write_json(raw_dataset)))


# ---- placeholder words: whole words of prose only --------------------------------------------------


def test_placeholder_words_inside_urls_and_ids_are_real_values(raw_dataset, write_json):
    raw_dataset["sources"][0]["url"] = "https://example.org/todo/xxx-tbc.html?TBD=lorem"
    raw_dataset["sources"][0]["other_urls"] = [{"url": "https://example.org/placeholder", "label": "Copy"}]
    old_id = raw_dataset["findings"][0]["id"]
    raw_dataset["findings"][0]["id"] = "todo-xxx-tbc"
    for rec in raw_dataset["recommendations"]:
        for field in ("supporting_findings", "related_findings"):
            rec[field] = ["todo-xxx-tbc" if fid == old_id else fid for fid in rec.get(field, [])]
    raw_dataset["themes"][0]["id"], old_theme = "tbc-theme", raw_dataset["themes"][0]["id"]
    for finding in raw_dataset["findings"]:
        finding["themes"] = ["tbc-theme" if t == old_theme else t for t in finding["themes"]]
        for measure in finding["measures"]:
            if measure.get("compare_as") == old_theme:
                measure["compare_as"] = "tbc-theme"
    load_dataset(write_json(raw_dataset))  # no problem


@pytest.mark.parametrize(("field", "text"), [("statement", "Figures TODO"), ("statement", "xxx"),
                                             ("base", "Base: tbc"), ("period", "TBD")])
def test_placeholder_words_in_prose_are_still_refused(raw_dataset, write_json, field, text):
    raw_dataset["findings"][0][field] = text
    problems = problems_of(write_json(raw_dataset))
    assert any(f"$.findings[0].{field}" in p and "placeholder" in p for p in problems)


def test_placeholder_words_inside_longer_words_of_prose_are_not_placeholders(raw_dataset, write_json):
    raw_dataset["findings"][0]["statement"] = "Todos los datos; XXXL sizes; tbcs are not placeholders"
    load_dataset(write_json(raw_dataset))


# ---- the terminal ---------------------------------------------------------------------------------


def test_terminal_safe_escapes_controls_and_bidi_only():
    from briefing_app.domain.text import terminal_safe

    assert terminal_safe("plain café — ✓ 日本") == "plain café — ✓ 日本"
    assert terminal_safe("a\x1b[2Jb\u202ec\x00d\u200be\u2028") == "a\\x1b[2Jb\\u202ec\\x00d\\u200be\\u2028"


def test_sheet_pack_prints_pack_title_and_ids_escaped(tmp_path, catalogue):
    pack = Pack(title="Board \x1b[2J\x1b]0;owned\x07 pack \u202etxt.exe")
    pack.add("finding", catalogue.dataset.findings[0].id)
    # An id with U+202E (written by hand: the application never saves one) is refused when the pack is opened.
    data = json.loads(pack.to_json())
    data["items"].append({"kind": "finding", "id": "gone-\u202eid"})
    path = tmp_path / "p.brief.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "briefing_app", "sheet", "--pack", str(path), "-o",
                             str(tmp_path / "p.pdf")], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 1 and "$.items[1].id" in result.stderr
    pack.items.append(type(pack.items[0])("finding", "gone-id"))
    path = pack.save(tmp_path / "p.brief.json")
    result = subprocess.run([sys.executable, "-m", "briefing_app", "sheet", "--pack", str(path), "-o",
                             str(tmp_path / "p.pdf")], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output
    assert "Board \\x1b[2J\\x1b]0;owned\\x07 pack \\u202etxt.exe" in result.stdout
    assert "gone-id" in result.stderr


# ---- one id, one item; references listed once --------------------------------------------------------


def test_a_finding_and_a_recommendation_may_not_share_an_id(raw_dataset, write_json):
    shared = raw_dataset["findings"][3]["id"]
    raw_dataset["recommendations"][1]["id"] = shared
    problems = problems_of(write_json(raw_dataset))
    assert [p.split(": ", 1)[1] for p in problems] == [
        f"$.recommendations[1].id: the id {shared!r} is already used by the finding at $.findings[3].id; "
        "findings, recommendations and sources need ids of their own"
    ]


def test_a_source_may_not_share_an_id_with_a_finding(raw_dataset, write_json):
    raw_dataset["findings"][0]["id"] = raw_dataset["sources"][2]["id"]
    problems = problems_of(write_json(raw_dataset))
    assert any("$.sources[2].id" in p and "already used by the finding at $.findings[0].id" in p for p in problems)


def test_references_listed_twice_are_refused_with_their_path(raw_dataset, write_json):
    rec = raw_dataset["recommendations"][0]
    rec["supporting_findings"].append(rec["supporting_findings"][0])
    rec["related_findings"].append(rec["supporting_findings"][1])
    finding = raw_dataset["findings"][0]
    finding["themes"].append(finding["themes"][0])
    finding["sources"].append(dict(finding["sources"][0]))
    problems = [p.split(": ", 1)[1] for p in problems_of(write_json(raw_dataset))]
    n_sup = len(rec["supporting_findings"]) - 1
    n_rel = len(rec["related_findings"]) - 1
    assert f"$.recommendations[0].supporting_findings[{n_sup}]: lists finding {rec['supporting_findings'][0]!r} " \
           f"a second time (first at $.recommendations[0].supporting_findings[0])" in problems
    assert any(p.startswith(f"$.recommendations[0].related_findings[{n_rel}]: lists finding") and
               "already a supporting finding" in p for p in problems)
    assert any(p.startswith(f"$.findings[0].themes[{len(finding['themes']) - 1}]: lists theme") for p in problems)
    assert any(p.startswith(f"$.findings[0].sources[{len(finding['sources']) - 1}]: lists the same place in source")
               for p in problems)
    assert len(problems) == 4


# ---- dates in the application's language ----------------------------------------------------------


def test_date_helpers_are_british_english():
    from briefing_app.domain.dates import date_words, long_date

    assert long_date(date(2026, 12, 4)) == "4 December 2026"
    assert date_words(2026, 12) == "December 2026"
    assert date_words(2026) == "2026"


def test_no_date_is_formatted_with_the_system_locale():
    """Every date goes through domain/dates.py: no %B/%b/%A/%a/%c/%x, QLocale() or QDate.toString elsewhere."""
    offenders = []
    pattern = re.compile(r"%[BbAacxp]|QLocale\(\)|QDate|QDateTime|\.toString\(\s*Qt\.DateFormat|locale\.setlocale")
    for path in SRC.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line) and "domain/dates.py" not in str(path):
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert offenders == []


def _turkish_locale(tmp_path) -> Path:
    """Compile tr_TR.UTF-8 into a private folder (LOCPATH) from the locales package's sources."""
    if shutil.which("localedef") is None or not Path("/usr/share/i18n/locales/tr_TR").exists():
        pytest.fail("the Debian package 'locales' is needed for this test (./bootstrap test installs it)")
    folder = tmp_path / "locales"
    folder.mkdir()
    subprocess.run(["localedef", "-i", "tr_TR", "-f", "UTF-8", str(folder / "tr_TR.UTF-8")],
                   check=True, capture_output=True, timeout=120)
    return folder


PROBE = r"""
from datetime import date
from PySide6.QtWidgets import QApplication
app = QApplication(["briefing-app"])  # sets the C library's locale from the environment, as at start-up
print(date(2026, 12, 4).strftime("%B"))  # shows that the Turkish locale is live in this process
from briefing_app.domain import load_catalogue
from briefing_app.charts.spec import sector_spec
from briefing_app.domain.dates import long_date
from briefing_app.views.main_window import _long_date
print(long_date(date(2026, 12, 4)))
print(_long_date(date(2026, 12, 4)))
print(sector_spec(load_catalogue(None), "health").edition_line)
"""


def test_printed_dates_are_english_under_a_turkish_locale(tmp_path):
    from pypdf import PdfReader

    env = {**os.environ, "LOCPATH": str(_turkish_locale(tmp_path)), "LC_ALL": "tr_TR.UTF-8",
           "LANG": "tr_TR.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Aralık"  # the system locale is Turkish …
    assert lines[1:3] == ["4 December 2026", "4 December 2026"]  # … and the application writes English
    months = "January February March April May June July August September October November December".split()

    def english(day: date) -> str:
        return f"{day.day} {months[day.month - 1]} {day.year}"

    compiled = load_catalogue(None).edition.date_compiled  # read from the bundled data, in this process
    compiled_text = english(compiled)
    assert f"compiled {compiled_text}" in lines[3]
    # The sheet as the command line writes it: the printed date and the edition's dates.
    out = tmp_path / "health.pdf"
    result = subprocess.run([sys.executable, "-m", "briefing_app", "sheet", "--sector", "health", "-o", str(out)],
                            capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    today = date.today()
    assert f"Printed: {english(today)}" in text
    assert compiled_text in text
    for turkish in ("Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim",
                    "Kasım", "Aralık"):
        assert turkish not in text
