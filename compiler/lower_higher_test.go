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
// written without them, at random points, to rounding (the partial sums
// are one sum here; map_rect's jobs add in another order than the plain
// model's statements).
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
