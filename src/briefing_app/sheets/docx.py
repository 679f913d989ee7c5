"""Word (.docx) export of a sheet: the blocks of :mod:`.flow`, written with python-docx, atomically.

Why python-docx: it is the maintained, pure-Python library for writing .docx (MIT, no native parts, no
office suite needed at run time), it uses Word's built-in styles from its default template (Heading 1-3,
List Bullet, Table Grid), so Word's navigation pane and screen readers see the structure, and it builds
the XML with lxml, which escapes every string: dataset text such as "<b>" or "&amp;" stays as typed.
What python-docx has no call for (a table's repeated header row, alternative text, links, page fields,
the document language) is a few elements of standard WordprocessingML added below.
"""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .. import APP_NAME, __version__
from . import flow
from .model import Sheet

TEXT_WIDTH_CM = 17.0  # A4 less 2 cm margins each side
PICTURE_WIDTH_CM = 15.0
BODY_PT, SMALL_PT = 10, 8.5
LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)
ACCENT = RGBColor(0x1D, 0x3F, 0x6E)


def chart_png(spec) -> bytes:
    """The chart as the PNG the chart export writes (charts.export, 200 dpi: sharp on paper, small file)."""
    from ..charts.export import png_bytes

    return png_bytes(spec, dpi=200)


def _set_language(document, language: str) -> None:
    """The language of every run by default (docDefaults), so spelling and screen readers use en-GB."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), "ar-SA")
    document.core_properties.language = language


def _add_runs(paragraph, runs: flow.Para, small: bool = False) -> None:
    for run in runs:
        if run.link:
            _add_link(paragraph, run.text, run.link, run.small or small)
            continue
        r = paragraph.add_run(run.text)
        r.bold = run.bold or None
        r.italic = run.italic or None
        if run.small or small:
            r.font.size = Pt(SMALL_PT)


def _add_link(paragraph, text: str, url: str, small: bool) -> None:
    """A w:hyperlink to an external URL around one run (underlined, in the usual link colour)."""
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = paragraph.add_run(text)
    run.font.underline = True
    run.font.color.rgb = LINK_COLOUR
    if small:
        run.font.size = Pt(SMALL_PT)
    link.append(run._r)  # moves the run inside the link
    paragraph._p.append(link)


def _add_field(paragraph, instruction: str, placeholder: str) -> None:
    """A simple field (PAGE, NUMPAGES) that Word and LibreOffice fill in on every page."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _marking_paragraph(paragraph, marking: str) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(marking)
    run.bold = True
    run.font.size = Pt(10)


def _header_and_footer(document, doc: flow.Document) -> None:
    section = document.sections[0]
    if doc.marking:
        _marking_paragraph(section.header.paragraphs[0], doc.marking)
    footer = section.footer
    first = footer.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = first.add_run(f"{doc.footer}. Page ")
    run.font.size = Pt(SMALL_PT)
    _add_field(first, "PAGE", "1")
    first.add_run(" of ").font.size = Pt(SMALL_PT)
    _add_field(first, "NUMPAGES", "1")
    if doc.marking:
        _marking_paragraph(footer.add_paragraph(), doc.marking)


def _mark_header_row(row) -> None:
    """w:tblHeader: the row is the table's header, repeated on each page (and announced as headers)."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _describe_table(table, caption: str) -> None:
    if not caption:
        return
    tbl_pr = table._tbl.tblPr
    for tag, value in (("w:tblCaption", caption), ("w:tblDescription", caption)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        tbl_pr.append(element)


def _add_table(document, block: flow.Table) -> None:
    columns = len(block.header)
    table = document.add_table(rows=1, cols=columns)
    table.style = "Table Grid"
    table.autofit = False
    _describe_table(table, block.caption)
    widths = [Cm(TEXT_WIDTH_CM * f) for f in block.widths]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid (LibreOffice reads it) as well as each cell's width (Word)
    header = table.rows[0]
    _mark_header_row(header)
    for cell, text, width in zip(header.cells, block.header, widths, strict=True):
        cell.width = width
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(SMALL_PT)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, paragraphs, width in zip(cells, row, widths, strict=True):
            cell.width = width
            for index, runs in enumerate(paragraphs):
                paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                _add_runs(paragraph, runs)


def _add_picture(document, block: flow.Picture) -> None:
    shape = document.add_picture(io.BytesIO(chart_png(block.spec)), width=Cm(PICTURE_WIDTH_CM))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", block.alt_text)  # Word's "Alt Text"; LibreOffice's "Description"
    doc_pr.set("title", block.title)
    # The picture's own non-visual properties carry the same description (some readers look there).
    for c_nv_pr in shape._inline.iter(qn("pic:cNvPr")):
        c_nv_pr.set("descr", block.alt_text)


def docx_bytes(sheet: Sheet) -> bytes:
    """The sheet as a .docx file, in memory."""
    doc = flow.document(sheet)
    document = new_document()
    _set_language(document, doc.language)
    props = document.core_properties
    props.title = doc.title
    props.subject = doc.subject
    props.keywords = ", ".join(doc.keywords)
    props.author = APP_NAME
    props.last_modified_by = APP_NAME
    props.comments = f"Written by {APP_NAME} {__version__}"
    props.category = doc.marking
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    normal = document.styles["Normal"].font
    normal.size = Pt(BODY_PT)
    normal.name = "Arial"  # a sans-serif font every office suite has or substitutes (Liberation Sans)
    _header_and_footer(document, doc)

    previous = None
    for block in doc.blocks:
        if isinstance(block, flow.Table) and isinstance(previous, flow.Table):
            document.add_paragraph()  # two tables in a row would merge into one in Word
        previous = block
        if isinstance(block, flow.Heading):
            heading = document.add_heading(block.text, block.level)
            for run in heading.runs:
                run.font.color.rgb = ACCENT
        elif isinstance(block, flow.Paragraph):
            paragraph = document.add_paragraph()
            _add_runs(paragraph, block.runs, small=block.style in ("small", "meta"))
            if block.style == "note":
                paragraph.paragraph_format.left_indent = Cm(0.5)
        elif isinstance(block, flow.Bullets):
            for line in block.lines:
                document.add_paragraph(line, style="List Bullet")
        elif isinstance(block, flow.Table):
            _add_table(document, block)
        elif isinstance(block, flow.Picture):
            _add_picture(document, block)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

