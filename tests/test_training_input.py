"""Bad input to training: one clear message before training starts, exit status 2 from the CLI, no traceback."""
import json, shutil
from pathlib import Path

import pytest

from enhanced_gan.cli import main
from enhanced_gan.data import InputError, PreparedData, prepare_dataset
from enhanced_gan.phantom import write_phantom_dataset
from enhanced_gan.training import Trainer, train_config


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    d = tmp_path_factory.mktemp("data")
    write_phantom_dataset(d/"knee", 4, 0, "small")
    return PreparedData(prepare_dataset(d/"knee", 16, d/"cache", n_slices=8, progress=False))


@pytest.mark.parametrize("overrides, needle", [
    (dict(max_res=48), "max_res=48"),
    (dict(net=dict(attention_res=(64,))), "attention_res"),
    (dict(max_res=32), "max_res=32"),                                  # the data is prepared to 16 only
    (dict(net=dict(channels=3)), "channels=3"),
    (dict(model="stylegan"), "model='stylegan'"),
    (dict(batch_size={16: 4}), "batch_size"),
    (dict(device="cuda:7"), "device"),
    (dict(gp_every=0), "gp_every=0"),
])
def test_bad_training_options(prepared, tmp_path, overrides, needle):
    with pytest.raises(InputError, match=needle.replace("(", r"\(").replace(")", r"\)")):
        Trainer(prepared, tmp_path/"run", train_config("smoke", **overrides), progress=False)
    assert not (tmp_path/"run").exists()                              # refused before anything was written


def test_cli_resume_refusals(prepared, tmp_path, capsys):
    args = ["train", "--data", str(prepared.path), "--profile", "smoke", "--out", str(tmp_path/"run"), "--quiet"]
    assert main(args + ["--stop-kimg", "0.05"]) == 0
    # resuming with other options (another model) is refused
    assert main(["train", "--data", str(prepared.path), "--profile", "smoke", "--model", "pggan", "--out", str(tmp_path/"run"),
                 "--quiet", "--resume"]) == 2
    err = capsys.readouterr().err
    assert "other options" in err and "Traceback" not in err
    # a truncated checkpoint
    ck = sorted((tmp_path/"run"/"checkpoints").glob("*.pt"))[-1]
    ck.write_bytes(ck.read_bytes()[:500])
    assert main(args + ["--resume"]) == 2
    err = capsys.readouterr().err
    assert str(ck) in err and "not a readable" in err and "Traceback" not in err
    # nothing to resume
    assert main(["train", "--data", str(prepared.path), "--profile", "smoke", "--out", str(tmp_path/"new"), "--quiet", "--resume"]) == 2
    assert "nothing to resume" in capsys.readouterr().err


def test_cli_bad_profile_and_sample(tmp_path, capsys):
    assert main(["train", "--data", str(tmp_path), "--profile", "huge", "--out", str(tmp_path/"r")]) == 2
    assert "--profile 'huge'" in capsys.readouterr().err
    assert main(["sample", "--run", str(tmp_path), "--n", "3", "--out", str(tmp_path/"s")]) == 2
    assert "not a training run" in capsys.readouterr().err


def test_cli_gp_every(prepared, tmp_path, capsys):
    args = ["train", "--data", str(prepared.path), "--profile", "smoke", "--out", str(tmp_path/"run"), "--quiet", "--stop-kimg", "0.03"]
    assert main(args + ["--gp-every", "0"]) == 2 and "gp_every=0" in capsys.readouterr().err
    assert not (tmp_path/"run").exists()
    assert main(args + ["--gp-every", "2"]) == 0
    assert json.loads((tmp_path/"run"/"training_options.json").read_text())["train"]["gp_every"] == 2


def test_cli_augment_and_gp_precision(prepared, tmp_path, capsys):
    "Unknown --augment / --gp-precision values are named before any data is read (here the data folder does not even exist)."
    missing = ["train", "--data", str(tmp_path/"no-such-data"), "--profile", "smoke", "--out", str(tmp_path/"r"), "--quiet"]
    assert main(missing + ["--augment", "flip"]) == 2
    err = capsys.readouterr().err
    assert "augment='flip'" in err and "no-such-data" not in err
    with pytest.raises(SystemExit): main(missing + ["--gp-precision", "bf16"])     # argparse choices: usage error, exit 2
    args = ["train", "--data", str(prepared.path), "--profile", "smoke", "--out", str(tmp_path/"run"), "--quiet", "--stop-kimg", "0.03"]
    assert main(args + ["--augment", "translation,cutout"]) == 0
    assert json.loads((tmp_path/"run"/"training_options.json").read_text())["train"]["augment"] == "translation,cutout"
