"""Data-layer benchmark: time and peak memory to prepare paper-size phantom subjects to 8..256, the cache-hit time, and the
loader's throughput from cache. Prints figures; asserts nothing about speed.

    python bench/data_bench.py                       # 30 paper-size subjects (generates them first, a few minutes)
    python bench/data_bench.py --subjects 4 --size small --res 64   # a quick look

Targets on the 2-core reference machine (issue 2): preparation under 2 minutes, at least 5,000 slices/s at 64x64 from cache.
"""
import argparse, resource, subprocess, sys, tempfile, time
from pathlib import Path

import numpy as np
import torch


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20      # Linux: KiB


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--subjects", type=int, default=30)
    ap.add_argument("--size", default="paper")
    ap.add_argument("--res", type=int, default=256)
    ap.add_argument("--n-slices", type=int, default=160)
    ap.add_argument("--data", type=Path, help="reuse an existing dataset folder instead of generating the phantom")
    ap.add_argument("--work", type=Path, help="scratch folder (default: a new temporary folder)")
    a = ap.parse_args()
    work = a.work or Path(tempfile.mkdtemp(prefix="data_bench_"))
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, scratch {work}")

    data = a.data
    if data is None:
        data = work/f"phantom_{a.size}_{a.subjects}"
        if not data.exists():
            t0 = time.time()
            subprocess.run([str(Path(sys.executable).parent/"enhanced-gan"), "phantom", "--out", str(data),
                            "--subjects", str(a.subjects), "--size", a.size], check=True)
            print(f"phantom: {a.subjects} x {a.size} written in {time.time() - t0:.1f} s (not part of the target)")

    from enhanced_gan.data import prepare_dataset, PreparedData, SliceDataset
    cache = work/"cache"
    rss0 = peak_rss_gb()
    t0 = time.time()
    path = prepare_dataset(data, a.res, cache, n_slices=a.n_slices, progress=False)
    t_prep = time.time() - t0
    p = PreparedData(path)
    n = len(p.subjects) * p.n_slices
    print(f"prepare: {len(p.subjects)} subjects -> {n} slices at {p.resolutions}: {t_prep:.1f} s "
          f"({n / t_prep:.0f} slices/s), peak RSS {peak_rss_gb():.2f} GB (before: {rss0:.2f} GB)")
    size = sum(f.stat().st_size for f in path.iterdir()) / 2**20
    print(f"cache size: {size:.0f} MiB in {path}")
    t0 = time.time(); prepare_dataset(data, a.res, cache, n_slices=a.n_slices, progress=False)
    print(f"second run (cache hit: hashes the inputs, decodes nothing): {time.time() - t0:.2f} s")

    res = 64 if 64 in p.resolutions else max(p.resolutions)
    for in_memory in (False, True):
        ds = SliceDataset(p, res, in_memory=in_memory)
        rng = np.random.default_rng(0)
        kind = "in memory" if in_memory else "memory-mapped"
        # batched access, as the GAN trainer reads: shuffled index batches of 64
        t0 = time.time(); seen = 0
        while time.time() - t0 < 3:
            for b in np.array_split(rng.permutation(len(ds)), max(1, len(ds) // 64)):
                x, _, _ = ds[b]; seen += len(b)
        print(f"loader {res}x{res} ({kind}, batched index of 64): {seen / (time.time() - t0):,.0f} slices/s")
        # a plain DataLoader over single items (default collate), for comparison
        dl = torch.utils.data.DataLoader(ds, batch_size=64, shuffle=True, num_workers=0)
        t0 = time.time(); seen = 0
        for x, _, _ in dl:
            seen += len(x)
            if time.time() - t0 > 3: break
        print(f"loader {res}x{res} ({kind}, DataLoader over single items): {seen / (time.time() - t0):,.0f} slices/s")


if __name__ == "__main__":
    main()
