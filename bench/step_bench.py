"""The trainer's own step (`Trainer._step`: batch, fade-in, critic step with its penalty, generator step, EMA) timed at each
resolution of a training profile, on the profile's prepared phantom; optionally a torch.profiler table of one step per resolution.
Prints figures; asserts nothing.

    python bench/step_bench.py                                    # quick profile, both models, 16 32 64 px
    python bench/step_bench.py --profile-table 16 32 64           # and where one step's time goes (torch.profiler)
    python bench/step_bench.py --set amp=off --set channels_last=0   # any TrainConfig override (value parsed as JSON)
    python bench/step_bench.py --compile --res 32                 # torch.compile'd G and D (the penalty's pass eager)
    PYTHONPATH=/tmp/main_wt python bench/step_bench.py            # the same against another checkout (e.g. a `git worktree` of main)

Each configuration: the trainer is placed at the start of the stable phase of the resolution (alpha 1; `--fade` for the middle of
the fade-in), warmed up, then timed over `--seconds` of steps; s/iter counts whole steps, lazy-penalty steps included in their
proportion, so img/s is what the profile trains at.
"""
import argparse, json, os, sys, tempfile, time
from pathlib import Path

import torch

import enhanced_gan
try: from enhanced_gan.sources import profile_data
except ImportError: from enhanced_gan.data import profile_data   # checkouts before 7c11766 (e.g. a worktree of an older main)
from enhanced_gan.training import Trainer, train_config, growth_schedule
from enhanced_gan.loss import gradient_penalty


def place(tr, res: int, fade: bool):
    "Move the trainer to the start (stable) or middle (fade) of the phase of `res`."
    for p in tr.phases:
        if p.res == res and p.fade == fade:
            tr.nimg = p.start + ((p.end - p.start) // 2 if fade else 0)
            return True
    return False


def compile_trainer(tr):
    "Swap the trainer's G and D for torch.compile'd ones; the gradient penalty keeps calling this trainer's eager D (same parameters)."
    import enhanced_gan.loss as loss
    eager_D, penalty = tr.D, gradient_penalty     # the library's own penalty, not an earlier configuration's wrapper
    loss.gradient_penalty = lambda D, *args, **kw: penalty(eager_D, *args, **kw)
    tr.G, tr.D = torch.compile(tr.G, dynamic=False), torch.compile(tr.D, dynamic=False)
    tr.D.batch_parts = eager_D.batch_parts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--profile", default="quick")
    ap.add_argument("--models", nargs="+", default=["pggan", "enhanced"])
    ap.add_argument("--res", type=int, nargs="+", default=[16, 32, 64])
    ap.add_argument("--fade", action="store_true", help="time the middle of the fade-in instead of the stable phase")
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--set", action="append", default=[], metavar="KEY=JSON", help="TrainConfig override, e.g. amp=\"off\" or batch_size={\"8\": 32}")
    ap.add_argument("--profile-table", type=int, nargs="*", default=[], metavar="RES", help="print a torch.profiler table of one step at these resolutions")
    ap.add_argument("--compile", action="store_true", help="torch.compile G and D (inductor); the penalty's pass stays eager, as compiled graphs have no double backward")
    ap.add_argument("--rows", type=int, default=14)
    ap.add_argument("--out", default="outputs", help="where the phantom and its cache are (made if absent)")
    a = ap.parse_args()
    overrides = {}
    for kv in a.set:
        k, v = kv.split("=", 1)
        v = json.loads(v)
        if isinstance(v, dict): v = {int(r): x for r, x in v.items()} if all(r.isdigit() for r in v) else v
        overrides[k] = v
    data = profile_data(a.profile, a.out)
    print(f"enhanced_gan from {Path(enhanced_gan.__file__).parent.parent}; torch {torch.__version__}, threads {torch.get_num_threads()}; "
          f"profile {a.profile}, overrides {overrides or 'none'}", flush=True)
    print(f"{'model':9} {'res':>4} {'batch':>5} {'s/iter':>8} {'img/s':>8}  precision")
    for model in a.models:
        for res in a.res:
            cfg = train_config(a.profile, model, **overrides)
            with tempfile.TemporaryDirectory() as tmp:
                tr = Trainer(data, Path(tmp)/"run", cfg, progress=False)
                if not place(tr, res, a.fade): print(f"{model:9} {res:4d}  (no such phase)"); continue
                bs = cfg.batch_at(res)
                if a.compile: compile_trainer(tr)
                t_warm = time.perf_counter()
                for _ in range(3): tr._step()
                t_warm = time.perf_counter() - t_warm
                n, t0 = 0, time.perf_counter()
                while n < 4 or time.perf_counter() - t0 < a.seconds: tr._step(); n += 1
                dt = (time.perf_counter() - t0) / n
                precision = getattr(tr, "precision", "bf16" if getattr(tr, "amp", False) else "fp32")
                print(f"{model:9} {res:4d} {bs:5d} {dt:8.4f} {bs / dt:8.1f}  {precision}"
                      + (f", compiled (3 warm-up steps {t_warm:.0f} s)" if a.compile else ""), flush=True)
                if res in a.profile_table:
                    from torch.profiler import profile, ProfilerActivity
                    with profile(activities=[ProfilerActivity.CPU]) as prof:
                        for _ in range(4): tr._step()
                    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=a.rows, max_name_column_width=38))
                    ev = prof.key_averages()
                    n_ops = sum(e.count for e in ev if not e.key.startswith(("autograd::", "Optimizer", "ProfilerStep")))
                    print(f"  {model} {res} px: {n_ops / 4:.0f} profiled operator calls per step\n", flush=True)


if __name__ == "__main__":
    main()
