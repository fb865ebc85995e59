"""Does the mask encoding decide whether Enhanced-GAN pairs help a U-Net? (issue 17.3, the levels rims of issue 22)

Takes a finished reproduction folder (quick or study profile, levels masks), trains Enhanced-GAN again with one-hot masks on
the same data, seeds and schedule (its runs/gan_runs.json), and compares, at the full training set:
  * the generated masks: class shares, slices holding each class, and of the pixels just outside PC the share decoded as FC
    and TC (as `mask_classes.py`), levels runs against one-hot runs against the real training slices;
  * the U-Nets: schema C with one-hot pairs (C1) against the reproduction's A and C, on the same test subjects, seeds and
    U-Net options; A and C come from the reproduction's kept U-Net rows (<repro>/unets), so only C1's U-Nets train.
Prints figures; asserts nothing. The comparisons' intervals cover the U-Net seed, GAN run and test subject (`compare`).

    python bench/encoding_study.py /tmp/study/outputs --profile study --gan-runs 1      # ~4 min of GAN + 6 U-Nets on 2 cores
"""
import argparse, time
from pathlib import Path

import pandas as pd

from enhanced_gan.data import split_subjects
from enhanced_gan.sources import profile_data
from enhanced_gan.training import train_config, train_models, gan_runs, run_folder
from enhanced_gan.segmentation import (UNET_PROFILES, STUDY_SEEDS, UNetConfig, compare,
                                       real_pairs, run_schemas, synthetic_pairs)
from mask_classes import shares, top_border    # bench/ is on sys.path when a script in it runs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("repro", type=Path, help="a finished reproduction folder (levels masks)")
    ap.add_argument("--profile", default="study")
    ap.add_argument("--gan-runs", type=int, default=1, help="one-hot Enhanced-GAN runs (seeds 0..k-1, as the reproduction's runs)")
    ap.add_argument("--out", type=Path, help="where the one-hot runs, pairs and U-Nets go (default <repro>/encoding_onehot)")
    a = ap.parse_args()
    seed = 0
    out = a.out or a.repro/"encoding_onehot"
    if not (a.repro/"runs"/"gan_runs.json").is_file(): raise SystemExit(f"{a.repro}: no runs/gan_runs.json; give a finished reproduction")
    data = profile_data(a.profile, a.repro)
    gan_cfg = train_config(a.profile, "enhanced", seed=seed)
    split = split_subjects(data.subjects, gan_cfg.split, gan_cfg.split_seed)
    plan = gan_runs(data, a.repro, a.profile)                      # the reproduction's kept decision: its schedule
    t = time.perf_counter()
    levels = {"enhanced": [run_folder(a.repro, "enhanced", k) for k in range(a.gan_runs)]}   # the reproduction's own runs
    onehot = train_models(data, out, a.profile, models=("enhanced",), runs=a.gan_runs, seed=seed, progress=False,
                          mask_encoding="onehot", **plan.schedule)
    print(f"{a.gan_runs} one-hot Enhanced-GAN run(s) at kimg scale {plan.kimg_scale}: {time.perf_counter() - t:.0f} s")
    syn_levels = synthetic_pairs(levels, data, a.repro, a.profile, seed)
    syn_onehot = synthetic_pairs(onehot, data, out, a.profile, seed)

    classes = [k for k in data.labels if k > 0]
    names = " ".join(f"{data.labels[k]:>5}" for k in classes)
    print(f"\n{'':28} share of cartilage px {names} | slices holding {names} | cartilage / px | around PC: FC    TC")
    y = real_pairs(data, split["train"], gan_cfg.max_res)[1]
    print(f"{'real training slices':28} {shares(y, classes)}   |  {top_border(y, classes)}")
    for enc, syn in (("levels", syn_levels), ("onehot", syn_onehot)):
        for k, p in enumerate(syn["enhanced"]):
            print(f"{enc + ' run ' + str(k):28} {shares(p[1], classes)}   |  {top_border(p[1], classes)}")

    unet = UNET_PROFILES[a.profile]
    res = gan_cfg.max_res
    cfg = UNetConfig(**unet["cfg"], pixel_mm=data.pixel_mm(res))
    test_data = profile_data(a.profile, a.repro, seed=STUDY_SEEDS["test"] + seed, subjects=unet["test_subjects"])
    common = dict(seeds=unet["seeds"], test_data=test_data, val_subjects=split["val"], results_dir=a.repro/"unets")
    t = time.perf_counter()
    d_levels = run_schemas(data, split["train"], test_data.subjects, res, cfg, schemas=("A", "C"), synthetic=syn_levels, **common)
    d_onehot = run_schemas(data, split["train"], test_data.subjects, res, cfg, schemas=("C",), synthetic=syn_onehot, **common)
    print(f"\nU-Nets ({len(unet['seeds'])} seeds, {len(test_data.subjects)} test subjects): {time.perf_counter() - t:.0f} s "
          "(A and levels C reused where the reproduction kept them)")
    dice = pd.concat([d_levels, d_onehot.assign(schema="C1")], ignore_index=True)
    rows = [compare(dice, "C1", "A"), compare(dice, "C", "A")] + [compare(dice, "C1", "C", cls) for cls in ["mean", *(data.labels[k] for k in classes)]]
    cols = ["a", "b", "cls", "mean_diff", "ci95_low", "ci95_high", "mde", "gan_runs", "seeds", "subjects"]
    pd.set_option("display.width", 250)
    print("C1 = real + one-hot Enhanced-GAN pairs; C = real + levels Enhanced-GAN pairs (the reproduction's); one GAN run per arm leaves the GAN-run variance out of the intervals\n"
          + pd.DataFrame(rows)[[c for c in cols if c in rows[0]]].round(4).to_string(index=False))


if __name__ == "__main__":
    main()
