package compiler

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
)

func odeTestdata(name string) string { return filepath.Join("testdata", "ode", name) }

// TestOdeDecayValue: the log density of decay.bym is, with k = exp(q),
// Σ_i 2e^{−k t_i} + 10 · 2e^{−k t_i} + q (the Jacobian of <lower=0>), the
// analytic solution solved by ode_rk45 and ode_bdf at their default
// tolerances (1e-6 and 1e-10).
func TestOdeDecayValue(t *testing.T) {
	m := compileFiles(t, odeTestdata("decay.bym"), odeTestdata("decay.json"))
	k := m.NewKernel()
	grad := make([]float64, 1)
	for _, q := range []float64{-1, 0, 0.7} {
		kk := math.Exp(q)
		want, dwant := q, 1.0
		for _, ti := range []float64{0.5, 1, 3} {
			want += 11 * 2 * math.Exp(-kk*ti)
			dwant += 11 * 2 * math.Exp(-kk*ti) * (-ti) * kk
		}
		got := k.LogDensityGrad(grad, []float64{q})
		if math.Abs(got-want) > 1e-5 {
			t.Errorf("q = %g: lp = %.10g, want %.10g", q, got, want)
		}
		if math.Abs(grad[0]-dwant) > 1e-5*math.Max(1, math.Abs(dwant)) {
			t.Errorf("q = %g: d lp/dq = %.10g, want %.10g", q, grad[0], dwant)
		}
	}
}

// TestOdeGradients checks the gradients of models that use ode_rk45,
// ode_bdf and integrate_ode_rk45 (with parameters in the initial state
// and in the passed arguments) against finite differences, and so do
// the corpus's ODE models (at their own tolerances, 1e-6, whose solution
// moves with the steps the solver picks: a looser check there).
func TestOdeGradients(t *testing.T) {
	cases := []struct {
		name, model, data string
		rel               float64
		center            []float64 // where the points are drawn around (nil: the origin)
	}{
		{"oscillator", odeTestdata("oscillator.bym"), odeTestdata("oscillator.json"), 1e-6, nil},
	}
	corpus := filepath.Join("..", "..", "shared", "corpus", "posteriordb")
	if _, err := os.Stat(corpus); err == nil {
		for _, name := range []string{"sir-sir", "soil_carbon-soil_incubation"} {
			c := cases[0]
			c.name, c.model, c.data, c.rel = name, filepath.Join(corpus, name, "model.stan"), filepath.Join(corpus, name, "data.json"), 1e-3
			if name == "sir-sir" {
				// sir's density is finite only where every Poisson rate,
				// y[n-1, 1] - y[n, 1], is positive: around this point it is
				c.center = []float64{0.5, -1, 2, -0.5}
			}
			cases = append(cases, c)
		}
	} else {
		t.Logf("the corpus is absent (%v): sir and soil_carbon are not checked", err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := compileFiles(t, c.model, c.data)
			k := m.NewKernel()
			rng := rand.New(rand.NewPCG(3, uint64(len(c.name))))
			grad := make([]float64, k.Dim())
			scratch := make([]float64, k.Dim())
			f := func(q []float64) float64 { return k.LogDensityGrad(scratch, q) }
			for point := 0; point < 2; point++ {
				q := randomPoint(rng, k.Dim())
				for i := range q {
					q[i] *= 0.5
					if c.center != nil {
						q[i] = c.center[i] + 0.2*q[i]
					}
				}
				lp := k.LogDensityGrad(grad, q)
				if math.IsNaN(lp) || math.IsInf(lp, 0) {
					t.Fatalf("lp at %v is %v", q, lp)
				}
				for i := range q {
					fd := centralFD(f, q, i)
					if tol := c.rel*math.Max(1, math.Abs(fd)) + 1e-10*math.Abs(lp); math.Abs(grad[i]-fd) > tol {
						t.Errorf("point %d: d lp/d q[%d] = %.10g, finite difference %.10g", point, i, grad[i], fd)
					}
				}
			}
		})
	}
}

// TestOdeErrors: what the compiler refuses, each at its place, and a
// solver failure at run time, which makes the log density NaN (the
// sampler rejects the point) rather than stopping the run.
func TestOdeErrors(t *testing.T) {
	for _, c := range []struct{ model, want string }{
		{"bad_times.bym", "10:53: ode_rk45: bayes needs the output times to be data"},
		{"bad_tol.bym", "10:26: ode_rk45_tol: relative_tolerance is -1e-06; it must be positive and finite"},
	} {
		t.Run(c.model, func(t *testing.T) {
			p, err := lang.LoadModel(odeTestdata(c.model))
			if err != nil {
				t.Fatal(err)
			}
			_, err = CompileModel(p, (*data.Data)(nil))
			if err == nil || !IsCompileError(err) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want a positioned error with %q", err, c.want)
			}
		})
	}
	m := compileFiles(t, odeTestdata("max_steps.bym"), "")
	if lp := m.NewKernel().LogDensityGrad(make([]float64, 1), []float64{0}); !math.IsNaN(lp) {
		t.Errorf("lp past max_num_steps = %v, want NaN", lp)
	}
}

// BenchmarkOdeSIRGradient times one log density and gradient of the
// corpus's SIR model (integrate_ode_rk45, 4 states, 4 parameters, 20
// output times) at a random point.
func BenchmarkOdeSIRGradient(b *testing.B) {
	dir := filepath.Join("..", "..", "shared", "corpus", "posteriordb", "sir-sir")
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("the corpus is absent: %v", err)
	}
	m := compileFiles(b, filepath.Join(dir, "model.stan"), filepath.Join(dir, "data.json"))
	k := m.NewKernel()
	q := randomPoint(rand.New(rand.NewPCG(1, 2)), k.Dim())
	g := make([]float64, k.Dim())
	b.ReportAllocs()
	for b.Loop() {
		k.LogDensityGrad(g, q)
	}
}
