package diagnostics

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// naiveZScale is the rank normalisation as first written (a comparison
// sort of (value, position) pairs, ties given their average rank), the
// reference for the radix sort and the merged fold.
func naiveZScale(x []float64) []float64 {
	type pair struct {
		v float64
		i int
	}
	order := make([]pair, len(x))
	for i, v := range x {
		order[i] = pair{v, i}
	}
	slices.SortFunc(order, func(a, b pair) int {
		switch {
		case a.v < b.v:
			return -1
		case a.v > b.v:
			return 1
		}
		return 0
	})
	z := make([]float64, len(x))
	denom := float64(len(x)) + 0.25
	for lo := 0; lo < len(x); {
		hi := lo + 1
		for hi < len(x) && order[hi].v == order[lo].v {
			hi++
		}
		r := float64(lo+1+hi) / 2
		q := distuv.UnitNormal.Quantile((r - 0.375) / denom)
		for _, o := range order[lo:hi] {
			z[o.i] = q
		}
		lo = hi
	}
	return z
}

// rankCases are inputs that exercise each path of the ranking: draws from a
// continuous distribution, a spread so small that all keys share their high
// 32 bits (the long-run radix pass), short runs of shared high bits
// (insertion sort), ties, signed zeros and infinities.
func rankCases() map[string][]float64 {
	r := rand.New(rand.NewPCG(7, 7))
	n := 4000
	cases := map[string][]float64{}
	normal := make([]float64, n)
	tiny := make([]float64, n)
	short := make([]float64, n)
	ties := make([]float64, n)
	special := make([]float64, n)
	for i := range n {
		v := r.NormFloat64()
		normal[i] = v
		tiny[i] = 1 + 1e-12*v
		short[i] = float64(i%331) + 1e-9*float64(i%7)
		ties[i] = math.Round(2*v) / 2
		special[i] = v
	}
	special[0], special[1], special[2] = math.Copysign(0, -1), 0, math.Inf(1)
	special[3], special[4], special[5] = math.Inf(-1), math.Inf(1), math.Copysign(0, -1)
	cases["normal"], cases["tiny spread"], cases["short runs"] = normal, tiny, short
	cases["ties"], cases["signed zeros and infinities"] = ties, special
	return cases
}

func TestRankNormalisationMatchesSort(t *testing.T) {
	for name, x := range rankCases() {
		t.Run(name, func(t *testing.T) {
			want := naiveZScale(x)
			got := append([]float64(nil), x...)
			w := new(workspace)
			if !w.zScale(got) {
				t.Fatal("zScale reported a NaN")
			}
			for i := range got {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("x[%d] = %g: z = %.17g, want %.17g", i, x[i], got[i], want[i])
				}
			}
			if !slices.IsSorted(w.sv) {
				t.Error("sorted values out of order")
			}
		})
	}
}

// TestFoldedRanksMatchSort checks the merge of the two folded halves
// (foldSorted) against ranking the folded values directly.
func TestFoldedRanksMatchSort(t *testing.T) {
	for name, x := range rankCases() {
		t.Run(name, func(t *testing.T) {
			sorted := slices.Sorted(slices.Values(x))
			median := medianSorted(sorted)
			folded := make([]float64, len(x))
			for i, v := range x {
				folded[i] = math.Abs(v - median)
			}
			w := new(workspace)
			if !w.rank(x) {
				t.Fatal("rank reported a NaN")
			}
			if !w.foldSorted(w.sv, w.si, median) {
				if !slices.ContainsFunc(folded, math.IsNaN) {
					t.Fatal("foldSorted reported a NaN where there is none")
				}
				return
			}
			got := make([]float64, len(x))
			w.zFromOrder(got, w.fv, w.fi)
			want := naiveZScale(folded)
			for i := range got {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("x[%d] = %g: folded z = %.17g, want %.17g", i, x[i], got[i], want[i])
				}
			}
		})
	}
}

// TestDirectLagsMatchFFT checks that the ESS from lag-by-lag
// autocovariances equals, to rounding, the ESS from the FFT of all lags,
// for fast and slow mixing (the slow one needs more lags than directLags
// allows, so both runs take the FFT path there).
func TestDirectLagsMatchFFT(t *testing.T) {
	for _, rho := range []float64{-0.3, 0, 0.5, 0.9, 0.99} {
		draws := ar1(11, 4, 1000, rho)
		w := new(workspace)
		x, m, n := splitChains(nil, draws)
		direct := w.essCore(x, m, n)
		fft := w.essCoreLags(x, m, n, 0)
		if math.Abs(direct-fft) > 1e-12*fft {
			t.Errorf("rho %g: ESS %.17g from direct lags, %.17g by FFT", rho, direct, fft)
		}
	}
}
