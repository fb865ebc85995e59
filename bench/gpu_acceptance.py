"""GPU acceptance checks (issue 20.4), run by bench/gpu_check.sh after its step timings. Prints one table; exits 1 if any check fails.

    python bench/gpu_acceptance.py --device cuda                 # never run on a GPU yet; the train check alone is 2 minutes
    python bench/gpu_acceptance.py --device cpu --scale smoke    # the same code path on the CPU, a few minutes (tests/test_bench.py)

Checks:
  train        the quick profile's Enhanced-GAN trains on the knee phantom on the device for --train-seconds: every logged loss
               finite, sample grids written, a checkpoint that loads; reports the median img/s per resolution
  kill-resume  a run is killed with SIGKILL (from a hook, a few unsaved steps after a checkpoint) and resumed from its run folder;
               its log after the checkpoint against a run that never stopped. Both run with deterministic algorithms
               (torch.use_deterministic_algorithms, CUBLAS_WORKSPACE_CONFIG, cuDNN benchmark off, attention on SDPA's math
               kernel, as the fused kernels' backward may add atomically), so the losses should agree exactly; the check passes
               within rtol 1e-5 and says whether they were bit-equal. What it tests is the checkpoint: the trainer's own runs use
               cuDNN autotuning and fused attention, so on CUDA they need not match an uninterrupted run bit for bit
  vs-cpu       one iteration from the same weights, reals, latents and penalty weights on the device and on the CPU, paper widths at
               32 px, both models: every logged statistic in fp32 (TF32 off, as the trainer sets it) within rtol 1e-3 of the CPU's;
               the same under bf16 autocast is reported ("info"), not judged: bf16 differs by design (bench/penalty_precision.py)
  torchrun     with two or more devices (or --device cpu): two processes through torchrun train a short run; finite losses and
               the checkpoint's weights equal across the processes (`save_checkpoint` refuses otherwise)
"""
import argparse, contextlib, json, math, os, shutil, signal, subprocess, sys, tempfile, time
from pathlib import Path

RTOL_RESUME, RTOL_FP32, RTOL_BF16 = 1e-5, 1e-3, 5e-2


def rel(a, b):   # difference relative to the larger magnitude, with 1 as the floor (losses near 0 are compared absolutely)
    return abs(a - b) / max(abs(a), abs(b), 1.0)


def configs(scale, device, **kw):
    "The run options of the train / kill-resume / torchrun checks."
    from enhanced_gan.training import train_config
    if scale == "smoke":
        return train_config("smoke", "enhanced", device=device, amp="off", checkpoint_kimg=0.064, **kw)
    return train_config("quick", "enhanced", max_res=32, stable_kimg=0.5, fade_kimg=0.5, checkpoint_kimg=0.4, sample_kimg=0.5,
                        snapshot_kimg=1000.0, quality_samples=0, device=device, **kw)


def deterministic():
    import torch
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.backends.cudnn.benchmark, torch.backends.cudnn.deterministic = False, True


def train_worker(a):
    "A training run in this process (`--worker train`): the kill-resume and torchrun checks' runs."
    from enhanced_gan.data import PreparedData
    from enhanced_gan.distributed import init_from_env, shutdown
    from enhanced_gan.layers import twice_differentiable_attention
    from enhanced_gan.training import Trainer
    init_from_env(a.device)
    cfg = configs(a.scale, a.device, **json.loads(a.overrides))
    hooks = []
    if a.kill_kimg:   # SIGKILL: no exception, no atexit, no flush beyond what the trainer has written
        hooks = [(0.016, lambda tr: os.kill(os.getpid(), signal.SIGKILL) if tr.nimg >= a.kill_kimg * 1000 else None)]
    tr = Trainer(PreparedData(a.data), a.folder, cfg, resume=a.resume, hooks=hooks, progress=False)
    if a.deterministic: deterministic()   # after the Trainer, which turns cuDNN's benchmark on for CUDA
    with twice_differentiable_attention() if a.deterministic else contextlib.nullcontext():   # SDPA's math kernel: no atomics
        tr.train()
    shutdown()


def run_train(a, data, run, *extra, torchrun=0, overrides=None):
    cmd = [sys.executable] + (["-m", "torch.distributed.run", "--nproc_per_node", str(torchrun)] if torchrun else []) + [
        __file__, "--worker", "train", "--device", a.device, "--scale", a.scale, "--data", str(data), "--folder", str(run),
        "--overrides", json.dumps(overrides or {}), *extra]
    env = {**os.environ, "CUBLAS_WORKSPACE_CONFIG": ":4096:8"} | ({"OMP_NUM_THREADS": "1"} if torchrun and a.device == "cpu" else {})
    return subprocess.run(cmd, env=env, capture_output=True, text=True)


def check_train(a, data, work):
    import pandas as pd
    from enhanced_gan.training import Trainer, train_config, checkpoints, load_checkpoint
    cfg = train_config("smoke" if a.scale == "smoke" else "quick", "enhanced", device=a.device)
    class Enough(Exception): pass
    t0 = time.perf_counter()
    def stop(tr):
        if time.perf_counter() - t0 > a.train_seconds: raise Enough()
    tr = Trainer(data, work/"train", cfg, hooks=[(0.1, stop)], progress=False)
    try: tr.train()
    except Enough: tr.save_checkpoint(); tr.write_samples(*tr.trained)
    log = pd.read_csv(work/"train"/"log.csv")
    grids = sorted((work/"train"/"samples").glob("*.png"))
    finite = bool(log[["d_loss", "g_loss"]].map(math.isfinite).all().all())
    load_checkpoint(checkpoints(work/"train")[-1])
    speed = ", ".join(f"{r} px {v:.0f}" for r, v in log.groupby("res").img_per_s.median().items())
    ok = finite and len(grids) > 0 and len(log) > 0
    return ok, (f"{time.perf_counter() - t0:.0f} s on {tr.device} ({tr.precision}): {log.kimg.iloc[-1]:.1f} kimg to {log.res.iloc[-1]} px, "
                f"{len(grids)} sample grid(s), losses {'finite' if finite else 'NOT finite'}; median img/s {speed}")


def check_kill_resume(a, data, work):
    import pandas as pd
    from enhanced_gan.training import checkpoints
    cfg = configs(a.scale, a.device)
    kill = (cfg.checkpoint_kimg * 2 + 0.05)   # killed a few unsaved steps after the second checkpoint
    r = run_train(a, data, work/"full", "--deterministic")
    if r.returncode: return False, f"the uninterrupted run failed (rc {r.returncode}): {r.stderr[-800:]}"
    r = run_train(a, data, work/"killed", "--deterministic", "--kill-kimg", str(kill))
    if r.returncode != -signal.SIGKILL: return False, f"the run to be killed ended with rc {r.returncode}, not SIGKILL: {r.stderr[-800:]}"
    at = int(checkpoints(work/"killed")[-1].stem.split("-")[1])
    r = run_train(a, data, work/"killed", "--deterministic", "--resume")
    if r.returncode: return False, f"the resumed run failed (rc {r.returncode}): {r.stderr[-800:]}"
    full, back = pd.read_csv(work/"full"/"log.csv"), pd.read_csv(work/"killed"/"log.csv")
    if list(full.nimg) != list(back.nimg): return False, f"the resumed run logged other steps ({len(back)} rows against {len(full)})"
    after = full.nimg > at
    worst = max(rel(x, y) for c in ("d_loss", "g_loss") for x, y in zip(full[c][after], back[c][after]))
    exact = all((full[c][after] == back[c][after]).all() for c in ("d_loss", "g_loss"))
    return worst <= RTOL_RESUME, (f"killed at {kill:.3f} kimg, resumed from the checkpoint at {at / 1000:.3f}; {int(after.sum())} steps "
                                  f"after it: {'bit-equal' if exact else f'max rel. difference {worst:.1e}'} (rtol {RTOL_RESUME:g})")


def one_step(data, work, model, device, amp):
    from enhanced_gan.training import Trainer, train_config
    cfg = train_config("paper", model, max_res=32, device=device, amp=amp, batch_size={8: 4})
    tr = Trainer(data, work/f"step-{model}-{device.replace(':', '')}-{amp}", cfg, progress=False)
    tr.nimg = tr.phases[-1].start   # 32 px, stable
    row = tr._step()
    return {k: v for k, v in row.items() if k not in ("step", "nimg", "kimg", "res", "alpha") and isinstance(v, float) and math.isfinite(v)}


def check_vs_cpu(a, data, work):
    if a.device == "cpu": return None, "skipped: the device is the CPU"
    ok, parts = True, []
    for model in ("pggan", "enhanced"):
        ref = one_step(data, work, model, "cpu", "off")
        for amp, rtol in (("off", RTOL_FP32), ("bf16", RTOL_BF16)):
            dev = one_step(data, work, model, a.device, amp)
            worst = max(rel(ref[k], dev[k]) for k in ref)
            within = worst <= rtol
            if amp == "off": ok &= within
            parts.append(f"{model} {'fp32' if amp == 'off' else 'bf16 (info)'} max rel. {worst:.1e} {'<=' if within else '>'} {rtol:g}")
    return ok, "; ".join(parts) + f" (d_loss {ref['d_loss']:.4f} on the CPU)"


def check_torchrun(a, data, work):
    import pandas as pd, torch
    from enhanced_gan.training import checkpoints, load_checkpoint
    n = torch.cuda.device_count() if a.device.startswith("cuda") else 2
    if n < 2: return None, f"skipped: {n} device(s)"
    r = run_train(a, data, work/"torchrun", torchrun=2)
    if r.returncode: return False, f"torchrun failed (rc {r.returncode}): {r.stderr[-1500:]}"
    log = pd.read_csv(work/"torchrun"/"log.csv")
    st = load_checkpoint(checkpoints(work/"torchrun")[-1])
    finite = bool(log[["d_loss", "g_loss"]].map(math.isfinite).all().all())
    return finite, f"2 processes, {len(log)} steps to {log.kimg.iloc[-1]:.2f} kimg, losses {'finite' if finite else 'NOT finite'}, checkpoint of world size {json.loads(st['options']).get('world_size', 1)}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--scale", choices=("smoke", "full"), default="full", help="smoke: the smoke profile's networks (a CPU test of this script)")
    ap.add_argument("--train-seconds", type=float, default=120.0)
    ap.add_argument("--checks", nargs="+", default=["train", "kill-resume", "vs-cpu", "torchrun"])
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    for k in ("data", "folder", "overrides"): ap.add_argument(f"--{k}", help=argparse.SUPPRESS)
    ap.add_argument("--kill-kimg", type=float, default=0.0, help=argparse.SUPPRESS)
    for k in ("resume", "deterministic"): ap.add_argument(f"--{k}", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker: return train_worker(a)
    import torch
    if a.device.startswith("cuda") and not torch.cuda.is_available():
        print("gpu_acceptance: no CUDA device here; nothing to check (use --device cpu to run the checks on the CPU)"); return
    from enhanced_gan.data import prepare_dataset
    from enhanced_gan.phantom import write_phantom_dataset
    work = Path(tempfile.mkdtemp(prefix="gpu_acceptance_"))
    write_phantom_dataset(work/"knees", subjects=6, size="small")
    data = prepare_dataset(work/"knees", 16 if a.scale == "smoke" else 64, work/"cache", n_slices=32, progress=False)
    checks = dict(train=check_train, **{"kill-resume": check_kill_resume, "vs-cpu": check_vs_cpu, "torchrun": check_torchrun})
    rows = []
    for name in a.checks:
        t0 = time.perf_counter()
        try: ok, detail = checks[name](a, data, work)
        except Exception as e: ok, detail = False, f"{type(e).__name__}: {str(e)[:600]}"
        rows.append((name, {True: "pass", False: "FAIL", None: "skip"}[ok], time.perf_counter() - t0, detail))
        print(f"  {name}: {rows[-1][1]} ({rows[-1][2]:.0f} s)", flush=True)
    print(f"\n{'check':12} {'result':6} {'s':>5}  detail   [{a.device}, torch {torch.__version__}, work folder {work}, removed unless a check fails]")
    for name, res, s, detail in rows: print(f"{name:12} {res:6} {s:5.0f}  {detail}")
    failed = any(r[1] == "FAIL" for r in rows)
    if not failed: shutil.rmtree(work)   # kept for a look when a check failed
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
