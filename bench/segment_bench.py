"""U-Net training benchmark (issue 5): per resolution, the time of one optimisation step of the segmentation U-Net (forward,
Dice + cross-entropy, backward, AdamW), slices/s, and peak memory (CUDA: max allocated; CPU: the process's peak resident set,
which includes the interpreter and libraries). Optionally with the classical augmentation of Schema A' on every batch.
Prints figures; asserts nothing.

    python bench/segment_bench.py                       # 64 and 128 px, the default U-Net, batch 16, 2 threads
    python bench/segment_bench.py --augment             # the same with classical augmentation
    python bench/segment_bench.py --channels 8 16 32 64 --res 64
"""
import argparse, resource, time

import torch

from enhanced_gan.segmentation import UNetConfig, build_unet, augment


def peak_mb(device):
    if device.type == "cuda": return torch.cuda.max_memory_allocated(device) / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--res", type=int, nargs="+", default=[64, 128])
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--channels", type=int, nargs="+", default=list(UNetConfig.channels))
    ap.add_argument("--steps", type=int, default=10, help="timed steps per resolution (after 2 warm-up steps)")
    ap.add_argument("--augment", action="store_true")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    from monai.losses import DiceCELoss
    dev = torch.device(a.device)
    cfg = UNetConfig(channels=tuple(a.channels))
    print(f"device {dev}, threads {a.threads}, channels {cfg.channels}, batch {a.batch}, augment {a.augment}")
    print(f"{'res':>5} {'ms/step':>9} {'slices/s':>9} {'peak MB':>9}")
    for res in a.res:
        net = build_unet(cfg).to(dev); opt = torch.optim.AdamW(net.parameters(), lr=cfg.lr)
        loss_fn = DiceCELoss(to_onehot_y=True, softmax=True, batch=True, include_background=False)
        x = torch.rand(a.batch, 1, res, res) * 2 - 1; y = torch.randint(0, cfg.n_classes, (a.batch, res, res))
        gen = torch.Generator().manual_seed(0)
        def step():
            xb, yb = augment(x, y, gen, 140 / res) if a.augment else (x, y)
            loss = loss_fn(net(xb.to(dev)), yb.to(dev)[:, None])
            opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
        for _ in range(2): step()
        if dev.type == "cuda": torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats(dev)
        t = time.perf_counter()
        for _ in range(a.steps): step()
        if dev.type == "cuda": torch.cuda.synchronize()
        dt = (time.perf_counter() - t) / a.steps
        print(f"{res:>5} {dt * 1000:>9.1f} {a.batch / dt:>9.1f} {peak_mb(dev):>9.0f}", flush=True)


if __name__ == "__main__":
    main()
