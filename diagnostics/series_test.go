package diagnostics

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

// TestSeriesMatchesSplitChains checks that reading the split chains in
// place (series.chain) gives, value for value, splitChains' copy and the
// transforms the diagnostics applied to it: the indicator of essQuantile
// and the squared deviation of mcseSD.
func TestSeriesMatchesSplitChains(t *testing.T) {
	const at = 0.25
	transforms := []struct {
		kind seriesKind
		f    func(v float64) float64
	}{
		{seriesSplit, func(v float64) float64 { return v }},
		{seriesBelow, func(v float64) float64 {
			if v <= at {
				return 1
			}
			return 0
		}},
		{seriesSquared, func(v float64) float64 { return (v - at) * (v - at) }},
	}
	for _, iters := range []int{1, 2, 3, 8, 9} {
		draws := ar1(5, 3, iters, 0.5)
		x, m, n := splitChains(nil, draws)
		for _, tr := range transforms {
			t.Run(fmt.Sprintf("iters=%d/kind=%d", iters, tr.kind), func(t *testing.T) {
				s := splitSeries(tr.kind, draws, at)
				if s.m != m || s.n != n {
					t.Fatalf("series is %d x %d, splitChains %d x %d", s.m, s.n, m, n)
				}
				buf := make([]float64, n)
				for c := range m {
					got := s.chain(c, buf)
					want := make([]float64, n)
					for i, v := range x[c*n : (c+1)*n] {
						want[i] = tr.f(v)
					}
					if !slices.Equal(got, want) {
						t.Errorf("chain %d: %v, want %v", c, got, want)
					}
				}
			})
		}
	}
}

// TestChainRanges checks the one-pass sums and ranges against the
// definitions: sums added in order, min and max, constant chains, and
// non-finite values reported.
func TestChainRanges(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name     string
		x        []float64
		finite   bool
		constant bool
	}{
		{"normal", ar1(9, 1, 37, 0.3)[0], true, false},
		{"constant", []float64{0.1, 0.1, 0.1}, true, true},
		{"signed zeros", []float64{0, math.Copysign(0, -1), 0}, true, true},
		{"NaN first", []float64{nan, 1, 2}, false, false},
		{"NaN later", []float64{1, nan, 2}, false, false},
		{"infinity", []float64{1, 2, inf}, false, false},
		{"minus infinity", []float64{-inf, 2, 3}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			other := slices.Clone(tt.x)
			slices.Reverse(other)
			for _, pair := range [][2][]float64{{tt.x, other}, {other, tt.x}} {
				r, _ := chainRanges(pair[0], pair[1])
				var sum float64
				lo, hi := math.Inf(1), math.Inf(-1)
				for _, v := range pair[0] {
					sum += v
					lo, hi = min(lo, v), max(hi, v)
				}
				if r.finite() != tt.finite {
					t.Fatalf("finite = %v, want %v", r.finite(), tt.finite)
				}
				if !tt.finite {
					continue
				}
				if r.sum != sum || r.lo != lo || r.hi != hi {
					t.Errorf("sum, lo, hi = %v, %v, %v; want %v, %v, %v", r.sum, r.lo, r.hi, sum, lo, hi)
				}
				if (r.lo == r.hi) != tt.constant {
					t.Errorf("constant = %v, want %v", r.lo == r.hi, tt.constant)
				}
			}
		})
	}
}
