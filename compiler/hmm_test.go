package compiler

import (
	"math/rand/v2"
	"testing"
)

// hmm_marginal against the forward algorithm written by hand in the
// language (Stan User's Guide, "Hidden Markov models", the forward
// algorithm with log_sum_exp): a two-state normal HMM whose transition
// matrix, initial distribution, means and scale are parameters, so the
// gradient flows through log_omega, Gamma and rho.
const hmmCommon = `
data {
  int<lower=1> N;
  array[N] real y;
}
parameters {
  simplex[3] rho;
  array[3] simplex[3] Gamma_rows;
  ordered[3] mu;
  real<lower=0> sigma;
}
transformed parameters {
  matrix[3, 3] Gamma;
  matrix[3, N] log_omega;
  for (i in 1:3) {
    for (j in 1:3) {
      Gamma[i, j] = Gamma_rows[i][j];
    }
    for (n in 1:N) {
      log_omega[i, n] = normal_lpdf(y[n] | mu[i], sigma);
    }
  }
}
`

const hmmLibrary = hmmCommon + `
model {
  mu ~ normal(0, 3);
  sigma ~ lognormal(0, 1);
  target += hmm_marginal(log_omega, Gamma, rho);
}
`

const hmmByHand = hmmCommon + `
model {
  vector[3] alpha;
  mu ~ normal(0, 3);
  sigma ~ lognormal(0, 1);
  for (k in 1:3) {
    alpha[k] = log(rho[k]) + log_omega[k, 1];
  }
  for (n in 2:N) {
    vector[3] next;
    for (k in 1:3) {
      vector[3] acc;
      for (j in 1:3) {
        acc[j] = alpha[j] + log(Gamma[j, k]);
      }
      next[k] = log_omega[k, n] + log_sum_exp(acc);
    }
    alpha = next;
  }
  target += log_sum_exp(alpha);
}
`

// TestHMMMatchesHandWritten compiles both models with the same data and
// compares log density and gradient at five random points to 1e-12
// (relative to max(1, |value|)).
func TestHMMMatchesHandWritten(t *testing.T) {
	js := `{"N": 7, "y": [-1.2, 0.3, 2.8, 3.1, -0.4, 1.7, 4.2]}`
	lib, ref := compileSourceTB(t, hmmLibrary, js), compileSourceTB(t, hmmByHand, js)
	if lib.Dim() != ref.Dim() {
		t.Fatalf("dimensions %d and %d", lib.Dim(), ref.Dim())
	}
	kl, kr := lib.NewKernel(), ref.NewKernel()
	rng := rand.New(rand.NewPCG(15, 4))
	gl, gr := make([]float64, lib.Dim()), make([]float64, ref.Dim())
	for range 5 {
		q := randomPoint(rng, lib.Dim())
		ll, lr := kl.LogDensityGrad(gl, q), kr.LogDensityGrad(gr, q)
		if !near12(ll, lr) {
			t.Errorf("at %v: log density %.17g, hand-written %.17g", q, ll, lr)
		}
		for i := range gl {
			if !near12(gl[i], gr[i]) {
				t.Errorf("at %v: d/dq[%d] = %.17g, hand-written %.17g", q, i, gl[i], gr[i])
			}
		}
	}
}
