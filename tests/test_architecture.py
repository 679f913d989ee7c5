"""The layer rules written in pyproject.toml ([tool.importlinter]) hold for the source in this repository.

The check runs `lint-imports` in a fresh interpreter with this repository's src first on the path, so the
code checked is the code tested, not an installed copy. On failure the message names each broken contract,
then gives import-linter's report: the import chains that break it, with their line numbers.
"""

import ast
import importlib
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LINT = (
    "import sys\n"
    "from importlinter.cli import lint_imports\n"
    "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))\n"
)


def run_lint_imports() -> subprocess.CompletedProcess:
    path = [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    # A wide console, so that no contract's name is wrapped across lines in the report.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path), "COLUMNS": "400"}
    return subprocess.run([sys.executable, "-c", LINT], cwd=ROOT, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


def broken_contracts(report: str) -> list[str]:
    return [line.rsplit(" BROKEN", 1)[0] for line in report.splitlines() if " BROKEN" in line]


def test_import_contracts_are_kept():
    result = run_lint_imports()
    report = result.stdout + result.stderr
    assert "Contracts:" in report, report  # the configuration was read and the contracts were checked
    broken = broken_contracts(report)
    assert result.returncode == 0 and not broken, "Broken import contracts:\n  " + "\n  ".join(broken) + "\n\n" + report


def run_make_diagram(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])])}
    return subprocess.run([sys.executable, str(ROOT / "docs" / "make_diagram.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def test_architecture_diagram_is_drawn_from_the_code():
    """docs/architecture.md's diagram is the one the imports give today (redraw: docs/make_diagram.py --write)."""
    result = run_make_diagram("--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_diagram_shows_every_layer_and_no_arrow_upwards():
    drawn = run_make_diagram()
    assert drawn.returncode == 0, drawn.stderr
    boxes = re.findall(r'^  (\w+)\["([^"]+)"\]$', drawn.stdout, re.M)
    order = [box for box, _ in boxes]
    assert {"domain", "storage", "qtmodels", "views", "charts", "sheets", "cli"} <= set(order)
    arrows = re.findall(r"^  (\w+) --> (\w+)$", drawn.stdout, re.M)
    assert len(arrows) >= 10  # the domain alone is imported by every layer above it
    upward = [(a, b) for a, b in arrows if order.index(a) >= order.index(b)]
    assert upward == []


def _imported_names(path: Path) -> list[tuple[int, str, str]]:
    """(line, module, name) of each ``from briefing_app… import name`` in a script outside src/."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.lineno, node.module, alias.name) for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("briefing_app")
            for alias in node.names]


def test_scripts_outside_src_import_names_that_exist():
    """The benchmarks, packaging and docs scripts are not run by the tests: after a module is split or a name
    moves, their imports must still resolve (a benchmark that cannot start measures nothing)."""
    scripts = sorted([*ROOT.glob("bench/*.py"), *ROOT.glob("packaging/**/*.py"), *ROOT.glob("docs/*.py")])
    checked, missing = 0, []
    for script in scripts:
        for line, module_name, name in _imported_names(script):
            module = importlib.import_module(module_name)
            if not hasattr(module, name) and importlib.util.find_spec(f"{module_name}.{name}") is None:
                missing.append(f"{script.relative_to(ROOT)}:{line}: {module_name}.{name}")
            checked += 1
    assert checked >= 10  # bench/ alone imports more than this
    assert missing == []
