"""Benchmarks, each reported as a ratio against a baseline measured in the same run on the same machine.

    python bench/run.py [--repeat N] [--quick] [--output bench/results.json] [--work-dir build]

Prints a table of medians, minimums and maximums (and 95th percentiles where latency matters), writes it
to bench/results.txt and everything measured to bench/results.json. Not part of the test suite's
pass/fail: tests/test_bench_smoke.py only checks that it runs (with --quick).

What is measured (the targets are in the table):
  start-up       launch to the first painted main window (panes filled), and to the first painted chart,
                 whole process, offscreen, against a bare QMainWindow + QLabel and a bare window with one
                 pyqtgraph bar chart started the same way; resident memory at the first paint; for
                 context, the same bare window after loading the dataset (the floor of the design)
  load           parse_dataset (decode, pydantic validation, whole-dataset checks) of the bundled dataset
                 and of a generated one with 100,000 findings, against json.loads of the same bytes
  search         per-keystroke latency typing "leadership" into the real MainWindow on the 100,000-finding
                 dataset, with and without the extensions, against a plain QSortFilterProxyModel
  sheets         writing the health sheet PDF and every sheet (sheet --all) after start-up, and the health
                 sheet of a generated edition with about 1,000 findings per sector, against a one-line
                 QPdfWriter PDF

Machine noise: start-up launches are interleaved (bare, app, bare chart, app chart), as are the load and
search runs and their baselines; medians are compared.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

SEARCH_WORD = "leadership"
# The search with extensions attached is run in one process (attaching them to a 100,000-finding window
# takes about 15 s), typing the word EXTENSIONS_SEARCH_TYPINGS times, each from a cold search, within
# this budget; the other search benchmark types it once in each of `repeat` processes.
EXTENSIONS_SEARCH_TYPINGS = 3
EXTENSIONS_SEARCH_BUDGET_SECONDS = 900


def summary(values: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(values), "min": min(values), "max": max(values),
        "p95": percentile(values, 95), "n": len(values),
    }


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile (the smallest value with at least q % of the values at or below it)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceiling
    return ordered[int(rank) - 1]


def bench_env() -> dict[str, str]:
    """Offscreen on a 1366×768 screen (the officials' usual laptop: the window then has its full layout,
    with the chart beside the panes; on Qt's default 800×800 offscreen screen the chart would be a tab
    behind Detail and never paint), with fresh settings and log folders: every launch is a first launch."""
    folder = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    screen = folder / "offscreen.json"
    screen.write_text(json.dumps({"screens": [{"name": "Bench", "x": 0, "y": 0, "width": 1366, "height": 768,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    return dict(
        os.environ,
        QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
        BRIEFING_APP_CONFIG_DIR=str(folder / "config"),
        BRIEFING_APP_LOG_DIR=str(folder / "log"),
    )


def time_call(func: Callable[[], object]) -> float:
    """Seconds taken by func, from a freshly collected heap; its result is freed after the clock stops."""
    gc.collect()
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    del result
    return elapsed


def ratio_result(name: str, ours: list[float], baseline_name: str, baseline: list[float], target: float) -> dict:
    ratio = statistics.median(ours) / statistics.median(baseline)
    return {
        "name": name,
        "unit": "s",
        "measured": summary(ours),
        "baseline": {"name": baseline_name, **summary(baseline)},
        "ratio": ratio,
        "target": f"<= {target}x baseline",
        "met": ratio <= target,
    }


def info_result(name: str, values: list[float], note: str, unit: str = "s") -> dict:
    """A measurement shown for context, with no target of its own."""
    return {"name": name, "unit": unit, "measured": summary(values), "target": "(info)", "met": None, "note": note}


# ---- start-up and memory ---------------------------------------------------------------------------------


def first_paint(kind: str) -> tuple[float, float]:
    """Seconds from launch to first paint (or first chart paint), and resident MiB at that moment."""
    args = [sys.executable, str(HERE / "first_paint.py"), kind]
    start = time.time()
    result = subprocess.run(args, capture_output=True, text=True, env=bench_env(), timeout=120)
    lines = [line for line in result.stdout.splitlines() if line.startswith(("paint ", "chart "))]
    if not lines:
        raise RuntimeError(f"{kind}: no paint reported\n{result.stdout}\n{result.stderr}")
    _, stamp, rss = lines[0].split()
    return float(stamp) - start, float(rss)


def bench_startup(repeat: int) -> list[dict]:
    bare, floor, app, bare_chart, chart_floor, app_chart = [], [], [], [], [], []
    rss = {"bare": [], "bare-domain": [], "app": [], "bare-chart": [], "bare-chart-domain": [], "app-chart": []}
    for _ in range(repeat):  # interleaved so that machine noise hits both sides alike
        for kind, times in (("bare", bare), ("bare-domain", floor), ("app", app), ("bare-chart", bare_chart),
                            ("bare-chart-domain", chart_floor), ("app-chart", app_chart)):
            seconds, mib = first_paint(kind)
            times.append(seconds)
            rss[kind].append(mib)

    def memory(name: str, ours: str, baseline_name: str, baseline: str) -> dict:
        return {
            "name": name,
            "unit": "MiB",
            "measured": summary(rss[ours]),
            "baseline": {"name": baseline_name, **summary(rss[baseline])},
            "ratio": statistics.median(rss[ours]) / statistics.median(rss[baseline]),
            "target": "<= 150 MiB",
            "met": statistics.median(rss[ours]) <= 150,
        }

    def floor_result(name: str, times: list[float], baseline_name: str, baseline: list[float]) -> dict:
        result = ratio_result(name, times, baseline_name, baseline, target=0)
        result.update(
            target="(info)", met=None,
            note="the same bare window after importing the domain (pydantic), validating the bundled dataset "
                 "and creating Qt's enum namespace: what the design costs before any widget of the application",
        )
        return result

    return [
        ratio_result("Start-up to first paint, panes filled", app, "bare QMainWindow + QLabel", bare, target=2.0),
        floor_result("Start-up floor: bare window after loading the dataset", floor, "bare QMainWindow + QLabel", bare),
        ratio_result("Start-up to first chart drawn", app_chart, "bare window, one pyqtgraph bar chart", bare_chart, target=1.2),
        floor_result("Chart floor: bare chart window after loading the dataset", chart_floor,
                     "bare window, one pyqtgraph bar chart", bare_chart),
        memory("Resident memory at first paint (bundled dataset)", "app", "bare QMainWindow + QLabel", "bare"),
        memory("Resident memory with the chart drawn (extensions on)", "app-chart",
               "bare window, one pyqtgraph bar chart", "bare-chart"),
    ]


# ---- loading ----------------------------------------------------------------------------------------------


def bench_load(repeat: int, generated: bytes, findings: int) -> list[dict]:
    from briefing_app.domain import Catalogue, bundled_dataset_path
    from briefing_app.domain.loading import parse_dataset

    results = []
    # parse_dataset on the bytes: the generated file (about 150 MiB for 100,000 findings) is over the
    # loader's 64 MB file cap (MAX_DATASET_BYTES), which load_dataset applies before reading a file.
    for label, data in (("bundled dataset", bundled_dataset_path().read_bytes()), (f"{findings:,} findings", generated)):
        base, base_paused, ours = [], [], []
        for _ in range(repeat):  # interleaved
            base.append(time_call(lambda: json.loads(data)))
            ours.append(time_call(lambda: parse_dataset(data, "bench.json")))
            base_paused.append(time_call(lambda: json_loads_gc_paused(data)))
        result = ratio_result(f"Load and validate, {label}", ours, "json.loads of the same bytes", base, target=2.0)
        result["bytes"] = len(data)
        # parse_dataset pauses the garbage collector while it builds the dataset (see loading.py), which
        # plain json.loads does not: for a fair view, the ratio to json.loads with the same pause too.
        result["baseline_gc_paused"] = summary(base_paused)
        result["ratio_to_gc_paused"] = statistics.median(ours) / statistics.median(base_paused)
        result["note"] = f"{result['ratio_to_gc_paused']:.2f}x json.loads run with the garbage collector paused too"
        results.append(result)
    dataset = parse_dataset(generated, "bench.json")
    index = []
    for _ in range(max(1, repeat // 3)):
        catalogue = Catalogue(dataset, "bench.json")
        index.append(time_call(lambda: (catalogue.finding_search, catalogue.recommendation_search)))
    results.append(info_result(
        f"Search index build, {findings:,} findings", index,
        "once per dataset, after the window is shown (or at the first keystroke if sooner)",
    ))
    return results


def json_loads_gc_paused(data: bytes) -> object:
    gc.disable()
    try:
        return json.loads(data)
    finally:
        gc.enable()


# ---- search ---------------------------------------------------------------------------------------------------


def search_run(kind: str, dataset: Path, words: list[str], budget: float) -> tuple[dict, list[float], str]:
    """Run search_latency.py; its set-up record, the keystroke latencies, and "" if it finished in time,
    else why not."""
    args = [sys.executable, str(HERE / "search_latency.py"), kind, "--dataset", str(dataset), "--words", ",".join(words)]
    errors = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=errors, text=True, env=bench_env())
    records: queue.Queue = queue.Queue()

    def read() -> None:
        for line in process.stdout:
            if line.startswith("{"):
                records.put(json.loads(line))
        records.put(None)  # end of output

    threading.Thread(target=read, daemon=True).start()
    setup: dict = {}
    latencies: list[float] = []
    finished = False
    deadline = time.monotonic() + budget
    try:
        while not finished:
            try:
                record = records.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break  # over budget
            if record is None:
                break
            if "keystroke" in record:
                latencies.append(record["seconds"])
            elif record.get("done"):
                finished = True
            elif "kind" in record:
                setup = record
    finally:
        over_budget = process.poll() is None
        if over_budget:
            process.kill()
        process.wait()
    errors.seek(0)
    messages = [line for line in errors.read().splitlines() if "propagateSizeHints" not in line]
    if finished:
        why = ""
    elif over_budget:
        why = f"over the {budget:.0f} s budget"
    else:
        why = f"the process ended with status {process.returncode}: {' / '.join(messages[-3:]) or 'no message'}"
    if not latencies:
        raise RuntimeError(f"search benchmark {kind} measured no keystroke: {why}")
    return setup, latencies, why


def bench_search(repeat: int, dataset: Path, findings: int) -> list[dict]:
    ours, base, setups = [], [], []
    for _ in range(repeat):  # interleaved
        setup, latencies, _ = search_run("app", dataset, [SEARCH_WORD], budget=600)
        ours += latencies
        setups.append(setup)
        base += search_run("baseline", dataset, [SEARCH_WORD], budget=600)[1]
    target = "median <= 30 ms, p95 <= 60 ms"
    plain = ratio_result(f"Search keystroke, {findings:,} findings, no extensions", ours,
                         "QSortFilterProxyModel.setFilterFixedString", base, target=0)
    plain.update(target=target, met=statistics.median(ours) <= 0.030 and percentile(ours, 95) <= 0.060)
    plain["setup"] = setups
    typed = [SEARCH_WORD] * EXTENSIONS_SEARCH_TYPINGS
    setup, latencies, why = search_run("app-extensions", dataset, typed, EXTENSIONS_SEARCH_BUDGET_SECONDS)
    first = latencies[: len(SEARCH_WORD)]
    with_extensions = ratio_result(f"Search keystroke, {findings:,} findings, with extensions", latencies,
                                   "QSortFilterProxyModel.setFilterFixedString", base, target=0)
    with_extensions.update(
        target=target,
        met=not why and statistics.median(latencies) <= 0.030 and percentile(latencies, 95) <= 0.060,
        setup=[setup],
        note=f"typed {len(typed)} times in one process (window shown and extensions attached in "
        f"{setup.get('window_seconds', 0) + setup.get('extensions_seconds', 0):.0f} s); the first typing alone: "
        f"median {statistics.median(first) * 1000:.1f} ms, slowest {max(first) * 1000:.1f} ms"
        + (f"; stopped after {len(latencies)} of {len(SEARCH_WORD) * len(typed)} keystrokes: {why}" if why else ""),
    )
    return [plain, with_extensions]


# ---- briefing sheets ------------------------------------------------------------------------------------------


def bench_sheets(repeat: int) -> list[dict]:
    args = [sys.executable, str(HERE / "sheet_timing.py"), "--repeat", str(repeat)]
    result = subprocess.run(args, capture_output=True, text=True, env=bench_env(), timeout=1800)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"sheet benchmark failed\n{result.stdout}\n{result.stderr}")
    timing = json.loads(lines[-1])
    baseline = timing["baseline_seconds"]
    health = ratio_result("Briefing sheet PDF, health, after start-up", timing["health_seconds"],
                          "one-line QPdfWriter PDF", baseline, target=0)
    health.update(target="<= 300 ms per sheet", met=statistics.median(timing["health_seconds"]) <= 0.300)
    per_sheet = [seconds / timing["all_sheet_count"] for seconds in timing["all_seconds"]]
    every = ratio_result(f"Briefing sheet PDFs, sheet --all ({timing['all_sheet_count']} sheets), per sheet",
                         per_sheet, "one-line QPdfWriter PDF", baseline, target=0)
    every.update(target="<= 300 ms per sheet", met=statistics.median(per_sheet) <= 0.300)
    first = info_result("Briefing sheet PDF, health, first in the process", [timing["first_health_seconds"]],
                        "includes importing the sheet and chart modules (pyqtgraph)")
    large = ratio_result(f"Sector sheet PDF, {timing['large_sector_findings']:,} findings in the sector",
                         timing["large_sector_seconds"], "one-line QPdfWriter PDF", baseline, target=0)
    large.update(target=f"<= 5 s and <= 4 pages ({timing['large_sector_pages']})",
                 met=statistics.median(timing["large_sector_seconds"]) <= 5.0 and timing["large_sector_pages"] <= 4)
    return [health, every, first, large]


# ---- report ------------------------------------------------------------------------------------------------------


def format_value(value: float, unit: str) -> str:
    return f"{value * 1000:8.1f}ms" if unit == "s" else f"{value:7.1f}{unit[:3]:<3}"


def print_table(results: list[dict]) -> str:
    header = (f"{'benchmark':<62} {'median':>10} {'min':>10} {'max':>10} {'p95':>10} {'baseline':>10} "
              f"{'ratio':>7}  {'target':<30} met")
    lines = [header, "-" * len(header)]
    for r in results:
        m, unit = r["measured"], r["unit"]
        values = " ".join(format_value(m[key], unit) for key in ("median", "min", "max", "p95"))
        base = format_value(r["baseline"]["median"], unit) if "baseline" in r else " " * 10
        ratio = f"{r['ratio']:6.2f}x" if "ratio" in r else " " * 7
        met = {True: "yes", False: "NO", None: ""}[r["met"]]
        lines.append(f"{r['name']:<62} {values} {base} {ratio}  {r['target']:<30} {met}")
    notes = [f"  {r['name']}: {r['note']}" for r in results if r.get("note")]
    baselines = sorted({f"  {r['baseline']['name']}" for r in results if "baseline" in r})
    text = "\n".join(lines + ["", "Baselines (median shown):", *baselines] + (["", "Notes:", *notes] if notes else []))
    print(text)
    return text


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = Path("/proc/loadavg").read_text().split()[:3]
    except OSError:
        load = []
    return {"python": platform.python_version(), "platform": platform.platform(), "cpu": cpu,
            "cores": os.cpu_count(), "load_average": load}


def generated_dataset(findings: int, folder: Path) -> tuple[Path, bytes]:
    """The generated dataset, written once into ``folder`` (and again when the bundled dataset changes)."""
    from briefing_app.domain import bundled_dataset_path

    path = folder / f"bench-dataset-{findings}.json"
    if not path.exists() or path.stat().st_mtime < bundled_dataset_path().stat().st_mtime:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(generate(findings))
    return path, path.read_bytes()


def compile_sources() -> None:
    """Write the bytecode of the application's modules before timing anything.

    An installed application has it (pip compiles a wheel on install; PyInstaller bundles compiled modules),
    so start-up is measured that way. In a source checkout run with PYTHONDONTWRITEBYTECODE set (as on the
    machine the committed results come from), every launch would otherwise recompile about 50 modules
    (40-100 ms), a cost no user pays. compileall writes the files whatever that variable says.
    """
    import compileall

    compileall.compile_dir(str(REPO / "src"), quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="one or two repeats and a small generated dataset (smoke test)")
    parser.add_argument("--output", default=str(HERE / "results.json"))
    parser.add_argument("--work-dir", default=str(REPO / "build"), help="where the generated dataset is kept")
    args = parser.parse_args(argv)
    repeat = 1 if args.quick else args.repeat
    findings = 1_000 if args.quick else 100_000

    started = time.time()
    compile_sources()
    before = machine()
    dataset_path, generated = generated_dataset(findings, Path(args.work_dir))
    results: list[dict] = []
    results += bench_startup(repeat)
    results += bench_load(max(2, repeat), generated, findings)
    del generated
    results += bench_search(repeat, dataset_path, findings)
    results += bench_sheets(max(2, repeat))
    for extra in EXTRA_BENCHMARKS:
        results += extra(repeat, findings)
    table = print_table(results)
    after = machine()
    payload = {
        "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "duration_seconds": round(time.time() - started, 1),
        "machine": {**after, "load_average_before": before["load_average"]},
        "repeat": repeat,
        "quick": args.quick,
        "results": results,
        "table": table,
    }
    output = Path(args.output)
    output.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    output.with_suffix(".txt").write_text(
        f"{payload['generated']}  {after['cpu']}, {after['cores']} cores, Python {after['python']}, "
        f"load average before {' '.join(before['load_average'])}, after {' '.join(after['load_average'])}"
        f"{', quick run' if args.quick else ''}\n\n{table}\n",
        encoding="utf-8",
    )
    print(f"\nwrote {output} and {output.with_suffix('.txt')}")
    return 0


EXTRA_BENCHMARKS: list[Callable[[int, int], list[dict]]] = []

if __name__ == "__main__":
    sys.exit(main())
