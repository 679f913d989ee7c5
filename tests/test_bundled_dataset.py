"""Checks over the whole bundled dataset: provenance, bases, coverage, and the known discrepancies."""

from __future__ import annotations

from briefing_app.domain import Confidence, Unit
from briefing_app.domain.models import PLACEHOLDER_PATTERN


def test_every_finding_cites_a_source_that_carries_it_and_can_be_found(catalogue):
    """The source printed beside a figure is one whose text carries it (with where), and the finding can
    be traced on the web: some source of it has a URL. A trade-press outlet whose URL and date the notes
    lack is still cited by name; the research notes are never padded with an invented date or address."""
    for finding in catalogue.dataset.findings:
        cited = catalogue.cited_refs(finding)
        assert cited and all(ref.role == "carries" and ref.location for ref in cited), finding.id
        assert all(catalogue.sources[ref.source].publishers and catalogue.sources[ref.source].title for ref in cited)
        assert any(s.url for s in catalogue.sources_of(finding)), f"{finding.id} has no source with a URL"


def test_most_findings_cite_a_dated_source_with_a_url(catalogue):
    dated = [
        f.id for f in catalogue.dataset.findings
        if any(s.date and s.url for s in catalogue.sources_of(f))
    ]
    assert len(dated) >= len(catalogue.dataset.findings) - 3


def test_every_recommendation_has_a_complete_source(catalogue):
    for rec in catalogue.dataset.recommendations:
        assert any(s.publishers and s.title and s.date and s.url for s in catalogue.sources_of(rec)), rec.id


def test_every_percentage_names_its_base(catalogue):
    percentages = [(f, m) for f in catalogue.dataset.findings for m in f.measures if m.unit == Unit.PERCENT]
    assert percentages
    for finding, measure in percentages:
        assert len(measure.base.strip()) >= 5, (finding.id, measure.label)


def test_every_sector_has_findings(catalogue):
    for sector in catalogue.dataset.sectors:
        assert catalogue.findings_in(sector.id), sector.id


def test_the_four_sectors():
    from briefing_app.domain import load_catalogue

    assert list(load_catalogue().sectors) == ["health", "education", "local-government", "cross-sector"]


def _caveats(item) -> str:
    return " ".join(item.caveats).lower()


def test_accountability_figures_belong_to_local_government(catalogue):
    finding = catalogue.findings["l5"]
    assert finding.sector == "local-government"
    assert {m.value for m in finding.measures} >= {44, 24}
    assert "local government" in _caveats(finding) and "education" in _caveats(finding)
    assert not [
        f.id for f in catalogue.findings_in("education") if {44.0, 24.0} <= {m.value for m in f.measures}
    ]


def test_compendium_only_figures_are_unverified(catalogue):
    for fid, value in (("h3", 36), ("h8", 4_000_000)):
        finding = catalogue.findings[fid]
        assert finding.confidence == Confidence.UNVERIFIED
        assert finding.measures[0].value == value
        assert "compendium" in _caveats(finding)


def test_template_text_is_explained_not_shown(catalogue):
    assert "template" in _caveats(catalogue.findings["h1"])
    for text in catalogue.search_keys.values():
        assert not PLACEHOLDER_PATTERN.search(text)


def test_oflog_is_marked_closed(catalogue):
    oflog = [r for r in catalogue.dataset.recommendations if "oflog" in r.target_body.lower()]
    assert oflog
    for rec in oflog:
        assert rec.target_status and "closed" in rec.target_status.lower() and "2024" in rec.target_status
    assert "closed" in _caveats(catalogue.findings["l18"])


def test_darzi_claim_is_secondary(catalogue):
    assert catalogue.findings["h10"].confidence == Confidence.SECONDARY


def test_edition_is_named_and_dated(catalogue):
    edition = catalogue.edition
    assert edition.title and edition.date_compiled >= edition.date_published
