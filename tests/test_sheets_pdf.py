"""Briefing sheets as PDF, read back with pypdf: page size, text, sources, marking, page numbers, metadata,
the embedded CSV, packs that never split an item, and the layout's own guarantees."""

from __future__ import annotations

import csv
import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from briefing_app import APP_NAME, __version__
from briefing_app.sheets import build
from briefing_app.sheets import content as c
from briefing_app.sheets.layout import page_layout_for
from briefing_app.sheets.pack import new_pack
from briefing_app.sheets.pdf import CSV_ATTACHMENT_NAME, write_pdf

A4_PT = (595, 842)
LETTER_PT = (612, 792)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def squash(text: str) -> str:
    """Without any whitespace: long text wraps at hyphens ("public-" / "sector"), which extraction keeps apart."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def page_texts(path) -> list[str]:
    return [normalise(page.extract_text() or "") for page in PdfReader(path).pages]


def page_size(page) -> tuple[int, int]:
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


@pytest.fixture(scope="module")
def health_pdf(qapp, catalogue, tmp_path_factory):
    path = tmp_path_factory.mktemp("sheets") / "health.pdf"
    sheet, _ = build.sector_sheet(catalogue, "health", c.SheetOptions())
    layout = write_pdf(sheet, catalogue, path)
    return path, sheet, layout


def test_health_sheet_is_a4_with_its_figures_sources_marking_and_page_numbers(health_pdf, catalogue):
    path, sheet, layout = health_pdf
    reader = PdfReader(path)
    assert 1 <= len(reader.pages) <= build.MAX_SECTOR_PAGES, "a sector sheet fits on one to three pages"
    assert len(reader.pages) == layout.page_count
    assert all(page_size(page) == A4_PT for page in reader.pages)
    texts = page_texts(path)
    whole = " ".join(texts)
    assert sheet.findings(), "the sheet has key findings"
    with_figures = [f for f in catalogue.findings_in("health") if f.measures]
    assert with_figures
    for finding in with_figures:  # every health headline value the app shows, not only the key findings
        assert catalogue.headline_text(finding) in whole, finding.id
    for note in sheet.sources:
        for publisher in note.publishers:
            assert squash(publisher) in squash(whole)
    for index, text in enumerate(texts, 1):
        assert text.startswith("OFFICIAL") and text.count("OFFICIAL") >= 2, "marking at top and bottom of every page"
        assert f"Page {index} of {len(texts)}" in text
        assert f"Edition {catalogue.edition.id}" in text
        assert normalise(f"{APP_NAME} {__version__}") in text
    assert "Page 1 of" in texts[0]
    assert normalise(sheet.title) in texts[0]
    assert catalogue.edition.id in texts[0]
    assert squash(sheet.selection_rule) in squash(whole), "the sheet says how its key findings were chosen"
    for item in sheet.recommendations():
        assert squash(item.target_body) in squash(whole)
        if item.target_status:
            assert squash(item.target_status) in squash(whole)


def test_every_cited_source_is_given_in_full(health_pdf, catalogue):
    path, sheet, _ = health_pdf
    whole = squash(" ".join(page_texts(path)))
    cited = {ref.source for item in sheet.findings() for ref in catalogue.findings[item.finding_id].sources}
    for source_id in cited:
        source = catalogue.sources[source_id]
        for part in (*source.publishers, source.title, source.display_date, source.url or ""):
            assert squash(part) in whole, (source_id, part)


def test_caveats_travel_with_the_figures(health_pdf, catalogue):
    path, sheet, _ = health_pdf
    whole = squash(" ".join(page_texts(path)))
    for item in sheet.findings():
        for caveat in catalogue.findings[item.finding_id].caveats:
            assert squash(caveat) in whole


def test_pdf_metadata_fonts_and_attached_csv(health_pdf, catalogue):
    path, sheet, _ = health_pdf
    reader = PdfReader(path)
    meta = reader.metadata
    assert meta.title == sheet.title
    assert meta.author == APP_NAME
    assert "health" in meta.subject.lower() and catalogue.edition.id in meta.subject
    assert "Health" in reader.metadata["/Keywords"]
    assert __version__ in meta.creator
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts.add(any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")))
    assert fonts == {True}, "every font is embedded"
    assert not any(page["/Resources"].get("/XObject") for page in reader.pages), "no images: text and vectors only"
    attachments = reader.attachments
    assert CSV_ATTACHMENT_NAME in attachments
    rows = list(csv.DictReader(io.StringIO(attachments[CSV_ATTACHMENT_NAME][0].decode("utf-8"))))
    assert {item.finding_id for item in sheet.findings()} <= {row["finding_id"] for row in rows}


def test_us_letter_changes_the_page_size(qapp, catalogue, tmp_path):
    path = tmp_path / "letter.pdf"
    letter = page_layout_for("letter")
    sheet, _ = build.sector_sheet(catalogue, "education", c.SheetOptions(), letter)
    write_pdf(sheet, catalogue, path, letter)
    reader = PdfReader(path)
    assert all(page_size(page) == LETTER_PT for page in reader.pages)


def test_empty_marking_prints_no_marking_line(qapp, catalogue, tmp_path):
    path = tmp_path / "unmarked.pdf"
    sheet, _ = build.sector_sheet(catalogue, "cross-sector", c.SheetOptions(marking=""))
    write_pdf(sheet, catalogue, path)
    for text in page_texts(path):
        assert "OFFICIAL" not in text
        assert "Page " in text


def test_custom_marking_on_every_page(qapp, catalogue, tmp_path):
    path = tmp_path / "marked.pdf"
    sheet, _ = build.sector_sheet(catalogue, "local-government", c.SheetOptions(marking="OFFICIAL-SENSITIVE"))
    write_pdf(sheet, catalogue, path)
    for text in page_texts(path):
        assert text.count("OFFICIAL-SENSITIVE") >= 2


def test_every_sector_sheet_prints_every_headline_value_with_its_base_confidence_and_caveats(
        qapp, catalogue, tmp_path):
    for sector in catalogue.dataset.sectors:
        _check_every_figure_is_printed(catalogue, sector.id, tmp_path / f"{sector.id}.pdf")


def _check_every_figure_is_printed(catalogue, sector_id, path):
    sheet, _ = build.sector_sheet(catalogue, sector_id)
    write_pdf(sheet, catalogue, path)
    whole = " ".join(page_texts(path))
    squashed = squash(whole)
    findings = [f for f in catalogue.findings_in(sector_id) if f.measures]
    key_ids = {item.finding_id for item in sheet.findings()}
    for finding in findings:
        assert catalogue.headline_text(finding) in whole, (sector_id, finding.id)
        headline = catalogue.headline(finding)
        assert squash(headline.base) in squashed, (sector_id, finding.id)
        assert squash(catalogue.measure_confidence(finding, headline).label) in squashed
        for caveat in finding.caveats:
            assert squash(caveat) in squashed, (sector_id, finding.id)
    others = [row for item in sheet.items if isinstance(item, c.OtherFiguresTable) for row in item.rows]
    assert {row.finding_id for row in others} == {f.id for f in findings} - key_ids
    assert squash(c.OTHER_FIGURES_HEADING) in squashed


def test_other_figures_rows_are_compact_and_never_split(qapp, catalogue):
    from briefing_app.sheets.layout import SMALL_SIZE

    assert SMALL_SIZE >= 7.0
    _, layout = build.sector_sheet(catalogue, "health")
    rows = [(i, p) for i, page in enumerate(layout.pages) for p in page if p.block.kind == "other-figure"]
    assert rows
    for index, placed in rows:
        assert not placed.is_slice
        assert len(layout.page_of("other-figure", placed.block.item_id)) == 1
        assert placed.top + placed.block.height <= layout.frame.body_of(index).height() + 0.01


def test_every_sector_sheet_fits_three_pages_and_the_overview_three(qapp, catalogue):
    for sector in catalogue.dataset.sectors:
        _, layout = build.sector_sheet(catalogue, sector.id)
        assert layout.page_count <= build.MAX_SECTOR_PAGES, sector.id
    _, layout = build.overview_sheet(catalogue)
    assert layout.page_count <= build.MAX_OVERVIEW_PAGES


def test_overview_pdf_has_every_recommendation_and_comparison(qapp, catalogue, tmp_path):
    path = tmp_path / "overview.pdf"
    sheet, _ = build.overview_sheet(catalogue)
    write_pdf(sheet, catalogue, path)
    whole = squash(" ".join(page_texts(path)))
    for rec in catalogue.dataset.recommendations:
        assert squash(rec.title) in whole
        assert squash(rec.target_body) in whole
    for theme in catalogue.comparable_themes():
        assert squash(theme.comparison_title) in whole
        for bar in catalogue.comparison(theme.id):
            assert f"{bar.finding.id}[" in whole


@pytest.fixture(scope="module")
def long_pack_pdf(qapp, catalogue, tmp_path_factory):
    """Every finding and recommendation of the dataset, and every chart, in one pack."""
    pack = new_pack(catalogue, "Everything in the dataset")
    for finding in catalogue.dataset.findings:
        pack.add("finding", finding.id)
    for rec in catalogue.dataset.recommendations:
        pack.add("recommendation", rec.id)
    for key, _title in c.available_charts(catalogue):
        pack.add("chart", key)
    pack.set_note(0, "A note printed under the first item")
    path = tmp_path_factory.mktemp("pack") / "pack.pdf"
    sheet, _ = build.pack_sheet(catalogue, pack)
    layout = write_pdf(sheet, catalogue, path)
    return path, sheet, layout


def test_every_finding_of_a_long_pack_is_on_exactly_one_page_whole(long_pack_pdf, catalogue):
    path, sheet, layout = long_pack_pdf
    texts = page_texts(path)
    squashed = [squash(text) for text in texts]
    assert len(texts) == layout.page_count > 2
    for finding in catalogue.dataset.findings:
        statement = squash(finding.statement)
        pages = [i for i, text in enumerate(squashed) if statement in text]
        assert len(pages) == 1, (finding.id, pages)
        assert layout.page_of("finding", finding.id) == pages
    for rec in catalogue.dataset.recommendations:
        pages = [i for i, text in enumerate(squashed) if squash(rec.summary) in text]
        assert len(pages) == 1, rec.id
    assert "A note printed under the first item" in texts[0]
    for index, text in enumerate(texts, 1):
        assert f"Page {index} of {len(texts)}" in text


def test_no_block_crosses_the_bottom_of_its_page(long_pack_pdf):
    _, _, layout = long_pack_pdf
    for index, page in enumerate(layout.pages):
        body = layout.frame.body_of(index)
        assert page, "no empty page"
        for placed in page:
            assert placed.top + placed.height <= body.height() + 0.01
            if placed.is_slice or placed.scale < 1.0:
                # Only a block taller than a whole page runs across pages (text) or is drawn smaller (a
                # chart, which cannot be cut), never below 80% (its labels stay above 5.5 pt).
                assert placed.block.height > body.height()
                assert placed.is_slice != (placed.scale < 1.0)
                assert placed.scale >= 0.8
    charts = [p.block.item_id for page in layout.pages for p in page if p.block.kind == "chart"]
    assert len(charts) == len(set(charts)) and charts, "each chart is placed once, whole"


def test_pack_with_missing_items_prints_them_marked(qapp, catalogue, tmp_path):
    pack = new_pack(catalogue, "Old pack")
    pack.add("finding", "zz-withdrawn-finding")
    pack.add("finding", catalogue.dataset.findings[0].id)
    path = tmp_path / "old.pdf"
    sheet, _ = build.pack_sheet(catalogue, pack)
    write_pdf(sheet, catalogue, path)
    whole = " ".join(page_texts(path))
    assert "Not in this dataset edition" in whole and "zz-withdrawn-finding" in whole
    assert squash(catalogue.dataset.findings[0].statement) in squash(whole)


def test_unwritable_path_raises_a_clear_error_and_leaves_nothing(qapp, catalogue, tmp_path):
    from briefing_app.sheets.pdf import ExportError

    sheet, _ = build.sector_sheet(catalogue, "health")
    target = tmp_path / "no-such-folder" / "x.pdf"
    with pytest.raises(ExportError, match="does not exist"):
        write_pdf(sheet, catalogue, target)
    assert not target.parent.exists()


def test_long_pack_title_is_elided_in_the_running_header(qapp, catalogue, tmp_path):
    title = "A very long briefing pack title " * 8
    pack = new_pack(catalogue, title.strip())
    for finding in catalogue.dataset.findings[:20]:
        pack.add("finding", finding.id)
    sheet, _ = build.pack_sheet(catalogue, pack)
    path = tmp_path / "long-title.pdf"
    layout = write_pdf(sheet, catalogue, path)
    assert layout.page_count > 1
    second = normalise(page_texts(path)[1])
    assert "Printed" in second  # the date is not painted over by the title
    assert "..." in second and squash(title) not in squash(second)  # NFKC turns the ellipsis into "..."



def test_long_headline_values_fit_their_column_on_one_line(qapp, catalogue):
    from PySide6.QtGui import QFontMetricsF

    from briefing_app.sheets.layout import VALUE_COLUMN, _headline_size, sheet_font

    values = {catalogue.headline_text(f) for f in catalogue.dataset.findings if f.measures}
    longest = max(values, key=len)
    assert ">4,000,000" in values
    for value in (">4,000,000", "~10,000", longest.split()[0]):
        size = _headline_size(value)
        assert QFontMetricsF(sheet_font(size, True, False)).horizontalAdvance(value) <= VALUE_COLUMN - 4, value
    assert _headline_size("27%") == 14.0  # short values keep the large size


def _text_runs(page) -> list[tuple[str, float, float]]:
    """(text, y in points from the bottom, font size in points) of every text run on a PDF page."""

    def multiply(m, n):
        return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2],
                m[2] * n[1] + m[3] * n[3], m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]]

    runs = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            matrix = multiply(tm, cm)
            runs.append((normalise(text), matrix[5], size * abs(matrix[3])))

    page.extract_text(visitor_text=visit)
    return runs


def test_a_high_resolution_printer_prints_the_same_page_as_the_pdf_export(qapp, catalogue, tmp_path):
    """The print path (a 1200-dpi QPrinter) draws the marking, running header and footer at the same size
    and place as the 96-dpi PDF export: they are in the bands at the top and bottom, not blown up."""
    from PySide6.QtPrintSupport import QPrinter

    from briefing_app.sheets.printing import prepare_printer, print_sheet

    sheet, layout = build.sector_sheet(catalogue, "health")
    exported = tmp_path / "exported.pdf"
    write_pdf(sheet, catalogue, exported)
    printed = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    assert printer.resolution() > 96
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    prepare_printer(printer, sheet)
    print_sheet(sheet, printer)

    exported_pages, printed_pages = PdfReader(exported).pages, PdfReader(printed).pages
    assert len(printed_pages) == len(exported_pages) == layout.page_count
    printed_texts = page_texts(printed)
    assert "OFFICIAL" in printed_texts[0] and "Page 1 of" in printed_texts[0]
    assert normalise(sheet.title) in printed_texts[0]
    assert squash(" ".join(printed_texts)) == squash(" ".join(page_texts(exported))), "the same text"
    for exported_page, printed_page in zip(exported_pages, printed_pages, strict=True):
        height = float(printed_page.mediabox.height)
        markings = [(y, size) for text, y, size in _text_runs(printed_page) if text == "OFFICIAL"]
        expected = [(y, size) for text, y, size in _text_runs(exported_page) if text == "OFFICIAL"]
        assert len(markings) == len(expected) == 2, "marking at top and bottom"
        for (y, size), (y_expected, size_expected) in zip(sorted(markings), sorted(expected), strict=True):
            assert y < 0.06 * height or y > 0.94 * height, "the marking is in the top or bottom band"
            assert size == pytest.approx(size_expected, rel=0.05), "the marking prints at its own size"
            assert y == pytest.approx(y_expected, abs=2.0)
        footer = [size for text, _y, size in _text_runs(printed_page) if text.startswith("Page ")]
        footer_expected = [size for text, _y, size in _text_runs(exported_page) if text.startswith("Page ")]
        assert footer and footer == pytest.approx(footer_expected, rel=0.05)


def test_a_figure_quoted_under_a_recommendation_keeps_its_base_period_confidence_and_caveats(qapp, catalogue, tmp_path):
    """A pack of recommendations only: every finding they rest on is quoted under them, not printed on
    its own, so its base, period, confidence in words and caveats (in full, in the notes) go with it."""
    pack = new_pack(catalogue, "Recommendations only")
    for rec in catalogue.dataset.recommendations:
        pack.add("recommendation", rec.id)
    sheet, _ = build.pack_sheet(catalogue, pack)
    path = tmp_path / "recs.pdf"
    write_pdf(sheet, catalogue, path)
    whole = squash(" ".join(page_texts(path)))
    caveat_letters = {note.text: note.letter for note in sheet.caveats}
    quoted = {fid for rec in catalogue.dataset.recommendations for fid in rec.supporting_findings}
    assert quoted
    for finding_id in quoted:
        finding = catalogue.findings[finding_id]
        headline = catalogue.headline(finding)
        if headline is not None:
            assert squash(headline.base) in whole, finding_id
            confidence = catalogue.measure_confidence(finding, headline).label
        else:
            confidence = finding.confidence.label
        assert squash(f"confidence: {confidence.lower()}") in whole, finding_id
        for caveat in finding.caveats:
            assert squash(caveat) in whole, (finding_id, caveat)
            assert f"({caveat_letters[caveat]})" in whole
    ref = next(r for item in sheet.recommendations() for r in item.rests_on if r.finding_id == "l5") \
        if "l5" in quoted else None
    if ref is not None:  # the reviewer's example: l5's 44% belongs to local government, not education
        assert not ref.on_sheet and set(ref.caveats) == {caveat_letters[t] for t in catalogue.findings["l5"].caveats}


def test_an_item_taller_than_a_page_runs_on_unshrunk_and_keeps_its_heading(qapp, catalogue, tmp_path):
    """No pack note can be this long (MAX_NOTE_CHARS), but the layout must still cope: the item is not
    shrunk to unreadable type, its heading stays with it, and each line of it is printed once."""
    from dataclasses import replace

    pack = new_pack(catalogue, "Oversized")
    pack.add("finding", catalogue.dataset.findings[0].id)
    sheet = c.pack_sheet(catalogue, pack)
    words = [f"word{i:04d}" for i in range(2200)]
    item = replace(sheet.findings()[0], note=" ".join(words))
    sheet.items = [c.Heading("The oversized item"), item]
    path = tmp_path / "oversized.pdf"
    layout = write_pdf(sheet, catalogue, path)
    assert layout.page_count >= 3
    heading_pages = layout.page_of("heading", "")
    finding_pages = layout.page_of("finding", item.finding_id)
    assert len(finding_pages) >= 2 and finding_pages == list(range(finding_pages[0], finding_pages[-1] + 1))
    texts = page_texts(path)
    heading_page = next(i for i, text in enumerate(texts) if "The oversized item" in text)
    assert heading_page == finding_pages[0] and heading_page in heading_pages, "the heading is not orphaned"
    whole = squash(" ".join(texts))  # pypdf may break a word where Qt positions its glyphs
    for word in words:
        assert whole.count(word) == 1, word  # every line printed once: none lost or repeated at a cut
    for page in PdfReader(path).pages:
        sizes = [size for _text, _y, size in _text_runs(page)]
        assert min(sizes) >= 6.0, "no text is shrunk below 6 pt"
