package compiler

import (
	"math"
	"testing"

	"github.com/bayes-dev/bayes/library"
)

// TestLogSumExpStable evaluates log_sum_exp, softmax and log_softmax of a
// parameter vector where exp overflows (x > 709) or underflows (x < -745)
// and where it is infinite, and compares value and gradient with the
// two-pass form computed here (max m, then m + log Σ exp(x_i - m); the
// gradient of log_sum_exp is the softmax, that of w·softmax(x) is
// p ⊙ (w - w·p), that of w·log_softmax(x) is w - (Σ w) p). The compiled
// form computes its shift once and reuses the forward exponentials in the
// gradient (ir.Builder.LogSumExp); these points would overflow a form
// without the shift.
func TestLogSumExpStable(t *testing.T) {
	const data = `data { int N; vector[N] w; }`
	js := `{"N": 3, "w": [0.5, -1, 2]}`
	w := []float64{0.5, -1, 2}
	points := [][]float64{
		{1000, 1000.5, -2000},
		{710, 800, 709.5},
		{-1000, -1001, -999.25},
		{0.3, -0.2, 1.1},
		{math.Inf(-1), 2, 1},
		{-500, 400, 0}, // 900 above x_0: its shift is the max, not x_0
	}
	// ref returns the softmax p and the log-sum-exp of x.
	ref := func(x []float64) ([]float64, float64) {
		m := math.Inf(-1)
		for _, v := range x {
			m = math.Max(m, v)
		}
		s := 0.0
		for _, v := range x {
			s += math.Exp(v - m)
		}
		p := make([]float64, len(x))
		for i, v := range x {
			p[i] = math.Exp(v-m) / s
		}
		return p, m + math.Log(s)
	}
	dot := func(a, b []float64) float64 {
		s := 0.0
		for i := range a {
			s += a[i] * b[i]
		}
		return s
	}
	cases := []struct {
		name, model string
		want        func(x []float64) (float64, []float64)
	}{
		{"log_sum_exp", `model { target += log_sum_exp(a); }`, func(x []float64) (float64, []float64) {
			p, lse := ref(x)
			return lse, p
		}},
		{"softmax", `model { target += dot_product(w, softmax(a)); }`, func(x []float64) (float64, []float64) {
			p, _ := ref(x)
			wp := dot(w, p)
			g := make([]float64, len(x))
			for i := range g {
				g[i] = p[i] * (w[i] - wp)
			}
			return wp, g
		}},
		{"log_softmax", `model { target += dot_product(w, log_softmax(a)); }`, func(x []float64) (float64, []float64) {
			p, lse := ref(x)
			lp, sw := 0.0, 0.0
			for i := range x {
				if w[i] != 0 {
					lp += w[i] * (x[i] - lse)
				}
				sw += w[i]
			}
			g := make([]float64, len(x))
			for i := range g {
				g[i] = w[i] - sw*p[i]
			}
			return lp, g
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := compileSourceTB(t, data+` parameters { vector[N] a; } `+c.model, js)
			k := m.NewKernel()
			g := make([]float64, k.Dim())
			for _, x := range points {
				lp := k.LogDensityGrad(g, x)
				wantLP, wantG := c.want(x)
				if c.name == "log_softmax" && math.IsInf(x[0], -1) {
					// w·log_softmax is -Inf there: only its value is defined
					if !math.IsInf(lp, -1) {
						t.Errorf("at %v: lp %g, want -Inf", x, lp)
					}
					continue
				}
				if !near9(lp, wantLP) {
					t.Errorf("at %v: lp %.17g, want %.17g", x, lp, wantLP)
				}
				for i := range g {
					if !near9(g[i], wantG[i]) {
						t.Errorf("at %v: d/da[%d] = %.17g, want %.17g", x, i, g[i], wantG[i])
					}
				}
			}
		})
	}
}

// TestLogSumExpShiftFused: where the kernel computes a log-sum-exp's shift
// inside the loop of its exponentials (kernel.planShifts), the value and
// gradient are bit for bit c + log Σ exp(x_i - c) and exp(x_i - c) · 1/Σ
// with c = library.LseShift(x), the op's definition, computed here with
// the kernel's order of summation: x_0 when the others lie at most
// LseShiftSpan above it (64 exactly included), the max when one lies
// further (64-709: no overflow, only other bits; or beyond).
func TestLogSumExpShiftFused(t *testing.T) {
	m := compileSourceTB(t, `data { int N; } parameters { vector[N] a; } model { target += log_sum_exp(a); }`, `{"N": 6}`)
	k := m.NewKernel()
	g := make([]float64, k.Dim())
	for _, x := range [][]float64{
		{0.5, -1, 2, 0.25, 3, -2},
		{0.25, 1.1, 63.3, 64.25, -3.7, 1.9}, // exactly LseShiftSpan above x_0: x_0
		{0, 1, 2, 64.5, -3, 1},              // just over: the max
		{-300, 1, 2, 30, -3, 1},             // 330 above
		{-800, 1, 2, 30, -3, 1},             // 830 above: exp(x_i - x_0) would overflow
		{math.NaN(), 1, 2, 3, 4, 5},
		{math.Inf(-1), 1, 2, 3, 4, 5},
	} {
		c := library.LseShift(x)
		var s [4]float64
		e := make([]float64, len(x))
		for i, v := range x {
			e[i] = math.Exp(v - c)
			if i < 4 {
				s[i] += e[i]
			} else {
				s[0] += e[i] // the kernel's sum: four lanes, the tail in the first
			}
		}
		sum := (s[0] + s[1]) + (s[2] + s[3])
		want := c + math.Log(sum)
		got := k.LogDensityGrad(g, x)
		if math.IsNaN(want) && math.IsNaN(got) {
			continue
		}
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("at %v: lp %.17g, want %.17g (shift %g)", x, got, want, c)
		}
		for i := range e {
			if w := e[i] * (1 / sum); math.Float64bits(g[i]) != math.Float64bits(w) {
				t.Errorf("at %v: d/da[%d] = %.17g, want %.17g (shift %g)", x, i, g[i], w, c)
			}
		}
	}
}
