"""The package's modules form layers: no module imports one that imports it back, and each imports alone without side effects."""
import ast, subprocess, sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT/"enhanced_gan"
MODULES = sorted(p.stem for p in PKG.glob("*.py") if not p.stem.startswith("_"))


def imports_of(path: Path) -> set:
    "The package modules a file imports anywhere: at the top or inside a function (a lazy import is a dependency too)."
    deps = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:                                    # from .data import x / from . import data
                deps |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
            elif node.module == "enhanced_gan": deps |= {a.name for a in node.names}
            elif node.module and node.module.startswith("enhanced_gan."): deps.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            deps |= {a.name.split(".")[1] for a in node.names if a.name.startswith("enhanced_gan.")}
    return deps & set(MODULES) - {path.stem}


def cycles(graph: dict) -> list:
    "Every import path that leads from a module back to itself, as a list of module names."
    found = []
    def walk(path):
        for nxt in sorted(graph[path[-1]]):
            if nxt == path[0]: found.append(path + [nxt])
            elif nxt not in path and nxt > path[0]: walk(path + [nxt])   # each cycle once, from its smallest name
    for m in sorted(graph): walk([m])
    return found


def test_cycles_finds_a_planted_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_lazy_imports_are_seen(tmp_path):
    f = tmp_path/"data.py"
    f.write_text("from enhanced_gan.layers import x\ndef f():\n    from enhanced_gan.phantom import y\n    import enhanced_gan.loss\n")
    assert imports_of(f) == {"layers", "phantom", "loss"}


def test_no_module_imports_one_that_imports_it_back():
    graph = {m: imports_of(PKG/f"{m}.py") for m in MODULES}
    assert graph["sources"] == {"data", "phantom"} and "phantom" not in graph["data"], graph   # the walk sees the real imports
    assert not cycles(graph), "import circles: " + "; ".join(" -> ".join(c) for c in cycles(graph))


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_alone_without_side_effects(module, tmp_path):
    "In a fresh interpreter and an empty folder: the import succeeds, prints nothing and writes nothing."
    r = subprocess.run([sys.executable, "-c", f"import enhanced_gan.{module}"], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout == "" and r.stderr == "", (r.stdout, r.stderr)
    assert not list(tmp_path.iterdir()), list(tmp_path.iterdir())


@pytest.mark.parametrize("module", MODULES)
def test_module_states_its_job_in_one_line(module):
    doc = ast.get_docstring(ast.parse((PKG/f"{module}.py").read_text()))
    assert doc and "\n" not in doc.strip(), f"{module}: the module docstring should be one line saying what it is for"
