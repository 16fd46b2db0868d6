#!/usr/bin/env python3
"""bench/logistic_data.py: the logistic regression data of bench/gpu.sh.

    python3 bench/logistic_data.py N [OUT.json]    # OUT.json, or stdout

writes, as CmdStan JSON for models/logistic.bym ({"N", "D", "X", "y"}, X by
rows), exactly the data that the NumPyro anchor numpyro_logistic.py
(/work/shared/anchors) simulates with data(N, 20): numpy's default_rng(seed=1),
X ~ normal(0, 1) of shape N x 20, beta ~ normal(0, 0.5), intercept 0.3,
y ~ bernoulli(inv_logit(0.3 + X beta)) drawn as uniform < p. The draws are the
same calls in the same order, so both tools see the same numbers.

The values are written at float64 precision in Python's shortest repr, which
reads back to the same double (NumPyro then rounds X to float32 itself). At
N = 10^6 that is 20 million numbers, about 400 MB: rows go out in chunks
through tolist() and str.join (a numpy scalar's repr would be "np.float64(..)"
and np.savetxt's "%.17g" is longer and slower).

Needs numpy (not needed by bayes itself).
"""

import sys

import numpy as np

D = 20
CHUNK = 20000  # rows formatted per write


def data(N, D, seed=1):
    """numpyro_logistic.py's data(N, D), copied call for call: do not reorder."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(N, D))
    beta = rng.normal(scale=0.5, size=D)
    p = 1 / (1 + np.exp(-(0.3 + X @ beta)))
    return X, (rng.uniform(size=N) < p).astype(np.int32)


def write(f, X, y):
    """Writes {"N", "D", "X", "y"} as JSON to the text stream f."""
    N, D = X.shape
    f.write('{\n"N": %d,\n"D": %d,\n"X": [' % (N, D))
    for start in range(0, N, CHUNK):
        rows = X[start:start + CHUNK].tolist()  # Python floats: repr is shortest
        text = ",\n".join("[" + ",".join(map(repr, row)) + "]" for row in rows)
        if start > 0:
            f.write(",\n")
        f.write(text)
    f.write('],\n"y": [')
    f.write(",".join(map(str, y.tolist())))
    f.write("]\n}\n")


def main(argv):
    if len(argv) not in (2, 3) or not argv[1].isdigit() or int(argv[1]) < 1:
        sys.stderr.write("usage: python3 bench/logistic_data.py N [OUT.json]\n")
        return 2
    N = int(argv[1])
    X, y = data(N, D)
    if len(argv) == 3 and argv[2] != "-":
        with open(argv[2], "w", buffering=1 << 20) as f:
            write(f, X, y)
    else:
        write(sys.stdout, X, y)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
