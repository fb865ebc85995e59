"""The U-Net learning-rate / step sweep behind `segmentation.UNET_PROFILES`: Schema A (real slices only) trained with each
configuration and several seeds on the quick phantom's training subjects, each U-Net kept at its best check on the validation
subjects (as `run_schemas` does), scored on test-only phantom subjects. Prints, per configuration, the mean and the seed SD of the
schema-mean Dice (the issue's aim: SD <= 0.02), the checkpoint step and the seconds per U-Net. Asserts nothing.

    python bench/unet_sweep.py                                          # the configurations measured for the quick and study profiles
    python bench/unet_sweep.py --config channels=8,16,32,64 lr=0.003 steps=1500 batch_size=16 --seeds 4
"""
import argparse, time

import numpy as np
import pandas as pd

from enhanced_gan.data import split_subjects

from enhanced_gan.sources import profile_data
from enhanced_gan.segmentation import STUDY_SEEDS, UNetConfig, evaluate, real_pairs, train_unet

DEFAULT = ["channels=16,32,64,128 lr=0.01 steps=1500 batch_size=16", "channels=16,32,64,128 lr=0.01 steps=800 batch_size=8",
           "channels=16,32,64,128 lr=0.01 steps=600 batch_size=8", "channels=8,16,32,64 lr=0.01 steps=1500 batch_size=16",
           "channels=8,16,32,64 lr=0.003 steps=1500 batch_size=16"]


def parse(text: str) -> dict:
    out = {}
    for kv in text.split():
        k, v = kv.split("=", 1)
        out[k] = tuple(int(c) for c in v.split(",")) if k == "channels" else float(v) if k in ("lr", "weight_decay") else int(v)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", nargs="+", action="append", help="one configuration as KEY=VALUE words (UNetConfig fields); repeatable")
    ap.add_argument("--seeds", type=int, default=4)
    ap.add_argument("--val-every", type=int, default=50)
    ap.add_argument("--test-subjects", type=int, default=30)
    ap.add_argument("--out", default="outputs", help="where the phantoms and their cache are (made if absent)")
    a = ap.parse_args()
    configs = [parse(" ".join(c)) for c in a.config] if a.config else [parse(c) for c in DEFAULT]
    data = profile_data("quick", a.out)
    split = split_subjects(data.subjects, (0.7, 0.1, 0.2), 0)
    test = profile_data("quick", a.out, seed=STUDY_SEEDS["test"], subjects=a.test_subjects)
    x, y = real_pairs(data, split["train"], 64)
    val = (*real_pairs(data, split["val"], 64), data.n_slices)
    print(f"{len(split['train'])} training, {len(split['val'])} validation, {len(test.subjects)} test subjects; {a.seeds} seeds per configuration", flush=True)
    rows = []
    for c in configs:
        for seed in range(a.seeds):
            t = time.time()
            r = train_unet(x, y, UNetConfig(**c, seed=seed, val_every=a.val_every, pixel_mm=data.pixel_mm(64)), val=val)
            ev = evaluate(r.net, test, test.subjects, 64)
            rows.append(dict(config=" ".join(f"{k}={v}" for k, v in c.items()), seed=seed, dice=ev.dice.mean(), step=r.step,
                             val_dice=max(d for _, d in r.validation), hd95_mm=ev.hd95_mm.mean(), seconds=time.time() - t))
            print("  ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in rows[-1].items()), flush=True)
    df = pd.DataFrame(rows)
    summary = df.groupby("config", sort=False).agg(dice=("dice", "mean"), seed_sd=("dice", "std"), step=("step", "mean"),
                                                   hd95_mm=("hd95_mm", "mean"), seconds=("seconds", "mean"))
    print("\nper configuration (schema A, mean Dice over FC, TC, PC and test subjects; seed SD of that mean):")
    print(summary.round(3).to_string())


if __name__ == "__main__":
    main()
