package compiler

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
)

func higherTestdata(name string) string { return filepath.Join("testdata", "higher", name) }

// TestHigherSameAsPlain: a model written with reduce_sum (of a density
// named _lupmf, whose constants then drop, and of a plain function) or
// with map_rect has the log density and gradient of the same model
// written without them, at random points, to rounding (reduce_sum adds
// its slices' partial sums, lower_reduce.go; map_rect's jobs add in
// another order than the plain model's statements).
func TestHigherSameAsPlain(t *testing.T) {
	for _, c := range []struct{ model, plain, data string }{
		{"reduce.bym", "reduce_plain.bym", "reduce.json"},
		{"maprect.bym", "maprect_plain.bym", "maprect.json"},
	} {
		t.Run(c.model, func(t *testing.T) {
			k := compileFiles(t, higherTestdata(c.model), higherTestdata(c.data)).NewKernel()
			kp := compileFiles(t, higherTestdata(c.plain), higherTestdata(c.data)).NewKernel()
			if k.Dim() != kp.Dim() {
				t.Fatalf("dim %d, plain %d", k.Dim(), kp.Dim())
			}
			rng := rand.New(rand.NewPCG(16, 1))
			g, gp := make([]float64, k.Dim()), make([]float64, k.Dim())
			for point := 0; point < 3; point++ {
				q := randomPoint(rng, k.Dim())
				lp, lpp := k.LogDensityGrad(g, q), kp.LogDensityGrad(gp, q)
				if math.Abs(lp-lpp) > 1e-12*math.Max(1, math.Abs(lpp)) {
					t.Errorf("point %d: lp = %.17g, plain %.17g", point, lp, lpp)
				}
				for i := range g {
					if math.Abs(g[i]-gp[i]) > 1e-12*math.Max(1, math.Abs(gp[i])) {
						t.Errorf("point %d: d lp/d q[%d] = %.17g, plain %.17g", point, i, g[i], gp[i])
					}
				}
			}
		})
	}
}

// TestHigherCompileErrors: what the compiler refuses in calls of the
// higher-order functions, each at its place.
func TestHigherCompileErrors(t *testing.T) {
	const head = "functions {\n%s\n}\nparameters {\n  real mu;\n}\nmodel {\n%s\n}\n"
	for _, c := range []struct{ name, fns, model, want string }{
		{"grainsize", "real ps(array[] real x, int s, int e, real mu) { return normal_lpdf(x | mu, 1); }",
			"  target += reduce_sum(ps, {1.0, 2.0}, 0, mu);", "8:40: reduce_sum: grainsize must be positive; found 0"},
		{"map_rect rows", "vector f(vector phi, vector th, data array[] real xr, data array[] int xi) { return phi; }",
			"  target += sum(map_rect(f, [mu]', {[mu]', [mu]'}, {{1.0}}, {{1}, {2}}));", "8:52: map_rect: the real data has 1 rows; the job parameters have 2 (one row per job)"},
		{"scaling step", "vector g(vector y, real a) { return y - a; }",
			"  target += sum(solve_newton_tol(g, [1.0]', -1, 1e-6, 100, mu));", "8:45: solve_newton_tol: scaling_step is -1; it must be non-negative and finite"},
		{"no root in data", "vector g(vector y, real a) { return y .* y + a; }",
			"  target += sum(solve_powell(g, [1.0]', 1.0));", "8:17: solve_powell: the Jacobian of f is singular at y = [0]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(strings.Replace(head, "%s", c.fns, 1), "%s", c.model, 1)
			p, err := lang.ParseAndCheck("m.bym", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			_, err = CompileModel(p, (*data.Data)(nil))
			if err == nil || !IsCompileError(err) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want a positioned error with %q", err, c.want)
			}
		})
	}
}

// TestSolveValueAndGradient: solve.bym's log density is, with the root
// y(r, a) = (a, 1) r / sqrt(1 + a²) of each of its five parameter
// solves and c = (1, 2), 5 c·y(e^{q1}, e^{q2}) + c·y(2, 0.5); its
// gradient is the analytic one (∂y/∂q1 = y, ∂y/∂q2 = a ∂y/∂a), which
// the implicit function theorem must reproduce, and agrees with finite
// differences.
func TestSolveValueAndGradient(t *testing.T) {
	k := compileFiles(t, higherTestdata("solve.bym"), "").NewKernel()
	root := func(r, a float64) (y1, y2 float64) {
		y2 = r / math.Sqrt(1+a*a)
		return a * y2, y2
	}
	grad := make([]float64, 2)
	scratch := make([]float64, 2)
	for _, q := range [][]float64{{0, 0}, {0.7, -1.1}, {-0.4, 0.9}} {
		r, a := math.Exp(q[0]), math.Exp(q[1])
		y1, y2 := root(r, a)
		d1, d2 := root(2, 0.5)
		want := 5*(y1+2*y2) + d1 + 2*d2
		dy2da := -r * a / math.Pow(1+a*a, 1.5)
		dy1da := y2 + a*dy2da
		dwant := []float64{5 * (y1 + 2*y2), 5 * a * (dy1da + 2*dy2da)}
		lp := k.LogDensityGrad(grad, q)
		if math.Abs(lp-want) > 1e-12*math.Abs(want) {
			t.Errorf("q = %v: lp = %.16g, want %.16g", q, lp, want)
		}
		for i := range grad {
			if math.Abs(grad[i]-dwant[i]) > 1e-10*math.Max(1, math.Abs(dwant[i])) {
				t.Errorf("q = %v: d lp/d q[%d] = %.16g, want %.16g", q, i, grad[i], dwant[i])
			}
			fd := centralFD(func(x []float64) float64 { return k.LogDensityGrad(scratch, x) }, q, i)
			if math.Abs(grad[i]-fd) > 1e-6*math.Max(1, math.Abs(fd)) {
				t.Errorf("q = %v: d lp/d q[%d] = %.16g, finite difference %.16g", q, i, grad[i], fd)
			}
		}
	}
	// a solver that fails at run time rejects the point: lp is NaN
	m := compileFiles(t, higherTestdata("solve_steps.bym"), "")
	if lp := m.NewKernel().LogDensityGrad(make([]float64, 1), []float64{0}); !math.IsNaN(lp) {
		t.Errorf("lp past max_num_steps = %v, want NaN", lp)
	}
}

// TestIntegrateValueAndGradient: integrate.bym's log density is the sum
// of its four closed-form integrals (the model's comment), and its
// gradient, by differentiation under the integral and f at the upper
// limit, is theirs, and agrees with finite differences.
func TestIntegrateValueAndGradient(t *testing.T) {
	k := compileFiles(t, higherTestdata("integrate.bym"), "").NewKernel()
	grad, scratch := make([]float64, 2), make([]float64, 2)
	for _, q := range [][]float64{{0, 0}, {0.6, -0.5}, {-0.7, 1.2}} {
		th, b := math.Exp(q[0]), math.Exp(q[1])
		e := math.Exp(-th * b)
		want := 1/th + (1-e)/th + th*math.Sqrt(2*math.Pi) + 1.0/3
		dI2 := (th*b*e - (1 - e)) / (th * th)
		dwant := []float64{-1/th + th*dI2 + th*math.Sqrt(2*math.Pi), b * e}
		lp := k.LogDensityGrad(grad, q)
		if math.Abs(lp-want) > 1e-7*math.Abs(want) {
			t.Errorf("q = %v: lp = %.16g, want %.16g", q, lp, want)
		}
		for i := range grad {
			if math.Abs(grad[i]-dwant[i]) > 1e-7*math.Max(1, math.Abs(dwant[i])) {
				t.Errorf("q = %v: d lp/d q[%d] = %.16g, want %.16g", q, i, grad[i], dwant[i])
			}
			fd := centralFD(func(x []float64) float64 { return k.LogDensityGrad(scratch, x) }, q, i)
			if math.Abs(grad[i]-fd) > 1e-6*math.Max(1, math.Abs(fd)) {
				t.Errorf("q = %v: d lp/d q[%d] = %.16g, finite difference %.16g", q, i, grad[i], fd)
			}
		}
	}
}
