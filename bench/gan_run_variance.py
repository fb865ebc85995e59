"""Variance components of the Table 4 comparisons with several GAN runs per model, at one profile's budgets.

Notebook 05 at the `quick` profile has one GAN run per model, so its intervals cannot include the variance between GAN runs.
This script trains (or reuses) GAN runs with seeds 0 .. runs-1 for PGGAN and Enhanced-GAN, writes one synthetic dataset per
run, trains the U-Nets of schemas A, B and C for every GAN run and U-Net seed of the profile, and prints C - B and C - A with
the GAN-run level in the interval, each level's standard deviation and the MDE.

    python bench/gan_run_variance.py --profile quick --out /tmp/gan_runs --runs 3 [--reuse outputs]

`--reuse DIR` takes the phantom, its cache and the runs of a finished reproduction (`training.run_folder(DIR, model, k)`: run 0
always, and runs 1, 2 where the reproduction trained them), so only the runs it lacks are trained. Everything else goes under `--out` (a new folder, or one this script wrote before:
finished runs and datasets are reused).
"""
import argparse, time
from pathlib import Path

import pandas as pd

from enhanced_gan.data import split_subjects

from enhanced_gan.sources import profile_data
from enhanced_gan.training import train_config, train_run, write_synthetic_dataset, checkpoints, run_folder
from enhanced_gan.segmentation import UNET_PROFILES, UNetConfig, read_synthetic_pairs, run_schemas, table4, compare, planned_mde

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument("--profile", default="quick")
p.add_argument("--out", type=Path, required=True, help="folder for the new runs, synthetic data and results")
p.add_argument("--runs", type=int, default=3, help="GAN runs (training seeds) per model")
p.add_argument("--reuse", type=Path, help="a finished reproduction whose phantom and seed-0 runs to reuse")
a = p.parse_args()

t0 = time.time()
data = profile_data(a.profile, a.reuse or a.out)
gan_cfg = train_config(a.profile, "enhanced")
split = split_subjects(data.subjects, gan_cfg.split, gan_cfg.split_seed)
res, n_syn = gan_cfg.max_res, len(split["train"]) * data.n_slices
synthetic = {}
for s in range(a.runs):
    for m in ("pggan", "enhanced"):
        reused = run_folder(a.reuse, m, s) if a.reuse else None
        run = reused if reused is not None and reused.is_dir() else run_folder(a.out, m, s)
        t = time.time()
        train_run(data, run, train_config(a.profile, m, seed=s), progress=False)
        folder = a.out/"synthetic"/f"{m}_seed{s}_{checkpoints(run)[-1].stem}_n{n_syn}"
        if not folder.exists(): write_synthetic_dataset(run, n_syn, folder, seed=0)
        synthetic.setdefault(m, []).append(read_synthetic_pairs(folder, data))
        print(f"GAN {m} seed {s}: {run} ({time.time() - t:.0f} s)", flush=True)
unet = UNET_PROFILES[a.profile]
t = time.time()
dice = run_schemas(data, split["train"], split["test"], res, UNetConfig(**unet["cfg"], pixel_mm=data.pixel_mm(res)), schemas=("A", "B", "C"),
                   synthetic=synthetic, seeds=unet["seeds"], val_subjects=split["val"])
print(f"U-Nets: {time.time() - t:.0f} s", flush=True)
a.out.mkdir(parents=True, exist_ok=True)
dice.to_csv(a.out/f"dice_per_subject_{a.profile}_{a.runs}runs.csv", index=False)

pd.set_option("display.width", 200)
cols = ["schema", "dice_mean", "ci95_low", "ci95_high", "gan_runs", "seeds", "subjects", "sd_gan", "sd_seed", "sd_subject", "sd_residual"]
t4 = table4(dice)
print("\nTable 4 (mean over classes):\n" + t4[t4.cls == "mean"][cols].round(3).to_string(index=False))
cmp = pd.DataFrame([compare(dice, "C", b) for b in ("B", "A")])
print("\nComparisons:\n" + cmp[["a", "b", "mean_diff", "ci95_low", "ci95_high", "mde", "df", "gan_runs", "seeds", "subjects",
                                "sd_gan", "sd_seed", "sd_subject", "sd_residual", "levels"]].round(3).to_string(index=False))
designs = [(None, 6, 30), (None, 20, 30)] + ([(6, 6, 30), (10, 10, 30)] if a.runs >= 2 else [])   # (GAN runs, seeds, subjects)
plan = pd.DataFrame([planned_mde(dice, "C", b, s, j, gan_runs=g) for b in ("B", "A") for g, s, j in designs])
print("\nPlanned MDE:\n" + plan[["a", "b", "gan_runs", "seeds", "subjects", "mde", "df"]].round(3).to_string(index=False))
print(f"\ntotal {time.time() - t0:.0f} s")
