"""Briefing sheets as PDF, read back with pypdf: page size, text, sources, marking, page numbers, metadata,
the embedded CSV, packs that never split an item, and the layout's own guarantees."""

from __future__ import annotations

import csv
import io
import itertools
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefing_app import APP_NAME, __version__
from briefing_app.sheets import build
from briefing_app.charts import spec as chart_spec
from briefing_app.sheets import content as c
from briefing_app.sheets import model as m
from briefing_app.sheets.page import page_layout_for
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
    sheet, _ = build.sector_sheet(catalogue, "health", m.SheetOptions())
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
    cited = {ref.source for item in sheet.findings() for ref in catalogue.cited_refs(catalogue.findings[item.finding_id])}
    assert cited, "the health sheet cites no source"
    for source_id in cited:
        source = catalogue.sources[source_id]
        for part in (*source.publishers, source.title, source.display_date, source.url or ""):
            assert squash(part) in whole, (source_id, part)


def test_caveats_travel_with_the_figures(health_pdf, catalogue):
    path, sheet, _ = health_pdf
    whole = squash(" ".join(page_texts(path)))
    caveats = [caveat for item in sheet.findings() for caveat in catalogue.findings[item.finding_id].caveats]
    assert caveats, "no finding on the health sheet has a caveat"
    for caveat in caveats:
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
    attached = attachments[CSV_ATTACHMENT_NAME][0]
    assert attached.startswith("\ufeff".encode())  # as every CSV file the app writes: Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(attached.decode("utf-8-sig"))))
    assert {item.finding_id for item in sheet.findings()} <= {row["id"] for row in rows if row["kind"] == "finding"}


def test_us_letter_changes_the_page_size(qapp, catalogue, tmp_path):
    path = tmp_path / "letter.pdf"
    letter = page_layout_for("letter")
    sheet, _ = build.sector_sheet(catalogue, "education", m.SheetOptions(), letter)
    write_pdf(sheet, catalogue, path, letter)
    reader = PdfReader(path)
    assert all(page_size(page) == LETTER_PT for page in reader.pages)


def test_empty_marking_prints_no_marking_line(qapp, catalogue, tmp_path):
    path = tmp_path / "unmarked.pdf"
    sheet, _ = build.sector_sheet(catalogue, "cross-sector", m.SheetOptions(marking=""))
    write_pdf(sheet, catalogue, path)
    for text in page_texts(path):
        assert "OFFICIAL" not in text
        assert "Page " in text


def test_custom_marking_on_every_page(qapp, catalogue, tmp_path):
    path = tmp_path / "marked.pdf"
    sheet, _ = build.sector_sheet(catalogue, "local-government", m.SheetOptions(marking="OFFICIAL-SENSITIVE"))
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
    others = [row for item in sheet.items if isinstance(item, m.OtherFiguresTable) for row in item.rows]
    assert {row.finding_id for row in others} == {f.id for f in findings} - key_ids
    assert squash(c.OTHER_FIGURES_HEADING) in squashed


def test_other_figures_rows_are_compact_and_never_split(health_pdf):
    path, sheet, layout = health_pdf
    rows = [(i, p) for i, page in enumerate(layout.pages) for p in page if p.block.kind == "other-figure"]
    assert rows
    # Compact but readable: the rows' labels and bases print smaller than the body text, yet at 7 pt or more.
    fields = [squash(t) for item in sheet.items if isinstance(item, m.OtherFiguresTable)
              for row in item.rows for t in (row.label, row.base)]
    pages = PdfReader(path).pages
    sizes = [size for index in {i for i, _ in rows} for text, _y, size in _text_runs(pages[index])
             if len(squash(text)) >= 6 and any(squash(text) in field for field in fields)]
    assert len(sizes) >= len(fields), "every row's label and base is found in the PDF"
    assert 7.0 <= min(sizes) and max(sizes) < 8.0, sorted(set(sizes))  # the body text prints at about 8.9 pt
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
    for key, _title in chart_spec.available_charts(catalogue):
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

    from briefing_app.sheets.block_findings import _headline_size
    from briefing_app.sheets.page import VALUE_COLUMN, sheet_font

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
    # The reviewer's example was l5 (44%, local government): every quoted finding with caveats is printed
    # under its recommendation only, and its reference carries the letters of exactly its own caveats.
    refs = [r for item in sheet.recommendations() for r in item.rests_on if catalogue.findings[r.finding_id].caveats]
    assert refs, "the dataset has no recommendation resting on a finding with caveats"
    for ref in refs:
        caveats = catalogue.findings[ref.finding_id].caveats
        assert not ref.on_sheet and set(ref.caveats) == {caveat_letters[t] for t in caveats}, ref.finding_id


def test_an_item_taller_than_a_page_runs_on_unshrunk_and_keeps_its_heading(qapp, catalogue, tmp_path):
    """No pack note can be this long (MAX_NOTE_CHARS), but the layout must still cope: the item is not
    shrunk to unreadable type, its heading stays with it, and each line of it is printed once."""
    from dataclasses import replace

    pack = new_pack(catalogue, "Oversized")
    pack.add("finding", catalogue.dataset.findings[0].id)
    sheet = c.pack_sheet(catalogue, pack)
    words = [f"word{i:04d}" for i in range(2200)]
    item = replace(sheet.findings()[0], note=" ".join(words))
    sheet.items = [m.Heading("The oversized item"), item]
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


# ---- tables that run on to another page repeat their header row ----------------------------------------


def _a5_layout():
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize

    # A narrow page: every table of the sheets runs across page breaks, some across several.
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A5), QPageLayout.Orientation.Portrait,
                       QMarginsF(15, 10, 15, 10), QPageLayout.Unit.Millimeter)


def _tables(layout):
    """Each table of a laid-out sheet, in reading order: (its header row, its rows)."""
    from briefing_app.sheets.blocks import RowBlock

    tables, current = [], None
    for block in (p.block for page in layout.pages for p in page if p.block.kind != "continued-header"):
        if isinstance(block, RowBlock) and block.header:
            current = (block, [])
            tables.append(current)
        elif isinstance(block, RowBlock) and current is not None:
            current[1].append(block)
        else:
            current = None
    return tables


def _cell_texts(row) -> list[str]:
    return [squash(doc.toPlainText()) for doc in row.docs]


def _check_tables_repeat_their_headers(texts, layout) -> int:
    """Read back from the PDF's page texts: every page holding a row of a table has the table's column
    titles, in order, above its first row there. Returns how many times a table ran on to another page."""
    texts = [squash(text) for text in texts]
    assert len(texts) == layout.page_count
    continuations = 0
    for header, rows in _tables(layout):
        assert rows, "a header row is never printed without rows"
        titles = _cell_texts(header)
        row_texts = ["".join(_cell_texts(row)) for row in rows]
        pages_of_rows = [[i for i, text in enumerate(texts) if row_text in text] for row_text in row_texts]
        assert all(len(pages) == 1 for pages in pages_of_rows), (titles, pages_of_rows)
        pages = sorted({pages[0] for pages in pages_of_rows})
        assert pages == list(range(pages[0], pages[-1] + 1)), "a table's rows are on consecutive pages"
        continuations += len(pages) - 1
        for index in pages:
            text = texts[index]
            first_row = min(text.index(row_text) for row_text in row_texts if row_text in text)
            at = -1
            for title in titles:
                at = text.find(title, at + 1)
                assert 0 <= at < first_row, (index + 1, titles, title)
        for index in pages[1:]:
            continued = [p.block for p in layout.pages[index] if p.block.kind == "continued-header"]
            assert len(continued) == 1 and layout.pages[index][0].block is continued[0], "at the top of the page"
    return continuations


def _check_pages(layout):
    """No page ends with a header row or heading; a repeated header is never alone and always sits right
    above a row; nothing runs past the bottom of its page (the repeated header's height is counted)."""
    from briefing_app.sheets.blocks import RowBlock

    for index, page in enumerate(layout.pages):
        assert page, "no empty page"
        assert not page[-1].block.keep_with_next, (index + 1, page[-1].block.kind)
        body = layout.frame.body_of(index).height()
        for placed, after in itertools.pairwise(page):
            assert after.top >= placed.top + placed.height - 0.01, "no overlap"
            if placed.block.kind == "continued-header":
                assert isinstance(after.block, RowBlock) and not after.block.header
        assert page[-1].top + page[-1].height <= body + 0.01


def _fitted(catalogue, sector_id, page_layout):
    if sector_id is None:
        return build.overview_sheet(catalogue, m.SheetOptions(), page_layout)
    return build.sector_sheet(catalogue, sector_id, m.SheetOptions(), page_layout)


@pytest.mark.slow  # five sheets written as PDFs and read back (pypdf takes most of the time)
def test_a_table_running_on_to_another_page_repeats_its_header_row(qapp, catalogue, tmp_path):
    a4, letter, a5 = page_layout_for("a4"), page_layout_for("letter"), _a5_layout()
    for sector_id in [*(s.id for s in catalogue.dataset.sectors), None]:
        for page_layout in (a4, letter, a5):
            _check_pages(_fitted(catalogue, sector_id, page_layout)[1])
    # Sheets whose tables run on to another page (the layouts tell; the PDFs are read to check).
    continuations = {}
    for sector_id, page_layout in [("local-government", a4), (None, a4), ("health", letter), (None, letter),
                                   ("health", a5)]:
        sheet, layout = _fitted(catalogue, sector_id, page_layout)
        path = tmp_path / f"{sector_id or 'overview'}-{page_layout.pageSize().key()}.pdf"
        painted = write_pdf(sheet, catalogue, path, page_layout)
        assert [[p.block for p in page] for page in painted.pages] == [[p.block for p in page] for page in layout.pages]
        texts = page_texts(path)
        continuations[path.name] = _check_tables_repeat_their_headers(texts, layout)
        for number, text in enumerate(texts, 1):
            assert f"Page {number} of {len(texts)}" in text, "the page count includes the repeated headers"
    # Not vacuous: each of these sheets has a table that runs on, and on A5 across several pages.
    assert all(continuations.values()), continuations
    a5_health = next(name for name in continuations if name.startswith("health-A5"))
    assert continuations[a5_health] >= 2, continuations


def test_the_repeated_header_says_continued_and_costs_no_more_than_the_header(qapp, catalogue):
    _, layout = build.overview_sheet(catalogue, m.SheetOptions(), page_layout_for("letter"))
    repeats = [(i, p) for i, page in enumerate(layout.pages) for p in page if p.block.kind == "continued-header"]
    assert repeats, "the letter overview's tables run on to the next page"
    for _index, placed in repeats:
        assert "(continued)" in placed.block.docs[0].toPlainText()
    for header, _rows in _tables(build.sector_sheet(catalogue, "local-government")[1]):
        repeat = header.continued
        assert repeat.height <= header.height  # the 2-3 page budget: a marker never adds a line
        assert [d.toPlainText() for d in repeat.docs[1:]] == [d.toPlainText() for d in header.docs[1:]]
        assert repeat.docs[0].toPlainText().startswith(header.docs[0].toPlainText())


def _synthetic_blocks(segments):
    """Blocks from (heading height or None, text height) and (heading height or None, header height,
    repeat height, row heights) segments; the heights are all that pagination reads."""
    from briefing_app.sheets.blocks import Block, RowBlock

    blocks = []
    for number, segment in enumerate(segments):
        if segment[0] is not None:
            blocks.append(Block("heading", segment[0], item_id=f"h{number}", keep_with_next=True))
        if len(segment) == 2:
            blocks.append(Block("finding", segment[1], item_id=f"t{number}"))
            continue
        _, header_height, repeat_height, row_heights = segment
        repeat = RowBlock("continued-header", repeat_height, item_id=f"c{number}", header=True, keep_with_next=True)
        blocks.append(RowBlock("table-header", header_height, item_id=f"c{number}", header=True, keep_with_next=True,
                               continued=repeat))
        blocks += [RowBlock("row", height, item_id=f"r{number}.{i}") for i, height in enumerate(row_heights)]
    return blocks


_heading = st.none() | st.floats(8, 40)
_segment = st.tuples(_heading, st.floats(5, 200)) | st.tuples(
    _heading, st.floats(10, 40), st.floats(10, 40), st.lists(st.floats(5, 80), min_size=1, max_size=25))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_segment, min_size=1, max_size=12), st.floats(0, 60))
def test_pagination_repeats_a_running_tables_header_and_leaves_nothing_dangling(segments, first_page_extra):
    from briefing_app.sheets.page import BLOCK_GAP
    from briefing_app.sheets.pagination import paginate

    body = 300.0
    blocks = _synthetic_blocks(segments)
    pages = paginate(blocks, body, first_body_height=body + first_page_extra)
    placed_blocks = [p.block for page in pages for p in page if p.block.kind != "continued-header"]
    assert [id(b) for b in placed_blocks] == [id(b) for b in blocks], "every block once, in order"
    header_of = {}
    for block in blocks:
        if block.kind == "table-header":
            current = block
        elif block.kind == "row":
            header_of[id(block)] = current
    for index, page in enumerate(pages):
        room = body + first_page_extra if index == 0 else body
        assert page and not page[-1].block.keep_with_next, "no page ends with a heading or header"
        for before, after in itertools.pairwise(page):
            assert after.top >= before.top + before.height + BLOCK_GAP - 1e-6
        assert page[-1].top + page[-1].height <= room + 1e-6, "the repeated header's height is counted"
        for position, placed in enumerate(page):
            if placed.block.kind == "continued-header":
                assert position == 0 and page[1].block.kind == "row", "at the top, right above a row"
            if placed.block.kind != "row":
                continue
            header = header_of[id(placed.block)]
            above = [id(p.block) for p in page[:position]]
            assert id(header) in above or id(header.continued) in above, "every page of a table shows its header"
            if id(header.continued) in above:
                assert page[0].block is header.continued
