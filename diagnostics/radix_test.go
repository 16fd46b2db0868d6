package diagnostics

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRankLargeMatchesSort checks the ranking of inputs of msdMin values or
// more, which radixMSD sorts, against the comparison sort (naiveZScale) and
// slices.Sort, bit for bit, and so the folded ranks (foldSorted): draws from a continuous distribution, a spread
// so small that all keys fall in one bucket, ties, and signed zeros and
// infinities.
func TestRankLargeMatchesSort(t *testing.T) {
	n := msdMin + 1001
	r := rand.New(rand.NewPCG(8, 8))
	cases := map[string][]float64{}
	normal, tiny, ties, special := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		v := r.NormFloat64()
		normal[i] = math.Exp(3*v) - 2
		tiny[i] = 1 + 1e-12*v
		ties[i] = math.Round(4*v) / 4
		special[i] = v
	}
	for i := 0; i < n; i += 97 {
		special[i] = []float64{math.Copysign(0, -1), 0, math.Inf(1), math.Inf(-1)}[i%4]
	}
	cases["normal"], cases["tiny spread"], cases["ties"], cases["signed zeros and infinities"] = normal, tiny, ties, special
	for name, x := range cases {
		t.Run(name, func(t *testing.T) {
			w := new(workspace)
			got := slices.Clone(x)
			if !w.zScale(got) {
				t.Fatal("zScale reported a NaN")
			}
			want := naiveZScale(x)
			for i := range got {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("x[%d] = %g: z = %.17g, want %.17g", i, x[i], got[i], want[i])
				}
			}
			sorted := slices.Clone(x)
			slices.Sort(sorted)
			for k := range sorted {
				if w.sv[k] != sorted[k] || x[w.si[k]] != sorted[k] {
					t.Fatalf("sorted[%d] = %g (x[%d] = %g), want %g", k, w.sv[k], w.si[k], x[w.si[k]], sorted[k])
				}
			}
			// The folded ranks (foldSorted's merge) against sorting the
			// folded values.
			median := medianSorted(sorted)
			folded := make([]float64, n)
			for i, v := range x {
				folded[i] = math.Abs(v - median)
			}
			if !w.foldSorted(w.sv, w.si, median) {
				t.Fatal("foldSorted reported a NaN where there is none")
			}
			w.zFromOrder(got, w.fv, w.fi)
			want = naiveZScale(folded)
			for i := range got {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("x[%d] = %g: folded z = %.17g, want %.17g", i, x[i], got[i], want[i])
				}
			}
		})
	}
}

// TestKeyFloatInvertsFloatKey: the sorted values are decoded from the
// sorted keys, so the decoding must give back every value, bit for bit.
func TestKeyFloatInvertsFloatKey(t *testing.T) {
	for _, v := range []float64{0, math.Copysign(0, -1), 1, -1, math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
		math.MaxFloat64, -math.MaxFloat64, math.Inf(1), math.Inf(-1), 0.1, -3e-300} {
		if got := keyFloat(floatKey(v)); math.Float64bits(got) != math.Float64bits(v) {
			t.Errorf("keyFloat(floatKey(%g)) = %g", v, got)
		}
	}
}

// TestReturnsNASorted checks the ends-only test on sorted values against
// returnsNA, posterior's should_return_NA.
func TestReturnsNASorted(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, x := range [][]float64{
		nil, {1}, {1, 2}, {1, 1, 1}, {1, 1 + 0x1p-53}, {1, 1 + 0x1p-50}, {nan, 1, 2}, {-inf, 1}, {1, inf},
		{math.Copysign(0, -1), 0}, {-2, 5},
	} {
		if got, want := returnsNASorted(x), returnsNA(x); got != want {
			t.Errorf("returnsNASorted(%v) = %v, returnsNA %v", x, got, want)
		}
	}
}
