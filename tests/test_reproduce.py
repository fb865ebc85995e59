"""`enhanced-gan reproduce` end to end at the smoke profile, as a user runs it: every notebook, the paper's tables, the report."""
import hashlib, json, re, subprocess, sys, time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
EXE = str(Path(sys.executable).parent/"enhanced-gan")


def run(*args, timeout=None):
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=timeout)


def test_smoke_reproduction(tmp_path):
    "Also the test of notebooks 00-07 (reproduce.NOTEBOOKS): papermill runs every cell of each, their test cells included, so a failing assert fails this test (tests/test_notebooks.py runs the others)."
    from enhanced_gan.reproduce import NOTEBOOKS
    from enhanced_gan.verdicts import VERDICTS, CLAIMS
    out = tmp_path/"repro"
    t0 = time.time()
    r = run("reproduce", "--profile", "smoke", "--out", str(out), timeout=1800)
    seconds = time.time() - t0
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    n = len(NOTEBOOKS)
    assert f"[1/{n}] 00_data ..." in r.stdout and f"[{n}/{n}] {NOTEBOOKS[-1]} done in" in r.stdout      # progress per notebook
    for f in ("report.md", "report.html", "environment.json", "reproduce.json"):
        assert (out/f).is_file(), f
    assert sorted(p.name for p in (out/"notebooks").iterdir()) == sorted(f"{nb}.ipynb" for nb in NOTEBOOKS)
    tables = out/"tables"
    for stem in ("table1_smoke", "table4_smoke", "table4_comparisons_smoke", "table4_distances_smoke", "scarcity_smoke", "ablation_smoke", "faces_smoke"):
        for suffix in (".csv", ".md"):
            assert (tables/(stem + suffix)).is_file(), stem + suffix
    for t in ("table2", "table3"):                                     # at the two highest resolutions of the profile
        assert [p for p in tables.glob(f"{t}_smoke_*.csv") if re.fullmatch(rf"{t}_smoke_\d+\.csv", p.name)], t
    report = (out/"report.md").read_text()
    assert "## Verdicts" in report and "**Missing:**" not in report, [l for l in report.splitlines() if "Missing" in l]
    rows = [l for l in report.splitlines() if any(l.startswith(f"| {c} |") for c in CLAIMS.values())]
    assert len(rows) == len(CLAIMS) and all(l.rstrip(" |").rsplit("| ", 1)[-1] in VERDICTS for l in rows), rows
    assert "<table" in (out/"report.html").read_text()
    env = json.loads((out/"environment.json").read_text())
    assert set(env["notebooks"]) == set(NOTEBOOKS) and all(e["status"] == "done" for e in env["notebooks"].values())
    assert env["peak_kernel_rss_mb"] > 100 and env["packages"]["torch"] and env["device"]
    print(f"smoke reproduction: {seconds:.0f} s, peak kernel memory {env['peak_kernel_rss_mb']:.0f} MB")

    # resuming skips every notebook whose file is unchanged (all of them, unless someone edits one meanwhile) and rebuilds the
    # report; without --resume the finished folder is refused
    done = json.loads((out/"reproduce.json").read_text())["notebooks"]
    same = [nb for nb in NOTEBOOKS if done[nb]["notebook_sha256"] == hashlib.sha256((ROOT/"nbs"/f"{nb}.ipynb").read_bytes()).hexdigest()]
    r = run("reproduce", "--profile", "smoke", "--out", str(out), "--resume", timeout=1800)
    assert r.returncode == 0 and all(f"{nb}: skipped" in r.stdout for nb in same), r.stdout + r.stderr
    r = run("reproduce", "--profile", "smoke", "--out", str(out))
    assert r.returncode == 2 and "finished reproduction" in r.stderr and "Traceback" not in r.stderr


def test_reproduce_refuses_bad_input(tmp_path):
    "Refused in one line before anything runs: an unknown profile, a folder the user owns, a --data that is not a dataset."
    mine = tmp_path/"mine"; mine.mkdir(); (mine/"notes.txt").write_text("mine")
    for args, word in [(["--profile", "huge", "--out", str(tmp_path/"a")], "profile 'huge'"), (["--out", str(mine)], "not empty"),
                       (["--data", str(mine), "--out", str(tmp_path/"b")], "dataset.json")]:
        r = run("reproduce", *args)
        assert r.returncode == 2 and word in r.stderr and r.stderr.count("\n") == 1, (word, r.stderr)
    assert not (tmp_path/"a").exists() and not (tmp_path/"b").exists() and [p.name for p in mine.iterdir()] == ["notes.txt"]
