"""Train one quick-profile model on the phantom with some options changed, and print how close its samples come to the real
slices: training time, sliced Wasserstein distance (SWD) at every resolution up to the trained one, the samples' per-pixel standard
deviation next to the data's. Writes a PNG of 10 real slices above 20 EMA samples. Prints figures; asserts nothing. The numbers
behind the learning-rate table of notebook 02b.

    python bench/quick_study.py pggan '{"max_res": 16}'                # 8 -> 16 px, the profile's options (about 2 minutes)
    python bench/quick_study.py pggan '{"max_res": 16, "lr": 0.001}'   # the same with PGGAN's learning rate
    python bench/quick_study.py enhanced '{}' --png enhanced.png       # the whole quick run, 8 -> 64 px (6-8 minutes)

The second argument holds TrainConfig overrides as JSON (resolution keys as strings: '{"stable_kimg": {"8": 24, "16": 40}}').
SWD as in bench/run_swd.py: 768 EMA samples from latent seed 5 against every prepared slice at the run's top resolution, area-
downsampled for the coarser ones; lower is better. Run it with nothing else on the CPU if the time matters.
"""
import argparse, json, tempfile, time
from pathlib import Path

import numpy as np
import torch

from enhanced_gan.sources import profile_data
from enhanced_gan.training import TrainConfig, Trainer, train_config
from run_swd import swd_row    # bench/ is on sys.path when a script in it runs

def overrides(text: str) -> dict:
    ov = json.loads(text)
    for k in TrainConfig._RES_DICTS:                  # the options that may be {resolution: value}
        if isinstance(ov.get(k), dict): ov[k] = {int(r): v for r, v in ov[k].items()}
    if isinstance(ov.get("net", {}).get("attention_res"), list): ov["net"]["attention_res"] = tuple(ov["net"]["attention_res"])
    return ov


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", choices=["pggan", "enhanced"])
    ap.add_argument("overrides", nargs="?", default="{}", help="TrainConfig overrides as JSON")
    ap.add_argument("--png", help="where to write real slices above samples (default: none)")
    ap.add_argument("--n", type=int, default=768, help="samples for the SWD")
    a = ap.parse_args()
    ov = overrides(a.overrides)
    work = Path(tempfile.mkdtemp(prefix="quick_study_"))
    data = profile_data("quick", work)
    cfg = train_config("quick", a.model, **{"sample_kimg": 1e6, "checkpoint_kimg": 1e6, "snapshot_kimg": 1e6, **ov})
    t = time.perf_counter()
    tr = Trainer(data, work/"run", cfg, progress=False); tr.train()
    seconds = time.perf_counter() - t
    res = cfg.max_res
    real = torch.from_numpy(np.asarray(data.arrays(res)[0], np.float32))[:, None]
    row, fake = swd_row(tr.G_ema, res, 1.0, real, a.n)
    print(f"{a.model} {json.dumps(ov, default=str)}: {tr.nimg / 1000:.1f} kimg in {seconds:.0f} s; "
          + ", ".join(f"swd@{r} {v}" for r, v in row.items())
          + f"; per-pixel std samples {fake.std(0).mean():.3f}, data {real.std(0).mean():.3f}", flush=True)
    if a.png:
        import matplotlib; matplotlib.use("Agg"); import matplotlib.pyplot as plt
        fig, ax = plt.subplots(3, 10, figsize=(15, 4.6))
        pick = torch.randperm(len(real), generator=torch.Generator().manual_seed(0))[:10]
        for j in range(10):
            for i, img in enumerate((real[pick[j], 0], fake[j, 0], fake[10 + j, 0])): ax[i, j].imshow(img, cmap="gray", vmin=-1, vmax=1)
        for x in ax.flat: x.axis("off")
        fig.suptitle(f"{a.model} {a.overrides}: real (top), EMA samples; {seconds:.0f} s, SWD {row}")
        fig.savefig(a.png, dpi=60)
        print(f"wrote {a.png}")


if __name__ == "__main__":
    main()
