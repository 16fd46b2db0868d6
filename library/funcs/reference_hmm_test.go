package funcs

import (
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// The reference rows of the hidden Markov model functions: by brute
// force, summing p(y, z) = rho[z_1] ω[z_1, 1] Π_n Gamma[z_{n-1}, z_n] ω[z_n, n]
// over all K^N paths z of the hidden states, which shares nothing with
// the forward-backward recursions.

// hmmCase draws K in 2..3 states and N in 1..4 observations: log_omega
// in (-3, 0), Gamma's rows and rho simplexes.
func hmmCase(r *rand.Rand) (int, []library.Tensor) {
	k, n := 2+r.IntN(2), 1+r.IntN(4)
	omega := library.Tensor{Dims: []int{k, n}, X: uniform(r, k*n, -3, 0)}
	gamma := library.Tensor{Dims: []int{k, k}}
	for range k {
		gamma.X = append(gamma.X, librarytest.RandSimplex(r, k).X...)
	}
	return 0, []library.Tensor{omega, gamma, librarytest.RandSimplex(r, k)}
}

// hmmPaths calls visit with each path of hidden states and its joint
// probability p(y, z).
func hmmPaths(a []library.Tensor, visit func(z []int, p float64)) {
	k, n := a[0].Dims[0], a[0].Dims[1]
	z := make([]int, n)
	for {
		p := a[2].X[z[0]] * math.Exp(a[0].X[z[0]*n])
		for t := 1; t < n; t++ {
			p *= a[1].X[z[t-1]*k+z[t]] * math.Exp(a[0].X[z[t]*n+t])
		}
		visit(z, p)
		t := 0
		for ; t < n && z[t] == k-1; t++ {
			z[t] = 0
		}
		if t == n {
			return
		}
		z[t]++
	}
}

func init() {
	badGamma := []library.Tensor{librarytest.Mat2(2, -0.5, 0.5, 0.2, 0.8), librarytest.Mat2(2, 0.6, 0.4, 0.3, 0.8), librarytest.Vec(0.5, 0.5)}
	funcReferences["hmm_marginal"] = librarytest.FuncReference{Src: "log Σ_z p(y, z) over every path z",
		Cases: hmmCase,
		Value: func(_ int, a []library.Tensor) library.Tensor {
			s := 0.0
			hmmPaths(a, func(_ []int, p float64) { s += p })
			return library.Scalar(math.Log(s))
		},
		Bad: []librarytest.BadCall{{Args: badGamma, Want: "hmm_marginal: row 2 of Gamma sums to 1.1000000000000001, but a simplex sums to 1"},
			{Args: []library.Tensor{badGamma[0], badGamma[1], librarytest.Vec(-0.5, 1.5)}, Want: "rho has an element -0.5, but a simplex has none below 0"}}}
	funcReferences["hmm_hidden_state_prob"] = librarytest.FuncReference{Src: "Σ_{z: z_n = k} p(y, z) / Σ_z p(y, z) over every path z",
		Cases: hmmCase,
		Value: func(_ int, a []library.Tensor) library.Tensor {
			k, n := a[0].Dims[0], a[0].Dims[1]
			out := library.Tensor{Dims: []int{k, n}, X: make([]float64, k*n)}
			total := 0.0
			hmmPaths(a, func(z []int, p float64) {
				total += p
				for t, s := range z {
					out.X[s*n+t] += p
				}
			})
			for i := range out.X {
				out.X[i] /= total
			}
			return out
		},
		Bad: []librarytest.BadCall{{Args: badGamma, Want: "row 2 of Gamma sums to"}}}
}
