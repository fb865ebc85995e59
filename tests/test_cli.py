"""The console script end to end, as a user runs it from a fresh clone (the issue's 'done when')."""
import subprocess, sys
from pathlib import Path

EXE = str(Path(sys.executable).parent/"enhanced-gan")


def run(*args):
    return subprocess.run([EXE, *args], capture_output=True, text=True)


def test_phantom_prepare_and_missing_label(tmp_path):
    knee, cache = tmp_path/"X", tmp_path/"C"
    r = run("phantom", "--out", str(knee), "--subjects", "3", "--size", "small")
    assert r.returncode == 0, r.stderr
    assert len(list((knee/"imagesTr").glob("*.nii.gz"))) == 3 and (knee/"dataset.json").is_file()
    r = run("prepare", "--data", str(knee), "--res", "32", "--out", str(cache), "--figure", str(tmp_path/"fig.png"))
    assert r.returncode == 0, r.stderr
    assert len(list(cache.glob("*/meta.json"))) == 1 and (tmp_path/"fig.png").stat().st_size > 10_000
    victim = sorted((knee/"labelsTr").glob("*.nii.gz"))[0]
    victim.unlink()
    r = run("prepare", "--data", str(knee), "--res", "32", "--out", str(cache))
    assert r.returncode == 2 and str(victim) in r.stderr and "Traceback" not in r.stderr


def test_usage_error_exits_2():
    r = run("prepare", "--data", "x")
    assert r.returncode == 2 and "--res" in r.stderr
