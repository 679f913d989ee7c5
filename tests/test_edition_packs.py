"""Packs that keep their figures (issue 19): a pack records each finding's figures and edition; opened on
the fictional next edition it shows the corrected figure as changed (old → new), lets the user keep the old
figure (labelled with its edition) or update it, and prints the figure chosen — never a new value silently."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import pytest

from briefing_app.cli import main
from briefing_app.domain import load_catalogue, signing
from briefing_app.sheets import content as c
from briefing_app.sheets import model as m
from briefing_app.sheets import pack_figures
from briefing_app.sheets.pack import Pack, open_pack, parse_pack

sys.path.insert(0, str(Path(__file__).parent))
import make_next_edition  # noqa: E402


@pytest.fixture(scope="module")
def made():
    return make_next_edition.from_bundled()


@pytest.fixture(scope="module")
def old():
    return load_catalogue()


@pytest.fixture(scope="module")
def new(made, tmp_path_factory):
    path = tmp_path_factory.mktemp("next") / "dataset.json"
    path.write_bytes(made.data)
    signing.signature_path_for(path).write_bytes(made.signature)
    return load_catalogue(path)


@pytest.fixture()
def saved_pack(tmp_path, old, made):
    """A pack saved on the bundled edition holding the finding the next edition corrects, and another."""
    pack = Pack(title="Figures test", edition=old.edition.id)
    other = next(f.id for f in old.dataset.findings if f.measures and f.id != made.corrected_finding)
    assert pack.add("finding", made.corrected_finding, catalogue=old)
    assert pack.add("finding", other, catalogue=old)
    assert pack.add("recommendation", made.closed_recommendation, catalogue=old)
    return pack.save(tmp_path / "figures.brief.json")


def test_a_saved_pack_records_each_findings_edition_and_figures(saved_pack, old, made):
    data = json.loads(saved_pack.read_text(encoding="utf-8"))
    first = data["items"][0]
    assert first["edition"] == old.edition.id
    assert first["figures"][0]["shown"] == f"{made.old_value:g}%"
    assert first["figures"][0]["base"] == old.findings[made.corrected_finding].measures[0].base
    assert "figures" not in data["items"][2] and "keep" not in data["items"][2]  # a recommendation has none


def test_packs_saved_before_figures_were_kept_still_open_and_print(old, new, made):
    legacy = json.dumps({"format": "briefing-app-pack", "schema_version": 1, "title": "Old pack",
                         "edition": old.edition.id,
                         "items": [{"kind": "finding", "id": made.corrected_finding, "note": ""}]}).encode()
    pack = parse_pack(legacy, "old.brief.json")
    assert pack.items[0].figures is None
    assert pack_figures.check(pack.items[0], new).status == pack_figures.UNRECORDED
    sheet = c.pack_sheet(new, pack)
    assert [f.headline for f in sheet.findings()] == [f"{made.new_value:g}%"]


def test_opened_on_the_next_edition_the_corrected_figure_shows_as_changed(saved_pack, old, new, made):
    pack = open_pack(saved_pack)
    changed = pack_figures.changed_items(pack, new)
    assert [(index, result.status) for index, result in changed] == [(0, pack_figures.CHANGED)]
    (line,) = changed[0][1].lines
    assert (line.old, line.new) == (f"{made.old_value:g}%", f"{made.new_value:g}%")
    assert changed[0][1].edition == old.edition.id
    assert pack_figures.changed_items(pack, old) == []  # on its own edition nothing changed


def test_undecided_the_sheet_prints_the_new_figure_with_the_change_stated(saved_pack, new, made, old):
    sheet = c.pack_sheet(new, open_pack(saved_pack))
    finding = sheet.findings()[0]
    assert finding.headline == f"{made.new_value:g}%"
    before = sheet.items[sheet.items.index(finding) - 1]
    assert isinstance(before, m.Paragraph)
    assert before.text.startswith(f"Changed since this finding was added from edition {old.edition.id}:")
    assert f"{made.old_value:g}% → {made.new_value:g}%" in before.text
    headline = next(line for line in sheet.summary if line.startswith("Headline figures"))
    assert f"{made.new_value:g}% (was {made.old_value:g}% in edition {old.edition.id})" in headline


def test_kept_the_sheet_prints_the_old_figure_labelled_with_its_edition(saved_pack, new, made, old):
    pack = open_pack(saved_pack)
    pack_figures.keep_old(pack, 0)
    assert pack.modified
    pack.save()
    reopened = open_pack(saved_pack)
    assert reopened.items[0].keep
    sheet = c.pack_sheet(new, reopened)
    finding = sheet.findings()[0]
    assert finding.headline == f"{made.old_value:g}%"
    assert finding.figure_label == f"as in edition {old.edition.id} (kept)"
    # The summary gives the kept figure too, never this edition's silently.
    headline = next(line for line in sheet.summary if line.startswith("Headline figures"))
    assert f"{made.old_value:g}% (as in edition {old.edition.id}, kept) ({made.corrected_finding})" in headline
    before = sheet.items[sheet.items.index(finding) - 1]
    assert f"This edition ({new.edition.id}) gives" in before.text and f"{made.new_value:g}%" in before.text


def test_updated_the_figure_becomes_the_new_one(saved_pack, new, made):
    pack = open_pack(saved_pack)
    pack_figures.use_new(pack, 0, new)
    assert pack.items[0].edition == new.edition.id and not pack.items[0].keep
    assert pack_figures.changed_items(pack, new) == []
    sheet = c.pack_sheet(new, pack)
    assert sheet.findings()[0].headline == f"{made.new_value:g}%"
    assert not any(isinstance(i, m.Paragraph) and "Changed since" in i.text for i in sheet.items)


def test_a_finding_gone_from_the_edition_says_what_it_gave(new, old, made):
    pack = Pack(title="Vanished", edition=new.edition.id)
    pack.add("finding", made.added_finding, catalogue=new)
    (index, result), = pack_figures.changed_items(pack, old)
    assert result.status == pack_figures.VANISHED
    sheet = c.pack_sheet(old, pack)
    texts = [i.text for i in sheet.items if isinstance(i, m.Paragraph)]
    assert f"When added from edition {new.edition.id} it gave Fictional share (tests only): 50%." in texts
    assert any(isinstance(i, m.MissingItem) for i in sheet.items)


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def test_the_pdf_prints_the_figure_the_user_chose(saved_pack, made, new, tmp_path, qapp):
    new_path = new.file
    out = tmp_path / "pack.pdf"
    assert main(["sheet", "--pack", str(saved_pack), "--dataset", new_path, "-o", str(out)]) == 0
    text = _pdf_text(out)
    assert "Changed since this finding was added" in text and f"→ {made.new_value:g}%" in text

    pack = open_pack(saved_pack)
    pack_figures.keep_old(pack, 0)
    pack.save()
    assert main(["sheet", "--pack", str(saved_pack), "--dataset", new_path, "-o", str(out)]) == 0
    text = _pdf_text(out)
    assert "kept by the pack's author" in text
    # Beside the figure (a narrow column, so the edition id wraps): "as in edition <id> (kept)".
    assert "as in edition" in text and "(kept)" in text
    # The summary; compared without spaces, as a long edition id may wrap after one of its hyphens.
    kept = f"{made.old_value:g}% (as in edition {load_catalogue().edition.id}, kept)"
    assert kept.replace(" ", "") in text.replace(" ", "")
    assert f"{made.old_value:g}%" in text


def test_the_pack_panel_shows_the_change_and_lets_the_user_choose(qtbot, saved_pack, new, old, made):
    from briefing_app.sheets.pack_panel import PackPanel

    panel = PackPanel(new)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.open_file(saved_pack)
    text = panel.model.index(0).data()
    assert f"Figure changed since added from edition {old.edition.id}" in text
    assert f"{made.old_value:g}% → {made.new_value:g}%" in text
    assert "1 with figures changed since added" in panel.file_label.text()
    assert panel.keep_figure_button.isVisible()
    panel.list_view.setCurrentIndex(panel.model.index(0))
    assert panel.keep_figure_button.isEnabled() and panel.update_figure_button.isEnabled()  # undecided
    panel.keep_figure_button.click()
    assert panel.pack.items[0].keep and panel.pack.modified
    assert panel.model.index(0).data().split("\n")[1].startswith(
        f"Printing the figure kept from edition {old.edition.id}")
    assert panel.update_figure_button.isEnabled() and not panel.keep_figure_button.isEnabled()
    panel.update_figure_button.click()
    assert panel.pack.items[0].edition == new.edition.id
    assert not panel.keep_figure_button.isVisible()  # nothing changed any more


def test_the_figures_csv_of_a_pack_carries_the_kept_figure(saved_pack, new, old, made):
    import csv
    import io

    pack = open_pack(saved_pack)
    pack_figures.keep_old(pack, 0)
    sheet = c.pack_sheet(new, pack)
    rows = [r for r in csv.DictReader(io.StringIO(c.figures_csv(new, sheet).lstrip("\ufeff")))
            if r["id"] == made.corrected_finding]
    assert rows[0]["display_value"] == f"{made.old_value:g}%"
    assert rows[0]["edition"] == (f"edition {old.edition.id} (kept by the pack's author; this edition gives "
                                  f"{made.new_value:g}%)")
    other = [r for r in csv.DictReader(io.StringIO(c.figures_csv(new, sheet).lstrip("\ufeff")))
             if r["id"] == pack.items[1].id]
    assert other[0]["edition"].endswith(f"(edition {new.edition.id})")  # untouched rows stay as they were


def test_a_figure_gone_from_a_finding_still_here_is_said_and_can_be_updated(raw_dataset, tmp_path):
    from briefing_app.domain.loading import parse_dataset
    from briefing_app.domain.catalogue import Catalogue

    before = Catalogue(parse_dataset(json.dumps(raw_dataset).encode(), "before"))
    finding = next(f for f in raw_dataset["findings"] if len(f.get("measures", [])) >= 2)
    gone = finding["measures"].pop()
    raw_dataset["edition"]["id"] = "fictional-after"
    after = Catalogue(parse_dataset(json.dumps(raw_dataset).encode(), "after"))
    pack = Pack(title="Gone", edition=before.edition.id)
    pack.add("finding", finding["id"], catalogue=before)
    (index, result), = pack_figures.changed_items(pack, after)
    assert result.status == pack_figures.VANISHED
    sheet = c.pack_sheet(after, pack)
    texts = [i.text for i in sheet.items if isinstance(i, m.Paragraph)]
    assert any(t.startswith(f"A figure recorded from edition {before.edition.id} is not in this edition")
               and gone["label"] in t for t in texts)
    pack_figures.use_new(pack, 0, after)
    assert pack_figures.changed_items(pack, after) == [] and pack.items[0].edition == "fictional-after"
