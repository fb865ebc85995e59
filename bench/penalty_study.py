"""Which gradient penalty, and which spectral-norm scale, trains the Enhanced-GAN critic? Prints, per variant, the sliced
Wasserstein distance (SWD) between EMA samples and the real slices at every resolution up to the trained one, the samples'
per-pixel standard deviation next to the data's (a diversity check), the critic's gradient norm at the end, and the time.
Prints figures; asserts nothing. The numbers behind the table in notebook 02b ("Which gradient penalty").

    python bench/penalty_study.py                 # 8 -> 16 px on the quick phantom, four variants (about 5 minutes on 2 cores)
    python bench/penalty_study.py --res 8         # 8 x 8 only (seconds per variant)

SWD here: 256 random unit directions in pixel space, the mean absolute difference of the sorted projections of
min(#real, #fake) images; real slices are all slices of the prepared data, downsampled by area averaging for coarser scores.
"""
import argparse, shutil, tempfile, time
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from enhanced_gan.quality import sliced_wasserstein
import torch.nn.functional as F

from enhanced_gan.sources import profile_data
from enhanced_gan.training import Trainer, train_config, run_generator

VARIANTS = {
    "pggan two-sided":       dict(model="pggan"),
    "SN(init) two-sided":    dict(model="enhanced", gp_mode="two-sided"),
    "SN(init) one-sided":    dict(model="enhanced", gp_mode="one-sided"),
    "SN(unit) one-sided":    dict(model="enhanced", gp_mode="one-sided", net=dict(d_norm="spectral_unit")),
}


swd = sliced_wasserstein    # the package's SWD (notebook 02d), as the trainer's quality.csv computes it


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--res", type=int, default=16, help="final resolution (8 or 16 keep it short)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--variants", nargs="*", default=list(VARIANTS), help=f"any of {list(VARIANTS)}")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="penalty_study_"))
    data = profile_data("quick", work, seed=a.seed)
    real = torch.from_numpy(np.asarray(data.arrays(a.res)[0], np.float32))[:, None]
    print(f"data: {data}; real per-pixel std at {a.res}: {real.std(0).mean():.3f}")
    rows = {}
    for name in a.variants:
        v = dict(VARIANTS[name]); model = v.pop("model")
        net = dict(fmap_base=256, fmap_max=32, latent_dim=64, attention_res=(), **v.pop("net", {}))
        cfg = train_config("quick", model, max_res=a.res, net=net, seed=a.seed, stable_kimg={8: 20, 16: 10}, fade_kimg={16: 6},
                           sample_kimg=1000, checkpoint_kimg=1000, **v)
        t = time.perf_counter()
        tr = Trainer(data, work/"runs"/name.replace(" ", "_"), cfg, progress=False); tr.train()
        dt = time.perf_counter() - t
        z = torch.randn(1024, cfg.network(2).latent_dim, generator=torch.Generator().manual_seed(5))
        fake = run_generator(tr.G_ema, z, a.res)[:, :1]
        log = pd.read_csv(tr.run/"log.csv")
        row = {f"swd@{r}": round(swd(F.avg_pool2d(real, a.res // r), F.avg_pool2d(fake, a.res // r)), 3) for r in (8, 16, 32, 64) if r <= a.res}
        row.update(pixel_std=round(fake.std(0).mean().item(), 3), gp_norm_end=round(log.gp_norm.tail(50).mean(), 3), seconds=round(dt))
        rows[name] = row
        print(name, row, flush=True)
    print(pd.DataFrame(rows).T.to_string())
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
