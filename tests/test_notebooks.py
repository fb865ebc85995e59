"""Every notebook runs under nbdev-test (smoke profile), and the committed package is exactly what the notebooks export."""
import filecmp, os, shutil, subprocess, sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOKS = sorted(p.name for p in (ROOT/"nbs").glob("[0-9]*.ipynb"))


@pytest.mark.parametrize("nb", NOTEBOOKS)
def test_notebook(nb):
    r = subprocess.run([str(BIN/"nbdev-test"), "--n-workers", "0", f"nbs/{nb}"], cwd=ROOT, capture_output=True, text=True)
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
