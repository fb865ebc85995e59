"""Every notebook runs, and the committed package is exactly what the notebooks export.

The notebooks `enhanced-gan reproduce` runs (`reproduce.NOTEBOOKS`, 00-07) are executed whole, every test cell included, at the
smoke profile by tests/test_reproduce.py::test_smoke_reproduction (a failing cell fails the reproduction: notebook 08 tests
`NotebookFailed`); running them a second time here under nbdev-test doubled their cost in the suite. So this file runs every
other notebook of nbs/ (all of them but those names, so a new or renamed notebook is never left out). `nbdev-test --path nbs`
still runs them all.
"""
import filecmp, shutil, subprocess, sys
from pathlib import Path

import pytest

from enhanced_gan.reproduce import NOTEBOOKS as REPRODUCED

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
OTHERS = sorted(p.stem for p in (ROOT/"nbs").glob("[0-9]*.ipynb") if p.stem not in REPRODUCED)


@pytest.mark.parametrize("nb", OTHERS)
def test_notebook(nb):
    r = subprocess.run([str(BIN/"nbdev-test"), "--n-workers", "0", f"nbs/{nb}.ipynb"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-4000:]


def test_package_matches_notebooks(tmp_path):
    "nbdev-export in a scratch copy reproduces enhanced_gan/ byte for byte: nobody edited an exported file by hand."
    for name in ("nbs", "pyproject.toml"):
        src = ROOT/name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path/name)
    (tmp_path/"enhanced_gan").mkdir()
    shutil.copy(ROOT/"enhanced_gan"/"__init__.py", tmp_path/"enhanced_gan")
    r = subprocess.run([str(BIN/"nbdev-export")], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    fresh = sorted(p.name for p in (tmp_path/"enhanced_gan").glob("*.py"))
    assert fresh == sorted(p.name for p in (ROOT/"enhanced_gan").glob("*.py"))
    _, mismatch, errors = filecmp.cmpfiles(tmp_path/"enhanced_gan", ROOT/"enhanced_gan", fresh, shallow=False)
    assert not mismatch and not errors, f"exported modules differ from the notebooks: {mismatch}; run nbdev-export and commit"
