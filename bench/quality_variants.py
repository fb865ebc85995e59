"""Train a profile's GANs under named option variants and print each run's last quality row (notebook 02d: near-empty share,
SWD to the real training slices per resolution, FC/TC/PC presence against the real slices'), the training time, and per variant
the mean over seeds. `quick_study.py` is the one-run version with a PNG of samples beside real slices. The measured decisions of the quick profile (augment, mask encoding) come from this script.
Prints figures; asserts nothing.

    python bench/quality_variants.py --variant base '{}' --variant aug '{"augment": "translation,cutout"}'
    python bench/quality_variants.py --variant onehot '{"mask_encoding": "onehot"}' --seeds 0 1 2 --models enhanced

A variant is a name and a JSON object of TrainConfig overrides ("net" entries merge into the profile's). Runs go to
<--out>/<variant>/<model>-seed<k>; a finished run there is reused, not retrained.
"""
import argparse, time
from pathlib import Path

import pandas as pd

from enhanced_gan.sources import profile_data
from enhanced_gan.training import train_config, train_run
from enhanced_gan.comparison import quality_summary
from quick_study import overrides    # bench/ is on sys.path when a script in it runs


def config(profile, model, seed, text):
    ov = overrides(text)
    net = ov.pop("net", None)
    cfg = train_config(profile, model, seed=seed, **ov)
    if net: cfg.net = {**cfg.net, **net}                           # merged into the profile's widths, not replacing them
    return cfg


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variant", nargs=2, action="append", metavar=("NAME", "JSON"), required=True)
    ap.add_argument("--profile", default="quick")
    ap.add_argument("--models", nargs="+", default=["pggan", "enhanced"])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0])
    ap.add_argument("--data-out", default="outputs", help="where the profile's phantom and its cache are (made if absent)")
    ap.add_argument("--out", default="outputs/quality_variants")
    a = ap.parse_args()
    variants = dict(a.variant)
    cfgs = {(v, m, s): config(a.profile, m, s, ov) for v, ov in variants.items() for m in a.models for s in a.seeds}   # bad options fail here
    data = profile_data(a.profile, a.data_out)
    rows = []
    for (v, m, s), cfg in cfgs.items():
        run = Path(a.out)/v/f"{m}-seed{s}"
        t = time.perf_counter()
        train_run(data, run, cfg, progress=False)
        q = quality_summary({m: run}, data.labels).iloc[0].to_dict()
        rows.append(dict(variant=v, model=m, seed=s, train_s=round(time.perf_counter() - t), **q))
        print(pd.DataFrame(rows[-1:]).to_string(index=False), flush=True)
    df = pd.DataFrame(rows)
    cols = [c for c in df.columns if c.startswith(("near_empty", "swd_", "sample_sd")) or c.endswith(("_present", "_present_real"))]
    pd.set_option("display.width", 250)
    print("\nper run:\n" + df[["variant", "model", "seed", "train_s", *cols]].to_string(index=False))
    print("\nmean over seeds:\n" + df.groupby(["variant", "model"])[["train_s", *cols]].mean().round(4).to_string())


if __name__ == "__main__":
    main()
