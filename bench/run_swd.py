"""Sliced Wasserstein distance (SWD) of a finished training run's final EMA samples to the real slices of the data it trained on,
at its top resolution and every coarser one: the measure of notebook 02b's table of quick schedules. Prints figures; asserts nothing.

    python bench/run_swd.py outputs/runs/pggan outputs/runs/enhanced      # e.g. the runs of a quick reproduction

SWD here (as in bench/penalty_study.py): 256 random unit directions in pixel space (image channel only), the mean absolute
difference of the sorted projections of min(#real, #fake) images; the real slices are every slice of the prepared data at the run's
top resolution, downsampled by area averaging for the coarser scores; 768 samples from latent seed 5. Lower is better; the
per-pixel standard deviation of the samples is printed beside the data's as a diversity check.
"""
import argparse, json
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from enhanced_gan.data import PreparedData
from enhanced_gan.training import snapshots, load_snapshot, run_generator
from enhanced_gan.quality import sliced_wasserstein as swd   # the trainer's quality.csv uses the same (notebook 02d)


def swd_row(G, res: int, alpha: float, real: torch.Tensor, n: int = 768):
    "SWD of `n` samples of G (latent seed 5, image channel) to `real` (N, 1, res, res) at res and every coarser resolution; and the samples."
    z = torch.randn(n, G.cfg.latent_dim, generator=torch.Generator().manual_seed(5))
    fake = run_generator(G, z, res, alpha)[:, :1]
    return {r: round(swd(F.avg_pool2d(real, res // r), F.avg_pool2d(fake, res // r)), 3) for r in (64, 32, 16, 8) if r <= res}, fake


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", nargs="+", help="training run folders (with training_options.json and snapshots/)")
    ap.add_argument("--n", type=int, default=768, help="samples per run")
    a = ap.parse_args()
    for run in map(Path, a.runs):
        opts = json.loads((run/"training_options.json").read_text())
        G, info = load_snapshot(snapshots(run)[-1])
        res = info["res"]
        real = torch.from_numpy(np.asarray(PreparedData(opts["data"]).arrays(res)[0], np.float32))[:, None]
        row, fake = swd_row(G, res, info["alpha"], real, a.n)
        print(f"{run}: {info['kimg']:.1f} kimg at {res} px; " + ", ".join(f"swd@{k} {v}" for k, v in row.items())
              + f"; per-pixel std samples {fake.std(0).mean():.3f}, data {real.std(0).mean():.3f}", flush=True)


if __name__ == "__main__":
    main()
