"""Draw docs/architecture.md's package diagram from the code's imports (grimp, import-linter's graph library).

    python docs/make_diagram.py           print the diagram
    python docs/make_diagram.py --write   replace the diagram between the markers in docs/architecture.md
    python docs/make_diagram.py --check   exit 1 if the committed diagram differs from the code (tests run this)

Each box is a package or top-level module of src/briefing_app, in the order of the layers that
pyproject.toml's import-linter contract sets (top to bottom); the package's own __init__, which holds only
the name and version, is left out. An arrow A --> B means some module of A imports some module of B, at the
top of the file or inside a function (type hints under ``if TYPE_CHECKING:`` are not imports at run time, and
the contracts leave them out too). When the layers contract is
kept, every arrow points down.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
BEGIN = "<!-- diagram: made by docs/make_diagram.py from the imports; do not edit by hand -->"
END = "<!-- end of diagram -->"


def layers() -> list[list[str]]:
    """The layers contract's layers, top first, each a list of names (``a | b`` are side by side)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "layers")
    return [[name.strip().removeprefix("briefing_app.") for name in layer.split("|")] for layer in contract["layers"]]


def box(module: str) -> str | None:
    """The box a module belongs to; None for the package itself (its name and version, imported by all)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def edges() -> set[tuple[str, str]]:
    sys.path.insert(0, str(ROOT / "src"))
    graph = grimp.build_graph("briefing_app", exclude_type_checking_imports=True)  # as the contracts
    found: set[tuple[str, str]] = set()
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            a, b = box(importer), box(imported)
            if a and b and a != b:
                found.add((a, b))
    return found


def mermaid(found: set[tuple[str, str]]) -> str:
    order = [name for layer in layers() for name in layer]
    missing = sorted({name for edge in found for name in edge} - set(order))
    if missing:
        raise SystemExit(f"Not in the layers contract of pyproject.toml: {', '.join(missing)}")
    ids = {name: name.strip("_") for name in order}
    lines = ["```mermaid", "flowchart TD"]
    lines += [f'  {ids[name]}["{name}"]' for name in order]
    for a, b in sorted(found, key=lambda edge: (order.index(edge[0]), order.index(edge[1]))):
        lines.append(f"  {ids[a]} --> {ids[b]}")
    lines.append("```")
    return "\n".join(lines)


def current_doc_diagram(text: str) -> str:
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[start:end].strip("\n")


def main(argv: list[str]) -> int:
    diagram = mermaid(edges())
    if not argv:
        print(diagram)
        return 0
    text = DOC.read_text(encoding="utf-8")
    if argv == ["--check"]:
        if current_doc_diagram(text) == diagram:
            return 0
        print(f"{DOC} is out of date: run python docs/make_diagram.py --write\n\n{diagram}")
        return 1
    if argv == ["--write"]:
        start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
        DOC.write_text(text[:start] + "\n" + diagram + "\n" + text[end:], encoding="utf-8")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
