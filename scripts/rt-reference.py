#!/usr/bin/env python3
"""An independent reference for fangkong's Rt (issue 8): the method of Cori et al.
(2013) with a parametric serial interval, exactly as the R package EpiEstim
describes and computes it (estimate_R, method "parametric_si"), written here from
those formulas in Python with SciPy's gamma functions.

EpiEstim itself is an R package and CRAN is not reachable from this machine, so
this script stands in for it: the Rust tests embed figures it printed and check
that fangkong computes the same ones. It is not run by the tests.

EpiEstim's conventions followed:
- the serial interval w_k, k = 0..T-1, is a gamma shifted by one day with mean mu
  and sd sigma, discretised with Cori's formula (w_0 = 0, negative terms set to 0);
- the first day's cases count as imported: they infect others but are not on
  the numerator of any window;
- lambda_t = sum_{k=1}^{t-1} I_{t-k} w_k;
- gamma prior with mean 5 and sd 5 (shape 1, scale 5); windows of `window` days,
  the first starting on the series' second day; a window ending on or before the
  discretised serial interval's mean gets no estimate;
- posterior shape a + sum I (local), scale 1 / (1/b + sum lambda); the mean,
  median and 2.5% and 97.5% quantiles of that gamma.

Usage: scripts/rt-reference.py MEAN SD WINDOW I1 I2 I3 ...
Prints `window_start,window_end,mean,median,q025,q975` with 1-based day indices.
"""
import sys

from scipy.stats import gamma


def discr_si(k, mu, sigma):
    a = ((mu - 1) / sigma) ** 2
    b = sigma ** 2 / (mu - 1)

    def cdf(x, shape):
        return gamma.cdf(x, shape, scale=b) if x > 0 else 0.0

    w = (k * cdf(k, a) + (k - 2) * cdf(k - 2, a) - 2 * (k - 1) * cdf(k - 1, a)
         + a * b * (2 * cdf(k - 1, a + 1) - cdf(k - 2, a + 1) - cdf(k, a + 1)))
    return max(0.0, w)


def main():
    mu, sigma, window = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
    incid = [float(x) for x in sys.argv[4:]]
    T = len(incid)
    w = [discr_si(k, mu, sigma) for k in range(T)] + [0.0]
    mean_si = sum(k * x for k, x in enumerate(w))
    local = [0.0] + incid[1:]
    lam = [None] + [sum(incid[t - k] * w[k] for k in range(1, t + 1)) for t in range(1, T)]
    a_prior, b_prior = 1.0, 5.0
    print("window_start,window_end,mean,median,q025,q975")
    for start in range(2, T - window + 2):
        end = start + window - 1
        if end <= mean_si:
            continue
        a = a_prior + sum(local[start - 1:end])
        b = 1 / (1 / b_prior + sum(lam[start - 1:end]))
        post = gamma(a, scale=b)
        print(f"{start},{end},{a * b:.10g},{post.ppf(0.5):.10g},{post.ppf(0.025):.10g},{post.ppf(0.975):.10g}")


if __name__ == "__main__":
    main()
