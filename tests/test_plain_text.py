"""Dataset text is plain text everywhere: HTML, control characters, right-to-left text, emoji and
10,000-character words are shown exactly as typed, and nothing is fetched or read because of them.

The hostile dataset is the bundled one with every free-text field prefixed by a hostile string
(tests/reliability_helpers.py). One string is ``<img src="file:///…/probe.png">`` naming a real image
on disk: the image's access time shows whether anything read it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from reliability_helpers import LONG_WORD, ImageProbe, hostile_strings, make_hostile

from briefing_app.cli import main
from briefing_app.domain import Catalogue, load_dataset
from briefing_app.domain.citation import full_citation
from briefing_app.domain.text import drawable
from briefing_app.domain.export import spreadsheet_safe, findings_csv, findings_json

# ---- fixtures: a real image that must never be read, and the hostile dataset ------------------------


@pytest.fixture(scope="module")
def probe(tmp_path_factory) -> ImageProbe:
    return ImageProbe(tmp_path_factory.mktemp("probe"))


@pytest.fixture(scope="module")
def hostile(probe) -> list[str]:
    return hostile_strings(probe.url)


@pytest.fixture(scope="module")
def hostile_dataset_path(tmp_path_factory, dataset_path, hostile) -> Path:
    """The bundled dataset with every free-text field prefixed by a hostile string."""
    raw = json.loads(dataset_path.read_text(encoding="utf-8"))
    make_hostile(raw, hostile)
    path = tmp_path_factory.mktemp("hostile") / "hostile dataset.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_catalogue(hostile_dataset_path) -> Catalogue:
    return Catalogue(load_dataset(hostile_dataset_path), str(hostile_dataset_path))


def test_the_hostile_dataset_loads_with_every_string_intact(hostile_catalogue, hostile):
    dataset = hostile_catalogue.dataset
    statements = [f.statement for f in dataset.findings]
    # Findings outnumber the hostile strings, so every one of them starts some statement or label.
    texts = statements + [m.label for f in dataset.findings for m in f.measures] + [s.title for s in dataset.sources]
    for string in hostile:
        assert any(text.startswith(string[:500]) for text in texts), string[:60]
    assert any(LONG_WORD in s for s in statements)


# ---- domain: exports ------------------------------------------------------------------------------


def test_csv_export_keeps_every_string_exactly(hostile_catalogue, probe):
    findings = hostile_catalogue.dataset.findings
    recommendations = hostile_catalogue.dataset.recommendations
    text = findings_csv(hostile_catalogue, findings, recommendations)
    all_rows = list(csv.DictReader(io.StringIO(text, newline="")))
    rows = [row for row in all_rows if row["kind"] == "finding"]
    assert len(rows) == sum(max(1, len(f.measures)) for f in findings)
    rec_rows = [row for row in all_rows if row["kind"] == "recommendation"]
    for row, rec in zip(rec_rows, recommendations, strict=True):
        assert row["statement"] == spreadsheet_safe(f"{rec.title}: {rec.summary}")
        assert row["target_body"] == spreadsheet_safe(rec.target_body)
    by_finding: dict[str, list[dict]] = {}
    for row in rows:
        by_finding.setdefault(row["id"], []).append(row)
    for finding in findings:
        finding_rows = by_finding[finding.id]
        # Exactly as typed, except that a cell a spreadsheet would run as a formula gets a leading apostrophe.
        assert all(row["statement"] == spreadsheet_safe(finding.statement) for row in finding_rows)
        assert [row["measure"] for row in finding_rows] == ([spreadsheet_safe(m.label) for m in finding.measures] or [""])
        assert finding_rows[0]["caveats"] == spreadsheet_safe(" | ".join(finding.caveats))
        source = hostile_catalogue.primary_source(finding)
        assert finding_rows[0]["source_title"] == spreadsheet_safe(source.title)
    assert "<b>bold</b>" in text and "&lt;entity&gt;" in text and "&amp;lt;" not in text
    assert not probe.was_read()


def test_json_export_keeps_every_string_exactly(hostile_catalogue):
    findings = hostile_catalogue.dataset.findings
    payload = json.loads(findings_json(hostile_catalogue, findings))
    for record, finding in zip(payload["findings"], findings, strict=True):
        assert record["statement"] == finding.statement
        assert record["caveats"] == finding.caveats
        for exported, ref in zip(record["sources"], finding.sources, strict=True):
            source = hostile_catalogue.sources[ref.source]
            assert exported["title"] == source.title
            assert exported["citation"] == full_citation(source, ref.location)
            assert source.title in exported["citation"]
    assert payload["edition"]["title"] == hostile_catalogue.edition.title


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_command_writes_the_strings_literally(hostile_dataset_path, hostile_catalogue, tmp_path, fmt, probe):
    out = tmp_path / f"export.{fmt}"
    assert main(["export", "--format", fmt, "--dataset", str(hostile_dataset_path), "-o", str(out)]) == 0
    written = out.read_bytes().decode("utf-8")
    if fmt == "csv":
        dataset = hostile_catalogue.dataset
        assert written == "\ufeff" + findings_csv(hostile_catalogue, dataset.findings, dataset.recommendations)
    else:
        assert written == findings_json(hostile_catalogue, hostile_catalogue.dataset.findings)
    assert not probe.was_read()


# ---- storage: briefing packs and settings keep the user's own hostile text ---------------------------


def test_pack_title_and_notes_round_trip_literally(tmp_path, hostile):
    from briefing_app.sheets.pack import MAX_NOTE_CHARS, MAX_TITLE_CHARS, Pack, open_pack

    pack = Pack(title=hostile[0][:MAX_TITLE_CHARS])
    for index, string in enumerate(hostile):
        pack.add("finding", f"finding-{index}", string)
    path = pack.save(tmp_path / "hostile.brief.json")
    reopened = open_pack(path)
    assert reopened.title == hostile[0][:MAX_TITLE_CHARS]
    assert [item.note for item in reopened.items] == [s[:MAX_NOTE_CHARS] for s in hostile]


def test_settings_round_trip_literally(tmp_path, hostile):
    from briefing_app.storage.settings import Settings, SettingsStore

    store = SettingsStore(tmp_path)
    store.save(Settings(search=hostile[1], last_dataset_dir=hostile[8]))
    loaded = store.load()
    assert store.warning is None
    assert (loaded.search, loaded.last_dataset_dir) == (hostile[1], hostile[8])


# ---- charts: labels, tool tips, table, SVG/PNG/CSV exports ------------------------------------------

XML_INVALID_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _sector_specs(catalogue):
    from briefing_app.charts.spec import sector_spec

    specs = [sector_spec(catalogue, sector_id) for sector_id in catalogue.sectors]
    return [spec for spec in specs if spec.bars]


def _rich_text_as_plain(markup: str) -> str:
    """What Qt shows for a rich-text tool tip: the text of the HTML, as a QTextDocument reads it."""
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(markup)
    return document.toPlainText()


def _collapse(text: str) -> str:
    return " ".join(XML_INVALID_CONTROLS.sub("", text).split())


def test_chart_tool_tips_escape_dataset_text(qapp, hostile_catalogue, probe):
    from briefing_app.charts.render import bar_tooltip

    probe.reset()
    bars = [bar for spec in _sector_specs(hostile_catalogue) for bar in spec.bars]
    assert bars
    for bar in bars:
        # Shown as drawn: control characters as visible symbols, long words with invisible break points.
        shown = _collapse(_rich_text_as_plain(bar_tooltip(bar)).replace("\u200b", ""))
        for text in (bar.statement, bar.base, bar.measure_label, *bar.caveats):
            assert _collapse(drawable(text).replace("\u200b", "")) in shown
    assert not probe.was_read()


def test_chart_table_shows_and_tips_text_literally(qapp, qtmodeltester, hostile_catalogue, probe):
    from PySide6.QtCore import Qt

    from briefing_app.charts.widget import ChartTableModel

    probe.reset()
    model = ChartTableModel()
    for spec in _sector_specs(hostile_catalogue):
        model.set_spec(spec)
        qtmodeltester.check(model)
        column = [name for _, name, _ in ChartTableModel.COLUMNS].index("base")
        for row, bar in enumerate(spec.bars):
            index = model.index(row, column)
            assert model.data(index, Qt.ItemDataRole.DisplayRole) == bar.base
            tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
            assert _collapse(_rich_text_as_plain(tip)) == _collapse(bar.base)
    assert not probe.was_read()


def _svg_text(data: bytes) -> tuple[list[str], list[str]]:
    """(every text string, every element name) of an SVG, parsed exactly as written (an XML-invalid
    control character would make it fail: domain/text.py draws them as visible symbols instead)."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(data)
    texts = [" ".join(element.itertext()) for element in root.iter() if element.tag.endswith(("text", "title", "desc"))]
    return texts, [element.tag.rpartition("}")[2] for element in root.iter()]


def test_chart_svg_and_png_show_text_literally_and_load_nothing(qapp, hostile_catalogue, probe):
    from PySide6.QtGui import QImage

    from briefing_app.charts.export import png_bytes, svg_bytes
    from briefing_app.charts.render import DEFAULT_EXPORT_WIDTH

    probe.reset()
    specs = _sector_specs(hostile_catalogue)
    all_text = []
    for spec in specs:
        texts, elements = _svg_text(svg_bytes(spec))
        assert "image" not in elements and "foreignObject" not in elements
        all_text += texts
        image = QImage.fromData(png_bytes(spec, dpi=96))
        assert image.width() == DEFAULT_EXPORT_WIDTH  # a 10,000-character word does not widen the chart
    # Long words carry invisible break opportunities (U+200B, domain/text.py): ignore them when comparing.
    joined = "\n".join(all_text).replace("\u200b", "")
    # Markup is drawn as characters: the SVG's text holds it literally (XML-escaped in the file).
    for string in ("<b>bold</b>", "<i>italic</i>", f'<img src="{probe.url}"', "<a href=", "&lt;entity&gt;"):
        assert string in joined, string
    assert not probe.was_read()


def test_chart_svg_is_well_formed_xml_with_control_characters(qapp, hostile_catalogue):
    import xml.etree.ElementTree as ET

    from briefing_app.charts.export import svg_bytes

    for spec in _sector_specs(hostile_catalogue):
        ET.fromstring(svg_bytes(spec))


def test_chart_csv_keeps_text_exactly(hostile_catalogue):
    from briefing_app.charts.spec import spec_csv

    for spec in _sector_specs(hostile_catalogue):
        rows = list(csv.DictReader(io.StringIO(spec_csv(spec), newline="")))
        assert [row["statement"] for row in rows] == [spreadsheet_safe(bar.statement) for bar in spec.bars]
        assert [row["base"] for row in rows] == [spreadsheet_safe(bar.base) for bar in spec.bars]


# ---- the main window: tables, tool tips, detail pane, labels --------------------------------------------

SCREEN = (1366, 768)  # the smallest laptop screen the window must fit


def _document_of(tip: str):
    """The QTextDocument Qt builds for a tool tip (rich text when it looks like HTML)."""
    from PySide6.QtGui import QTextDocument
    from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's Qt namespace

    document = QTextDocument()
    if GuiQt.mightBeRichText(tip):
        document.setHtml(tip)
    else:
        document.setPlainText(tip)
    return document


def _images_in(document) -> int:
    """How many images a QTextDocument holds (an <img> that became markup would be one)."""
    count = 0
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            if iterator.fragment().charFormat().isImageFormat():
                count += 1
            iterator += 1
        block = block.next()
    return count


@pytest.fixture()
def hostile_window(make_window, hostile_catalogue, probe):
    """The window on the hostile dataset with every extension attached."""
    probe.reset()
    return make_window(hostile_catalogue, extensions=None, size=SCREEN)


def test_main_window_tables_and_tool_tips_show_text_literally(hostile_window, hostile_catalogue, probe):
    from PySide6.QtCore import QAbstractListModel, Qt

    window = hostile_window
    checked = 0
    for model in (window.sector_model, window.finding_model, window.recommendation_model):
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
        for row in range(model.rowCount()):
            for column in range(columns):
                index = model.index(row, column)
                tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
                if tip:
                    assert _images_in(_document_of(tip)) == 0, tip[:200]
                    checked += 1
    assert checked >= len(hostile_catalogue.dataset.findings) * window.finding_model.columnCount()
    statements = window.finding_model
    for row, finding in enumerate(hostile_catalogue.dataset.findings):
        index = statements.index(row, statements.STATEMENT)
        assert index.data(Qt.ItemDataRole.DisplayRole) == finding.statement
        shown_tip = _document_of(index.data(Qt.ItemDataRole.ToolTipRole)).toPlainText()
        assert _collapse(shown_tip) == _collapse(finding.statement)
    window.grab()
    assert not probe.was_read()


def test_detail_pane_shows_every_item_literally_and_wraps_long_words(qtbot, hostile_window, hostile_catalogue, probe):
    window = hostile_window
    from briefing_app.views.detail import DetailBrowser


    detail = window.findChild(DetailBrowser)
    assert detail is not None
    long_words = 0
    for finding in hostile_catalogue.dataset.findings:
        window.select_finding(finding.id)
        shown = _collapse(detail.toPlainText())
        for text in (finding.statement, *finding.caveats, hostile_catalogue.primary_source(finding).title):
            assert _collapse(text) in shown, text[:80]
        assert _images_in(detail.document()) == 0
        if any(LONG_WORD in text for text in (finding.statement, *finding.caveats)):
            long_words += 1
            detail.grab()
            assert detail.horizontalScrollBar().maximum() == 0, "a long word made the detail pane scroll sideways"
    assert long_words > 0
    for rec in hostile_catalogue.dataset.recommendations:
        window.select_recommendation(rec.id)
        shown = _collapse(detail.toPlainText())
        assert _collapse(rec.title) in shown and _collapse(rec.summary) in shown
    window.grab()
    assert not probe.was_read()


def test_every_label_showing_dataset_text_is_plain_text(hostile_window, hostile_catalogue):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import Qt as GuiQt
    from PySide6.QtWidgets import QLabel

    window = hostile_window
    window.select_finding(hostile_catalogue.dataset.findings[0].id)
    markers = ("<b>bold", "<img src", "<a href", "<style>", "<script>", "&lt;entity")
    dataset_labels = [label for label in window.findChildren(QLabel) if any(m in label.text() for m in markers)]
    assert dataset_labels, "no label shows dataset text: the check would test nothing"
    for label in dataset_labels:
        plain = label.textFormat() == Qt.TextFormat.PlainText
        assert plain or not GuiQt.mightBeRichText(label.text()), f"{label.objectName()!r} renders {label.text()[:80]!r} as rich text"
    assert hostile_catalogue.edition.title in window.windowTitle()


def test_main_window_fits_a_laptop_screen_with_long_words(hostile_window):
    hint = hostile_window.minimumSizeHint()
    assert hint.width() <= SCREEN[0] and hint.height() <= SCREEN[1], hint


# ---- printed sheets (PDF): text literal, nothing loaded ------------------------------------------------


def _pdf_text_and_images(path: Path) -> tuple[str, list[tuple[int, int]]]:
    """All text of a PDF (NFKC, no whitespace at all: lines wrap anywhere) and every image's size."""
    import unicodedata

    from pypdf import PdfReader

    reader = PdfReader(path)
    if shutil.which("pdftotext"):
        # poppler (scripts/system-packages.sh) reads this text in 0.2 s where pypdf needs 6 s on this machine.
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    else:
        text = "".join(page.extract_text() for page in reader.pages)
    images = []
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        for name in xobjects:
            xobject = xobjects[name].get_object()
            if xobject.get("/Subtype") == "/Image":
                images.append((int(xobject["/Width"]), int(xobject["/Height"])))
    return "".join(unicodedata.normalize("NFKC", text).split()), images


def _squeezed(text: str) -> str:
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", text).split())


MARKUP_STRINGS = [0, 1, 2, 3, 4, 5, 6, 11]  # the hostile strings made of markup, entities or a formula


@pytest.mark.slow
def test_printed_sheets_show_markup_literally_and_load_no_image(
    qapp, hostile_dataset_path, hostile_catalogue, hostile, probe, tmp_path
):
    from briefing_app.sheets.pack import MAX_NOTE_CHARS, MAX_TITLE_CHARS, Pack

    # A pack whose own title and notes are hostile too, on findings whose text is hostile.
    pack = Pack(title=hostile[0][:MAX_TITLE_CHARS])
    for finding, string in zip(hostile_catalogue.dataset.findings, hostile):
        pack.add("finding", finding.id, string[:MAX_NOTE_CHARS])
    pack_path = pack.save(tmp_path / "hostile.brief.json")
    probe.reset()
    jobs = {"sector": ["--sector", "health"], "overview": ["--overview"], "pack": ["--pack", str(pack_path)]}
    for name, args in jobs.items():
        out = tmp_path / f"{name}.pdf"
        assert main(["sheet", "--dataset", str(hostile_dataset_path), *args, "-o", str(out)]) == 0
        text, images = _pdf_text_and_images(out)
        assert "<b>bold</b>" in text
        for index in MARKUP_STRINGS:
            assert _squeezed(hostile[index]) in text, (name, hostile[index])
        assert (8, 8) not in images, f"the <img> probe was embedded in the {name} sheet"
    assert not probe.was_read()
