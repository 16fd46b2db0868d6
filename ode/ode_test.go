package ode

import (
	"errors"
	"math"
	"strings"
	"testing"
)

var methods = []Method{DormandPrince, SDIRK}

// TestTableaux checks the order conditions of both pairs: each solution
// has the order it is used with (Hairer, Nørsett, Wanner I, II.2: the
// eight conditions of order 4, the four of order 3).
func TestTableaux(t *testing.T) {
	type tab struct {
		name  string
		a     [][]float64
		b, c  []float64
		order int
	}
	rows := func(a [][]float64, n int) [][]float64 {
		out := make([][]float64, n)
		for i := range out {
			out[i] = make([]float64, n)
			copy(out[i], a[i])
		}
		return out
	}
	var sdA2, dpA2 [][]float64
	for _, r := range sdA {
		sdA2 = append(sdA2, r[:])
	}
	for _, r := range dpA {
		dpA2 = append(dpA2, append(r[:], 0))
	}
	dpB := dpA[6][:]
	dpB4 := make([]float64, 7)
	for i := range dpB4 {
		if i < 6 {
			dpB4[i] = dpB[i]
		}
		dpB4[i] -= dpE[i]
	}
	tabs := []tab{
		{"SDIRK order 4", rows(sdA2, 5), sdA[4][:], sdC[:], 4},
		{"SDIRK embedded order 3", rows(sdA2, 5), sdB3[:], sdC[:], 3},
		{"Dormand-Prince order 5 (conditions to 4)", rows(dpA2, 7), append(dpB, 0), dpC[:], 4},
		{"Dormand-Prince embedded order 4", rows(dpA2, 7), dpB4, dpC[:], 4},
	}
	for _, tb := range tabs {
		t.Run(tb.name, func(t *testing.T) {
			n := len(tb.b)
			ac := make([]float64, n)  // Σ_j a_ij c_j
			acc := make([]float64, n) // Σ_j a_ij c_j²
			aac := make([]float64, n) // Σ_j a_ij Σ_k a_jk c_k
			for i := 0; i < n; i++ {
				rs := 0.0
				for j := 0; j < n; j++ {
					rs += tb.a[i][j]
					ac[i] += tb.a[i][j] * tb.c[j]
					acc[i] += tb.a[i][j] * tb.c[j] * tb.c[j]
				}
				if math.Abs(rs-tb.c[i]) > 1e-14 {
					t.Errorf("row %d sums to %g, c = %g", i, rs, tb.c[i])
				}
			}
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					aac[i] += tb.a[i][j] * ac[j]
				}
			}
			sum := func(f func(i int) float64) float64 {
				s := 0.0
				for i := 0; i < n; i++ {
					s += tb.b[i] * f(i)
				}
				return s
			}
			conds := []struct {
				order int
				got   float64
				want  float64
			}{
				{1, sum(func(i int) float64 { return 1 }), 1},
				{2, sum(func(i int) float64 { return tb.c[i] }), 1.0 / 2},
				{3, sum(func(i int) float64 { return tb.c[i] * tb.c[i] }), 1.0 / 3},
				{3, sum(func(i int) float64 { return ac[i] }), 1.0 / 6},
				{4, sum(func(i int) float64 { return tb.c[i] * tb.c[i] * tb.c[i] }), 1.0 / 4},
				{4, sum(func(i int) float64 { return tb.c[i] * ac[i] }), 1.0 / 8},
				{4, sum(func(i int) float64 { return acc[i] }), 1.0 / 12},
				{4, sum(func(i int) float64 { return aac[i] }), 1.0 / 24},
			}
			for k, c := range conds {
				if c.order <= tb.order && math.Abs(c.got-c.want) > 1e-13 {
					t.Errorf("condition %d (order %d): %g, want %g", k, c.order, c.got, c.want)
				}
			}
		})
	}
}

// decay is y' = −k y with p = (k, y0): y = y0 e^{−kt}, ∂y/∂k = −t y, ∂y/∂y0 = e^{−kt}.
func decay(k, y0 float64, ts []float64, rtol, atol float64) *Problem {
	return &Problem{N: 1, P: 2,
		F: func(t float64, y, dy []float64) { dy[0] = -k * y[0] },
		Jac: func(t float64, y, f, jy, jp []float64) {
			if f != nil {
				f[0] = -k * y[0]
			}
			jy[0] = -k
			jp[0], jp[1] = -y[0], 0
		},
		Y0: []float64{y0}, S0: []float64{0, 1}, Ts: ts, Rtol: rtol, Atol: atol, MaxSteps: 1e6}
}

// oscillator is y1' = y2, y2' = −ω² y1, y(0) = (1, 0), p = ω: y1 = cos ωt,
// y2 = −ω sin ωt, ∂y1/∂ω = −t sin ωt, ∂y2/∂ω = −sin ωt − ωt cos ωt.
func oscillator(w float64, ts []float64, rtol, atol float64) *Problem {
	return &Problem{N: 2, P: 1,
		F: func(t float64, y, dy []float64) { dy[0], dy[1] = y[1], -w*w*y[0] },
		Jac: func(t float64, y, f, jy, jp []float64) {
			if f != nil {
				f[0], f[1] = y[1], -w*w*y[0]
			}
			jy[0], jy[1], jy[2], jy[3] = 0, 1, -w*w, 0
			jp[0], jp[1] = 0, -2*w*y[0]
		},
		Y0: []float64{1, 0}, Ts: ts, Rtol: rtol, Atol: atol, MaxSteps: 1e6}
}

// TestAnalytic: both methods meet their tolerance on problems with known
// solutions, values and sensitivities. The global error of a step-wise
// error control is a modest multiple of the tolerance; 20× is allowed.
func TestAnalytic(t *testing.T) {
	ts := []float64{0.5, 1, 2.5, 5, 10}
	for _, m := range methods {
		for _, tol := range []float64{1e-6, 1e-9} {
			t.Run(m.String()+"/decay", func(t *testing.T) {
				k, y0 := 0.7, 3.0
				r, err := Solve(m, decay(k, y0, ts, tol, tol))
				if err != nil {
					t.Fatal(err)
				}
				for i, tt := range ts {
					e := math.Exp(-k * tt)
					check(t, "y", r.Y[i], y0*e, tol)
					check(t, "dy/dk", r.S[2*i], -tt*y0*e, tol)
					check(t, "dy/dy0", r.S[2*i+1], e, tol)
				}
			})
			t.Run(m.String()+"/oscillator", func(t *testing.T) {
				w := 1.3
				r, err := Solve(m, oscillator(w, ts, tol, tol))
				if err != nil {
					t.Fatal(err)
				}
				for i, tt := range ts {
					s, c := math.Sin(w*tt), math.Cos(w*tt)
					check(t, "y1", r.Y[2*i], c, tol)
					check(t, "y2", r.Y[2*i+1], -w*s, tol)
					check(t, "dy1/dw", r.S[2*i], -tt*s, tol)
					check(t, "dy2/dw", r.S[2*i+1], -s-w*tt*c, tol)
				}
			})
		}
	}
}

func check(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > 20*tol*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.12g, want %.12g (tolerance %g)", what, got, want, tol)
	}
}

// robertson is Robertson's chemical kinetics (Hairer, Wanner II, IV.1),
// the classic stiff problem.
func robertson(ts []float64, tol float64, maxSteps int) *Problem {
	f := func(y, dy []float64) {
		dy[0] = -0.04*y[0] + 1e4*y[1]*y[2]
		dy[1] = 0.04*y[0] - 1e4*y[1]*y[2] - 3e7*y[1]*y[1]
		dy[2] = 3e7 * y[1] * y[1]
	}
	return &Problem{N: 3,
		F: func(t float64, y, dy []float64) { f(y, dy) },
		Jac: func(t float64, y, fy, jy, jp []float64) {
			if fy != nil {
				f(y, fy)
			}
			copy(jy, []float64{
				-0.04, 1e4 * y[2], 1e4 * y[1],
				0.04, -1e4*y[2] - 6e7*y[1], -1e4 * y[1],
				0, 6e7 * y[1], 0})
		},
		Y0: []float64{1, 0, 0}, Ts: ts, Rtol: tol, Atol: tol * 1e-4, MaxSteps: maxSteps}
}

// TestStiff: SDIRK solves Robertson's problem to t = 40 (reference values:
// Hairer, Wanner II, IV.10 and the IVP test set of Mazzia and Magherini,
// y(40) = (0.7158270687, 9.185534764e-6, 0.2841637457)) in few steps,
// where Dormand–Prince cannot within 10^4 steps: its stability bounds
// the step, not the accuracy.
func TestStiff(t *testing.T) {
	want := []float64{0.7158270687, 9.185534764e-6, 0.2841637457}
	r, err := Solve(SDIRK, robertson([]float64{40}, 1e-8, 1e5))
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		if math.Abs(r.Y[i]-w) > 1e-6*math.Abs(w)+1e-12 {
			t.Errorf("y%d(40) = %.10g, want %.10g", i+1, r.Y[i], w)
		}
	}
	if r.Steps > 2000 {
		t.Errorf("SDIRK took %d steps", r.Steps)
	}
	_, err = Solve(DormandPrince, robertson([]float64{40}, 1e-8, 1e4))
	if !errors.Is(err, ErrMaxSteps) {
		t.Errorf("Dormand-Prince within 10^4 steps: err = %v, want max_num_steps exceeded", err)
	}
}

func TestErrors(t *testing.T) {
	blowup := func(m Method) *Problem { // y' = y², y(0) = 1: y = 1/(1−t), infinite at t = 1
		return &Problem{N: 1,
			F: func(t float64, y, dy []float64) { dy[0] = y[0] * y[0] },
			Jac: func(t float64, y, f, jy, jp []float64) {
				if f != nil {
					f[0] = y[0] * y[0]
				}
				jy[0] = 2 * y[0]
			},
			Y0: []float64{1}, Ts: []float64{0.5, 2}, Rtol: 1e-6, Atol: 1e-6, MaxSteps: 1e5}
	}
	for _, m := range methods {
		t.Run(m.String()+"/blowup", func(t *testing.T) {
			_, err := Solve(m, blowup(m))
			if err == nil {
				t.Fatal("no error past the singularity")
			}
		})
		t.Run(m.String()+"/maxsteps", func(t *testing.T) {
			p := decay(1, 1, []float64{100}, 1e-10, 1e-10)
			p.MaxSteps = 5
			if _, err := Solve(m, p); !errors.Is(err, ErrMaxSteps) {
				t.Errorf("err = %v, want max_num_steps", err)
			}
		})
	}
	bad := []struct {
		edit func(p *Problem)
		want string
	}{
		{func(p *Problem) { p.Rtol = -1 }, "relative_tolerance"},
		{func(p *Problem) { p.Atol = math.NaN() }, "absolute_tolerance"},
		{func(p *Problem) { p.MaxSteps = 0 }, "max_num_steps"},
		{func(p *Problem) { p.Ts = []float64{1, 1} }, "times must increase"},
		{func(p *Problem) { p.Ts = []float64{0} }, "not after the initial time"},
		{func(p *Problem) { p.Y0 = []float64{math.Inf(1)} }, "initial state[1]"},
	}
	for _, b := range bad {
		p := decay(1, 1, []float64{1}, 1e-6, 1e-6)
		b.edit(p)
		if _, err := Solve(DormandPrince, p); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("err = %v, want one naming %q", err, b.want)
		}
	}
}
