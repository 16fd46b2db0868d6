package quad

import (
	"math"
	"strings"
	"testing"
)

// TestIntegrate: closed-form integrals over finite, half-infinite and
// infinite intervals, across 0, with an integrable singularity at an end,
// and a vector integrand, each to well within its tolerance.
func TestIntegrate(t *testing.T) {
	scalar := func(g func(x float64) float64) Func {
		return func(x, _ float64, out []float64) { out[0] = g(x) }
	}
	for _, c := range []struct {
		name string
		f    Func
		a, b float64
		want []float64
	}{
		{"x² on [0, 1]", scalar(func(x float64) float64 { return x * x }), 0, 1, []float64{1.0 / 3}},
		{"cos on [−1, 2]", scalar(math.Cos), -1, 2, []float64{math.Sin(2) + math.Sin(1)}},
		{"e^−x on [0, ∞)", scalar(func(x float64) float64 { return math.Exp(-x) }), 0, math.Inf(1), []float64{1}},
		{"e^x on (−∞, 0]", scalar(math.Exp), math.Inf(-1), 0, []float64{1}},
		{"normal density on (−∞, ∞)", scalar(func(x float64) float64 { return math.Exp(-x*x/2) / math.Sqrt(2*math.Pi) }), math.Inf(-1), math.Inf(1), []float64{1}},
		{"1/(1+x²) on [−1, ∞)", scalar(func(x float64) float64 { return 1 / (1 + x*x) }), -1, math.Inf(1), []float64{3 * math.Pi / 4}},
		{"x^−½ on [0, 1]", scalar(func(x float64) float64 { return 1 / math.Sqrt(x) }), 0, 1, []float64{2}},
		{"empty", scalar(math.Exp), 2, 2, []float64{0}},
		{"(x², x³, 0) on [1, 3]", func(x, _ float64, out []float64) { out[0], out[1], out[2] = x*x, x*x*x, 0 }, 1, 3, []float64{26.0 / 3, 20, 0}},
		// xc: −x near 0, 1 − x near 1, so ∫|xc| = 1/4
		{"|xc| on [0, 1]", func(_, xc float64, out []float64) { out[0] = math.Abs(xc) }, 0, 1, []float64{0.25}},
		// xc near the end: ∫_2^3 (−xc)^−½ near 2 is the integral of (x − 2)^−½ on [2, 2.5], √2
		{"(a − x)^−½ near a", func(x, xc float64, out []float64) {
			out[0] = 0
			if xc < 0 {
				out[0] = 1 / math.Sqrt(-xc)
			}
		}, 2, 3, []float64{math.Sqrt2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := Integrate(c.f, len(c.want), c.a, c.b, 1.5e-8)
			if err != nil {
				t.Fatal(err)
			}
			for k, w := range c.want {
				if math.Abs(got[k]-w) > 1e-8*math.Max(1, math.Abs(w)) {
					t.Errorf("component %d = %.16g, want %.16g", k, got[k], w)
				}
			}
		})
	}
}

// TestIntegrateErrors: what Integrate refuses or cannot do.
func TestIntegrateErrors(t *testing.T) {
	one := func(_, _ float64, out []float64) { out[0] = 1 }
	for _, c := range []struct {
		name       string
		f          Func
		a, b, rtol float64
		want       string
	}{
		{"reversed", one, 1, 0, 1e-8, "the lower limit 1 is above the upper limit 0"},
		{"nan", one, math.NaN(), 0, 1e-8, "NaN"},
		{"tolerance", one, 0, 1, 0, "relative_tolerance is 0"},
		{"divergent", func(x, _ float64, out []float64) { out[0] = 1 / x }, 1, math.Inf(1), 1e-8, "the integral diverges"},
		{"too tight", func(x, _ float64, out []float64) { out[0] = math.Sin(1 / x) }, 0.001, 1, 1e-15, "did not reach the relative tolerance"},
		{"not finite", func(x, _ float64, out []float64) { out[0] = math.Log(x - 0.5) }, 0, 1, 1e-8, "not finite"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Integrate(c.f, 1, c.a, c.b, c.rtol)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
}
