"""Scoring benchmark: the time to score N generated 64x64 samples (classifier forward for probabilities and features, AM and both
Mode scores with all terms, domain FID and KID against real features) with the quick profile's classifier network. Prints figures;
asserts nothing. Target on the 2-core machine (issue 4): 10,000 samples in under 60 s.

    python bench/score_bench.py                    # 10,000 samples, K = 160, 64x64
    python bench/score_bench.py --n 2000 --k 48    # smaller

The classifier is untrained (timing does not depend on its weights); the real set is 2,000 random images.
"""
import argparse, resource, time

import torch

from enhanced_gan.scoring import (ClassifierConfig, SliceClassifier, CLASSIFIER_PROFILES, predict, am_score, mode_score, score_terms,
                                  frechet_distance, kernel_distance)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--k", type=int, default=160)
    ap.add_argument("--res", type=int, default=64)
    ap.add_argument("--profile", default="quick", help="classifier size: a key of CLASSIFIER_PROFILES")
    ap.add_argument("--n-real", type=int, default=2000)
    a = ap.parse_args()
    cfg = ClassifierConfig(n_classes=a.k, **{**CLASSIFIER_PROFILES[a.profile], "res": a.res})
    model = SliceClassifier(cfg).eval()
    g = torch.Generator().manual_seed(0)
    fake = torch.rand(a.n, 2, a.res, a.res, generator=g) * 2 - 1
    real = torch.rand(a.n_real, 2, a.res, a.res, generator=g) * 2 - 1
    prior = torch.full((a.k,), 1.0 / a.k, dtype=torch.float64)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}; classifier {a.profile} at {a.res}x{a.res}, K = {a.k}, "
          f"feature d = {cfg.feature_dim}; {a.n} samples, {a.n_real} real")
    t0 = time.perf_counter(); _, real_feats = predict(model, real); t_real = time.perf_counter() - t0
    t0 = time.perf_counter(); probs, feats = predict(model, fake); t_fwd = time.perf_counter() - t0
    t0 = time.perf_counter()
    am_score(probs, prior); mode_score(probs, prior); mode_score(probs, prior, "xu"); score_terms(probs, prior)
    t_metrics = time.perf_counter() - t0
    t0 = time.perf_counter(); frechet_distance(feats, real_feats); t_fid = time.perf_counter() - t0
    t0 = time.perf_counter(); kernel_distance(feats, real_feats, subsets=50, subset_size=1000); t_kid = time.perf_counter() - t0
    total = t_fwd + t_metrics + t_fid + t_kid
    print(f"classifier forward (probs + features): {t_fwd:7.2f} s  ({a.n / t_fwd:,.0f} img/s)")
    print(f"AM, Mode (paper, xu), terms:           {t_metrics:7.2f} s")
    print(f"domain FID:                            {t_fid:7.2f} s")
    print(f"domain KID (50 subsets of 1000):       {t_kid:7.2f} s")
    print(f"total for {a.n} samples:               {total:7.2f} s   (real features, once per dataset: {t_real:.2f} s)")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
