package mvdists

import (
	"math"
	"testing"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// TestLkjNormaliser checks c_K(η) of the formula (through lkj_corr's density
// at the identity, where det Ω = 1, so the density is 1/c_K) against
// values found without the C-vine: for K = 3 and η = 1, the volume of the
// 3 x 3 correlation matrices, π²/2 (Rousseeuw & Molenberghs 1994, "The
// shape of correlation matrices"); for K = 3 and η = 2, ∫ det Ω dΩ by the
// midpoint rule on a 100³ grid of (r12, r13, r23) in (-1, 1)³ (the
// integrand vanishes on the boundary: error O(h²)); for K = 2, ∫ (1-r²)^(η-1)
// dr by Simpson's rule on r = sin θ.
func TestLkjNormaliser(t *testing.T) {
	logC := func(k int, eta float64) float64 {
		id := library.Tensor{Dims: []int{k, k}, X: make([]float64, k*k)}
		for i := range k {
			id.X[i*k+i] = 1
		}
		lp, err := LkjCorr.LogDensity([]library.Tensor{id, library.Scalar(eta)})
		if err != nil {
			t.Fatal(err)
		}
		return -lp
	}
	if got, want := logC(3, 1), math.Log(math.Pi*math.Pi/2); math.Abs(got-want) > 1e-13 {
		t.Errorf("log c_3(1) = %v, want log(π²/2) = %v", got, want)
	}
	const n = 100
	h := 2.0 / n
	sum := 0.0
	for i := 0; i < n; i++ {
		x := -1 + (float64(i)+0.5)*h
		for j := 0; j < n; j++ {
			y := -1 + (float64(j)+0.5)*h
			for k := 0; k < n; k++ {
				z := -1 + (float64(k)+0.5)*h
				if d := 1 - x*x - y*y - z*z + 2*x*y*z; d > 0 {
					sum += d
				}
			}
		}
	}
	if got, want := logC(3, 2), math.Log(sum*h*h*h); math.Abs(got-want) > 1e-3 {
		t.Errorf("log c_3(2) = %v, midpoint rule %v", got, want)
	}
	for _, eta := range []float64{1, 1.5, 2.5} {
		f := func(th float64) float64 { return math.Pow(math.Cos(th), 2*eta-1) }
		if got, want := logC(2, eta), math.Log(librarytest.Simpson(f, -math.Pi/2, math.Pi/2, 2000)); math.Abs(got-want) > 1e-9 {
			t.Errorf("log c_2(%v) = %v, Simpson's rule %v", eta, got, want)
		}
	}
}
