package ode

import (
	"errors"
	"testing"
)

// BenchmarkStiff times Robertson's problem (TestStiff) to t = 40 and to
// t = 4·10¹⁰, the long run of the IVP test set, with the stiff solver, and
// with Dormand–Prince: its steps are bounded by stability (|hλ| for λ ~
// -10⁴), not accuracy, so to t = 40 it takes fifty times SDIRK's steps, and
// to 4·10¹⁰ it stops at the 10⁷ steps it is given (a step of ~10⁻³ would
// need ~10¹³). Each reports its accepted steps.
func BenchmarkStiff(b *testing.B) {
	for _, c := range []struct {
		name   string
		method Method
		t      float64
	}{
		{"sdirk/t=40", SDIRK, 40},
		{"dormand_prince/t=40", DormandPrince, 40},
		{"sdirk/t=4e10", SDIRK, 4e10},
		{"dormand_prince/t=4e10", DormandPrince, 4e10},
	} {
		b.Run(c.name, func(b *testing.B) {
			steps := 0
			for b.Loop() {
				r, err := Solve(c.method, robertson([]float64{c.t}, 1e-8, 1e7))
				switch {
				case errors.Is(err, ErrMaxSteps) && c.method == DormandPrince && c.t > 40:
					steps = 1e7 // gave up, as expected
				case err != nil:
					b.Fatal(err)
				default:
					steps = r.Steps
				}
			}
			b.ReportMetric(float64(steps), "steps")
		})
	}
}
