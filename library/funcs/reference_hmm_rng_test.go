package funcs

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// hmm_latent_rng's row: 20000 draws at one model (K = 3 states, N = 3
// observations), with a Gamma that favours staying, so that the states
// depend on each other. The draws' paths against p(z | y) by brute force
// over the 27 paths (hmmPaths, which shares nothing with the forward
// filtering): a chi-square test at the 0.1% level, which catches states
// drawn each from its own marginal as well as wrong marginals; and each
// state's frequency against hmm_hidden_state_prob's marginal p(z_n = k | y),
// within 4.5 binomial standard errors (27 + 9 comparisons at about 7e-6
// each).
func init() {
	omega := library.Tensor{Dims: []int{3, 3}, X: []float64{-1, -2.5, -0.3, -2, -0.4, -1.2, -0.7, -1.5, -2.2}}
	gamma := librarytest.Mat2(3, 0.7, 0.2, 0.1, 0.15, 0.6, 0.25, 0.2, 0.2, 0.6)
	rho := librarytest.Vec(0.5, 0.3, 0.2)
	badGamma := []library.Tensor{librarytest.Mat2(2, -0.5, 0.5, 0.2, 0.8), librarytest.Mat2(2, 0.6, 0.4, 0.3, 0.8), librarytest.Vec(0.5, 0.5)}
	funcReferences["hmm_latent_rng"] = librarytest.FuncReference{Src: "p(z | y) over every path z; hmm_hidden_state_prob",
		Cases: func(*rand.Rand) (int, []library.Tensor) { return 0, []library.Tensor{omega, gamma, rho} },
		Bad: []librarytest.BadCall{{Args: badGamma, Want: "hmm_latent_rng: row 2 of Gamma sums to 1.1000000000000001, but a simplex sums to 1"},
			{Args: []library.Tensor{badGamma[0], badGamma[1], librarytest.Vec(-0.5, 1.5)}, Want: "rho has an element -0.5, but a simplex has none below 0"},
			{Args: []library.Tensor{{Dims: []int{2, 0}}, badGamma[1], librarytest.Vec(0.5, 0.5)}, Want: "log_omega has no columns"}},
		Rng: func(t *testing.T, f *library.Func) {
			const draws = 20000
			a := []library.Tensor{omega, gamma, rho}
			k, n := 3, 3
			r := rand.New(rand.NewPCG(15, 1))
			counts := make([]float64, 27)
			marg := make([]float64, k*n)
			for range draws {
				z, err := f.Rng(r, a)
				if err != nil {
					t.Fatal(err)
				}
				if len(z.X) != n || len(z.Dims) != 1 || z.Dims[0] != n {
					t.Fatalf("a draw of %v states, dims %v", len(z.X), z.Dims)
				}
				idx := 0
				for i := n - 1; i >= 0; i-- {
					s := int(z.X[i]) - 1
					if s < 0 || s >= k || float64(s+1) != z.X[i] {
						t.Fatalf("state %g outside 1:%d", z.X[i], k)
					}
					idx = idx*k + s
					marg[s*n+i]++
				}
				counts[idx]++
			}
			// the path z counted at Σ z_i k^i (z_1 the lowest digit), as hmmPaths enumerates
			probs := make([]float64, 0, 27)
			total := 0.0
			hmmPaths(a, func(_ []int, p float64) { probs = append(probs, p); total += p })
			chi2 := 0.0
			for i, p := range probs {
				e := draws * p / total
				chi2 += (counts[i] - e) * (counts[i] - e) / e
			}
			if crit := (distuv.ChiSquared{K: 26}).Quantile(0.999); chi2 > crit {
				t.Errorf("paths: chi-square %.2f > %.2f (26 degrees of freedom, 0.1%%)", chi2, crit)
			}
			want, err := hmmHiddenStateProb.Eval(0, a)
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range want.X {
				if se := math.Sqrt(p * (1 - p) / draws); math.Abs(marg[i]/draws-p) > 4.5*se {
					t.Errorf("p(z_%d = %d | y): frequency %.4f, hmm_hidden_state_prob %.4f (se %.4f)", i%n+1, i/n+1, marg[i]/draws, p, se)
				}
			}
		}}
}
