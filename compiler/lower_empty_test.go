package compiler

import (
	"math"
	"testing"
)

// TestEmptyData: a regression on N = 0 observations (a data matrix with
// no rows) compiles, and its log density is its priors' alone, the
// likelihood of no observations being 0.
func TestEmptyData(t *testing.T) {
	const head = `data { int N; int K; matrix[N, K] X; vector[N] y; }
parameters { vector[K] beta; real<lower=0> sigma; }
model {
  beta ~ normal(0, 1);
  sigma ~ exponential(1);
`
	cases := []struct{ name, body string }{
		{"matrix times vector", "  y ~ normal(X * beta, sigma);\n"},
		{"elementwise on the product", "  target += -dot_self(y - X * beta) / sigma;\n"},
		{"row vector times matrix", "  target += sum(y' * X) * sigma;\n"},
	}
	ref := func(q []float64) float64 {
		// beta ~ normal(0, 1) without constants, sigma = exp(q[2]) ~ exponential(1) and its Jacobian
		return -q[0]*q[0]/2 - q[1]*q[1]/2 - math.Exp(q[2]) + q[2]
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := compileSource(t, head+c.body+"}", `{"N": 0, "K": 2, "X": [], "y": []}`)
			checkAtPoints(t, m, ref, [][]float64{{0.3, -0.2, 0.5}, {1, 2, -1}})
		})
	}
}

// TestEmptyParameter: a parameter vector of size 0 (K = 0 predictors)
// times a parameter is empty, and its sum 0.
func TestEmptyParameter(t *testing.T) {
	m := compileSource(t, `data { int K; }
parameters { vector[K] beta; real mu; }
model {
  beta ~ normal(0, 1);
  target += sum(beta * mu) + sum(exp(beta)) - square(mu);
}`, `{"K": 0}`)
	checkAtPoints(t, m, func(q []float64) float64 { return -q[0] * q[0] }, [][]float64{{0.4}, {-2}})
}

// TestForEachMatrixColumnMajor: `for (x in M)` visits a matrix's elements
// in column-major order (Stan Reference Manual, "Foreach loops"), as the
// checker and the interpreter do; the recursion t = t / 2 + x mu makes the
// order matter: 1, 3, 2, 4 for M = [[1, 2], [3, 4]].
func TestForEachMatrixColumnMajor(t *testing.T) {
	m := compileSource(t, `data { matrix[2, 2] M; }
parameters { real mu; }
model {
  real t = 0;
  for (x in M) t = t / 2 + x * mu;
  target += t;
}`, `{"M": [[1, 2], [3, 4]]}`)
	ref := func(q []float64) float64 {
		s := 0.0
		for _, x := range []float64{1, 3, 2, 4} {
			s = s/2 + x*q[0]
		}
		return s
	}
	checkAtPoints(t, m, ref, [][]float64{{0.7}, {-1.1}})
}
