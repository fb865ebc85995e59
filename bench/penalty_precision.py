"""Can the gradient penalty's critic pass and double backward run in bf16? On the same batch and critic, the penalty computed in fp32
(`gradient_penalty(precision="fp32")`) against bf16 autocast (`precision="autocast"`, the norms reduced in fp32): relative error of the
per-sample gradient norms and of the penalty, and of the penalty's gradient with respect to the critic's weights (what training
uses). Beside them, the same comparison for the Wasserstein term's weight gradient, the error bf16 autocast already puts into every
critic step. And the time of the penalty pass in each precision. Prints figures; asserts nothing.

    python bench/penalty_precision.py                      # quick widths, both models, 16 32 64 px
    python bench/penalty_precision.py --paper-widths --res 32   # the paper's widths (slow)

The critic is a trainer's own after `--steps` fp32 steps at the resolution (from scratch, quick schedule position: stable phase).
"""
import argparse, tempfile, time
from pathlib import Path

import torch

from enhanced_gan.sources import profile_data
from enhanced_gan.loss import gradient_penalty
from enhanced_gan.training import Trainer, train_config, _dataset, _reals


def flat_grad(loss, params):
    gs = torch.autograd.grad(loss, params, allow_unused=True)
    return torch.cat([(g if g is not None else torch.zeros_like(p)).float().flatten() for g, p in zip(gs, params)])


def rel(a, b): return ((a - b).norm() / b.norm()).item()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", nargs="+", default=["pggan", "enhanced"])
    ap.add_argument("--res", type=int, nargs="+", default=[16, 32, 64])
    ap.add_argument("--steps", type=int, default=60)
    ap.add_argument("--batches", type=int, default=4, help="batches compared per configuration")
    ap.add_argument("--paper-widths", action="store_true")
    a = ap.parse_args()
    data = profile_data("quick", "outputs")
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}")
    print(f"{'model':9} {'res':>4}  {'norm rel.err median/max':>24}  {'penalty rel.err':>15}  {'penalty grad rel.err (cos)':>27}  "
          f"{'W-term grad rel.err':>19}  {'pass ms fp32/bf16':>17}")
    for model in a.models:
        for res in a.res:
            over = dict(amp="off")
            if a.paper_widths: over.update(net=dict(), batch_size={8: 8})
            cfg = train_config("quick", model, **over)
            with tempfile.TemporaryDirectory() as tmp:
                tr = Trainer(data, Path(tmp)/"run", cfg, progress=False)
                start = next(p for p in tr.phases if p.res == res and not p.fade)
                tr.nimg = start.start
                for _ in range(a.steps): tr._step()
                D, params = tr.D, [p for p in tr.D.parameters()]
                errs, gp_errs, pg_errs, cos, w_errs, t32, t16 = [], [], [], [], [], [], []
                for b in range(a.batches):
                    g = torch.Generator().manual_seed(100 + b)
                    idx = torch.randint(len(_dataset(tr, res)), (cfg.batch_at(res),), generator=g).numpy()
                    real = _reals(tr, res, idx)
                    with torch.no_grad(): fake = tr.G(torch.randn(len(idx), tr.net.latent_dim, generator=g), res, 1.0)
                    out = {}
                    for prec in ("fp32", "autocast"):
                        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=prec == "autocast"):
                            t = time.perf_counter()
                            gp, norms = gradient_penalty(D, real, fake, res, 1.0, torch.Generator().manual_seed(b), precision=prec)
                            pg = flat_grad(cfg.gp_lambda * gp.mean(), params)
                            dt = time.perf_counter() - t
                            wl = D(fake, res, 1.0).float().mean() - D(real, res, 1.0).float().mean()
                        out[prec] = (gp.detach(), norms, pg, flat_grad(wl, params), dt)
                    (gp32, n32, pg32, w32, d32), (gp16, n16, pg16, w16, d16) = out["fp32"], out["autocast"]
                    errs.append(((n16 - n32).abs() / n32).cpu()); gp_errs.append(abs(gp16.mean() - gp32.mean()).item() / max(gp32.mean().item(), 1e-12))
                    pg_errs.append(rel(pg16, pg32)); cos.append(torch.nn.functional.cosine_similarity(pg16, pg32, dim=0).item())
                    w_errs.append(rel(w16, w32)); t32.append(d32); t16.append(d16)
                e = torch.cat(errs)
                mean = lambda v: sum(v) / len(v)
                print(f"{model:9} {res:4d}  {e.median().item():11.2e} / {e.max().item():.2e}  {mean(gp_errs):15.2e}  "
                      f"{mean(pg_errs):17.2e} ({mean(cos):.4f})  {mean(w_errs):19.2e}  {1e3 * min(t32):8.1f} / {1e3 * min(t16):.1f}", flush=True)


if __name__ == "__main__":
    main()
