"""Word and OpenDocument exports of sheets and packs, and the citation formats (issue 18).

Every check reads the written file back (python-docx, zip + XML, odfpy, rispy, bibtexparser, and
LibreOffice for "opens without repair"), never the writer's own idea of what it wrote.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import time
import unicodedata
import zipfile
from datetime import date

import pytest

from briefing_app.charts.spec import describe
from briefing_app.cli import main
from briefing_app.domain import citation_formats as cf
from briefing_app.sheets import model as m
from briefing_app.sheets import flow
from briefing_app.sheets.cli import ensure_application

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HOSTILE = [
    "<b>bold</b> & <i>italic</i>",
    "&lt;entity&gt; &amp; &#x41; must stay as typed",
    "<![CDATA[x]]> ]]> <w:p/> {\\rtf1} ${x} %s",
    "Control\tchars\x07 and \x1b[31m red",
]
OPTIONS = m.SheetOptions(marking="OFFICIAL-SENSITIVE", printed=date(2026, 12, 4))


@pytest.fixture(scope="module")
def app():
    return ensure_application()


@pytest.fixture(scope="module")
def health(app, catalogue):
    from briefing_app.sheets import build

    return build.sector_sheet(catalogue, "health", OPTIONS)[0]


@pytest.fixture(scope="module")
def health_docx(health):
    from briefing_app.sheets.docx import docx_bytes

    return docx_bytes(health)


@pytest.fixture(scope="module")
def health_odt(health):
    from briefing_app.sheets.odt import odt_bytes

    return odt_bytes(health)


def _docx_text(data: bytes) -> str:
    """Every w:t of the body, headers and footers, in document order."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = [n for n in z.namelist() if re.match(r"word/(document|header\d*|footer\d*)\.xml$", n)]
        from lxml import etree

        texts = []
        for name in sorted(parts):
            root = etree.fromstring(z.read(name))
            texts += [t.text or "" for t in root.iter(f"{W}t")]
    return " ".join(texts)


def _headline_values(sheet: m.Sheet) -> list[str]:
    return [f.headline for f in sheet.findings() if f.headline != "Qualitative"]


# ---- Word ---------------------------------------------------------------------------------------------


def test_docx_headings_are_words_built_in_styles_in_order(health, health_docx):
    import docx

    document = docx.Document(io.BytesIO(health_docx))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", health.title)
    assert [h for h in headings if h[0] == "Heading 1"] == [headings[0]]  # one title
    levels = [int(name.split()[-1]) for name, _ in headings]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels  # no level skipped
    texts = [text for _, text in headings]
    for section in ("Summary", "Key findings", "Sources", "Caveats"):
        assert section in texts
    assert texts.index("Summary") < texts.index("Key findings") < texts.index("Sources") < texts.index("Caveats")


def test_docx_marking_in_every_header_and_footer_language_and_properties(health, health_docx):
    import docx

    document = docx.Document(io.BytesIO(health_docx))
    for section in document.sections:
        assert "OFFICIAL-SENSITIVE" in [p.text for p in section.header.paragraphs]
        footer = [p.text for p in section.footer.paragraphs]
        assert "OFFICIAL-SENSITIVE" in footer
        assert any(health.edition_id in line and "4 December 2026" in line for line in footer)
    with zipfile.ZipFile(io.BytesIO(health_docx)) as z:
        styles = z.read("word/styles.xml").decode()
        footer_xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
    assert re.search(r'<w:docDefaults>.*<w:lang [^>]*w:val="en-GB"', styles, re.S)
    assert 'w:instr="PAGE"' in footer_xml and 'w:instr="NUMPAGES"' in footer_xml
    assert document.core_properties.language == "en-GB"
    assert document.core_properties.title == health.title


def test_docx_findings_are_tables_with_marked_header_rows(health, health_docx):
    import docx

    document = docx.Document(io.BytesIO(health_docx))
    assert document.tables
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.find(f"{W}trPr/{W}tblHeader") is not None
        assert all(row._tr.find(f"{W}trPr/{W}tblHeader") is None for row in table.rows[1:])
    key = document.tables[0]
    assert [cell.text for cell in key.rows[0].cells] == ["Figure", "Finding and evidence"]
    # Same findings, same order as the sheet (and so as the PDF).
    ids = [re.search(r"finding (\S+)", row.cells[0].text).group(1) for row in key.rows[1:]]
    assert ids == [f.finding_id for f in health.findings()]


def test_docx_chart_picture_has_the_generated_description_as_alt_text(health, health_docx):
    import docx

    document = docx.Document(io.BytesIO(health_docx))
    charts = health.charts()
    assert charts and len(document.inline_shapes) == len(charts)
    for shape, chart in zip(document.inline_shapes, charts, strict=True):
        doc_pr = shape._inline.docPr
        assert doc_pr.get("descr") == flow.plain(describe(chart.spec))
        assert doc_pr.get("title") == chart.spec.title


def test_docx_has_every_headline_value_source_and_link(health, health_docx):
    text = _docx_text(health_docx)
    for value in _headline_values(health):
        assert value in text
    for note in health.sources:
        assert f"[{note.number}]" in text
    with zipfile.ZipFile(io.BytesIO(health_docx)) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
    urls = [n.url for n in health.sources if n.url]
    assert urls
    for url in urls:
        assert f'Target="{url.replace("&", "&amp;")}"' in rels and 'TargetMode="External"' in rels
    for caveat in health.caveats:
        assert caveat.text in text


def test_flow_keeps_the_sheet_order(health):
    doc = flow.document(health)
    text = flow.text_of(doc)
    positions = [text.index(f"finding {f.finding_id}") for f in health.findings()]
    assert positions == sorted(positions)
    assert text.index("\nSummary\n") < positions[0] < text.index("\nSources\n")


# ---- OpenDocument --------------------------------------------------------------------------------------


def test_odt_structure_read_back_with_odfpy(health, health_odt, tmp_path):
    from odf import dc, draw, svg, table, text
    from odf.namespaces import TEXTNS
    from odf.opendocument import load
    from odf.teletype import extractText

    path = tmp_path / "health.odt"
    path.write_bytes(health_odt)
    doc = load(str(path))
    headings = doc.text.getElementsByType(text.H)
    levels = [int(h.getAttrNS(TEXTNS, "outline-level")) for h in headings]
    assert extractText(headings[0]) == health.title and levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    tables = doc.text.getElementsByType(table.Table)
    assert tables and all(t.getElementsByType(table.TableHeaderRows) for t in tables)
    frames = doc.text.getElementsByType(draw.Frame)
    assert [extractText(f.getElementsByType(svg.Desc)[0]) for f in frames] == [
        flow.plain(describe(ch.spec)) for ch in health.charts()]
    assert [extractText(x) for x in doc.meta.getElementsByType(dc.Language)] == ["en-GB"]
    master = doc.masterstyles
    from odf.style import Footer, Header

    assert "OFFICIAL-SENSITIVE" in extractText(master.getElementsByType(Header)[0])
    assert "OFFICIAL-SENSITIVE" in extractText(master.getElementsByType(Footer)[0])
    body = extractText(doc.text)
    for value in _headline_values(health):
        assert value in body
    links = [a.getAttribute("href") for a in doc.text.getElementsByType(text.A)]
    assert set(links) == {n.url for n in health.sources if n.url}
    with zipfile.ZipFile(path) as z:
        styles = z.read("styles.xml").decode()
    assert 'fo:language="en"' in styles and 'fo:country="GB"' in styles


# ---- hostile text ---------------------------------------------------------------------------------------


def _hostile_sheet(sheet: m.Sheet) -> m.Sheet:
    finding = sheet.findings()[0]
    items = [dataclasses.replace(finding, statement=HOSTILE[0], note=HOSTILE[1]), m.Paragraph(HOSTILE[2])]
    return dataclasses.replace(sheet, title=HOSTILE[0], summary=list(HOSTILE), items=items, notes=[HOSTILE[1]],
                               marking="OFFICIAL <b>&amp;</b>")


def test_hostile_text_survives_literally_in_docx_and_odt(health, tmp_path):
    from odf.opendocument import load
    from odf.teletype import extractText

    from briefing_app.sheets.docx import docx_bytes
    from briefing_app.sheets.odt import odt_bytes

    sheet = _hostile_sheet(health)
    expected = [flow.plain(s) for s in HOSTILE]
    assert expected[3] == "Control\tchars\u2407 and \u241b[31m red"  # controls shown, not dropped
    import docx

    document = docx.Document(io.BytesIO(docx_bytes(sheet)))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for t in document.tables for row in t.rows for cell in row.cells]
    for text in expected:
        assert any(text in p for p in paragraphs + cells), text
    assert document.sections[0].header.paragraphs[0].text == "OFFICIAL <b>&amp;</b>"
    assert document.paragraphs[0].text == HOSTILE[0]

    path = tmp_path / "hostile.odt"
    path.write_bytes(odt_bytes(sheet))
    body = extractText(load(str(path)).text)
    for text in expected:
        assert text.replace("\t", "") in body.replace("\t", "")


# ---- command line ---------------------------------------------------------------------------------------


def test_cli_sheet_format_from_extension_and_all_with_format(app, tmp_path, capsys):
    import docx

    assert main(["sheet", "--sector", "health", "-o", str(tmp_path / "health.docx")]) == 0
    assert docx.Document(str(tmp_path / "health.docx")).paragraphs[0].text.startswith("Health")
    assert main(["sheet", "--overview", "-o", str(tmp_path / "overview.odt")]) == 0
    assert zipfile.ZipFile(tmp_path / "overview.odt").read("mimetype") == b"application/vnd.oasis.opendocument.text"
    assert main(["sheet", "--all", "--format", "docx", "-o", str(tmp_path / "all")]) == 0
    names = sorted(p.name for p in (tmp_path / "all").iterdir())
    assert names == ["sheet-cross-sector.docx", "sheet-education.docx", "sheet-health.docx",
                     "sheet-local-government.docx", "sheet-overview.docx"]
    assert main(["sheet", "--sector", "health", "-o", str(tmp_path / "x.png")]) != 0
    assert ".docx" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()
    assert main(["sheet", "--sector", "health", "--format", "odt", "-o", str(tmp_path / "y.docx")]) != 0
    assert "does not match" in capsys.readouterr().err
    assert not (tmp_path / "y.docx").exists()


def test_cli_sheet_pack_to_docx(app, catalogue, tmp_path):
    import docx

    from briefing_app.sheets.pack import new_pack

    pack = new_pack(catalogue, title="Minister's pack <b>&amp;</b>")
    pack.add("finding", next(iter(catalogue.findings)), note="Say this first & <i>loudly</i>")
    pack.add("recommendation", next(iter(catalogue.recommendations)))
    pack.save(tmp_path / "my.brief.json")
    assert main(["sheet", "--pack", str(tmp_path / "my.brief.json"), "-o", str(tmp_path / "pack.docx")]) == 0
    document = docx.Document(str(tmp_path / "pack.docx"))
    assert document.paragraphs[0].text == "Minister's pack <b>&amp;</b>"
    assert "Say this first & <i>loudly</i>" in _docx_text((tmp_path / "pack.docx").read_bytes())


# ---- citations ---------------------------------------------------------------------------------------------


def test_citation_styles_and_licence_not_stated(catalogue):
    source = catalogue.sources["smf-cmi-health-2023"]
    house = cf.format_citation(source, "house")
    harvard = cf.format_citation(source, "harvard")
    ons = cf.format_citation(source, "ons")
    assert house.startswith("Social Market Foundation (SMF) and Chartered Management Institute (CMI) (3 July 2023).")
    assert harvard.startswith("Richard Hyde and Niamh O Regan (2023) A picture of health?")
    assert "Available at: " + source.url in harvard
    assert ons.startswith("Social Market Foundation (SMF) and Chartered Management Institute (CMI), released 3 July 2023, ")
    for text in (house, harvard, ons):
        assert text.endswith("Licence or reuse terms: not stated.")
        assert source.url + " " in text or source.url + "," in text  # no full stop glued to the URL
    with pytest.raises(ValueError):
        cf.format_citation(source, "apa")
    finding = catalogue.findings["h1"]
    lines = cf.item_citations(catalogue, finding, "harvard").splitlines()
    assert len(lines) == len(finding.sources)
    assert all(line.endswith("not stated.") for line in lines)


def test_cli_export_ris_parses_back(app, catalogue, tmp_path):
    import rispy

    assert main(["export", "--format", "ris", "--sector", "health", "-o", str(tmp_path / "h.ris")]) == 0
    entries = rispy.loads((tmp_path / "h.ris").read_text(encoding="utf-8"))
    expected = cf.sources_for(catalogue, "health")
    assert [e["id"] for e in entries] == [s.id for s in expected]
    for entry, source in zip(entries, expected, strict=True):
        assert entry["title"] == source.title
        assert entry.get("url") == source.url or entry.get("urls") == [source.url]
        assert "Licence or reuse terms: not stated" in entry["notes"]
    everything = rispy.loads(cf.ris(catalogue.dataset.sources))
    assert len(everything) == len(catalogue.dataset.sources)


def test_cli_export_bibtex_parses_back_with_hostile_titles(app, catalogue, tmp_path):
    import bibtexparser

    assert main(["export", "--format", "bibtex", "-o", str(tmp_path / "all.bib")]) == 0
    database = bibtexparser.loads((tmp_path / "all.bib").read_text(encoding="utf-8"))
    used = cf.sources_for(catalogue, None)
    assert [e["ID"] for e in database.entries] == [s.id for s in used]
    assert all("not stated" in e["note"] for e in database.entries)
    hostile = [catalogue.sources["smf-cmi-health-2023"].model_copy(update={"title": t, "id": f"s{i}"})
               for i, t in enumerate(["Braces } { \\ unbalanced {", "100% & $5 #1 _x_ ~^", *HOSTILE])]
    parsed = bibtexparser.loads(cf.bibtex(hostile))
    assert len(parsed.entries) == len(hostile)
    assert parsed.entries[0]["title"] == (
        "{Braces \\textbraceright{} \\textbraceleft{} \\textbackslash{} unbalanced \\textbraceleft{}}")
    assert parsed.entries[1]["title"] == "{100\\% \\& \\$5 \\#1 \\_x\\_ \\textasciitilde{}\\textasciicircum{}}"


# ---- the window ---------------------------------------------------------------------------------------------


@pytest.fixture()
def window(make_window):
    return make_window(extensions=["briefing_app.sheets.integration", "briefing_app.sheets.export_actions"])


def test_window_file_and_edit_menus_export_and_copy(window, tmp_path):
    from PySide6.QtGui import QGuiApplication

    file_actions = window.menu("file").actions()
    start = file_actions.index(window.action("export_pdf"))
    assert [a.objectName() for a in file_actions[start + 1:start + 5]] == [
        "action_export_docx", "action_export_odt", "action_export_ris", "action_export_bibtex"]
    edit = window.menu("edit").actions()
    at = edit.index(window.action("copy_citation"))
    assert [a.text() for a in edit[at + 1:at + 3]] == ["Copy citation (Harvard)", "Copy citation (ONS/GSS)"]

    assert window.export_actions.export_document("docx", str(tmp_path / "s.docx")) == tmp_path / "s.docx"
    assert window.export_actions.export_document("odt", str(tmp_path / "s.odt")) == tmp_path / "s.odt"
    assert zipfile.is_zipfile(tmp_path / "s.docx") and zipfile.is_zipfile(tmp_path / "s.odt")
    assert window.export_actions.export_citations("ris", str(tmp_path / "s.ris"))
    assert (tmp_path / "s.ris").read_text(encoding="utf-8").startswith("TY  - ")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left behind

    window.select_finding("h1")
    text = window.export_actions.copy_citation("ons")
    assert text and QGuiApplication.clipboard().text() == text and ", released " in text


# ---- LibreOffice: the files open without repair ----------------------------------------------------------


def _soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    # Installed by ./bootstrap test (scripts/system-packages.sh TEST_PACKAGES): missing means a broken set-up.
    assert path, "LibreOffice is missing: ./bootstrap test installs libreoffice-writer-nogui"
    return path


# About 2 s here (a fresh LibreOffice profile included), so not marked slow: both files in one soffice call.
def test_libreoffice_opens_docx_and_odt_and_every_value_marking_and_source_is_in_its_pdf(
        app, catalogue, health, health_docx, tmp_path):
    from pypdf import PdfReader

    from briefing_app.sheets import build
    from briefing_app.sheets.odt import odt_bytes
    from briefing_app.sheets.pack import new_pack

    pack = new_pack(catalogue, title="Pack for the minister")
    for finding_id in list(catalogue.findings)[:3]:
        pack.add("finding", finding_id, note="Lead with this & <b>not</b> that")
    pack_sheet = build.pack_sheet(catalogue, pack, OPTIONS)[0]
    (tmp_path / "health.docx").write_bytes(health_docx)
    (tmp_path / "pack.odt").write_bytes(odt_bytes(pack_sheet))
    profile = tmp_path / "lo-profile"
    started = time.monotonic()
    result = subprocess.run(
        [_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(tmp_path / "health.docx"),
         str(tmp_path / "pack.odt")],
        capture_output=True, text=True, timeout=240,
    )
    print(f"LibreOffice converted 2 files in {time.monotonic() - started:.1f} s")
    assert result.returncode == 0, result.stderr
    for name, sheet in (("health", health), ("pack", pack_sheet)):
        pdf = tmp_path / "pdf" / f"{name}.pdf"
        assert pdf.exists(), result.stdout + result.stderr
        reader = PdfReader(str(pdf))
        pages = [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]
        text = " ".join(pages)
        squashed = text.replace(" ", "")
        for value in _headline_values(sheet):
            assert value.replace(" ", "") in squashed, value
        assert all("OFFICIAL-SENSITIVE" in page for page in pages)  # header and footer of every page
        for note in sheet.sources:
            assert f"[{note.number}]" in text
            if note.url:
                assert note.url.replace(" ", "") in squashed
        assert sheet.edition_id.replace(" ", "") in squashed


def test_same_findings_in_the_same_order_as_the_pdf(app, catalogue, health, health_docx):
    """The PDF and the Word file of one Sheet name the same findings, recommendations and notes in one order."""
    from pypdf import PdfReader

    from briefing_app.sheets.pdf import pdf_bytes

    pdf, _layout = pdf_bytes(health, catalogue)
    raw = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    pdf_text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw))  # the PDF's "ﬁ" ligatures as "fi"
    docx_text = _docx_text(health_docx)

    def order(text: str) -> list[str]:
        return re.findall(r"(?:finding|recommendation) ([a-z]+\d+)\b", text)

    assert order(pdf_text) and order(docx_text) == order(pdf_text)
    for marker in [f"({x.letter})" for x in health.caveats] + [f"[{n.number}]" for n in health.sources]:
        assert marker in docx_text


# Words only one of the two forms has: the PDF's running header ("Edition", "Page", a table's "(continued)"),
# the Word file's header row of the key findings and the chart's description (its alternative text).
PDF_ONLY_WORDS = {"Edition", "Page", "continued", "cont"}
DOCX_ONLY_WORDS = {"Figure", "Finding", "Bar", "chart", "comparing", "per", "cent"}


@pytest.mark.parametrize("kind", ["health", "overview"])
def test_the_word_file_and_the_pdf_use_the_same_words(app, catalogue, health, kind):
    """A guard against the two writers drifting apart (sheets/flow.py words what sheets/layout.py prints):
    every word of the PDF is in the Word file's content and the other way round, bar the few above.
    (Tokens with hyphens are left out: the PDF breaks long URLs across lines.)"""
    from pypdf import PdfReader

    from briefing_app.sheets import build
    from briefing_app.sheets.pdf import pdf_bytes

    sheet = health if kind == "health" else build.overview_sheet(catalogue, OPTIONS)[0]
    pdf, _layout = pdf_bytes(sheet, catalogue)
    doc = flow.document(sheet)

    def words(text: str) -> set[str]:
        return {w for w in re.findall(r"[A-Za-z][A-Za-z'’-]{2,}", unicodedata.normalize("NFKC", text)) if "-" not in w}

    raw = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    in_pdf = words(re.sub(r"-\n", "-", raw))  # a URL broken after a hyphen is one token again
    in_docx = words(flow.text_of(doc) + " " + doc.footer)
    assert in_pdf - in_docx <= PDF_ONLY_WORDS
    assert in_docx - in_pdf <= DOCX_ONLY_WORDS
