package funcs

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// hmm_latent_rng(log_omega, Gamma, rho) is one draw of the hidden states
// z_1..z_N (1..K) from p(z | y) of the hidden Markov model of hmm.go, by
// forward filtering, backward sampling (Frühwirth-Schnatter 2006, "Finite
// Mixture and Markov Switching Models", sec. 11.5.1; Stan Functions
// Reference, "Hidden Markov Models"): with the forward variables
// alpha[n][k] = log p(y_1..y_n, z_n = k), z_N is drawn with chances
// ∝ exp(alpha[N]) and then, from n = N-1 down, z_n with chances
// ∝ exp(alpha[n][i]) Gamma[i, z_{n+1}]. The arguments are checked as
// hmm_marginal's.
var hmmLatentRng = &library.Func{
	Name:      "hmm_latent_rng",
	Doc:       "a draw of the hidden states z_1..z_N of a hidden Markov model given y, by forward filtering, backward sampling",
	Overloads: hmmOverload(library.TypeInts),
	Sizes:     hmmSizes,
	Rng:       hmmLatentDraw,
}

func init() { registerFunc(hmmLatentRng) }

func hmmLatentDraw(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
	const name = "hmm_latent_rng"
	logOmega, gamma, rho := a[0], a[1].X, a[2].X
	k, n := logOmega.Dims[0], logOmega.Dims[1]
	if n == 0 {
		return library.Tensor{}, errors.New(name + ": log_omega has no columns: there must be at least one observation")
	}
	if err := checkSimplex(name, "rho", rho); err != nil {
		return library.Tensor{}, err
	}
	for i := range k {
		if err := checkSimplex(name, fmt.Sprintf("row %d of Gamma", i+1), gamma[i*k:(i+1)*k]); err != nil {
			return library.Tensor{}, err
		}
	}
	alpha := make([][]float64, n)
	alpha[0] = make([]float64, k)
	for j := range k {
		alpha[0][j] = math.Log(rho[j]) + logOmega.X[j*n]
	}
	terms := make([]float64, k)
	for t := 1; t < n; t++ {
		alpha[t] = make([]float64, k)
		for j := range k {
			for i := range k {
				terms[i] = alpha[t-1][i] + math.Log(gamma[i*k+j])
			}
			alpha[t][j] = logOmega.X[j*n+t] + library.LogSumExp(terms)
		}
	}
	z := make([]float64, n)
	next := -1 // z_{t+1} - 1, none at t = N
	for t := n - 1; t >= 0; t-- {
		for i := range k {
			terms[i] = alpha[t][i]
			if next >= 0 {
				terms[i] += math.Log(gamma[i*k+next])
			}
		}
		j, err := drawLogWeights(r, terms)
		if err != nil {
			return library.Tensor{}, fmt.Errorf("%s: %v", name, err)
		}
		z[t], next = float64(j+1), j
	}
	return library.Tensor{Dims: []int{n}, X: z}, nil
}

// drawLogWeights draws an index with chances ∝ exp(w), scaled by the
// largest weight so that nothing overflows; an error when no weight is
// finite (every path impossible, or a NaN in log_omega).
func drawLogWeights(r *rand.Rand, w []float64) (int, error) {
	m := library.LogSumExp(w)
	if math.IsInf(m, 0) || math.IsNaN(m) {
		return 0, fmt.Errorf("the hidden states have no probability (log p = %g): check log_omega, Gamma and rho", m)
	}
	u, c := r.Float64(), 0.0
	for i, x := range w {
		c += math.Exp(x - m)
		if u < c {
			return i, nil
		}
	}
	for i := len(w) - 1; i >= 0; i-- { // rounding left c just below 1
		if !math.IsInf(w[i], -1) {
			return i, nil
		}
	}
	return len(w) - 1, nil
}
