"""Class shares of the masks in a reproduction's synthetic folders against the real training slices: of all cartilage pixels,
the share of each class; the share of slices holding each class; cartilage pixels per image pixel. A generator whose masks are
on the right structures but of the wrong class shows here (notebook 05's negative control N asks the same question of a U-Net).
Prints figures; asserts nothing.

    python bench/mask_classes.py outputs            # a quick reproduction's folder (its phantom, split and synthetic/)
"""
import argparse
from pathlib import Path

import numpy as np

from enhanced_gan.data import split_subjects

from enhanced_gan.sources import profile_data
from enhanced_gan.segmentation import read_synthetic_pairs, real_pairs


def shares(y: np.ndarray, classes) -> str:
    y = np.asarray(y)
    n = [int((y == k).sum()) for k in classes]
    total = max(sum(n), 1)
    present = [(y.reshape(len(y), -1) == k).any(1).mean() for k in classes]
    return ("  ".join(f"{v / total:5.2f}" for v in n) + "   |  " + "  ".join(f"{p:5.2f}" for p in present) + f"   |  {sum(n) / y.size:.4f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="reproduction folder (holds the phantom and synthetic/)")
    ap.add_argument("--profile", default="quick")
    ap.add_argument("--res", type=int, default=64)
    a = ap.parse_args()
    data = profile_data(a.profile, a.out)
    split = split_subjects(data.subjects, (0.7, 0.1, 0.2), 0)
    classes = [k for k in data.labels if k > 0]
    names = " ".join(f"{data.labels[k]:>5}" for k in classes)
    print(f"{'':48} share of cartilage pixels {names} | slices holding {names} | cartilage / pixels")
    print(f"{'real training slices':48} {shares(real_pairs(data, split['train'], a.res)[1], classes)}")
    for f in sorted((a.out/"synthetic").iterdir()):
        print(f"{f.name[:48]:48} {shares(read_synthetic_pairs(f, data)[1], classes)}")


if __name__ == "__main__":
    main()
