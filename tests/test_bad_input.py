"""Bad input to the data layer: every case gives one clear `InputError` naming the file or value, before heavy work,
and the CLI turns it into exit status 2 with no traceback."""
import gzip, json, shutil
from pathlib import Path

import nibabel as nib
import numpy as np
import pytest

from enhanced_gan import data as D
from enhanced_gan.cli import main

LABELS = {0: "background", 1: "FC", 2: "TC", 3: "PC"}
AFFINE = np.diag([0.7, 0.5, 0.5, 1.0])


def _case(i, shape=(10, 24, 24)):
    rng = np.random.default_rng(i)
    img = rng.normal(300, 40, shape).astype(np.int16)
    lbl = np.zeros(shape, np.uint8)
    lbl[:, 4:8, 4:12] = 1; lbl[:, 10:12, 6:18] = 2; lbl[:, 16:20, 2:6] = 3
    return f"knee_{i:03d}", img, lbl, AFFINE


@pytest.fixture
def dataset(tmp_path):
    "A valid 4-subject dataset in the MSD layout."
    return D.write_msd_dataset(tmp_path/"ds", [_case(i) for i in range(4)], LABELS, name="toy")


def _prepare(root, tmp_path, res=16, **kw):
    return D.prepare_dataset(root, res, tmp_path/"cache", n_slices=8, progress=False, **kw)


def _cli(argv, capsys):
    rc = main(argv)
    err = capsys.readouterr().err
    return rc, err


def _expect(root, tmp_path, capsys, *needles, res=16):
    "Bad input: library raises InputError mentioning needles; CLI exits 2 with one clean line; no cache is written."
    with pytest.raises(D.InputError) as ei:
        _prepare(root, tmp_path, res)
    msg = str(ei.value)
    for n in needles: assert str(n) in msg, msg
    rc, err = _cli(["prepare", "--data", str(root), "--res", str(res), "--out", str(tmp_path/"cache2"), "--quiet", "--n-slices", "8"], capsys)
    assert rc == 2 and err.startswith("enhanced-gan: error: ") and "Traceback" not in err and needles[0] in err
    assert not any((tmp_path/"cache2").glob("*/meta.json"))
    return msg


def test_valid_dataset_prepares(dataset, tmp_path):
    p = D.PreparedData(_prepare(dataset, tmp_path))
    assert p.subjects == [f"knee_{i:03d}" for i in range(4)] and p.resolutions == [8, 16]
    imgs, lbls = p.arrays(16)
    assert imgs.shape == (32, 16, 16) and set(np.unique(lbls)) == {0, 1, 2, 3}


def test_missing_folder(tmp_path, capsys):
    _expect(tmp_path/"nowhere", tmp_path, capsys, str(tmp_path/"nowhere"), "not found")


def test_missing_dataset_json(dataset, tmp_path, capsys):
    (dataset/"dataset.json").unlink()
    _expect(dataset, tmp_path, capsys, str(dataset/"dataset.json"), "missing")


def test_invalid_json(dataset, tmp_path, capsys):
    (dataset/"dataset.json").write_text("{labels: ")
    _expect(dataset, tmp_path, capsys, str(dataset/"dataset.json"), "not valid JSON")


def test_image_without_label(dataset, tmp_path, capsys):
    lbl = dataset/"labelsTr"/"knee_002.nii.gz"; lbl.unlink()
    _expect(dataset, tmp_path, capsys, str(lbl), "does not exist")


def test_label_without_image(dataset, tmp_path, capsys):
    img = dataset/"imagesTr"/"knee_001.nii.gz"; img.unlink()
    _expect(dataset, tmp_path, capsys, str(img), "does not exist")


def _to_nnunet(root):
    "Rewrite a dataset in the nnU-Net v2 dialect: no training list, images named <case>_0000."
    meta = json.loads((root/"dataset.json").read_text())
    for p in (root/"imagesTr").glob("*.nii.gz"): p.rename(p.with_name(p.name.replace(".nii.gz", "_0000.nii.gz")))
    (root/"dataset.json").write_text(json.dumps({"channel_names": {"0": "MR"}, "labels": {v: int(k) for k, v in meta["labels"].items()},
                                                 "numTraining": 4, "file_ending": ".nii.gz"}))


def test_nnunet_dialect_pairs_and_orphans(dataset, tmp_path, capsys):
    _to_nnunet(dataset)
    assert [c.subject for c in D.read_dataset_json(dataset).cases] == [f"knee_{i:03d}" for i in range(4)]
    (dataset/"labelsTr"/"knee_003.nii.gz").unlink()
    _expect(dataset, tmp_path, capsys, str(dataset/"imagesTr"/"knee_003_0000.nii.gz"), "no label file")


def test_nnunet_label_without_image(dataset, tmp_path, capsys):
    _to_nnunet(dataset)
    (dataset/"imagesTr"/"knee_000_0000.nii.gz").unlink()
    _expect(dataset, tmp_path, capsys, str(dataset/"labelsTr"/"knee_000.nii.gz"), "no image file")


def test_shape_mismatch(dataset, tmp_path, capsys):
    lbl = dataset/"labelsTr"/"knee_001.nii.gz"
    nib.save(nib.Nifti1Image(np.zeros((10, 24, 20), np.uint8), AFFINE), lbl)
    _expect(dataset, tmp_path, capsys, str(lbl), "(10, 24, 20)", "(10, 24, 24)")


def test_affine_mismatch(dataset, tmp_path, capsys):
    lbl = dataset/"labelsTr"/"knee_001.nii.gz"
    _, _, l, _ = _case(1)
    nib.save(nib.Nifti1Image(l, np.diag([0.7, 0.5, 0.6, 1.0])), lbl)
    _expect(dataset, tmp_path, capsys, str(lbl), "affine")


def test_undeclared_label_value(dataset, tmp_path, capsys):
    lbl = dataset/"labelsTr"/"knee_003.nii.gz"
    _, _, l, _ = _case(3); l[0, 0, 0] = 7
    nib.save(nib.Nifti1Image(l, AFFINE), lbl)
    _expect(dataset, tmp_path, capsys, str(lbl), "[7]", "not declared")


def test_non_integer_labels(dataset, tmp_path, capsys):
    lbl = dataset/"labelsTr"/"knee_000.nii.gz"
    _, _, l, _ = _case(0)
    nib.save(nib.Nifti1Image(l.astype(np.float32) * 0.5, AFFINE), lbl)
    _expect(dataset, tmp_path, capsys, str(lbl), "non-integer")


def test_integral_float_labels_are_accepted(dataset, tmp_path):
    _, _, l, _ = _case(0)
    nib.save(nib.Nifti1Image(l.astype(np.float32), AFFINE), dataset/"labelsTr"/"knee_000.nii.gz")
    assert (_prepare(dataset, tmp_path)/"meta.json").is_file()


def test_label_errors_come_before_any_volume_is_processed(dataset, tmp_path, monkeypatch):
    "The label scan covers every subject before the first image is decoded: no heavy work on bad input."
    _, _, l, _ = _case(3); l[1, 1, 1] = 9
    nib.save(nib.Nifti1Image(l, AFFINE), dataset/"labelsTr"/"knee_003.nii.gz")
    calls = []
    monkeypatch.setattr(D, "load_case", lambda *a, **k: calls.append(a) or pytest.fail("decoded an image before checking labels"))
    with pytest.raises(D.InputError, match="knee_003"): _prepare(dataset, tmp_path)
    assert not calls


@pytest.mark.parametrize("shape", [(24, 24), (10, 24, 24, 2)])
def test_2d_and_4d_volumes(dataset, tmp_path, capsys, shape):
    img = dataset/"imagesTr"/"knee_002.nii.gz"
    nib.save(nib.Nifti1Image(np.ones(shape, np.int16), AFFINE), img)
    _expect(dataset, tmp_path, capsys, str(img), "expected a 3D volume")


def test_single_frame_4d_is_accepted(dataset, tmp_path):
    _, i, _, _ = _case(2)
    nib.save(nib.Nifti1Image(i[..., None], AFFINE), dataset/"imagesTr"/"knee_002.nii.gz")
    assert (_prepare(dataset, tmp_path)/"meta.json").is_file()


def test_corrupt_file(dataset, tmp_path, capsys):
    img = dataset/"imagesTr"/"knee_001.nii.gz"
    img.write_bytes(img.read_bytes()[:200])       # truncated download
    with pytest.raises(D.InputError, match="knee_001"): _prepare(dataset, tmp_path)
    rc, err = _cli(["prepare", "--data", str(dataset), "--res", "16", "--out", str(tmp_path/"c"), "--quiet"], capsys)
    assert rc == 2 and str(img) in err and "Traceback" not in err


def test_not_nifti(dataset, tmp_path, capsys):
    img = dataset/"imagesTr"/"knee_001.nii.gz"
    with gzip.open(img, "wb") as f: f.write(b"this is a PNG, honest")
    _expect(dataset, tmp_path, capsys, str(img), "NIfTI")


def test_empty_dataset(tmp_path, capsys):
    root = D.write_msd_dataset(tmp_path/"empty", [], LABELS)
    _expect(root, tmp_path, capsys, str(root), "empty")


def test_labels_not_contiguous(dataset, tmp_path, capsys):
    meta = json.loads((dataset/"dataset.json").read_text()); meta["labels"] = {"0": "background", "1": "FC", "3": "PC"}
    (dataset/"dataset.json").write_text(json.dumps(meta))
    _expect(dataset, tmp_path, capsys, str(dataset/"dataset.json"), "0..K-1")


@pytest.mark.parametrize("res", [12, 48, 4, 0])
def test_resolution_not_power_of_two(dataset, tmp_path, capsys, res):
    _expect(dataset, tmp_path, capsys, f"max_res={res}", "power of two", res=res)


def test_resolution_exceeds_data(dataset, tmp_path, capsys):
    _expect(dataset, tmp_path, capsys, "max_res=32", "exceeds the data", res=32)


def test_too_few_subjects_for_split():
    with pytest.raises(D.InputError, match="at least 3 subjects; the dataset has 2"):
        D.split_subjects(["a", "b"], (0.6, 0.2, 0.2))
    with pytest.raises(D.InputError, match="fractions"):
        D.split_subjects(["a", "b", "c"], (0.5, 0.2, 0.2))


def test_bad_parameters(dataset, tmp_path):
    with pytest.raises(D.InputError, match="slice_axis='lateral'"): _prepare(dataset, tmp_path, slice_axis="lateral")
    with pytest.raises(D.InputError, match="clip"): _prepare(dataset, tmp_path, clip=(99, 1))
    with pytest.raises(D.InputError, match="n_slices"): D.prepare_dataset(dataset, 16, tmp_path/"c", n_slices=0)
    p = _prepare(dataset, tmp_path)
    with pytest.raises(D.InputError, match="res=64"): D.SliceDataset(p, 64)
    with pytest.raises(D.InputError, match="mask_encoding"): D.SliceDataset(p, 16, mask_encoding="rgb")
    with pytest.raises(D.InputError, match="not in"): D.SliceDataset(p, 16, subjects=["knee_999"])


def test_constant_image(dataset, tmp_path, capsys):
    img = dataset/"imagesTr"/"knee_001.nii.gz"
    nib.save(nib.Nifti1Image(np.full((10, 24, 24), 5, np.int16), AFFINE), img)
    _expect(dataset, tmp_path, capsys, str(img), "constant")


def test_phantom_out_exists_is_never_overwritten(dataset, capsys):
    before = sorted(p.name for p in dataset.rglob("*"))
    rc, err = _cli(["phantom", "--out", str(dataset), "--subjects", "2"], capsys)
    assert rc == 2 and "already exists" in err and sorted(p.name for p in dataset.rglob("*")) == before


def test_phantom_bad_size_and_count(tmp_path, capsys):
    rc, err = _cli(["phantom", "--out", str(tmp_path/"x"), "--size", "huge"], capsys)
    assert rc == 2 and "size='huge'" in err and not (tmp_path/"x").exists()
    rc, err = _cli(["phantom", "--out", str(tmp_path/"y"), "--subjects", "0"], capsys)
    assert rc == 2 and "subjects=0" in err


def test_unknown_cache_folder(tmp_path):
    with pytest.raises(D.InputError, match="not a prepared dataset"): D.PreparedData(tmp_path)


def _synthetic(tmp_path, generator, name="syn", n=4, res=16):
    "A synthetic dataset laid out as `enhanced-gan sample` writes it (one-slice volumes), with a made-up 'generator' provenance."
    rng = np.random.default_rng(0)
    cases = [(f"synthetic_{i:05d}", rng.uniform(-1, 1, (1, res, res)).astype(np.float32), np.zeros((1, res, res), np.uint8), np.eye(4))
             for i in range(n)]
    return D.write_msd_dataset(tmp_path/name, cases, LABELS, name="synthetic-toy", extra=dict(synthetic=True, generator=generator))


def test_score_refuses_a_generator_that_saw_a_heldout_subject(dataset, tmp_path, capsys):
    "The split is the generator's; one that trained on a held-out subject (or says nothing) is refused before a classifier is trained."
    prepared = _prepare(dataset, tmp_path)
    split = D.split_subjects([f"knee_{i:03d}" for i in range(4)], (0.7, 0.1, 0.2), 0)
    train = {"split": [0.7, 0.1, 0.2], "split_seed": 0}
    out = ["--out", str(tmp_path/"scores.json"), "--profile", "smoke", "--save-classifier", str(tmp_path/"clf")]
    leaky = _synthetic(tmp_path, dict(train=train, train_subjects=split["train"] + split["test"]), "leaky")
    rc, err = _cli(["score", "--real", str(prepared), "--fake", str(leaky), *out], capsys)
    assert rc == 2 and err.startswith("enhanced-gan: error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    assert split["test"][0] in err and "held-out test" in err and "split_seed=0" in err
    rc, err = _cli(["score", "--real", str(prepared), "--fake", str(_synthetic(tmp_path, None, "anonymous")), *out], capsys)
    assert rc == 2 and "no generator provenance" in err and "split_seed" in err
    assert not (tmp_path/"clf").exists() and not (tmp_path/"scores.json").exists()
