package compiler

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/library/dists"
)

// posteriordbDir is /work/shared/posteriordb seen from the package: the
// shared folder sits beside the repository root.
func posteriordbDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "posteriordb")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("posteriordb models not available (%v): the shared folder is absent", err)
	}
	return dir
}

// loadPosterior compiles one posteriordb model with its data.
func loadPosterior(t *testing.T, name string) *Model {
	t.Helper()
	dir := filepath.Join(posteriordbDir(t), name)
	return compileFiles(t, filepath.Join(dir, "model.bym"), filepath.Join(dir, "data.json"))
}

func compileFiles(t testing.TB, model, dataFile string) *Model {
	t.Helper()
	p, err := lang.LoadModel(model)
	if err != nil {
		t.Fatalf("%s: %v", model, err)
	}
	var d *data.Data
	if dataFile != "" {
		if d, err = data.ReadFile(p, dataFile); err != nil {
			t.Fatalf("%s: %v", dataFile, err)
		}
	}
	m, err := CompileModel(p, d)
	if err != nil {
		t.Fatalf("%s: %v", model, err)
	}
	return m
}

// centralFD is the Richardson-extrapolated central difference of f along
// coordinate i (truncation error O(h⁴)).
func centralFD(f func([]float64) float64, q []float64, i int) float64 {
	x := append([]float64(nil), q...)
	h := 1e-3 * math.Max(1, math.Abs(q[i]))
	d := func(h float64) float64 {
		x[i] = q[i] + h
		fp := f(x)
		x[i] = q[i] - h
		fm := f(x)
		x[i] = q[i]
		return (fp - fm) / (2 * h)
	}
	return (4*d(h/2) - d(h)) / 3
}

func randomPoint(rng *rand.Rand, n int) []float64 {
	q := make([]float64, n)
	for i := range q {
		q[i] = 2*rng.Float64() - 1
	}
	return q
}

// TestPosteriorGradientsFiniteDifference compiles every posteriordb model
// with its data and checks, at 3 random points, that the log density is
// finite and its gradient agrees with central finite differences of the
// compiled log density.
func TestPosteriorGradientsFiniteDifference(t *testing.T) {
	models, _ := filepath.Glob(filepath.Join(posteriordbDir(t), "*", "model.bym"))
	if len(models) != 19 {
		t.Errorf("found %d posteriordb models, want 19", len(models))
	}
	for _, path := range models {
		name := filepath.Base(filepath.Dir(path))
		t.Run(name, func(t *testing.T) {
			m := loadPosterior(t, name)
			if err := ir.Check(m.Program); err != nil {
				t.Errorf("the optimised program breaks an IR invariant: %v", err)
			}
			k := m.NewKernel()
			rng := rand.New(rand.NewPCG(1, uint64(len(name))))
			grad := make([]float64, k.Dim())
			scratch := make([]float64, k.Dim())
			f := func(q []float64) float64 { return k.LogDensityGrad(scratch, q) }
			for point := 0; point < 3; point++ {
				q := randomPoint(rng, k.Dim())
				lp := k.LogDensityGrad(grad, q)
				if math.IsNaN(lp) || math.IsInf(lp, 0) {
					t.Fatalf("lp at %v is %v", q, lp)
				}
				g := append([]float64(nil), grad...)
				for i := range q {
					fd := centralFD(f, q, i)
					// the difference quotient carries rounding of order eps |lp| / h
					tol := 1e-6*math.Max(1, math.Abs(fd)) + 1e-11*math.Abs(lp)
					if math.Abs(g[i]-fd) > tol {
						t.Errorf("point %d: d lp/d q[%d] = %.12g, finite difference %.12g", point, i, g[i], fd)
					}
				}
			}
		})
	}
}

func lowerTestdata(name string) string { return filepath.Join("testdata", "lower", name) }

// TestVectorisedLoopNodeCount: a loop whose iterations are independent
// lowers to the same IR as the vectorised statement (an elementwise
// density over all observations, a gather for alpha[g[n]], one sum), not
// one node per observation, and computes the same values.
func TestVectorisedLoopNodeCount(t *testing.T) {
	cases := []struct{ loop, vectorised, data string }{
		{"loop.bym", "vectorised.bym", "regression.json"},
		{"loop_gather.bym", "vectorised_gather.bym", "groups.json"},
		{"loop_rows.bym", "vectorised_rows.bym", "rows.json"},
	}
	for _, c := range cases {
		t.Run(c.loop, func(t *testing.T) {
			loop := compileFiles(t, lowerTestdata(c.loop), lowerTestdata(c.data))
			vec := compileFiles(t, lowerTestdata(c.vectorised), lowerTestdata(c.data))
			nl, nv := len(loop.Program.G.Nodes), len(vec.Program.G.Nodes)
			if nl != nv {
				t.Errorf("the loop lowers to %d nodes, the vectorised statement to %d", nl, nv)
			}
			densities := 0
			for _, n := range loop.Program.G.Nodes {
				if n.Op == ir.LibraryOp(dists.NormalLpdf) {
					densities++
				}
			}
			if densities > 2 { // alpha's prior and the likelihood, each one vector node
				t.Errorf("%d normal_lpdf nodes: the loop was unrolled", densities)
			}
			q := randomPoint(rand.New(rand.NewPCG(1, 1)), loop.Dim())
			g1, g2 := make([]float64, len(q)), make([]float64, len(q))
			lp1, lp2 := loop.NewKernel().LogDensityGrad(g1, q), vec.NewKernel().LogDensityGrad(g2, q)
			if lp1 != lp2 || fmt.Sprint(g1) != fmt.Sprint(g2) {
				t.Errorf("loop: lp %v grad %v; vectorised: lp %v grad %v", lp1, g1, lp2, g2)
			}
		})
	}
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// lowerGolden compares got with the golden file path (rewritten with -update).
func lowerGolden(t *testing.T, path string, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("got:\n%s\nwant (%s):\n%s", got, path, want)
	}
}

// TestLowerErrors checks the exact messages of models that cannot compile.
func TestLowerErrors(t *testing.T) {
	cases := []struct {
		model, data string
		unrollLimit int
		without     string // a built-in whose call-table row the case removes
	}{
		{"unroll_limit.bym", "regression.json", 5, ""},
		{"while_parameter.bym", "", 0, ""},
		{"index_range.bym", "regression.json", 0, ""},
		{"unsupported.bym", "", 0, "lbeta"},
	}
	for _, c := range cases {
		t.Run(c.model, func(t *testing.T) {
			p, err := lang.LoadModel(lowerTestdata(c.model))
			if err != nil {
				t.Fatal(err)
			}
			var d *data.Data
			if c.data != "" {
				if d, err = data.ReadFile(p, lowerTestdata(c.data)); err != nil {
					t.Fatal(err)
				}
			}
			if c.without != "" {
				fn := lang.LookupFunc(c.without)
				row := funcTable[fn]
				delete(funcTable, fn)
				defer func() { funcTable[fn] = row }()
			}
			if c.unrollLimit > 0 {
				old := UnrollLimit
				UnrollLimit = c.unrollLimit
				defer func() { UnrollLimit = old }()
			}
			_, err = CompileModel(p, d)
			if err == nil {
				t.Fatal("compiled; want an error")
			}
			if !IsCompileError(err) {
				t.Errorf("error %v is not a positioned model error", err)
			}
			lowerGolden(t, lowerTestdata(c.model[:len(c.model)-4]+".golden"), err.Error()+"\n")
		})
	}
}

// TestIfOnParameterIsSelect: `if (mu > 0)` takes the branch of mu's sign,
// in the value and in the gradient.
func TestIfOnParameterIsSelect(t *testing.T) {
	m := compileFiles(t, lowerTestdata("if_parameter.bym"), "")
	k := m.NewKernel()
	ref := func(mu float64) float64 {
		if mu > 0 { // s = 2 mu, target += -s, mu ~ normal(s, 1)
			return -2*mu - 0.5*mu*mu
		}
		return -0.5 * (2 * mu) * (2 * mu) // s = -mu
	}
	g := make([]float64, 1)
	for _, mu := range []float64{-1.3, -0.2, 0.4, 2.5} {
		lp := k.LogDensityGrad(g, []float64{mu})
		if math.Abs(lp-ref(mu)) > 1e-12 {
			t.Errorf("mu %v: lp %v, want %v", mu, lp, ref(mu))
		}
		fd := centralFD(func(q []float64) float64 { return ref(q[0]) }, []float64{mu}, 0)
		if math.Abs(g[0]-fd) > 1e-8 {
			t.Errorf("mu %v: gradient %v, want %v", mu, g[0], fd)
		}
	}
}

// TestConstrainOutputs checks the output names (CmdStan's order) and values
// of the non-centered eight schools and of an HMM's array of simplexes, and
// that Constrain allocates nothing.
func TestConstrainOutputs(t *testing.T) {
	m := loadPosterior(t, "eight_schools-eight_schools_noncentered")
	names := m.OutputNames()
	if len(names) != 18 || names[0] != "theta_trans[1]" || names[8] != "mu" || names[9] != "tau" || names[10] != "theta[1]" || names[17] != "theta[8]" {
		t.Errorf("names %v", names)
	}
	k := m.NewKernel()
	q := randomPoint(rand.New(rand.NewPCG(3, 4)), k.Dim())
	out := make([]float64, m.NumOutputs())
	k.Constrain(out, q)
	tau := math.Exp(q[9])
	for j := 0; j < 8; j++ {
		if want := q[j]*tau + q[8]; math.Abs(out[10+j]-want) > 1e-14 || out[j] != q[j] {
			t.Errorf("theta[%d] = %v, want %v", j+1, out[10+j], want)
		}
	}
	if out[9] != tau {
		t.Errorf("tau = %v, want %v", out[9], tau)
	}
	if a := testing.AllocsPerRun(10, func() { k.Constrain(out, q) }); a != 0 {
		t.Errorf("Constrain allocates %v times", a)
	}

	h := loadPosterior(t, "hmm_example-hmm_example")
	want := []string{"theta1[1]", "theta1[2]", "theta2[1]", "theta2[2]", "mu[1]", "mu[2]",
		"theta[1,1]", "theta[2,1]", "theta[1,2]", "theta[2,2]"}
	if got := h.OutputNames(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("hmm names %v, want %v", got, want)
	}
	hk := h.NewKernel()
	q = []float64{0.3, -0.4, 0.2, 0.5}
	out = make([]float64, h.NumOutputs())
	hk.Constrain(out, q)
	s1 := 1 / (1 + math.Exp(-q[0])) // simplex[2]: z = inv_logit(u - log 1)
	s2 := 1 / (1 + math.Exp(-q[1]))
	mu1, mu2 := math.Exp(q[2]), math.Exp(q[2])+math.Exp(q[3])
	exp := []float64{s1, 1 - s1, s2, 1 - s2, mu1, mu2, s1, s2, 1 - s1, 1 - s2}
	for i := range exp {
		if math.Abs(out[i]-exp[i]) > 1e-15 {
			t.Errorf("%s = %v, want %v", want[i], out[i], exp[i])
		}
	}
}

// TestRepoEightSchools compiles the repository's eight schools models with
// data/schools.json and compares them with the posteriordb references
// above (the same densities, parameters declared in another order).
func TestRepoEightSchools(t *testing.T) {
	schools := filepath.Join("..", "data", "schools.json")
	cases := []struct {
		model, ref string
	}{
		{"eight_schools.bym", "eight_schools-eight_schools_centered"},
		{"eight_schools_noncentered.bym", "eight_schools-eight_schools_noncentered"},
	}
	for _, c := range cases {
		t.Run(c.model, func(t *testing.T) {
			p, err := lang.LoadModel(filepath.Join("..", "models", c.model))
			if err != nil {
				t.Fatal(err)
			}
			d, err := data.ReadFile(p, schools)
			if err != nil {
				t.Fatal(err)
			}
			m, err := CompileModel(p, d)
			if err != nil {
				t.Fatal(err)
			}
			var ref reference
			for _, r := range references {
				if r.posterior == c.ref {
					ref = r
				}
			}
			// repository order (mu, tau, theta[8]) -> posteriordb order (theta[8], mu, tau)
			f := func(q []float64) float64 {
				return ref.lp(t, d, append(append(append([]float64(nil), q[2:]...), q[0]), q[1]))
			}
			k := m.NewKernel()
			rng := rand.New(rand.NewPCG(9, 10))
			grad := make([]float64, k.Dim())
			for point := 0; point < 3; point++ {
				q := randomPoint(rng, k.Dim())
				got, want := k.LogDensityGrad(grad, q), f(q)
				if math.Abs(got-want) > 1e-10*math.Abs(want) {
					t.Errorf("point %d: lp %.15g, reference %.15g", point, got, want)
				}
				for i := range q {
					if fd := centralFD(f, q, i); math.Abs(grad[i]-fd) > 1e-6*math.Max(1, math.Abs(fd)) {
						t.Errorf("point %d: d lp/d q[%d] = %.12g, reference %.12g", point, i, grad[i], fd)
					}
				}
			}
		})
	}
}

// TestUniformTermsAndStanTypes: a vectorised loop adds a term without a
// per-iteration part once per iteration, and `~` keeps -log(s) for a scale
// held in a model-block local, as Stan does (the local is an autodiff
// variable there, whatever its value).
func TestUniformTermsAndStanTypes(t *testing.T) {
	m := compileFiles(t, lowerTestdata("stan_types.bym"), lowerTestdata("regression.json"))
	y := []float64{1.2, 2.9, 0.1, 4.0, 2.2, -0.8} // regression.json
	ref := func(q []float64) float64 {
		mu := q[0]
		lp := float64(len(y)) * (-0.5*mu*mu - mu)
		for _, v := range y {
			z := (v - mu) / 2
			lp += -0.5*z*z - math.Log(2)
		}
		return lp
	}
	k := m.NewKernel()
	g := make([]float64, 1)
	for _, mu := range []float64{-0.7, 0.4} {
		q := []float64{mu}
		if lp, want := k.LogDensityGrad(g, q), ref(q); math.Abs(lp-want) > 1e-12*math.Abs(want) {
			t.Errorf("mu %v: lp %.15g, want %.15g", mu, lp, want)
		}
		if fd := centralFD(ref, q, 0); math.Abs(g[0]-fd) > 1e-8*math.Max(1, math.Abs(fd)) {
			t.Errorf("mu %v: gradient %v, want %v", mu, g[0], fd)
		}
	}
}

// TestUnconstrainRoundTrip: Unconstrain of Constrain's parameter values
// gives back q, for simplexes and positive_ordered (hmm_example), a bound
// on another parameter (garch's upper=(1 - alpha1)) and the eight schools.
func TestUnconstrainRoundTrip(t *testing.T) {
	for _, name := range []string{"hmm_example-hmm_example", "garch-garch11", "eight_schools-eight_schools_noncentered", "low_dim_gauss_mix-low_dim_gauss_mix"} {
		t.Run(name, func(t *testing.T) {
			m := loadPosterior(t, name)
			k := m.NewKernel()
			q := randomPoint(rand.New(rand.NewPCG(11, 12)), k.Dim())
			out := make([]float64, m.NumOutputs())
			k.Constrain(out, q)
			values := map[string][]float64{}
			pos := 0
			for _, o := range m.Outputs {
				if o.Block == lang.BlockParameters { // 1-D here: CmdStan order is row-major
					values[o.Name] = out[pos : pos+len(o.Elems)]
				}
				pos += len(o.Elems)
			}
			back := make([]float64, len(q))
			if err := m.Unconstrain(back, values); err != nil {
				t.Fatal(err)
			}
			for i := range q {
				if math.Abs(back[i]-q[i]) > 1e-10 {
					t.Errorf("q[%d] = %v, round trip %v", i, q[i], back[i])
				}
			}
		})
	}
}

// TestBreakContinue: break and continue on data-resolved conditions.
func TestBreakContinue(t *testing.T) {
	m := compileFiles(t, lowerTestdata("break.bym"), "")
	g := make([]float64, 1)
	mu := 0.7
	lp := m.NewKernel().LogDensityGrad(g, []float64{mu})
	want := -0.5*(mu-1)*(mu-1) - 0.5*(mu-3)*(mu-3)
	if math.Abs(lp-want) > 1e-14 || math.Abs(g[0]-(-(mu-1)-(mu-3))) > 1e-14 {
		t.Errorf("lp %v grad %v, want %v and %v", lp, g[0], want, -(mu-1)-(mu-3))
	}
}

// TestUnconstrainErrors: a value outside its constraint or of the wrong
// size is refused with the parameter's name.
func TestUnconstrainErrors(t *testing.T) {
	m := loadPosterior(t, "garch-garch11")
	q := make([]float64, m.Dim())
	ok := map[string][]float64{"mu": {0.1}, "alpha0": {0.2}, "alpha1": {0.3}, "beta1": {0.5}}
	if err := m.Unconstrain(q, ok); err != nil {
		t.Fatalf("valid values: %v", err)
	}
	cases := []struct {
		name string
		vals map[string][]float64
		want string
	}{
		// beta1 < 1 - alpha1 = 0.3 fails
		{"bound on a parameter", map[string][]float64{"mu": {0.1}, "alpha0": {0.2}, "alpha1": {0.7}, "beta1": {0.5}},
			"the value of beta1 (element 1 in row-major order) is outside its constraint"},
		{"missing", map[string][]float64{"mu": {0.1}}, "no value for the parameter alpha0"},
		{"size", map[string][]float64{"mu": {0.1, 0.2}}, "the parameter mu has 1 elements; the value given has 2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := m.Unconstrain(q, c.vals)
			if err == nil || err.Error() != c.want {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
}

// TestLowerIRGolden keeps the IR of small lowered models as goldens: the
// vectorised loop's gather, elementwise density and sum; an unrolled
// carried dependency; an if on a parameter as a select.
func TestLowerIRGolden(t *testing.T) {
	cases := []struct{ model, data string }{
		{"loop_gather.bym", "groups.json"},
		{"unroll_limit.bym", "regression.json"},
		{"if_parameter.bym", ""},
	}
	for _, c := range cases {
		t.Run(c.model, func(t *testing.T) {
			data := ""
			if c.data != "" {
				data = lowerTestdata(c.data)
			}
			m := compileFiles(t, lowerTestdata(c.model), data)
			var sb strings.Builder
			if err := ir.Fprint(&sb, m.Program, ir.EmitIR); err != nil {
				t.Fatal(err)
			}
			lowerGolden(t, lowerTestdata(strings.TrimSuffix(c.model, ".bym")+".ir.golden"), sb.String())
		})
	}
}

// TestIfOnDataInVectorisedLoop: the zero-inflated Poisson's per-observation
// if on y[n] keeps the loop vectorised (two poisson_log_lpmf vector nodes,
// not one per observation) and gives the hand-written density.
func TestIfOnDataInVectorisedLoop(t *testing.T) {
	m := compileFiles(t, lowerTestdata("zero_inflated.bym"), lowerTestdata("counts.json"))
	n := 0
	for _, nd := range m.Program.G.Nodes {
		if nd.Op == ir.LibraryOp(dists.PoissonLog.Lpdf) && nd.Shape.Kind == ir.Vector {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d vector poisson_log_lpmf nodes, want 2 (one per branch)", n)
	}
	y := []float64{0, 0, 1, 3, 0, 2, 0, 5} // counts.json
	ref := func(q []float64) float64 {
		theta, lp := unitT(q[0], 0, 1)
		lambda, lj := lowerT(q[1])
		lp += lj + math.Log(lambda) - lambda // lambda ~ gamma(2, 1), constants dropped
		for _, v := range y {
			pois := v*math.Log(lambda) - lambda - func() float64 { r, _ := math.Lgamma(v + 1); return r }()
			if v == 0 {
				a, b := math.Log(theta), math.Log1p(-theta)+pois
				mx := math.Max(a, b)
				lp += mx + math.Log(math.Exp(a-mx)+math.Exp(b-mx))
			} else {
				lp += math.Log1p(-theta) + pois
			}
		}
		return lp
	}
	k := m.NewKernel()
	g := make([]float64, 2)
	for _, q := range [][]float64{{0.3, -0.2}, {-1.1, 0.8}} {
		lp, want := k.LogDensityGrad(g, q), ref(q)
		if math.Abs(lp-want) > 1e-12*math.Abs(want) {
			t.Errorf("q %v: lp %.15g, want %.15g", q, lp, want)
		}
		for i := range q {
			if fd := centralFD(ref, q, i); math.Abs(g[i]-fd) > 1e-7*math.Max(1, math.Abs(fd)) {
				t.Errorf("q %v: d/dq[%d] %v, want %v", q, i, g[i], fd)
			}
		}
	}
}

// TestTransformedParameterBounds: lp is -Inf where a transformed parameter
// leaves its declared bound, as Stan rejects such a draw, and unchanged
// elsewhere.
func TestTransformedParameterBounds(t *testing.T) {
	m := compileFiles(t, lowerTestdata("tp_bounds.bym"), "")
	k := m.NewKernel()
	g := make([]float64, 1)
	if lp := k.LogDensityGrad(g, []float64{-2}); !math.IsInf(lp, -1) {
		t.Errorf("mu = -2 (s = -1): lp %v, want -Inf", lp)
	}
	if lp := k.LogDensityGrad(g, []float64{0.5}); math.Abs(lp+0.125) > 1e-15 || g[0] != -0.5 {
		t.Errorf("mu = 0.5: lp %v grad %v, want -0.125 and -0.5", lp, g[0])
	}
}

// TestAccumulatorInVectorisedLoop: `ss += e` over a loop sums e over the
// iterations (and a term without a per-iteration part once per iteration)
// without unrolling the loop.
func TestAccumulatorInVectorisedLoop(t *testing.T) {
	m := compileFiles(t, lowerTestdata("accumulate.bym"), lowerTestdata("regression.json"))
	if n := len(m.Program.G.Nodes); n > 60 {
		t.Errorf("%d nodes: the loop was unrolled", n)
	}
	x := []float64{0.5, 1.5, -0.3, 2.2, 1.0, -1.1} // regression.json
	y := []float64{1.2, 2.9, 0.1, 4.0, 2.2, -0.8}
	ref := func(q []float64) float64 {
		mu, sigma := q[0], math.Exp(q[1])
		ss := 0.0
		for i := range y {
			ss += (y[i]-mu-x[i])*(y[i]-mu-x[i]) - 0.1
		}
		return -0.5*ss/(sigma*sigma) - 6*math.Log(sigma) + q[1]
	}
	k := m.NewKernel()
	g := make([]float64, 2)
	for _, q := range [][]float64{{0.3, -0.2}, {-1.1, 0.4}} {
		if lp, want := k.LogDensityGrad(g, q), ref(q); math.Abs(lp-want) > 1e-12*math.Abs(want) {
			t.Errorf("q %v: lp %.15g, want %.15g", q, lp, want)
		}
		for i := range q {
			if fd := centralFD(ref, q, i); math.Abs(g[i]-fd) > 1e-7*math.Max(1, math.Abs(fd)) {
				t.Errorf("q %v: d/dq[%d] %v, want %v", q, i, g[i], fd)
			}
		}
	}
}
