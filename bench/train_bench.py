"""Training-step benchmark: per resolution, the time of one iteration (critic step with gradient penalty + generator step),
img/s, peak memory and achieved GFLOP/s (counted with torch.utils.flop_counter) next to this machine's fp32 matmul GFLOP/s
measured in the same run. Prints figures; asserts nothing.

    python bench/train_bench.py                                  # paper widths, PGGAN and Enhanced-GAN, 8..64
    python bench/train_bench.py --res 32 64 128 --batch 4        # larger resolutions (slow on a CPU)
    python bench/train_bench.py --fmap-base 256 --fmap-max 32 --batch 32 --attention-res 16   # the quick profile's networks
    python bench/train_bench.py --res 32 64 --channels-last      # NHWC layout (TrainConfig.channels_last)

Targets on the 2-core machine (issue 3): at paper widths and resolutions >= 32, at least 65% of the matmul figure; the attention
block adds at most 15% to the iteration at its resolution.
"""
import argparse, resource, time

import torch
from torch.utils.flop_counter import FlopCounterMode

from enhanced_gan.networks import Generator, Discriminator, pggan, enhanced
from enhanced_gan.loss import critic_loss, generator_loss


def matmul_gflops(device, n=2048, reps=5, dtype=torch.float32):
    if device.type == "cuda": n, reps = 8192, 20
    a, b = torch.randn(n, n, device=device, dtype=dtype), torch.randn(n, n, device=device, dtype=dtype)
    a @ b
    if device.type == "cuda": torch.cuda.synchronize()
    t = time.perf_counter()
    for _ in range(reps): a @ b
    if device.type == "cuda": torch.cuda.synchronize()
    return 2 * n ** 3 * reps / (time.perf_counter() - t) / 1e9


def peak_mb(device):
    if device.type == "cuda": return torch.cuda.max_memory_allocated(device) / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_step(G, D, oG, oD, res, bs, latent, device, amp=False, channels_last=False):
    real = torch.randn(bs, G.cfg.channels, res, res, device=device)
    if channels_last: real = real.contiguous(memory_format=torch.channels_last)
    def step():
        z = torch.randn(bs, latent, device=device)
        ac = lambda: torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp)   # as the trainer: TrainConfig.amp
        with torch.no_grad(), ac(): fake = G(z, res, 1.0)
        with ac(): loss, _ = critic_loss(D, real, fake, res, 1.0)
        oD.zero_grad(set_to_none=True); loss.backward(); oD.step()
        D.requires_grad_(False)
        with ac(): g, _ = generator_loss(D, G(torch.randn(bs, latent, device=device), res, 1.0), res, 1.0)
        oG.zero_grad(set_to_none=True); g.backward(); oG.step()
        D.requires_grad_(True)
    return step


def count_flops(step):
    "FLOPs of one iteration; FlopCounterMode's module tracker cannot follow autograd.grad(create_graph=True), so it is disabled."
    class _NoTracker:                                   # stands in for torch's private ModuleTracker
        parents = {"Global"}
        def __enter__(self): return self
        def __exit__(self, *a): return False
    mode = FlopCounterMode(display=False)
    mode.mod_tracker = _NoTracker()
    try:
        with mode: step()
        return mode.get_total_flops()
    except Exception as e:
        print(f"  (flop counting failed: {type(e).__name__}: {e})")
        return float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--res", type=int, nargs="+", default=[8, 16, 32, 64])
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--fmap-base", type=int, default=8192)
    ap.add_argument("--fmap-max", type=int, default=512)
    ap.add_argument("--latent", type=int, default=512)
    ap.add_argument("--attention-res", type=int, nargs="*", help="Enhanced-GAN attention resolutions (default: each measured res / 2)")
    ap.add_argument("--attention-pool", action="store_true", help="2x2-pooled keys and values (NetworkConfig.attention_pool, as the paper profile)")
    ap.add_argument("--attention-query-chunk", type=int, default=0, help="the penalty pass's attention in query chunks (NetworkConfig.attention_query_chunk)")
    ap.add_argument("--seconds", type=float, default=10.0, help="timing budget per configuration")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--amp", action="store_true", help="bf16 autocast as the trainer does on CUDA (TrainConfig.amp); the reference is then bf16 matmul")
    ap.add_argument("--channels-last", action="store_true", help="NHWC weights and images (TrainConfig.channels_last)")
    a = ap.parse_args()
    dev = torch.device(a.device)
    if dev.type == "cuda": torch.backends.cudnn.benchmark = True
    peak = matmul_gflops(dev, dtype=torch.bfloat16 if a.amp else torch.float32)
    print(f"torch {torch.__version__}, {torch.cuda.get_device_name(dev) if dev.type == 'cuda' else dev}, threads {torch.get_num_threads()}; "
          f"{'bf16' if a.amp else 'fp32'} matmul: {peak:.0f} GFLOP/s" + ("; NHWC" if a.channels_last else ""))
    print(f"{'model':9} {'res':>4} {'batch':>5} {'s/iter':>8} {'img/s':>8} {'GFLOP/iter':>11} {'GFLOP/s':>8} {'% matmul':>8} {'peak MB':>8}")
    results = {}
    for res in a.res:
        for name in ("pggan", "enhanced"):
            kw = dict(max_res=max(res, 8), channels=2, fmap_base=a.fmap_base, fmap_max=a.fmap_max, latent_dim=a.latent)
            if name == "enhanced": kw["attention_res"] = (tuple(r for r in a.attention_res if r <= res) if a.attention_res is not None   # those the model at res has
                                                     else ((res // 2,) if res >= 16 else ()))
            if name == "enhanced": kw.update(attention_pool=a.attention_pool, attention_query_chunk=a.attention_query_chunk)
            cfg = (pggan if name == "pggan" else enhanced)(**kw)
            G, D = Generator(cfg).to(dev), Discriminator(cfg).to(dev)
            if a.channels_last: G, D = G.to(memory_format=torch.channels_last), D.to(memory_format=torch.channels_last)
            oG = torch.optim.Adam(G.parameters(), 1e-3, betas=(0.0, 0.99)); oD = torch.optim.Adam(D.parameters(), 1e-3, betas=(0.0, 0.99))
            step = make_step(G, D, oG, oD, res, a.batch, a.latent, dev, a.amp, a.channels_last)
            try:
                step()
                flops = count_flops(step)
                if dev.type == "cuda": torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats(dev)
                n, t0 = 0, time.perf_counter()
                while n < 2 or time.perf_counter() - t0 < a.seconds:
                    step(); n += 1
                    if dev.type == "cuda": torch.cuda.synchronize()
            except torch.OutOfMemoryError as e:   # a row that does not fit says so; the next configuration still runs
                print(f"{name:9} {res:4d} {a.batch:5d} out of memory ({str(e).splitlines()[0][:120]})")
                del G, D, oG, oD, step
                if dev.type == "cuda": torch.cuda.empty_cache()
                continue
            dt = (time.perf_counter() - t0) / n
            gf = flops / 1e9
            results[name, res] = dt
            print(f"{name:9} {res:4d} {a.batch:5d} {dt:8.3f} {a.batch / dt:8.1f} {gf:11.1f} {gf / dt:8.1f} {100 * gf / dt / peak:7.0f}% {peak_mb(dev):8.0f}"
                  + (f"   attention at {cfg.attention_res}" if cfg.attention_res else ""))
    for res in a.res:
        if ("pggan", res) in results and ("enhanced", res) in results:
            print(f"{res}x{res}: Enhanced-GAN iteration = {results['enhanced', res] / results['pggan', res]:.2f} x PGGAN's "
                  "(attention + spectral norm)")


if __name__ == "__main__":
    main()
