"""OpenDocument (.odt) export of a sheet: the blocks of :mod:`.flow`, written with odfpy, atomically.

Why odfpy: it is the long-standing pure-Python library for ODF (Apache 2.0/GPL, no native parts, no office
suite at run time), with an element class for every ODF element, so the file has everything an editor
and a screen reader need: text:h headings with outline levels in styles named as LibreOffice's own
("Heading 1"...), tables with table:table-header-rows, frames with svg:title and svg:desc (alternative
text), text:a links, and a master page whose header and footer carry the marking and "Page n of m".
Its last release (1.4.1, 2020) is old, but ODF 1.2 has not changed and the library has no open
data-loss bugs we depend on; Qt's QTextDocumentWriter, the alternative, writes no headers, footers, table
header rows or alternative text. odfpy escapes every string it serialises; whitespace goes through its
teletype helper (runs of spaces as text:s, tabs as text:tab, newlines as text:line-break).
"""

from __future__ import annotations

import io
import struct

from odf import dc, draw, meta, style, svg
from odf import table as otable
from odf import text as otext
from odf.opendocument import OpenDocumentText
from odf.teletype import addTextToElement

from .. import APP_NAME, __version__
from . import flow
from .docx import PICTURE_WIDTH_CM, TEXT_WIDTH_CM, chart_png
from .model import Sheet

HEADING_SIZES = {1: "16pt", 2: "13pt", 3: "11pt"}


def _png_size(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", data[16:24])
    return width, height


class _Writer:
    def __init__(self, doc: flow.Document):
        self.doc = doc
        self.odt = OpenDocumentText()
        self._styles()
        self._tables = 0
        self._pictures = 0

    # ---- styles -----------------------------------------------------------------------------------------
    def _styles(self) -> None:
        odt = self.odt
        language, _, country = self.doc.language.partition("-")
        default = style.DefaultStyle(family="paragraph")
        default.addElement(style.TextProperties(language=language, country=country, fontsize="10pt",
                                                fontfamily="Arial", fontname="Arial"))
        odt.styles.addElement(default)
        self.standard = style.Style(name="Standard", family="paragraph")
        self.standard.addElement(style.ParagraphProperties(marginbottom="0.12cm"))
        odt.styles.addElement(self.standard)
        heading = style.Style(name="Heading", family="paragraph", parentstylename="Standard",
                              nextstylename="Standard")
        heading.addElement(style.ParagraphProperties(margintop="0.35cm", marginbottom="0.15cm", keepwithnext="always"))
        heading.addElement(style.TextProperties(fontweight="bold", color="#1d3f6e"))
        odt.styles.addElement(heading)
        self.headings = {}
        for level, size in HEADING_SIZES.items():
            h = style.Style(name=f"Heading_20_{level}", displayname=f"Heading {level}", family="paragraph",
                            parentstylename="Heading", nextstylename="Standard", defaultoutlinelevel=str(level))
            h.addElement(style.TextProperties(fontsize=size, fontweight="bold"))
            odt.styles.addElement(h)
            self.headings[level] = h
        self.small = style.Style(name="Small", family="paragraph", parentstylename="Standard")
        self.small.addElement(style.TextProperties(fontsize="8.5pt"))
        odt.styles.addElement(self.small)
        self.note = style.Style(name="Note", family="paragraph", parentstylename="Standard")
        self.note.addElement(style.ParagraphProperties(marginleft="0.5cm", backgroundcolor="#fff7dc"))
        odt.styles.addElement(self.note)
        self.marking = style.Style(name="Marking", family="paragraph", parentstylename="Standard")
        self.marking.addElement(style.ParagraphProperties(textalign="center"))
        self.marking.addElement(style.TextProperties(fontweight="bold", fontsize="10pt"))
        odt.styles.addElement(self.marking)
        self.footer = style.Style(name="Footer_20_line", displayname="Footer line", family="paragraph",
                                  parentstylename="Standard")
        self.footer.addElement(style.ParagraphProperties(textalign="center"))
        self.footer.addElement(style.TextProperties(fontsize="8.5pt"))
        odt.styles.addElement(self.footer)
        self.table_heading = style.Style(name="Table_20_Heading", displayname="Table Heading", family="paragraph",
                                         parentstylename="Standard")
        self.table_heading.addElement(style.TextProperties(fontweight="bold", fontsize="8.5pt"))
        odt.styles.addElement(self.table_heading)

        auto = odt.automaticstyles
        self.runs = {}
        for bold in (False, True):
            for italic in (False, True):
                for small in (False, True):
                    name = f"T{int(bold)}{int(italic)}{int(small)}"
                    s = style.Style(name=name, family="text")
                    s.addElement(style.TextProperties(fontweight="bold" if bold else "normal",
                                                      fontstyle="italic" if italic else "normal",
                                                      fontsize="8.5pt" if small else "10pt"))
                    auto.addElement(s)
                    self.runs[(bold, italic, small)] = s
        self.link = style.Style(name="Link", family="text")
        self.link.addElement(style.TextProperties(color="#0563c1", textunderlinestyle="solid",
                                                  textunderlinewidth="auto", textunderlinecolor="font-color"))
        auto.addElement(self.link)
        self.cell = style.Style(name="Cell", family="table-cell")
        self.cell.addElement(style.TableCellProperties(border="0.5pt solid #8c8c8c", padding="0.08cm"))
        auto.addElement(self.cell)
        self.header_cell = style.Style(name="HeaderCell", family="table-cell")
        self.header_cell.addElement(style.TableCellProperties(border="0.5pt solid #8c8c8c", padding="0.08cm",
                                                              backgroundcolor="#eef1f5"))
        auto.addElement(self.header_cell)
        self.frame = style.Style(name="Picture", family="graphic")
        self.frame.addElement(style.GraphicProperties(wrap="none", horizontalpos="center", horizontalrel="paragraph"))
        auto.addElement(self.frame)
        self.bullets = otext.ListStyle(name="Bullets")
        level = otext.ListLevelStyleBullet(level="1", bulletchar="•")
        level.addElement(style.ListLevelProperties(spacebefore="0.3cm", minlabelwidth="0.4cm"))
        self.bullets.addElement(level)
        auto.addElement(self.bullets)

        page = style.PageLayout(name="A4")
        page.addElement(style.PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm", printorientation="portrait",
                                                   margintop="1.2cm", marginbottom="1.2cm", marginleft="2cm",
                                                   marginright="2cm"))
        page.addElement(style.HeaderStyle())
        page.addElement(style.FooterStyle())
        auto.addElement(page)
        master = style.MasterPage(name="Standard", pagelayoutname=page)
        header = style.Header()
        if self.doc.marking:
            header.addElement(self._p(self.doc.marking, self.marking))
        footer = style.Footer()
        line = otext.P(stylename=self.footer)
        addTextToElement(line, f"{self.doc.footer}. Page ")
        line.addElement(otext.PageNumber(selectpage="current", text="1"))
        addTextToElement(line, " of ")
        line.addElement(otext.PageCount(text="1"))
        footer.addElement(line)
        if self.doc.marking:
            footer.addElement(self._p(self.doc.marking, self.marking))
        master.addElement(header)
        master.addElement(footer)
        odt.masterstyles.addElement(master)

    # ---- text -------------------------------------------------------------------------------------------
    @staticmethod
    def _p(text: str, stylename) -> otext.P:
        p = otext.P(stylename=stylename)
        addTextToElement(p, text)
        return p

    def _runs(self, element, runs: flow.Para, small: bool = False) -> None:
        for run in runs:
            if run.link:
                link = otext.A(type="simple", href=run.link)
                span = otext.Span(stylename=self.link)
                addTextToElement(span, run.text)
                link.addElement(span)
                element.addElement(link)
                continue
            span = otext.Span(stylename=self.runs[(run.bold, run.italic, run.small or small)])
            addTextToElement(span, run.text)
            element.addElement(span)

    def paragraph(self, runs: flow.Para, stylename=None, small: bool = False):
        p = otext.P(stylename=stylename or self.standard)
        self._runs(p, runs, small)
        return p

    # ---- blocks -----------------------------------------------------------------------------------------
    def table(self, block: flow.Table):
        self._tables += 1
        name = f"Table{self._tables}"
        table_style = style.Style(name=name, family="table")
        table_style.addElement(style.TableProperties(width=f"{TEXT_WIDTH_CM}cm", align="left"))
        self.odt.automaticstyles.addElement(table_style)
        table = otable.Table(name=name, stylename=table_style)
        for index, fraction in enumerate(block.widths):
            column_style = style.Style(name=f"{name}.C{index}", family="table-column")
            column_style.addElement(style.TableColumnProperties(columnwidth=f"{TEXT_WIDTH_CM * fraction:.2f}cm"))
            self.odt.automaticstyles.addElement(column_style)
            table.addElement(otable.TableColumn(stylename=column_style))
        headers = otable.TableHeaderRows()
        row = otable.TableRow()
        for text in block.header:
            cell = otable.TableCell(valuetype="string", stylename=self.header_cell)
            cell.addElement(self._p(text, self.table_heading))
            row.addElement(cell)
        headers.addElement(row)
        table.addElement(headers)
        for cells in block.rows:
            row = otable.TableRow()
            for paragraphs in cells:
                cell = otable.TableCell(valuetype="string", stylename=self.cell)
                for runs in paragraphs:
                    cell.addElement(self.paragraph(runs))
                row.addElement(cell)
            table.addElement(row)
        return table

    def picture(self, block: flow.Picture):
        self._pictures += 1
        data = chart_png(block.spec)
        width_px, height_px = _png_size(data)
        height_cm = PICTURE_WIDTH_CM * height_px / width_px
        href = self.odt.addPicture(f"Pictures/chart{self._pictures}.png", "image/png", data)
        frame = draw.Frame(name=f"Chart {self._pictures}", stylename=self.frame, anchortype="as-char",
                           width=f"{PICTURE_WIDTH_CM}cm", height=f"{height_cm:.2f}cm")
        frame.addElement(draw.Image(href=href))
        frame.addElement(svg.Title(text=block.title))  # LibreOffice's "Text Alternative"
        frame.addElement(svg.Desc(text=block.alt_text))  # its "Description": every value drawn
        p = otext.P(stylename=self.standard)
        p.addElement(frame)
        return p

    def write(self) -> bytes:
        odt, doc = self.odt, self.doc
        odt.meta.addElement(dc.Title(text=doc.title))
        odt.meta.addElement(dc.Subject(text=doc.subject))
        odt.meta.addElement(dc.Language(text=doc.language))
        odt.meta.addElement(dc.Creator(text=APP_NAME))
        odt.meta.addElement(meta.InitialCreator(text=APP_NAME))
        odt.meta.addElement(meta.Generator(text=f"{APP_NAME} {__version__} (odfpy)"))
        for keyword in doc.keywords:
            odt.meta.addElement(meta.Keyword(text=keyword))
        body = odt.text
        for block in doc.blocks:
            if isinstance(block, flow.Heading):
                h = otext.H(outlinelevel=block.level, stylename=self.headings[block.level])
                addTextToElement(h, block.text)
                body.addElement(h)
            elif isinstance(block, flow.Paragraph):
                stylename = {"note": self.note, "small": self.small, "meta": self.small}.get(block.style, self.standard)
                body.addElement(self.paragraph(block.runs, stylename, small=block.style in ("small", "meta")))
            elif isinstance(block, flow.Bullets):
                bullets = otext.List(stylename=self.bullets)
                for line in block.lines:
                    item = otext.ListItem()
                    item.addElement(self._p(line, self.standard))
                    bullets.addElement(item)
                body.addElement(bullets)
            elif isinstance(block, flow.Table):
                body.addElement(self.table(block))
            elif isinstance(block, flow.Picture):
                body.addElement(self.picture(block))
        out = io.BytesIO()
        odt.write(out)
        return out.getvalue()


def odt_bytes(sheet: Sheet) -> bytes:
    """The sheet as an .odt file, in memory."""
    return _Writer(flow.document(sheet)).write()

