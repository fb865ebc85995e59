"""Class shares of the masks in a reproduction's synthetic folders against the real training slices: of all cartilage pixels,
the share of each class; the share of slices holding each class; cartilage pixels per image pixel. A generator whose masks are
on the right structures but of the wrong class shows here (notebook 05's negative control N asks the same question of a U-Net).
The last columns look for the rims the levels encoding can leave (issue 22): it codes the labels as rising grey levels, so a
blurred edge of the top class (PC) passes through the levels of the classes below it (TC, FC). Of the pixels just outside the top
class (4-neighbours of it, not in it), the share labelled with each lower class: rims show as shares well above the real slices'.
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


def top_border(y: np.ndarray, classes) -> str:
    "Of the pixels 4-adjacent to the top class and outside it, the share of each lower class."
    y = np.asarray(y)
    top = y == classes[-1]
    near = np.zeros_like(top)
    near[:, 1:] |= top[:, :-1]; near[:, :-1] |= top[:, 1:]; near[:, :, 1:] |= top[:, :, :-1]; near[:, :, :-1] |= top[:, :, 1:]
    border = y[near & ~top]
    return "  ".join(f"{(border == k).mean() if border.size else float('nan'):5.2f}" for k in classes[:-1]) + f"  ({border.size} px)"


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
    lower = " ".join(f"{data.labels[k]:>5}" for k in classes[:-1])
    print(f"{'':48} share of cartilage pixels {names} | slices holding {names} | cartilage / pixels | around {data.labels[classes[-1]]}: {lower}")
    y = real_pairs(data, split['train'], a.res)[1]
    print(f"{'real training slices':48} {shares(y, classes)}   |  {top_border(y, classes)}")
    for f in sorted((a.out/"synthetic").iterdir()):
        y = read_synthetic_pairs(f, data)[1]
        print(f"{f.name[:48]:48} {shares(y, classes)}   |  {top_border(y, classes)}")


if __name__ == "__main__":
    main()
