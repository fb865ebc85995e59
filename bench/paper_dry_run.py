"""The paper profile's dry run on the CPU (issue 20.1): for PGGAN and Enhanced-GAN at every phase of the growth schedule (8 x 8
stable, then fade-in and stable at each resolution to 256), one full iteration through the trainer's own `Trainer._step`
(critic step with the gradient penalty, generator step, EMA update), then a checkpoint written and loaded by a resumed
Trainer, at two batch sizes (2 and 4). Prints figures; asserts nothing but that the loaded checkpoint holds the weights it was written from.

    python bench/paper_dry_run.py                           # paper profile, both models, every phase (2-core CPU: not timed whole; rises up to ~9 GB)
    python bench/paper_dry_run.py --models enhanced --res 128 256   # 22 min on a 2-core AMD EPYC
    python bench/paper_dry_run.py --profile smoke           # the same path on the smoke profile's networks, seconds (tests/test_bench.py)

Each (model, phase, batch) runs in its own process, so its peak resident memory (VmHWM) is its own. Measured per phase:
  step s     the second iteration's wall time (the first also pays for allocation and kernel set-up)
  rise MiB   the peak memory over the memory just before the first iteration, with the networks built and the reals loaded:
             activations of the three passes (critic, penalty double backward, generator), gradients, Adam's two moments
  /sample    (rise at B2 - rise at B1) / (B2 - B1); fixed = rise at B1 - B1 x /sample (gradients, Adam state, workspaces).
             Not from batch 1: the rise is not linear below 2 (Enhanced-GAN, 128 px fade-in, paper widths: batch 1 / 2 / 4 rise
             3853 / 4013-4073 / 6945 MiB, so 1 -> 2 gives 0.2 GiB per sample and 2 -> 4 gives 1.4), and the smaller slope would
             promise a batch that does not fit
  state MiB  fp32 weights of G, D and the EMA generator (present before the iteration, so not in the rise)
  need GiB   state + fixed + /sample x the profile's batch at that resolution (`TrainConfig.batch_size`), against 80 GB (H100)
             and 141 GB (H200) with a 10 % margin ("fits" only below 90 % of the card)
  ckpt       the checkpoint's size, the time to write it (atomically) and to resume a Trainer from it
What the extrapolation leaves out, on a GPU: the CUDA context and cuDNN workspaces (about 0.5-2 GB), the reals the trainer
keeps on the device (all slices at that resolution, if they take under a quarter of the free memory), and allocator
fragmentation. bf16 autocast (the trainer's default on CUDA) stores most activations in half the bytes, but the penalty's pass
runs in fp32 (`TrainConfig.gp_precision`), so the fp32 figures here are an upper bound for it. The dry run itself runs in
fp32 (`amp="off"`): on a CPU without bf16 hardware bf16 is far slower, and memory is what it is for.
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path

from proc_memory import status_mib    # bench/ is on sys.path when a script in it runs

CARDS = {"H100 80GB": 80e9, "H200 141GB": 141e9}
MARGIN = 0.9


def worker(a):
    "One (model, phase, batch) in this process; prints one JSON line."
    import torch
    from enhanced_gan.training import Trainer, train_config, load_checkpoint, _dataset, _reals
    cfg = train_config(a.profile, a.model, batch_size={8: a.batch}, amp="off", device="cpu", quality_samples=0)
    tr = Trainer(a.data, Path(a.out)/"run", cfg, progress=False)
    p = tr.phases[a.phase]
    tr.nimg = p.start + ((p.end - p.start) // 2 if p.fade else 0)          # a fade-in is measured at alpha 0.5
    _dataset(tr, p.res); _reals(tr, p.res, [0])                              # the reals in memory before the baseline
    mods = (tr.G, tr.D, tr.G_ema)
    state = sum(t.numel() * t.element_size() for m in mods for t in list(m.parameters()) + list(m.buffers())) / 2**20
    base = status_mib("VmRSS")
    t0 = time.perf_counter(); row = tr._step(); first = time.perf_counter() - t0
    t0 = time.perf_counter(); row = tr._step(); step = time.perf_counter() - t0
    rise = status_mib("VmHWM") - base
    out = dict(model=a.model, phase=a.phase, res=p.res, fade=p.fade, alpha=row["alpha"], batch=a.batch, first_s=first, step_s=step,
               rise_mib=rise, state_mib=state, d_loss=row["d_loss"], g_loss=row["g_loss"],
               params_G=sum(t.numel() for t in tr.G.parameters()), params_D=sum(t.numel() for t in tr.D.parameters()),
               attention=tr.net.attention_res)
    if a.checkpoint:
        t0 = time.perf_counter(); path = tr.save_checkpoint(); out["save_s"] = time.perf_counter() - t0
        out["ckpt_mib"] = path.stat().st_size / 2**20
        t0 = time.perf_counter(); back = Trainer(a.data, Path(a.out)/"run", cfg, resume=True, progress=False); out["load_s"] = time.perf_counter() - t0
        for name in ("G", "D", "G_ema"):
            ours, theirs = getattr(tr, name).state_dict(), getattr(back, name).state_dict()
            if any(not torch.equal(ours[k], theirs[k]) for k in ours): raise SystemExit(f"checkpoint {path}: {name} differs after loading")
        if back.nimg != tr.nimg: raise SystemExit(f"checkpoint {path}: nimg {back.nimg} loaded, {tr.nimg} written")
        assert load_checkpoint(path)["step"] == tr.step_count
    print("RESULT " + json.dumps(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--profile", default="paper", help="a key of TRAINING_PROFILES")
    ap.add_argument("--models", nargs="+", default=["pggan", "enhanced"])
    ap.add_argument("--res", type=int, nargs="*", help="only the phases at these resolutions (default: all)")
    ap.add_argument("--batches", type=int, nargs=2, default=[2, 4], metavar=("B1", "B2"), help="the two batch sizes measured")
    ap.add_argument("--subjects", type=int, default=4, help="phantom subjects (the split needs 3; the dry run trains on its train share)")
    ap.add_argument("--n-slices", type=int, default=8, help="slices per prepared volume (memory per step does not depend on it)")
    ap.add_argument("--threads", type=int, default=0, help="torch threads per worker (0: torch's default)")
    for k in ("worker", "checkpoint"): ap.add_argument(f"--{k}", action="store_true", help=argparse.SUPPRESS)
    for k in ("data", "out", "model"): ap.add_argument(f"--{k}", help=argparse.SUPPRESS)
    for k in ("phase", "batch"): ap.add_argument(f"--{k}", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker: return worker(a)

    import torch
    from enhanced_gan.training import train_config, growth_schedule
    from enhanced_gan.data import prepare_dataset
    from enhanced_gan.phantom import write_phantom_dataset
    cfgs = {m: train_config(a.profile, m) for m in a.models}
    max_res = next(iter(cfgs.values())).max_res
    work = Path(tempfile.mkdtemp(prefix="paper_dry_run_"))
    t0 = time.perf_counter()
    write_phantom_dataset(work/"knees", subjects=a.subjects, size="paper" if max_res > 128 else "small")
    data = prepare_dataset(work/"knees", max_res, work/"cache", n_slices=a.n_slices, progress=False)
    print(f"paper dry run: profile {a.profile!r}, torch {torch.__version__}, CPU {torch.get_num_threads()} threads, fp32; "
          f"phantom of {a.subjects} subjects prepared to {max_res} px in {time.perf_counter() - t0:.0f} s")
    env = {**os.environ, **({"OMP_NUM_THREADS": str(a.threads)} if a.threads else {})}
    rows = []
    for m, cfg in cfgs.items():
        for i, p in enumerate(growth_schedule(cfg.max_res, cfg.stable_kimg, cfg.fade_kimg)):
            if a.res and p.res not in a.res: continue
            for b in a.batches:
                cmd = [sys.executable, __file__, "--worker", "--profile", a.profile, "--model", m, "--phase", str(i), "--batch", str(b),
                       "--data", str(data), "--out", str(work/f"{m}-{i}-{b}")] + (["--checkpoint"] if b == a.batches[0] else [])
                r = subprocess.run(cmd, env=env, capture_output=True, text=True)
                line = [l for l in r.stdout.splitlines() if l.startswith("RESULT ")]
                if r.returncode or not line:
                    print(f"{m} {p.res} {'fade' if p.fade else 'stable'} batch {b}: FAILED (rc {r.returncode})\n{r.stderr[-3000:]}")
                    sys.exit(1)
                rows.append(json.loads(line[0][7:]))
                tmp = work/"dry_run.json.tmp"; tmp.write_text(json.dumps(rows, indent=1)); tmp.replace(work/"dry_run.json")   # kept if killed
                print(f"  {m:8} {p.res:3d} {'fade  ' if p.fade else 'stable'} batch {b}: {rows[-1]['step_s']:.2f} s, "
                      f"rise {rows[-1]['rise_mib']:.0f} MiB", flush=True)

    cards = " ".join(f"{c:>11}" for c in CARDS)
    print(f"\n{'model':8} {'res':>4} {'phase':6} {'step s@' + str(a.batches[1]):>9} {'img/s':>6} {'rise@' + str(a.batches[0]):>8} "
          f"{'rise@' + str(a.batches[1]):>8} {'/sample':>8} {'state':>6} {'batch':>5} {'need GiB':>8} {cards} {'ckpt MiB':>8} {'save s':>6} {'load s':>6}")
    for m, cfg in cfgs.items():
        for i in sorted({r["phase"] for r in rows if r["model"] == m}):
            one, two = (next(r for r in rows if r["model"] == m and r["phase"] == i and r["batch"] == b) for b in a.batches)
            per = (two["rise_mib"] - one["rise_mib"]) / (a.batches[1] - a.batches[0])
            fixed = one["rise_mib"] - per * a.batches[0]
            B = cfg.batch_at(one["res"])
            need = (one["state_mib"] + fixed + per * B) * 2**20
            fits = " ".join(f"{('fits' if need < MARGIN * cap else 'NO'):>11}" for cap in CARDS.values())
            print(f"{m:8} {one['res']:4d} {'fade' if one['fade'] else 'stable':6} {two['step_s']:9.2f} {a.batches[1] / two['step_s']:6.1f} "
                  f"{one['rise_mib']:8.0f} {two['rise_mib']:8.0f} {per:8.0f} {one['state_mib']:6.0f} {B:5d} {need / 2**30:8.1f} {fits} "
                  f"{one['ckpt_mib']:8.0f} {one['save_s']:6.2f} {one['load_s']:6.2f}" + (f"   attention {one['attention']}" if one["attention"] else ""))
    print(f"\nparameters: " + ", ".join(f"{m} G {r['params_G'] / 1e6:.1f} M, D {r['params_D'] / 1e6:.1f} M"
                                   for m in cfgs for r in [max((r for r in rows if r["model"] == m), key=lambda r: r["res"])]))
    for d in work.iterdir():                                                 # the phantom, its cache and the runs
        if d.is_dir(): shutil.rmtree(d)
    print(f"rows: {work/'dry_run.json'}")


if __name__ == "__main__":
    main()
