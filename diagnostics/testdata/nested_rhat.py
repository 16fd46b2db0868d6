#!/usr/bin/env python3
"""Reference values of nested R-hat for diagnostics' tests, computed from the
definition in Margossian, Hoffman, Sountsov, Riou-Durand, Vehtari and Gelman
(2023), "Nested R-hat: assessing the convergence of Markov chain Monte Carlo
when running many short chains", Bayesian Analysis, section 3 (eqs. 15-19),
independently of the Go code: plain Python, exact sums (math.fsum).

It draws the test cases itself (random.Random with fixed seeds) and writes
  nested_rhat_draws.csv.gz  case,superchains,chain, then the chain's draws
                            separated by spaces, in repr form (exact)
  nested_rhat_expected.csv  case,superchains,nested_rhat,flag (flag: > 1.01)
Regenerate with: cd diagnostics/testdata && python3 nested_rhat.py

Cases (K superchains of M chains of N draws; chains in superchain order):
  converged       K=8  M=16  N=20:  every chain iid normal(0, 1), its initial point forgotten
  converged_m1    K=16 M=1   N=200: one chain per superchain (B~_k = 0)
  converged_n1    K=16 M=128 N=1:   one draw per chain (W~_k = 0)
  stuck           K=8  M=16  N=20:  each superchain still near its own initial
                                    point: an offset normal(0, 0.5) shared by its chains
  stuck_n1        K=16 M=64  N=1:   the same with one draw per chain
  ar_short_warmup K=8  M=8   N=25:  AR(1) chains (rho = 0.95) from each superchain's
                                    initial point normal(0, 10), after 20 warmup steps
For independent draws at stationarity nR-hat^2 is about 1 + 1/(M N) (B_nu
estimates the variance of a mean of M N draws): the converged cases have
M N >= 128, so that they stay below 1.01.
"""
import gzip
import io
import math
import random


def nested_rhat(chains, K):
    """chains: list of K*M lists of N draws, superchain k = chains[k*M:(k+1)*M]."""
    M = len(chains) // K
    N = len(chains[0])
    mean = lambda xs: math.fsum(xs) / len(xs)
    chain_mean = [mean(c) for c in chains]
    # eq. 15: superchain means; eq. 16: overall mean
    super_mean = [mean(chain_mean[k * M:(k + 1) * M]) for k in range(K)]
    overall = mean(super_mean)
    # eq. 17: between-superchain variance
    B_nu = math.fsum((s - overall) ** 2 for s in super_mean) / (K - 1)
    # eq. 18: within-superchain variance, B~_k + W~_k averaged over superchains
    W_nu_terms = []
    for k in range(K):
        members = range(k * M, (k + 1) * M)
        B_k = 0.0 if M == 1 else math.fsum((chain_mean[m] - super_mean[k]) ** 2 for m in members) / (M - 1)
        W_k = 0.0 if N == 1 else mean([math.fsum((x - chain_mean[m]) ** 2 for x in chains[m]) / (N - 1) for m in members])
        W_nu_terms.append(B_k + W_k)
    W_nu = mean(W_nu_terms)
    # eq. 19
    return math.sqrt(1 + B_nu / W_nu)


def iid(rng, K, M, N, offset_sd=0.0):
    out = []
    for k in range(K):
        off = rng.gauss(0, offset_sd) if offset_sd > 0 else 0.0
        for m in range(M):
            out.append([off + rng.gauss(0, 1) for _ in range(N)])
    return out


def ar1(rng, K, M, N, rho, init_sd, warmup):
    out = []
    sd = math.sqrt(1 - rho * rho)
    for k in range(K):
        x0 = rng.gauss(0, init_sd)
        for m in range(M):
            x = x0
            draws = []
            for t in range(warmup + N):
                x = rho * x + sd * rng.gauss(0, 1)
                if t >= warmup:
                    draws.append(x)
            out.append(draws)
    return out


def main():
    cases = [
        ("converged", 8, lambda r: iid(r, 8, 16, 20)),
        ("converged_m1", 16, lambda r: iid(r, 16, 1, 200)),
        ("converged_n1", 16, lambda r: iid(r, 16, 128, 1)),
        ("stuck", 8, lambda r: iid(r, 8, 16, 20, offset_sd=0.5)),
        ("stuck_n1", 16, lambda r: iid(r, 16, 64, 1, offset_sd=0.5)),
        ("ar_short_warmup", 8, lambda r: ar1(r, 8, 8, 25, 0.95, 10.0, 20)),
    ]
    with gzip.GzipFile("nested_rhat_draws.csv.gz", "wb", mtime=0) as z, \
            io.TextIOWrapper(z, encoding="ascii") as d, open("nested_rhat_expected.csv", "w") as e:
        d.write("case,superchains,chain,draws\n")
        e.write("case,superchains,nested_rhat,flag\n")
        for seed, (name, K, make) in enumerate(cases, start=1):
            chains = make(random.Random(seed))
            for c, chain in enumerate(chains):
                d.write("%s,%d,%d,%s\n" % (name, K, c, " ".join(repr(x) for x in chain)))
            r = nested_rhat(chains, K)
            e.write("%s,%d,%r,%d\n" % (name, K, r, r > 1.01))


if __name__ == "__main__":
    main()
