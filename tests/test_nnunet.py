"""A smoke export checked by nnU-Net v2 itself: its dataset-integrity check and its 2d planning and preprocessing (issue 19)."""
import json, os, subprocess, sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
EXE = str(BIN/"enhanced-gan")


def run(*args, **kw):
    return subprocess.run([*args], capture_output=True, text=True, **kw)


def test_export_passes_nnunet_checks(tmp_path):
    pytest.importorskip("nnunetv2", reason="nnU-Net v2 is the optional extra `.[nnunet]` (also in `.[dev]`); install it to run this check")
    knees, cache, run_dir = tmp_path/"knees", tmp_path/"cache", tmp_path/"run"
    for args in (("phantom", "--out", str(knees), "--subjects", "4", "--size", "small"),
                 ("train", "--data", str(knees), "--profile", "smoke", "--out", str(run_dir), "--cache", str(cache), "--quiet"),
                 ("sample", "--run", str(run_dir), "--n", "8", "--out", str(tmp_path/"syn"))):
        r = run(EXE, *args); assert r.returncode == 0, (args[0], r.stderr)
    env = {**os.environ, "nnUNet_raw": str(tmp_path/"raw"), "nnUNet_preprocessed": str(tmp_path/"pre"), "nnUNet_results": str(tmp_path/"res"),
           "OMP_NUM_THREADS": "1"}
    r = run(EXE, "export-nnunet", "--id", "7", "--name", "KneeSmoke", "--real", str(knees), "--synthetic", str(tmp_path/"syn"),
            "--out", env["nnUNet_raw"], "--preprocessed", env["nnUNet_preprocessed"])
    assert r.returncode == 0, r.stderr
    assert "8 synthetic training cases" in r.stdout and "median voxel spacing" not in r.stderr   # synthetic slices on the real grid
    r = run(str(BIN/"nnUNetv2_plan_and_preprocess"), "-d", "7", "-c", "2d", "--verify_dataset_integrity", "-np", "1", env=env)
    print(r.stdout[-3000:], r.stderr[-3000:])
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    pre = tmp_path/"pre"/"Dataset007_KneeSmoke"
    plans = json.loads((pre/"nnUNetPlans.json").read_text())
    fp = json.loads((pre/"dataset_fingerprint.json").read_text())
    two_d = plans["configurations"]["2d"]
    assert two_d["spacing"] == pytest.approx([1.094, 1.094], rel=1e-3) and min(two_d["patch_size"]) > 1   # sagittal slices of the real grid
    assert len(fp["spacings"]) == json.loads((tmp_path/"raw"/pre.name/"dataset.json").read_text())["numTraining"]
    cases = {p.name.split(".")[0] for p in (pre/"nnUNetPlans_2d").iterdir()} - {p.name.split(".")[0] for p in (pre/"nnUNetPlans_2d").glob("*_seg.*")}
    splits = json.loads((pre/"splits_final.json").read_text())
    assert {c for f in splits for c in f["train"] + f["val"]} == cases        # nnU-Net preprocessed exactly the cases the split names
    assert not any(c.startswith("syn") for f in splits for c in f["val"])
