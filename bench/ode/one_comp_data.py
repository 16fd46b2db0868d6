"""Data for one_comp_mm_elim_abs.stan: the ODE solved by classical RK4 with
10^4 steps per unit time (error far below the noise), observed at t = 0.5,
1, ..., 10 with lognormal noise sigma = 0.1, seed 11. Writes JSON to stdout."""
import json
import math
import random

KA, KM, VM, SIGMA, D, V = 0.75, 0.25, 1.0, 0.1, 30.0, 2.0


def rhs(t, c):
    dose = math.exp(-KA * t) * D * KA / V if t > 0 else 0.0
    return dose - (VM / V) * c / (KM + c)


def solve(times, h=1e-4):
    t, c, out = 0.0, 0.0, []
    for target in times:
        while t < target - 1e-12:
            s = min(h, target - t)
            k1 = rhs(t, c)
            k2 = rhs(t + s / 2, c + s / 2 * k1)
            k3 = rhs(t + s / 2, c + s / 2 * k2)
            k4 = rhs(t + s, c + s * k3)
            c += s / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
            t += s
        out.append(c)
    return out


rng = random.Random(11)
times = [0.5 * n for n in range(1, 21)]
c_hat = [c * math.exp(rng.gauss(0, SIGMA)) for c in solve(times)]
json.dump({"t0": 0.0, "C0": [0.0], "D": D, "V": V, "N_t": len(times),
           "times": times, "C_hat": c_hat}, __import__("sys").stdout, indent=1)
