"""Draw the package import diagram of docs/architecture.md from the code.

    python scripts/import_diagram.py          rewrite the diagram in the doc
    python scripts/import_diagram.py --check  exit 1 if the doc is out of date

The diagram sits between two marker lines in docs/architecture.md. It is
built with grimp (the graph import-linter checks), so every import counts,
including those inside functions: an arrow A --> B means some module of A
imports some module of B. The table under it lists the third-party packages
each layer imports.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
START = "<!-- import-diagram:start (scripts/import_diagram.py writes this part) -->"
END = "<!-- import-diagram:end -->"

#: The parts of the package, top layer first; the command line counts as one part.
PARTS = ("cli", "ui", "render", "interchange", "store", "analysis", "layout", "commands", "model", "examples")


def part_of(module: str) -> str | None:
    """``tensionmap.store.file`` -> ``store``; ``tensionmap.cli_tools`` -> ``cli``; ``tensionmap`` -> None."""
    pieces = module.split(".")
    if pieces[0] != "tensionmap" or len(pieces) < 2:
        return None
    name = pieces[1]
    return name if name in PARTS else "cli"  # the top-level modules: the command line and its helpers


def edges_and_libraries() -> tuple[set[tuple[str, str]], dict[str, set[str]]]:
    graph = grimp.build_graph("tensionmap", include_external_packages=True)
    edges: set[tuple[str, str]] = set()
    libraries: dict[str, set[str]] = {part: set() for part in PARTS}
    for module in graph.modules:
        source = part_of(module)
        if source is None:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            target = part_of(imported)
            if target is not None and target != source:
                edges.add((source, target))
            elif not imported.startswith("tensionmap"):
                top = imported.split(".")[0]
                if top not in sys.stdlib_module_names:
                    libraries[source].add(top)
    return edges, libraries


def diagram() -> str:
    edges, libraries = edges_and_libraries()
    lines = ["```mermaid", "flowchart TD"]
    lines += [f"    {part}[{part}]" for part in PARTS]
    order = {part: i for i, part in enumerate(PARTS)}
    for source, target in sorted(edges, key=lambda e: (order[e[0]], order[e[1]])):
        lines.append(f"    {source} --> {target}")
    lines += ["```", "", "| part | third-party packages it imports |", "| --- | --- |"]
    for part in PARTS:
        found = ", ".join(sorted(libraries[part], key=str.lower)) or "none (standard library only)"
        lines.append(f"| {part} | {found} |")
    return "\n".join(lines)


def updated(text: str) -> str:
    """The doc with the part between the markers replaced by the current diagram."""
    if START not in text or END not in text:
        raise SystemExit(f"{DOC.name}: the diagram markers are missing")
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{START}\n{diagram()}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the doc is out of date")
    args = parser.parse_args(argv)
    text = DOC.read_text(encoding="utf-8")
    new = updated(text)
    if args.check:
        if new != text:
            print(f"{DOC.relative_to(ROOT)} is out of date: run python scripts/import_diagram.py")
            return 1
        return 0
    DOC.write_text(new, encoding="utf-8")
    print(f"wrote the import diagram into {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
