"""Training throughput of one process against several (torch.distributed, gloo on CPUs or NCCL on GPUs), with the quick
profile's networks and the same global minibatch. Prints img/s per resolution and phase for each process count; asserts nothing.

    python bench/distributed_bench.py                      # 1 and 2 processes on this machine's CPUs
    python bench/distributed_bench.py --nproc 1 2 4 --device cuda --res 32

Each count trains a fresh run (knee phantom, 6 small subjects) for `--kimg` thousand images per phase up to `--res`. Every process
gets `--threads` OpenMP threads (default 1, what torchrun sets), so on a 2-core CPU run both `--threads 2 --nproc 1` and the
default `--nproc 2` to compare one process using both cores with two processes using one each.
"""
import argparse, os, subprocess, sys, tempfile, time
from pathlib import Path


def worker(a):
    import pandas as pd
    from enhanced_gan.data import PreparedData
    from enhanced_gan.distributed import init_from_env, shutdown
    from enhanced_gan.training import Trainer, train_config
    rank, world = init_from_env(a.device)
    k = a.kimg
    res = [r for r in (8, 16, 32, 64, 128, 256) if r <= a.res]
    cfg = train_config("quick", a.model, max_res=a.res, stable_kimg={r: k for r in res}, fade_kimg={r: k for r in res[1:]},
                       device=a.device, checkpoint_kimg=1000, sample_kimg=1000, snapshot_kimg=1000)
    run = Path(a.out)/f"run{world}"
    t0 = time.perf_counter()
    Trainer(PreparedData(a.data), run, cfg, progress=False).train()
    if rank == 0:
        log = pd.read_csv(run/"log.csv")
        log["phase"] = log.res.astype(str) + log.alpha.lt(1).map({True: " fade", False: " stable"})
        per = log.groupby("phase", sort=False).img_per_s.median()
        print(f"{world} process(es), {os.environ.get('OMP_NUM_THREADS', 'default')} thread(s) each: "
              + ", ".join(f"{p} {v:.0f}" for p, v in per.items()) + f" img/s (median per step); {time.perf_counter() - t0:.0f} s in all", flush=True)
    shutdown()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nproc", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--res", type=int, default=16)
    ap.add_argument("--kimg", type=float, default=2.0, help="thousand images per phase")
    ap.add_argument("--model", default="pggan")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, default=1, help="OpenMP threads per process")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker: return worker(a)
    from enhanced_gan.data import prepare_dataset
    from enhanced_gan.phantom import write_phantom_dataset
    work = Path(tempfile.mkdtemp(prefix="distributed_bench_"))
    write_phantom_dataset(work/"knees", subjects=6, size="small")
    data = prepare_dataset(work/"knees", a.res, work/"cache", progress=False)
    env = {**os.environ, "OMP_NUM_THREADS": str(a.threads)}
    for n in a.nproc:
        cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", str(n), __file__, "--worker", "--data", str(data),
               "--out", str(work), "--res", str(a.res), "--kimg", str(a.kimg), "--model", a.model, "--device", a.device]
        subprocess.run(cmd, env=env, check=True)


if __name__ == "__main__":
    main()
