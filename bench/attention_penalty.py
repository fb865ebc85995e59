"""Self-attention under the WGAN-GP penalty's double backward: peak memory and time per variant, and the memory the paper
profile's batch would need. Prints figures; asserts nothing. The numbers behind the paper profile's `attention_pool` (notebook 02b).

    python bench/attention_penalty.py                      # CPU: 32, 64, 128 x 128 features, 128 channels, batch 1 (a few minutes)
    python bench/attention_penalty.py --res 64 --batch 2

What is timed is what `gradient_penalty` does to the block: y = SelfAttention(x) (gamma = 1, so everything flows through
the attention), g = d sum(y) / dx with create_graph, then backward of (|g| - 1)^2 to the weights. Variants:
  math        the trainer's block inside `twice_differentiable_attention()`: SDPA's math kernel, the N x N map in fp32
  math-pool   the same with keys and values 2x2 max-pooled (`SelfAttention(pool=True)`, official SAGAN / BigGAN): N x N/4
  query-chunk the math kernel over query chunks of --chunk tokens, each under torch.utils.checkpoint and recomputed in the
              backward (`SelfAttention(query_chunk=...)`): exact, the same function as math
  pool-chunk  both
Each (variant, resolution) runs in its own process; "peak" is the rise of the peak resident memory (VmHWM) over the memory
just before the pass, and "units" divides it by one fp32 N x N map (batch x N^2 x 4 bytes). "need @ batch" extrapolates
linearly (the measured peaks are linear in the batch) to the paper profile's batch at the resolution whose model first has the
block (--paper-batch, default 16 at 128 px as TrainConfig's paper profile), for one block; the rest of the network comes on top.
"""
import argparse, json, os, subprocess, sys, time

import torch

from proc_memory import status_mib    # bench/ is on sys.path when a script in it runs
from enhanced_gan.layers import SelfAttention, twice_differentiable_attention

VARIANTS = ("math", "math-pool", "query-chunk", "pool-chunk")


def block(variant, channels, chunk):
    sa = SelfAttention(channels, pool="pool" in variant, query_chunk=chunk if "chunk" in variant else 0)
    with torch.no_grad(): sa.gamma.fill_(1.0)
    return sa


def penalty_grads(sa, x):
    x = x.detach().requires_grad_(True)
    with twice_differentiable_attention():
        g, = torch.autograd.grad(sa(x).sum(), x, create_graph=True)
        pen = (g.flatten(1).norm(dim=1) - 1).square().mean()
        return torch.autograd.grad(pen, [p for p in sa.parameters()])


def one(variant, res, channels, batch, chunk):
    "Runs in a child process; prints one JSON line."
    torch.manual_seed(0)
    sa = block(variant, channels, chunk)
    x = torch.randn(batch, channels, res, res)
    base = status_mib("VmRSS")
    t0 = time.perf_counter()
    penalty_grads(sa, x)
    print(json.dumps(dict(s=time.perf_counter() - t0, peak_mib=status_mib("VmHWM") - base)))


def check_exact(channels):
    "The chunked block's penalty gradients against the unchunked one's, float64, small input (notebook 01 tests the same)."
    torch.manual_seed(0)
    a, b = block("math", channels, 0).double(), block("query-chunk", channels, 64).double()
    b.load_state_dict(a.state_dict())
    x = torch.randn(2, channels, 16, 16, dtype=torch.float64)
    return max(float((u - w).abs().max() / w.abs().max()) for u, w in zip(penalty_grads(a, x), penalty_grads(b, x)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--res", type=int, nargs="+", default=[32, 64, 128], help="feature map sides (the block's input)")
    ap.add_argument("--channels", type=int, default=128, help="block channels (paper widths: nf(128) = 128)")
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--chunk", type=int, default=1024, help="query tokens per chunk for query-chunk")
    ap.add_argument("--paper-batch", type=int, default=16, help="batch to extrapolate to")
    ap.add_argument("--one", nargs=2, metavar=("VARIANT", "RES"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        one(a.one[0], int(a.one[1]), a.channels, a.batch, a.chunk); return
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; SelfAttention({a.channels}) under the penalty's double "
          f"backward, batch {a.batch}; query-chunk vs math, relative max difference of the penalty's weight gradients: "
          f"{check_exact(16):.1e}")
    print(f"{'res':>4s} {'tokens':>6s} {'variant':12s} {'s':>7s} {'peak MiB':>9s} {'units':>6s} {'GiB/sample':>10s} "
          f"{'need @ batch ' + str(a.paper_batch):>16s}")
    for res in a.res:
        n, unit = res * res, a.batch * (res * res) ** 2 * 4 / 2**20
        for v in VARIANTS:
            r = subprocess.run([sys.executable, __file__, "--one", v, str(res), "--channels", str(a.channels), "--batch", str(a.batch),
                                "--chunk", str(a.chunk)], capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
            if r.returncode:
                print(f"{res:4d} {n:6d} {v:12s} failed: {r.stderr.strip().splitlines()[-1:]}"); continue
            d = json.loads(r.stdout.strip().splitlines()[-1])
            per = d["peak_mib"] / a.batch / 1024
            print(f"{res:4d} {n:6d} {v:12s} {d['s']:7.1f} {d['peak_mib']:9.0f} {d['peak_mib'] / unit:6.1f} {per:10.2f} "
                  f"{per * a.paper_batch:13.1f} GiB")


if __name__ == "__main__":
    main()
