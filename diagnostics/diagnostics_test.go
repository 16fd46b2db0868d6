package diagnostics

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ar1 returns chains of a stationary AR(1) process x_t = ρ x_{t-1} + ε_t,
// whose integrated autocorrelation time is τ = (1+ρ)/(1-ρ).
func ar1(seed uint64, chains, iters int, rho float64) [][]float64 {
	out := make([][]float64, chains)
	for c := range out {
		r := rand.New(rand.NewPCG(seed, uint64(c)))
		x := r.NormFloat64() / math.Sqrt(1-rho*rho)
		out[c] = make([]float64, iters)
		for i := range out[c] {
			x = rho*x + r.NormFloat64()
			out[c][i] = x
		}
	}
	return out
}

func TestPooledStatistics(t *testing.T) {
	// Two chains holding 1..10; reference values from R 4.3:
	// mean(1:10) = 5.5, sd(1:10) = 3.0276503540974917, median = 5.5,
	// quantile(1:10, c(.05, .95)) = 1.45, 9.55 (type 7).
	draws := [][]float64{{1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}}
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"mean", Mean(draws), 5.5},
		{"sd", SD(draws), 3.0276503540974917},
		{"median", Median(draws), 5.5},
		{"q05", Quantile(draws, 0.05), 1.45},
		{"q95", Quantile(draws, 0.95), 9.55},
		{"q0", Quantile(draws, 0), 1},
		{"q1", Quantile(draws, 1), 10},
		{"median odd", Median([][]float64{{3, 1, 2}}), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if math.Abs(tt.got-tt.want) > 1e-12 {
				t.Errorf("got %.17g, want %.17g", tt.got, tt.want)
			}
		})
	}
}

// TestAutocovarianceFFT checks the FFT autocovariance against the direct
// O(n²) sum for several lengths, including ones that are not 2·3·5-smooth.
func TestAutocovarianceFFT(t *testing.T) {
	for _, n := range []int{3, 7, 64, 97, 1000} {
		x := ar1(1, 1, n, 0.7)[0]
		var mean float64
		for _, v := range x {
			mean += v
		}
		mean /= float64(n)
		w := new(workspace)
		got := w.autocovariance(x)
		for lag := range n {
			var want float64
			for i := 0; i+lag < n; i++ {
				want += (x[i] - mean) * (x[i+lag] - mean)
			}
			want /= float64(n)
			if math.Abs(got[lag]-want) > 1e-12*math.Abs(got[0]) {
				t.Fatalf("n=%d lag %d: FFT %g, direct %g", n, lag, got[lag], want)
			}
		}
	}
}

// TestESSAR1 checks the ESS of an AR(1) process against its theoretical
// value N (1-ρ)/(1+ρ). The estimate's relative error for 4 x 20000 draws at
// ρ = 0.5 is a few percent (Vehtari et al. 2021, appendix), so 10% fails
// only on a real error; the seed is fixed.
func TestESSAR1(t *testing.T) {
	const rho = 0.5
	draws := ar1(42, 4, 20000, rho)
	want := 4 * 20000 * (1 - rho) / (1 + rho)
	for name, f := range map[string]func([][]float64) float64{
		"basic": ESSBasic, "bulk": ESSBulk, "tail": ESSTail,
	} {
		t.Run(name, func(t *testing.T) {
			got := f(draws)
			if name == "tail" {
				// The indicator of a tail event of an AR(1) process is less
				// autocorrelated than the process itself.
				if got < want*0.9 {
					t.Errorf("ESS %s = %.0f, want at least %.0f", name, got, 0.9*want)
				}
				return
			}
			if math.Abs(got-want) > 0.1*want {
				t.Errorf("ESS %s = %.0f, want %.0f ± 10%%", name, got, want)
			}
		})
	}
	if r := Rhat(draws); !(r > 0.99 && r < 1.01) {
		t.Errorf("Rhat of well-mixed chains = %g, want within 0.01 of 1", r)
	}
}

// TestRhatDetectsShift checks that chains centred at different places give a
// large R-hat, and chains with different scales a large tail (folded) R-hat.
func TestRhatDetectsShift(t *testing.T) {
	draws := ar1(7, 4, 1000, 0.2)
	for i := range draws[0] {
		draws[0][i] += 3
	}
	if r := Rhat(draws); r < 1.1 {
		t.Errorf("Rhat with one shifted chain = %g, want > 1.1", r)
	}
	scaled := ar1(8, 4, 1000, 0.2)
	for i := range scaled[0] {
		scaled[0][i] *= 5
	}
	bulk := RhatBasic(scaled)
	if r := Rhat(scaled); r < 1.05 || r <= bulk {
		t.Errorf("Rhat with one wide chain = %g (basic %g), want > 1.05 and above basic", r, bulk)
	}
}

func TestEdgeCases(t *testing.T) {
	constant := [][]float64{{2, 2, 2, 2, 2, 2, 2, 2}, {2, 2, 2, 2, 2, 2, 2, 2}}
	withNaN := ar1(3, 2, 100, 0.3)
	withNaN[1][5] = math.NaN()
	withInf := ar1(3, 2, 100, 0.3)
	withInf[0][10] = math.Inf(1)
	short := [][]float64{{1, 2, 3}, {2, 3, 1}}
	five := [][]float64{{1, 2, 3, 5, 4}, {2, 3, 1, 4, 5}}
	tests := []struct {
		name  string
		draws [][]float64
		// want NaN (true) or finite (false) for Rhat, ESSBulk, ESSTail,
		// MCSEMean, MCSESD
		nan [5]bool
	}{
		{"constant", constant, [5]bool{true, true, true, true, true}},
		{"NaN draw", withNaN, [5]bool{true, true, true, true, true}},
		// posterior ranks infinite draws: R-hat and bulk ESS are defined,
		// tail ESS and MCSEs are not.
		{"infinite draw", withInf, [5]bool{false, false, true, true, true}},
		{"3 draws per chain", short, [5]bool{true, true, true, true, true}},
		// 5 draws split into halves of 2: R-hat defined, ESS needs 3.
		{"5 draws per chain", five, [5]bool{false, true, true, true, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := [5]float64{Rhat(tt.draws), ESSBulk(tt.draws), ESSTail(tt.draws), MCSEMean(tt.draws), MCSESD(tt.draws)}
			names := [5]string{"Rhat", "ESSBulk", "ESSTail", "MCSEMean", "MCSESD"}
			for i := range got {
				if math.IsNaN(got[i]) != tt.nan[i] || math.IsInf(got[i], 0) {
					t.Errorf("%s = %g, want NaN: %v", names[i], got[i], tt.nan[i])
				}
			}
		})
	}
}

// TestOddLengthDropsMiddle checks that, as posterior's split_chains, the
// middle draw of an odd-length chain is not used by split-chain statistics.
func TestOddLengthDropsMiddle(t *testing.T) {
	a := ar1(5, 3, 101, 0.4)
	b := ar1(5, 3, 101, 0.4)
	for c := range b {
		b[c][50] = 1e6
	}
	if ga, gb := ESSBasic(a), ESSBasic(b); ga != gb {
		t.Errorf("ESSBasic changed with the middle draw: %g vs %g", ga, gb)
	}
	if ga, gb := RhatBasic(a), RhatBasic(b); ga != gb {
		t.Errorf("RhatBasic changed with the middle draw: %g vs %g", ga, gb)
	}
	b[0][49] = 1e6 // not the middle: must change the result
	if ga, gb := ESSBasic(a), ESSBasic(b); ga == gb {
		t.Errorf("ESSBasic did not change with a used draw")
	}
}

// TestESSCap checks the cap ESS <= S log10(S) on antithetic chains.
func TestESSCap(t *testing.T) {
	draws := [][]float64{make([]float64, 1000), make([]float64, 1000)}
	for c := range draws {
		for i := range draws[c] {
			draws[c][i] = float64(1 - 2*(i%2)) // +1, -1, +1, ...: perfectly antithetic
			draws[c][i] *= float64(i%7 + 1)
		}
	}
	s := 2000.0
	if got := ESSBasic(draws); got > s*math.Log10(s)*(1+1e-12) || got <= s {
		t.Errorf("antithetic ESS = %g, want in (S, S log10 S] = (%g, %g]", got, s, s*math.Log10(s))
	}
}

func TestMCSEQuantile(t *testing.T) {
	// For nearly independent normal draws, MCSE(q) ≈ sqrt(p(1-p)/S) / φ(Φ⁻¹(p)):
	// at p = 0.05, S = 40000: sqrt(0.0475/40000)/0.10314 = 0.01057.
	draws := ar1(11, 4, 10000, 0)
	got := MCSEQuantile(draws, 0.05)
	if want := 0.01057; math.Abs(got-want) > 0.15*want {
		t.Errorf("MCSEQuantile(0.05) = %g, want %g ± 15%%", got, want)
	}
	if got := MCSEQuantile([][]float64{{1, 1, 1, 1, 1, 1}}, 0.5); !math.IsNaN(got) {
		t.Errorf("MCSEQuantile of constant draws = %g, want NaN", got)
	}
}

func TestSummarizeErrors(t *testing.T) {
	tests := []struct {
		name string
		col  Column
	}{
		{"ragged", Column{"mu", [][]float64{{1, 2, 3}, {1, 2}}}},
		{"empty", Column{"tau", nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Summarize([]Column{tt.col}); err == nil {
				t.Errorf("no error for %s column", tt.name)
			}
		})
	}
}
