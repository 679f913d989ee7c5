"""What the evidence says, exactly as the sources say it: wording, citations that name who carried each
figure, unverified figures apart, comparisons of similar (not the same) questions, links labelled as our
judgement. Read back from the dataset, the sheets' PDF text, the exports and the detail pane."""

from __future__ import annotations

import copy
import csv
import io
import json

import pytest

from briefing_app.charts.spec import comparison_spec, sector_spec
from briefing_app.domain.loading import parse_dataset
from briefing_app.domain.catalogue import format_value
from briefing_app.domain.citation import full_citation
from briefing_app.domain.export import findings_csv
from briefing_app.domain.models import SIMILAR_QUESTIONS, Confidence, SourceRole
from briefing_app.domain.problems import DatasetError
from briefing_app.sheets import build
from briefing_app.sheets import builder
from briefing_app.sheets import content as c
from briefing_app.sheets import model as m
from briefing_app.sheets.pdf import write_pdf
from briefing_app.views.describe import RELATED_FINDINGS, blocks_as_text, citation_text, describe

from test_sheets_pdf import page_texts, squash

SECTORS = ["health", "education", "local-government", "cross-sector"]


@pytest.fixture(scope="module")
def sheets(qapp, catalogue, tmp_path_factory):
    """Every sector sheet and the overview, as built for printing, with the text of their PDFs."""
    folder = tmp_path_factory.mktemp("evidence")
    out = {}
    for key in [*SECTORS, "overview"]:
        sheet = (build.overview_sheet(catalogue) if key == "overview" else build.sector_sheet(catalogue, key))[0]
        path = folder / f"{key}.pdf"
        write_pdf(sheet, catalogue, path)
        out[key] = (sheet, " ".join(page_texts(path)))
    return out


def _printed_sources(sheet: m.Sheet, numbers) -> set[str]:
    return {note.citation for note in sheet.sources if note.number in numbers}


def _citations(catalogue, refs) -> set[str]:
    return {full_citation(catalogue.sources[ref.source]) for ref in refs}


# 1 ---------------------------------------------------------------------------------------------------


def test_x1_says_untrained_on_moving_into_management_not_never_trained(catalogue, sheets):
    x1 = catalogue.findings["x1"]
    assert "never" not in x1.statement.lower()
    assert "moving into management" in " ".join(x1.caveats) and "never been trained" in " ".join(x1.caveats)
    for key in ("overview", "cross-sector"):
        text = squash(sheets[key][1])
        assert squash("have had no formal management or leadership training when they do") in text, key
        assert squash("never been formally trained") not in text, key
    assert "never" not in catalogue.findings["x3"].statement.lower()


# 2 ---------------------------------------------------------------------------------------------------


def test_comparisons_of_differently_worded_questions_say_so_everywhere(catalogue, sheets):
    themes = catalogue.comparable_themes()
    assert themes and not any(t.same_question for t in themes), "the notes never say a question was the same"
    overview_sheet, overview_text = sheets["overview"]
    for theme in themes:
        spec = comparison_spec(catalogue, theme.id)
        assert spec.title.endswith(f"({SIMILAR_QUESTIONS})")
        assert spec.caption.startswith("Similar questions, worded differently")
        assert theme.comparison_note in spec.caption and "our judgement" in spec.caption
        for bar in spec.bars:
            assert bar.measure_label in bar.display_label, "each bar shows its own wording"
    for text in (overview_text, *(comparison_spec(catalogue, t.id).caption for t in themes)):
        assert "same measure" not in text and "asked the same way" not in text
    assert squash("Similar questions, worded differently") in squash(overview_text)
    table = next(item for item in overview_sheet.items if isinstance(item, m.ComparisonTable))
    for row in table.rows:
        assert row.basis == SIMILAR_QUESTIONS
        for cell in filter(None, row.cells):
            assert squash(cell.wording) in squash(overview_text), cell.finding_id
    # The two success-factor figures are worded as their sources word them, not as one measure.
    assert catalogue.findings["e9"].measures[0].label != catalogue.findings["l9"].measures[0].label


def test_the_chart_chooser_on_screen_names_the_basis(qtbot, catalogue):
    from briefing_app.charts.widget import ChartPanel

    panel = ChartPanel(catalogue)
    qtbot.addWidget(panel)
    texts = [panel.chooser.itemText(i) for i in range(panel.chooser.count())]
    compared = [t for t in texts if t.startswith("Compare sectors")]
    assert compared and all(t.endswith(f"({SIMILAR_QUESTIONS})") for t in compared)


# 3 ---------------------------------------------------------------------------------------------------


def test_every_figure_on_every_sheet_cites_exactly_the_sources_that_carried_it(catalogue, sheets):
    for key, (sheet, _) in sheets.items():
        rows = [*sheet.findings()]
        rows += [row for item in sheet.items if isinstance(item, (m.OtherFiguresTable, m.BriefFindingsTable))
                 for row in item.rows]
        assert rows, key
        for row in rows:
            finding = catalogue.findings[row.finding_id]
            printed = {citation.split(" Location:")[0] for citation in _printed_sources(sheet, row.sources)}
            assert printed == _citations(catalogue, catalogue.cited_refs(finding)), (key, finding.id)


def test_trade_press_figures_cite_the_outlet_not_the_report(catalogue):
    cases = {"l2": "Personnel Today", "l11": "Personnel Today", "l8": "Local Government Lawyer",
             "h2": "smartthinking.org.uk", "h6": "smartthinking.org.uk", "x2": "STAMC", "x7": "Coaching at Work",
             "x8": "Business Insider", "e10": "Chameleon Training"}
    for finding_id, outlet in cases.items():
        finding = catalogue.findings[finding_id]
        cited = [catalogue.sources[ref.source] for ref in catalogue.cited_refs(finding)]
        assert any(outlet in s.publishers for s in cited), finding_id
        assert not any(s.kind == "survey_report" for s in cited), f"{finding_id} cites a report that lacks it"


def test_context_and_attributed_sources_are_never_printed_as_the_figures_source(catalogue, sheets):
    for finding_id, source_id in [("x9", "cmi-better-management-2023"), ("l15", "lga-workforce-survey-2022"),
                                  ("l17", "oflog-2024"), ("h18", "cqc-state-of-care-2022"), ("h10", "darzi-2024"),
                                  ("h8", "smf-cmi-health-2023")]:
        finding = catalogue.findings[finding_id]
        ref = next(r for r in finding.sources if r.source == source_id)
        assert ref.role in (SourceRole.CONTEXT, SourceRole.UNDERLYING), finding_id
        assert source_id not in {r.source for r in catalogue.cited_refs(finding)}
    # The Darzi report itself is never cited beside a figure, so the health sheet does not list it.
    darzi = catalogue.sources["darzi-2024"]
    assert squash(darzi.title) not in squash(sheets["health"][1])
    # The detail pane and Copy citation still show it, labelled for what it is.
    h10 = catalogue.findings["h10"]
    assert "Attributed to (the figure was not seen in this source's own text)" in blocks_as_text(describe(catalogue, h10))
    assert any(line.startswith("Attributed to, not seen there:") and darzi.title in line
               for line in citation_text(catalogue, h10).splitlines())


def test_a_finding_without_a_source_that_carries_it_is_refused(raw_dataset):
    broken = copy.deepcopy(raw_dataset)
    for ref in broken["findings"][0]["sources"]:
        ref["role"] = "underlying"
    with pytest.raises(DatasetError) as error:
        parse_dataset(json.dumps(broken).encode(), "broken.json")
    problem = next(p for p in error.value.problems if p.path == "$.findings[0].sources")
    assert "carry" in problem.message


# 4 ---------------------------------------------------------------------------------------------------


def test_unverified_figures_have_their_own_place_on_the_sheet(catalogue, sheets):
    sheet, text = sheets["health"]
    unverified = [f for f in catalogue.findings_in("health") if f.confidence == Confidence.UNVERIFIED]
    assert {f.id for f in unverified} == {"h3", "h8"}
    tables = [item for item in sheet.items if isinstance(item, m.OtherFiguresTable)]
    others, apart = tables[0], tables[-1]
    assert not {row.finding_id for row in others.rows} & {"h3", "h8"}
    assert {row.finding_id for row in apart.rows} == {"h3", "h8"}
    assert {item.finding_id for item in sheet.findings()}.isdisjoint({"h3", "h8"})
    flat = squash(text)
    heading = flat.index(squash(c.UNVERIFIED_HEADING))
    assert flat.index(squash(c.OTHER_FIGURES_HEADING)) < heading
    for finding in unverified:
        assert flat.index(squash(catalogue.headline_text(finding)), heading) > heading
    # h8's printed source is the compendium page that carries it, never the health report that lacks it.
    h8 = next(row for row in apart.rows if row.finding_id == "h8")
    assert _printed_sources(sheet, h8.sources) == {full_citation(catalogue.sources["smf-cmi-compendium-2024"])}


# 5 ---------------------------------------------------------------------------------------------------


def test_a_finding_prints_its_own_confidence_and_a_stronger_figure_says_so(qapp, catalogue, tmp_path):
    from briefing_app.sheets.pack import Pack

    pack = Pack(title="x5")
    pack.add("finding", "x5")
    sheet, _ = build.pack_sheet(catalogue, pack)
    item = sheet.findings()[0]
    assert item.confidence == Confidence.SECONDARY.label
    assert item.headline_confidence == Confidence.PRIMARY.label
    path = tmp_path / "x5.pdf"
    write_pdf(sheet, catalogue, path)
    text = squash(" ".join(page_texts(path)))
    assert squash(f"Confidence: {Confidence.SECONDARY.label}") in text
    assert squash(f"Confidence: {Confidence.PRIMARY.label}") not in text


# 6 ---------------------------------------------------------------------------------------------------


def test_links_between_recommendations_and_findings_are_labelled_our_judgement(catalogue, sheets):
    for key, (_, text) in sheets.items():
        assert "Rests on" not in text and "rests on" not in text, key
    assert squash(RELATED_FINDINGS) in squash(sheets["health"][1])
    rec_text = blocks_as_text(describe(catalogue, catalogue.recommendations["r1"]))
    assert "Related findings (our judgement)" in rec_text and "Findings it rests on" not in rec_text
    finding_text = blocks_as_text(describe(catalogue, catalogue.findings["h1"]))
    assert "Related recommendations (our judgement)" in finding_text


def test_readme_says_what_is_our_judgement():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "Related findings (our judgement)" in readme and "similar questions, worded differently" in readme


# 7, 8, 9, 10 -----------------------------------------------------------------------------------------


def test_the_health_polls_sample_is_qualified_and_its_period_is_one(catalogue):
    text = blocks_as_text(describe(catalogue, catalogue.findings["h1"]))
    sample = next(line for line in text.splitlines() if line.startswith("Sample size:"))
    assert "1,000" in sample and "public-sector poll" in sample and "healthcare sub-sample size was not found" in sample
    periods = {catalogue.findings[f"h{i}"].period for i in range(1, 7)}
    assert len(periods) == 1 and "fieldwork dates not found" in periods.pop()


def test_education_bases_ipprs_ceiling_and_standalone_headlines(catalogue):
    for finding in catalogue.dataset.findings:
        for measure in finding.measures:
            assert "schools, FE and HE staff" not in measure.base
    e2 = catalogue.findings["e2"].measures[0]
    assert "455" in e2.base and "FE News" in e2.base
    h16 = catalogue.findings["h16"]
    # The research notes give "about 10,000" (~10,000): nothing stronger is said.
    assert "about 10,000" in h16.statement and "up to" not in h16.statement
    assert format_value(h16.measures[0]) == "~10,000"
    assert "acute trust" in catalogue.findings["h14"].measures[0].label


def test_every_bar_of_a_chart_has_its_own_label(catalogue):
    for sector in [*SECTORS, None]:
        labels = [bar.display_label for bar in sector_spec(catalogue, sector).bars]
        assert len(labels) == len(set(labels)), sector
    e12 = [bar.display_label for bar in sector_spec(catalogue, "education").bars if bar.finding_id == "e12"]
    assert any("2019" in label for label in e12) and any("December 2022" in label for label in e12)


def test_two_figures_of_a_finding_with_one_label_are_refused(raw_dataset):
    broken = copy.deepcopy(raw_dataset)
    finding = next(f for f in broken["findings"] if len(f["measures"]) >= 2)
    finding["measures"][1]["label"] = finding["measures"][0]["label"]
    index = broken["findings"].index(finding)
    with pytest.raises(DatasetError) as error:
        parse_dataset(json.dumps(broken).encode(), "broken.json")
    assert any(p.path == f"$.findings[{index}].measures[1].label" for p in error.value.problems)


# 11 --------------------------------------------------------------------------------------------------


def test_csv_export_keeps_the_confidence_note_and_the_recommendations(catalogue):
    findings = catalogue.findings_in("cross-sector")
    recs = catalogue.dataset.recommendations
    rows = list(csv.DictReader(io.StringIO(findings_csv(catalogue, findings, recs))))
    x9 = next(r for r in rows if r["id"] == "x9")
    assert x9["confidence_note"] == catalogue.findings["x9"].confidence_note
    assert "Cited for context only" in x9["sources_not_cited"] and "Taking responsibility" in x9["sources_not_cited"]
    assert "Taking responsibility" not in x9["sources_cited"]
    r8 = next(r for r in rows if r["id"] == "r8")
    assert r8["kind"] == "recommendation" and "Oflog was closed" in r8["target_status"]
    assert r8["target_body"] == catalogue.recommendations["r8"].target_body
    assert {r["id"] for r in rows if r["kind"] == "recommendation"} == {r.id for r in recs}


# 12 --------------------------------------------------------------------------------------------------


def test_sector_sheets_include_every_finding_without_figures(catalogue, sheets):
    for sector in SECTORS:
        sheet, text = sheets[sector]
        flat = squash(text)
        for finding in catalogue.findings_in(sector):
            if finding.measures:
                continue
            assert finding.id in sheet.finding_ids, (sector, finding.id)
            assert squash(finding.statement[:80]) in flat, (sector, finding.id)
    assert squash("Oflog has been shut down") in squash(sheets["local-government"][1])


def test_sheets_keep_to_their_length(catalogue, sheets):
    for key, (sheet, _) in sheets.items():
        limit = build.MAX_OVERVIEW_PAGES if key == "overview" else build.MAX_SECTOR_PAGES
        assert build.layout_sheet(sheet, build.page_layout_for("a4")).page_count <= limit, key


# Bounded sheets (issue 16): a sector or an overview keeps to its length on a very large dataset --------


@pytest.fixture(scope="module")
def large_catalogue(raw_dataset_module):
    """The bundled dataset with 1,000 more health findings (half with a figure, half without) and 300
    more health recommendations."""
    from briefing_app.domain import Catalogue
    from briefing_app.domain.models import Dataset

    raw = copy.deepcopy(raw_dataset_module)
    template = next(f for f in raw["findings"] if f["id"] == "h5")
    qualitative = next(f for f in raw["findings"] if f["id"] == "h9")
    for i in range(1000):
        finding = copy.deepcopy(template if i % 2 else qualitative)
        finding["id"] = f"g{i}"
        finding["statement"] = f"Generated finding number {i}: " + finding["statement"]
        raw["findings"].append(finding)
    rec_template = next(r for r in raw["recommendations"] if r["id"] == "r3")
    for i in range(300):
        rec = copy.deepcopy(rec_template)
        rec["id"] = f"gr{i}"
        rec["title"] = f"Generated recommendation {i}"
        raw["recommendations"].append(rec)
    return Catalogue(Dataset.model_validate(raw))


@pytest.fixture(scope="module")
def raw_dataset_module(dataset_path):
    return json.loads(dataset_path.read_text(encoding="utf-8"))


def test_a_very_large_sector_keeps_to_its_length_and_says_what_was_left_out(qapp, large_catalogue, tmp_path):
    sheet, layout = build.sector_sheet(large_catalogue, "health")
    assert layout.page_count <= build.MAX_SECTOR_PAGES
    tables = [item for item in sheet.items if isinstance(item, (m.OtherFiguresTable, m.BriefFindingsTable))]
    assert tables and all(len(t.rows) <= builder.TABLE_ROWS_MAX for t in tables)
    left_out = sum(t.more for t in tables)
    shown = sum(len(t.rows) for t in tables) + len(sheet.findings())
    assert shown + left_out == len(large_catalogue.findings_in("health"))
    path = tmp_path / "large.pdf"
    write_pdf(sheet, large_catalogue, path)
    text = " ".join(page_texts(path))
    assert "left out to keep this sheet to its length" in text
    more_recs = len(large_catalogue.recommendations_in("health")) - len(sheet.recommendations())
    assert more_recs > 0 and f"And {more_recs} more recommendations" in text


def test_the_overview_of_a_very_large_dataset_keeps_to_its_length(qapp, large_catalogue):
    sheet, layout = build.overview_sheet(large_catalogue)
    assert layout.page_count <= build.MAX_OVERVIEW_PAGES
    assert len(sheet.recommendations()) < len(large_catalogue.dataset.recommendations)
    assert any(isinstance(i, m.Paragraph) and "more recommendations" in i.text for i in sheet.items)


# A second engineer's review of the evidence ---------------------------------------------------------------


def test_a_compact_row_prints_the_findings_own_confidence_and_the_figures(catalogue, sheets):
    sheet, text = sheets["cross-sector"]
    row = next(r for t in sheet.items if isinstance(t, m.OtherFiguresTable) for r in t.rows if r.finding_id == "x5")
    assert row.confidence.startswith(Confidence.SECONDARY.label)
    assert f"this figure: {Confidence.PRIMARY.label.lower()}" in row.confidence
    assert squash(row.confidence) in squash(text)


def test_outlets_named_only_inside_a_reports_location_are_sources_of_their_own(catalogue):
    outlets = ("smartthinking", "Local Government Lawyer", "Public Sector Executive", "Personnel Today", "FE News")
    for item in [*catalogue.dataset.findings, *catalogue.dataset.recommendations]:
        for ref in item.sources:
            if catalogue.sources[ref.source].kind == "survey_report" and ref.location:
                assert not any(o in ref.location for o in outlets), (item.id, ref.location)
    r11 = catalogue.recommendations["r11"]
    assert "smartthinking-local-government" in {ref.source for ref in catalogue.cited_refs(r11)}


def test_a_figure_is_never_printed_beside_a_source_that_may_not_give_it(catalogue):
    x6 = catalogue.findings["x6"]
    assert [ref.source for ref in catalogue.cited_refs(x6)] == ["coaching-at-work"]


def test_no_comparable_figure_is_not_called_not_measured(sheets):
    text = sheets["overview"][1]
    assert "not measured" not in text and squash("no comparable figure in this dataset") in squash(text)


def test_brief_findings_never_stop_in_mid_sentence(catalogue, sheets):
    rows = [row for sheet, _ in sheets.values() for table in sheet.items if isinstance(table, m.BriefFindingsTable)
            for row in table.rows]
    assert rows, "no sheet has a table of findings in brief"
    for row in rows:
        full = catalogue.findings[row.finding_id].statement
        assert row.statement == full or (row.statement.endswith(" (more in the app)")
                                          and full.startswith(row.statement.removesuffix(" (more in the app)"))
                                          and row.statement.removesuffix(" (more in the app)")[-1] in ".!?"), row


def test_the_summarys_years_run_from_the_start_of_the_earliest_period(sheets):
    assert "referring to 2010 to 2024" in sheets["local-government"][0].summary[0]
    assert "referring to 2017 to 2025" in sheets["education"][0].summary[0]


def test_ids_in_caveats_are_written_as_the_app_shows_them(catalogue):
    import re

    for item in [*catalogue.dataset.findings, *catalogue.dataset.recommendations]:
        for text in [*item.caveats, item.confidence_note or ""]:
            assert not re.search(r"\b[HELXR]\d+\b", text), (item.id, text)
