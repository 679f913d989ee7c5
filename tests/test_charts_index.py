"""The chart's index of percentage figures gives the same chart as the plain filter-and-sort it replaces, and
the cheaper redraws (the table measured when shown, only the bars in sight painted) change nothing seen."""

from __future__ import annotations

import random

import pytest

from briefing_app.charts import render
from briefing_app.charts import spec as chart_spec
from briefing_app.charts.spec import ChartSpec, UnknownChartSubject, _bar, sector_chart, sector_spec
from briefing_app.charts.widget import ChartPanel, ChartTableModel
from briefing_app.domain import Catalogue, Unit, load_dataset
from briefing_app.domain.search import RowIds


def plain_sector_spec(catalogue, sector_id, visible_finding_ids=None) -> ChartSpec:
    """sector_spec as it was before the index: every figure filtered and sorted on each call (the text
    around the bars is built by the same sector_chart)."""
    if sector_id is not None and sector_id not in catalogue.sectors:
        raise UnknownChartSubject(sector_id)
    all_pairs = catalogue.percent_measures(sector_id)
    pairs = all_pairs
    if visible_finding_ids is not None:
        order = {fid: i for i, fid in enumerate(visible_finding_ids)}
        pairs = sorted((p for p in all_pairs if p[0].id in order), key=lambda p: order[p[0].id])
    matching = len(pairs)
    pairs = pairs[: chart_spec.MAX_BARS]
    bars = tuple(
        _bar(catalogue, f, m, f"{catalogue.sectors[f.sector].name}: " if sector_id is None else "") for f, m in pairs
    )
    return sector_chart(catalogue, sector_id, total=len(all_pairs), matching=matching, pairs=pairs, bars=bars)


def visible_lists(catalogue: Catalogue, seed: int) -> list[list[str]]:
    """Ids as the findings table might list them, and some it never would (repeats, unknown ids)."""
    ids = [f.id for f in catalogue.dataset.findings]
    rng = random.Random(seed)
    shuffled = rng.sample(ids, len(ids))
    return [
        ids,
        ids[::-1],
        ids[::3],
        shuffled,
        shuffled[: len(ids) // 4],
        [],
        [ids[0]],
        [*ids[:5], *ids[:3], "no-such-finding"],  # repeated: a finding takes the place of its last mention
    ]


def check_same_specs(catalogue: Catalogue, seed: int = 1) -> None:
    for sector_id in [None, *catalogue.sectors]:
        assert sector_spec(catalogue, sector_id) == plain_sector_spec(catalogue, sector_id)
        for visible in visible_lists(catalogue, seed):
            expected = plain_sector_spec(catalogue, sector_id, visible)
            assert sector_spec(catalogue, sector_id, visible) == expected
            assert sector_spec(catalogue, sector_id, iter(visible)) == expected
            if len(set(visible)) == len(visible) and all(fid in catalogue.findings for fid in visible):
                rows = [catalogue.dataset.findings.index(catalogue.findings[fid]) for fid in visible]
                assert sector_spec(catalogue, sector_id, RowIds(visible, rows, catalogue)) == expected
                # Rows of another catalogue are not used: the ids decide.
                other = Catalogue(catalogue.dataset)
                assert sector_spec(catalogue, sector_id, RowIds(visible, rows[::-1], other)) == expected


@pytest.mark.parametrize("max_bars", [100, 5, 1])
def test_index_gives_the_charts_of_filter_and_sort_on_the_bundled_dataset(catalogue, monkeypatch, max_bars):
    monkeypatch.setattr(chart_spec, "MAX_BARS", max_bars)
    check_same_specs(Catalogue(catalogue.dataset))


@pytest.mark.parametrize("max_bars", [100, 3])
def test_index_gives_the_charts_of_filter_and_sort_on_a_changed_dataset(raw_dataset, write_json, monkeypatch, max_bars):
    monkeypatch.setattr(chart_spec, "MAX_BARS", max_bars)
    findings = raw_dataset["findings"]
    rng = random.Random(5)
    rng.shuffle(findings)
    sectors = [s["id"] for s in raw_dataset["sectors"]]
    for finding in findings[::4]:  # another sector
        finding["sector"] = sectors[(sectors.index(finding["sector"]) + 1) % len(sectors)]
    for finding in findings[1::5]:  # figures added, removed and reordered
        if finding.get("measures"):
            measures = finding["measures"]
            added = {**measures[0], "label": "Another share", "unit": "percent", "value": 12.5}
            added.pop("compare_as", None)
            finding["measures"] = [added, *measures[::-1]]
    for finding in findings[2::7]:
        for measure in finding.get("measures", []):
            if measure["unit"] == "percent":
                measure["unit"] = "count"
                measure["value"] = 1234
                measure.pop("compare_as", None)  # only percentages are compared across sectors
    catalogue = Catalogue(load_dataset(write_json(raw_dataset)))
    assert any(m.unit == Unit.PERCENT for f in catalogue.dataset.findings for m in f.measures)
    check_same_specs(catalogue, seed=9)


def test_the_panel_uses_the_rows_the_window_hands_over(qtbot, catalogue):
    panel = ChartPanel(catalogue)
    qtbot.addWidget(panel)
    ids = [f.id for f in catalogue.findings_in("health")][::2]
    rows = [catalogue.dataset.findings.index(catalogue.findings[fid]) for fid in ids]
    panel.set_sector("health", RowIds(ids, rows, catalogue))
    assert panel.spec == plain_sector_spec(catalogue, "health", ids)


def test_the_same_rows_again_skip_building_the_chart(qtbot, catalogue, monkeypatch):
    from briefing_app.charts import widget

    panel = ChartPanel(catalogue)
    qtbot.addWidget(panel)
    built = []
    monkeypatch.setattr(widget, "sector_spec", lambda *args: (built.append(args), sector_spec(*args))[1])
    ids = [f.id for f in catalogue.findings_in("health")][1::2]
    rows = [catalogue.dataset.findings.index(catalogue.findings[fid]) for fid in ids]
    panel.set_sector("health", RowIds(ids, rows, catalogue))
    spec = panel.spec
    panel.set_sector("health", RowIds(ids, rows, catalogue))  # the very list of rows: the table is unchanged
    assert len(built) == 1 and panel.spec is spec
    panel.set_sector("health", RowIds(ids, list(rows), catalogue))  # another list: built again, the same chart
    panel.set_sector(None, RowIds(ids, list(rows), catalogue))  # another sector
    assert len(built) == 3 and panel.spec == plain_sector_spec(catalogue, None, ids)


# ---- the table is measured when shown; unchanged rows are not reset --------------------------------------


def row_heights(panel: ChartPanel) -> list[int]:
    return [panel.table.rowHeight(row) for row in range(panel.table_model.rowCount())]


def test_rows_measured_when_the_table_is_shown_are_those_measured_at_once(panel, catalogue):
    ids = [f.id for f in catalogue.dataset.findings][::2]
    panel.set_sector(None, ids)  # the chart is shown: the table's rows wait
    panel.set_table_shown(True)
    later = row_heights(panel)
    panel.set_sector("health")
    panel.set_sector(None, ids)  # the table is shown: measured at once
    assert row_heights(panel) == later
    assert any(height > panel.table.verticalHeader().defaultSectionSize() for height in later)


def test_a_spec_with_the_same_bars_keeps_the_table_rows(qtbot, qtmodeltester, catalogue):
    model = ChartTableModel()
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    first = sector_spec(catalogue, "health")
    assert model.set_spec(first) and len(resets) == 1
    retitled = ChartSpec(**{**first.__dict__, "caption": first.caption + " Changed."})
    assert not model.set_spec(retitled) and len(resets) == 1 and model.spec is retitled
    assert model.set_spec(sector_spec(catalogue, "education")) and len(resets) == 2
    qtmodeltester.check(model)


# ---- painting only the bars in sight --------------------------------------------------------------------


def test_painting_the_bars_in_sight_only_looks_the_same(panel, qtbot, monkeypatch):
    painted = []
    paint_bar = render.BarsItem._paint_bar
    monkeypatch.setattr(render.BarsItem, "_paint_bar", lambda self, *args: (painted.append(1), paint_bar(self, *args)))
    exposed = render._exposed
    bars = panel.spec.bars
    assert len(bars) > 20, "a chart taller than its pane"
    host = panel.window()
    for position in (0, 700, 10**6):
        for highlighted in (None, bars[len(bars) // 2].finding_id):
            panel.highlight(highlighted)
            panel.scroll.verticalScrollBar().setValue(position)
            qtbot.wait(10)
            monkeypatch.setattr(render, "_exposed", exposed)
            panel.chart.viewport().update()
            painted.clear()
            culled = host.grab().toImage()
            in_sight = len(painted)
            assert in_sight < len(bars)
            assert in_sight or position > 2000  # at the very bottom only the caption and sources show
            monkeypatch.setattr(render, "_exposed", lambda option, whole: whole)
            panel.chart.viewport().update()
            painted.clear()
            everything = host.grab().toImage()
            assert len(painted) == (len(bars) if in_sight else 0)  # Qt skips the bars when none shows
            assert culled == everything, (position, highlighted)
