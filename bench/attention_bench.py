"""Self-attention benchmark: time and peak memory of `SelfAttention` forward+backward, SDPA against the naive formula.
Prints figures; asserts nothing about speed.

    python bench/attention_bench.py                    # CPU: 32, 64, 128 px, 64 channels, batch 1 (about 3 minutes)
    python bench/attention_bench.py --batch 4 --res 32 64

Modes (all with gamma = 1, so the backward pass goes through the attention):
  sdpa       the default module: on CPU f, g zero-padded to h's width so SDPA's flash kernel runs; on CUDA the fused kernels
  sdpa-math  `twice_differentiable=True`: SDPA's math kernel (what a WGAN-GP penalty through the block needs)
  naive      eq. (1)-(3) written out: bmm, explicit softmax over i, bmm (stores the N x N map)
On CPU every (mode, resolution) runs in its own process, and "peak" is the rise of the peak resident memory over the
process's memory just before the first pass. On CUDA (when available) it also runs under bf16 autocast, and "peak" is
torch.cuda.max_memory_allocated above the memory held before the pass.
The 2-core reference VM is noisy, and the CPU flash kernel's backward pass is very sensitive to other processes competing
for the cores (single passes 5-50x slower): run it on an idle machine and compare medians.
"""
import argparse, json, os, resource, statistics, subprocess, sys, time

import torch
import torch.nn.functional as F

from enhanced_gan.layers import SelfAttention

MODES = ("sdpa", "sdpa-math", "naive")


def naive(sa, x):
    "Eq. (1)-(3) with an explicit N x N attention map (variant 'paper', no pooling)."
    B, C, H, W = x.shape
    f, g, h = sa.f(x).flatten(2), sa.g(x).flatten(2), sa.h(x).flatten(2)
    s = torch.bmm(f.transpose(1, 2), g) * (sa.scale if sa.scale is not None else f.shape[1] ** -0.5)   # s[b, i, j]
    beta = torch.softmax(s, dim=1)                                                                     # over i
    return sa.gamma * torch.bmm(h, beta).reshape(B, C, H, W) + x


def make(mode, channels, device):
    sa = SelfAttention(channels, twice_differentiable=(mode == "sdpa-math")).to(device)
    with torch.no_grad(): sa.gamma.fill_(1.0)
    return (lambda x: naive(sa, x)) if mode == "naive" else sa


def rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"): return int(line.split()[1]) / 1024
    return float("nan")


def one_cpu(mode, res, channels, batch, repeats):
    "Runs in a child process; prints one JSON line."
    torch.manual_seed(0)
    fn = make(mode, channels, "cpu")
    x = torch.randn(batch, channels, res, res, requires_grad=True)
    base = rss_mib()
    times = []
    for i in range(repeats + 1):                       # the first pass is a warm-up
        t0 = time.perf_counter()
        fn(x).square().mean().backward()
        times.append(time.perf_counter() - t0)
        x.grad = None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024      # KiB -> MiB (Linux)
    print(json.dumps({"ms": 1000 * statistics.median(times[1:]), "peak_mib": peak - base}))


def run_cuda(mode, res, channels, batch, repeats, bf16):
    torch.manual_seed(0)
    fn = make(mode, channels, "cuda")
    x = torch.randn(batch, channels, res, res, device="cuda", requires_grad=True)
    ctx = (lambda: torch.autocast("cuda", dtype=torch.bfloat16)) if bf16 else (lambda: torch.autocast("cuda", enabled=False))
    torch.cuda.synchronize(); torch.cuda.empty_cache()
    base = torch.cuda.memory_allocated(); torch.cuda.reset_peak_memory_stats()
    times = []
    try:
        for i in range(repeats + 1):
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            with ctx(): y = fn(x)
            y.float().square().mean().backward()
            end.record(); torch.cuda.synchronize()
            times.append(start.elapsed_time(end))
            x.grad = None
    except torch.OutOfMemoryError:
        return None
    return statistics.median(times[1:]), (torch.cuda.max_memory_allocated() - base) / 2**20


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--res", type=int, nargs="+", default=[32, 64, 128])
    ap.add_argument("--channels", type=int, default=64)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3, help="timed passes after one warm-up; the median is printed")
    ap.add_argument("--cuda-res", type=int, nargs="+", default=[32, 64, 128, 256])
    ap.add_argument("--one", nargs=2, metavar=("MODE", "RES"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        one_cpu(a.one[0], int(a.one[1]), a.channels, a.batch, a.repeats); return

    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; SelfAttention({a.channels}) variant 'paper', "
          f"batch {a.batch}, forward + backward")
    print(f"{'device':8s} {'res':>4s} {'tokens':>6s} {'mode':10s} {'ms':>10s} {'peak MiB':>10s} {'N x N map (fp32)':>17s}")
    for res in a.res:
        n = res * res
        for mode in MODES:
            r = subprocess.run([sys.executable, __file__, "--one", mode, str(res), "--channels", str(a.channels),
                                "--batch", str(a.batch), "--repeats", str(a.repeats)], capture_output=True, text=True,
                               env={**os.environ, "PYTHONWARNINGS": "ignore"})
            if r.returncode:
                print(f"{'cpu':8s} {res:4d} {n:6d} {mode:10s} failed: {r.stderr.strip().splitlines()[-1:]}"); continue
            d = json.loads(r.stdout.strip().splitlines()[-1])
            print(f"{'cpu':8s} {res:4d} {n:6d} {mode:10s} {d['ms']:10.1f} {d['peak_mib']:10.0f} {a.batch * n * n * 4 / 2**20:17.0f}")
    if torch.cuda.is_available():
        print(f"cuda: {torch.cuda.get_device_name()}")
        for bf16 in (False, True):
            for res in a.cuda_res:
                n = res * res
                for mode in MODES:
                    out = run_cuda(mode, res, a.channels, a.batch, a.repeats, bf16)
                    tag = "cuda-bf16" if bf16 else "cuda-fp32"
                    if out is None: print(f"{tag:9s} {res:4d} {n:6d} {mode:10s} out of memory"); continue
                    print(f"{tag:9s} {res:4d} {n:6d} {mode:10s} {out[0]:10.1f} {out[1]:10.0f} {a.batch * n * n * 4 / 2**20:17.0f}")
    else:
        print("cuda: not available")


if __name__ == "__main__":
    main()
