"""The layering of docs/architecture.md, checked on the code and on what gets loaded.

Three views of one rule set, each catching what the others cannot:
import-linter reads every import statement (even one behind a function);
the subprocess checks see what a real run loads; mypy checks the core's types
and that no ``# type: ignore`` is left over.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
QT = {"PySide6", "shiboken6", "pyqtgraph"}
SQL = {"sqlalchemy", "psycopg"}


def tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    if not exe.exists():
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return str(exe)


def loaded_by(code: str) -> set[str]:
    """Every module a fresh interpreter has loaded after running ``code``."""
    script = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=99)
    assert out.returncode == 0, out.stderr[-3000:]
    return set(json.loads(out.stdout.splitlines()[-1]))


def roots(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


# ------------------------------------------------------------ the contracts
def test_import_contracts_are_kept():
    """pyproject.toml's [tool.importlinter] contracts: layers, Qt, SQL, model, CLI."""
    out = subprocess.run([tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr
    assert "0 broken" in out.stdout


def test_model_imports_only_the_standard_library():
    """Every import in tensionmap.model, even one inside a function, is stdlib or the model itself."""
    graph = grimp.build_graph("tensionmap", include_external_packages=True)
    model = {m for m in graph.modules if m == "tensionmap.model" or m.startswith("tensionmap.model.")}
    imported = {i for m in model for i in graph.find_modules_directly_imported_by(m)}
    outside = {i for i in imported - model if i.split(".")[0] not in sys.stdlib_module_names}
    assert not outside, f"the model imports {sorted(outside)}"


def test_every_top_level_module_is_under_the_contracts():
    """A new command-line module must be listed in the contracts, or it could import anything."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    top = {f"tensionmap.{p.stem}" for p in (ROOT / "tensionmap").glob("*.py") if p.stem != "__init__"}
    for contract in contracts:
        if contract["type"] == "forbidden" and "tensionmap.cli" in contract["source_modules"]:
            missing = top - set(contract["source_modules"])
            assert not missing, f"{contract['name']!r} does not list {sorted(missing)}"


# --------------------------------------------------- what a real run loads
def test_model_loads_only_the_standard_library():
    # what the interpreter loads before any of our code (site hooks, the editable install's finder)
    before = roots(loaded_by("pass"))
    loaded = roots(loaded_by("import tensionmap.model")) - before - {"tensionmap"}
    assert loaded <= set(sys.stdlib_module_names), sorted(loaded - set(sys.stdlib_module_names))


def test_commands_load_neither_qt_nor_sql():
    assert not roots(loaded_by("import tensionmap.commands")) & (QT | SQL)


@pytest.mark.parametrize("package", ["store", "analysis", "layout", "interchange"])
def test_services_do_not_load_qt(package):
    assert not roots(loaded_by(f"import tensionmap.{package}")) & QT


HEADLESS = [
    ["new", "{tmp}/a.tmap", "--example", "micro-credentials"],
    ["info", "{tmp}/a.tmap"],
    ["check", "{tmp}/a.tmap"],
    ["analyze", "{tmp}/a.tmap", "--limit", "2"],
    ["layout", "{tmp}/a.tmap", "--engine", "layered"],
    ["export", "{tmp}/a.tmap", "{tmp}/a.png", "--width", "400"],
    ["export", "{tmp}/a.tmap", "{tmp}/a.graphml"],
    ["import", "{tmp}/a.graphml", "--new", "{tmp}/b.tmap"],
    ["report", "{tmp}/a.tmap", "{tmp}/a.html"],
    ["snapshot", "{tmp}/a.tmap", "first"],
    ["diff", "{tmp}/a.tmap@first", "{tmp}/a.tmap"],
    ["whatif", "{tmp}/a.tmap", "--set", "Scalability=1"],
]


def test_headless_subcommands_load_no_ui(tmp_path):
    """The CLI does all its file, analysis, layout, export and report work without tensionmap.ui."""
    calls = [[word.format(tmp=tmp_path) for word in words] for words in HEADLESS]
    code = textwrap.dedent(f"""
        import io, contextlib
        from tensionmap.cli import main
        for words in {calls!r}:
            with contextlib.redirect_stdout(io.StringIO()):
                status = main(words)
            assert status == 0, (words, status)
    """)
    loaded = loaded_by(code)
    assert (tmp_path / "a.png").stat().st_size > 0
    assert (tmp_path / "b.tmap").exists()
    assert "<img" in (tmp_path / "a.html").read_text(encoding="utf-8")  # the map and the charts
    ui = sorted(m for m in loaded if m.startswith("tensionmap.ui"))
    assert not ui, f"headless subcommands loaded {ui}"
    assert "tensionmap.render" in loaded  # the export did draw


# ------------------------------------------------------------------- types
def test_mypy_passes_with_no_unused_ignore():
    """mypy over the files [tool.mypy] names; warn_unused_ignores makes a stale ignore an error."""
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout[-6000:] + out.stderr


# ------------------------------------------------------------------- docs
def test_the_import_diagram_in_the_docs_is_up_to_date():
    """docs/architecture.md shows the imports as they are (scripts/import_diagram.py redraws it)."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "import_diagram.py"), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert "    ui --> render" in doc and "render --> ui" not in doc


def test_no_code_or_doc_cites_a_file_outside_the_repository():
    cited = []
    for path in [*ROOT.glob("tensionmap/**/*.py"), *ROOT.glob("docs/*.md"), ROOT / "README.md"]:
        text = path.read_text(encoding="utf-8")
        if "DESIGN.md" in text or "../shared" in text:
            cited.append(str(path.relative_to(ROOT)))
    assert not cited
