"""The GPU check script (issue 7) on a machine without a GPU: a clear message, exit status 0, nothing measured."""
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
