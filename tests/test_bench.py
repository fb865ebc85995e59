"""Benchmarks that must keep running: the GPU check script on a machine without a GPU (a clear message, exit status 0, nothing
measured), and the attention-memory benchmark at a tiny size."""
import os, subprocess, sys
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU: the script would measure it")
def test_gpu_check_without_gpu():
    r = subprocess.run(["bash", str(ROOT/"bench"/"gpu_check.sh")], capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "PY": sys.executable})
    assert r.returncode == 0, r.stderr
    assert "no CUDA device here" in r.stdout and "nothing to measure" in r.stdout and "img/s" not in r.stdout


def test_attention_penalty_runs():
    "The attention-memory benchmark at a tiny size: every variant runs, and the chunked block is the same function (printed)."
    r = subprocess.run([sys.executable, str(ROOT/"bench"/"attention_penalty.py"), "--res", "8", "--channels", "16", "--chunk", "16"],
                       capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert r.returncode == 0, r.stderr
    rows = [l.split() for l in r.stdout.splitlines() if l.strip().startswith("8 ")]
    assert [row[2] for row in rows] == ["math", "math-pool", "query-chunk", "pool-chunk"], r.stdout
    assert float(r.stdout.split("weight gradients: ")[1].split()[0]) < 1e-12, r.stdout


def test_paper_dry_run_runs():
    "The paper dry run's whole path (phases in their own processes, the checkpoint written and resumed) on the smoke networks."
    r = subprocess.run([sys.executable, str(ROOT/"bench"/"paper_dry_run.py"), "--profile", "smoke", "--models", "enhanced", "--res", "16"],
                       capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert r.returncode == 0, r.stdout + r.stderr
    rows = [l.split() for l in r.stdout.splitlines() if l.startswith("enhanced ")]
    assert [(row[1], row[2]) for row in rows] == [("16", "fade"), ("16", "stable")], r.stdout   # both phases at 16 px, no others
    assert all("attention" in row for row in rows), r.stdout                                    # Enhanced-GAN's block is in them


def test_gpu_acceptance_on_cpu():
    "The GPU acceptance checks' code path on the CPU at smoke scale: a SIGKILLed run resumes to the uninterrupted run's losses, torchrun."
    r = subprocess.run([sys.executable, str(ROOT/"bench"/"gpu_acceptance.py"), "--device", "cpu", "--scale", "smoke",
                        "--checks", "kill-resume", "torchrun"], capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert r.returncode == 0, r.stdout + r.stderr
    table = {l.split()[0]: l.split()[1] for l in r.stdout.split("detail")[-1].splitlines()[1:] if l.strip()}
    assert table == {"kill-resume": "pass", "torchrun": "pass"}, r.stdout
    assert "bit-equal" in r.stdout, r.stdout     # on the CPU the resumed run's losses are the same bits
