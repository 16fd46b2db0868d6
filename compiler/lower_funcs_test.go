package compiler

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/dists"
)

func funcsTestdata(name string) string { return filepath.Join("testdata", "funcs", name) }

// sameDensity evaluates two models at the same random points and requires
// the same log density and gradient, bit for bit.
func sameDensity(t *testing.T, a, b *Model, points int) {
	t.Helper()
	if a.Dim() != b.Dim() {
		t.Fatalf("dimensions %d and %d", a.Dim(), b.Dim())
	}
	ka, kb := a.NewKernel(), b.NewKernel()
	ga, gb := make([]float64, a.Dim()), make([]float64, b.Dim())
	rng := rand.New(rand.NewPCG(3, 5))
	for range points {
		q := randomPoint(rng, a.Dim())
		la, lb := ka.LogDensityGrad(ga, q), kb.LogDensityGrad(gb, q)
		if math.Float64bits(la) != math.Float64bits(lb) {
			t.Errorf("q %v: lp %.17g, reference %.17g", q, la, lb)
		}
		for i := range ga {
			if math.Float64bits(ga[i]) != math.Float64bits(gb[i]) {
				t.Errorf("q %v: d lp/d q[%d] %.17g, reference %.17g", q, i, ga[i], gb[i])
			}
		}
	}
}

// coalD is the data of changepoint.bym: the annual counts of UK coal-mining
// disasters, 1851-1962 (Jarrett 1979), the data of the Stan User's Guide's
// change-point example; r_e = r_l = 1/mean(D).
var coalD = []float64{4, 5, 4, 1, 0, 4, 3, 4, 0, 6, 3, 3, 4, 0, 2, 6, 3, 3, 5, 4, 5, 3, 1, 4, 4, 1, 5, 5, 3, 4, 2, 5, 2, 2, 3, 4, 2, 1, 3, 2, 2, 1, 1, 1, 1, 3, 0, 0, 1, 0, 1, 1, 0, 0, 3, 1, 0, 3, 2, 2, 0, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 2, 1, 0, 0, 0, 1, 1, 0, 2, 3, 3, 1, 1, 2, 1, 1, 1, 1, 2, 4, 2, 0, 0, 0, 1, 4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1}

// TestChangePointFunction: the User's Guide's change-point model with its
// marginalisation in a user function has the log density and gradient of
// the guide's own program, bit for bit, and both match the marginal
// density written out here: the exponential priors without their
// constant log r, the log Jacobians of e and l, and
// log_sum_exp_s(-log T + sum_t poisson_lpmf(D[t] | t < s ? e : l)).
func TestChangePointFunction(t *testing.T) {
	fn := compileFiles(t, funcsTestdata("changepoint_fn.bym"), funcsTestdata("coal.json"))
	ref := compileFiles(t, funcsTestdata("changepoint.bym"), funcsTestdata("coal.json"))
	sameDensity(t, fn, ref, 5)

	T := len(coalD)
	r := float64(T) / 191 // 1/mean(D)
	marginal := func(q []float64) float64 {
		e, l := math.Exp(q[0]), math.Exp(q[1])
		lp := -r*e - r*l + q[0] + q[1]
		terms := make([]float64, T)
		for s := 1; s <= T; s++ {
			terms[s-1] = -math.Log(float64(T))
			for i, d := range coalD {
				rate := l
				if i+1 < s {
					rate = e
				}
				lg, _ := math.Lgamma(d + 1)
				terms[s-1] += d*math.Log(rate) - rate - lg
			}
		}
		return lp + library.LogSumExp(terms)
	}
	k := fn.NewKernel()
	g := make([]float64, 2)
	for _, q := range [][]float64{{1.2, -0.1}, {0.9, 0.3}, {-0.5, 1.1}} {
		lp, want := k.LogDensityGrad(g, q), marginal(q)
		if math.Abs(lp-want) > 1e-12*math.Abs(want) {
			t.Errorf("q %v: lp %.15g, marginal %.15g", q, lp, want)
		}
		for i := range q {
			if fd := centralFD(marginal, q, i); math.Abs(g[i]-fd) > 1e-6*math.Max(1, math.Abs(fd)) {
				t.Errorf("q %v: d lp/d q[%d] %v, finite difference %v", q, i, g[i], fd)
			}
		}
	}
}

// TestUserDensityTilde: a user density with ~ (whole, and per element in
// a loop that stays vectorised) and with | (NAME_lpdf keeping the
// constants of the _lupdf calls in its body, NAME_lupdf dropping them)
// gives the log density of the same model written with the built-in
// normal, bit for bit.
func TestUserDensityTilde(t *testing.T) {
	fn := compileFiles(t, funcsTestdata("user_lpdf.bym"), funcsTestdata("regression.json"))
	ref := compileFiles(t, funcsTestdata("user_lpdf_ref.bym"), funcsTestdata("regression.json"))
	sameDensity(t, fn, ref, 5)
	n := 0
	for _, nd := range fn.Program.G.Nodes {
		if nd.Op == ir.LibraryOp(dists.NormalLpdf) {
			n++
		}
	}
	if m := len(fn.Program.G.Nodes); m != len(ref.Program.G.Nodes) || n > 8 {
		t.Errorf("%d nodes (%d normal_lpdf), the reference %d: the loop over y[n] was unrolled", m, n, len(ref.Program.G.Nodes))
	}
}

// TestRecursionInlined checks recursion.bym by value: 5! = 120, the
// recursive sum of x (regression.json) 3.8, mu cubed by a recursion on
// its int argument, the first x above 1.2 (x[2]); its log density is
// normal(mu | 0, 120) less its -log(2 pi)/2 (an _lp function's ~ keeps
// -log(120): 120 is a transformed parameter, an autodiff value in Stan),
// -(mu - 3.8)^2 / 2, -|mu| (a return under an if on mu) and 0.01 mu^3.
func TestRecursionInlined(t *testing.T) {
	m := compileFiles(t, funcsTestdata("recursion.bym"), funcsTestdata("regression.json"))
	ref := func(q []float64) float64 {
		mu := q[0]
		return -0.5*(mu/120)*(mu/120) - math.Log(120) - 0.5*(mu-3.8)*(mu-3.8) - math.Abs(mu) + 0.01*mu*mu*mu
	}
	k := m.NewKernel()
	g := make([]float64, 1)
	out := make([]float64, len(m.OutputNames()))
	for _, mu := range []float64{-1.7, -0.3, 0.4, 2.5} {
		q := []float64{mu}
		lp := k.LogDensityGrad(g, q)
		if want := ref(q); math.Abs(lp-want) > 1e-12*math.Max(1, math.Abs(want)) {
			t.Errorf("mu %v: lp %.15g, want %.15g", mu, lp, want)
		}
		if fd := centralFD(ref, q, 0); math.Abs(g[0]-fd) > 1e-7*math.Max(1, math.Abs(fd)) {
			t.Errorf("mu %v: gradient %v, want %v", mu, g[0], fd)
		}
		k.Constrain(out, q)
		want := map[string]float64{"mu": mu, "f5": 120, "sx": 3.8, "cube": mu * mu * mu, "k": 2}
		for i, name := range m.OutputNames() {
			if w, ok := want[name]; ok && math.Abs(out[i]-w) > 1e-12*math.Max(1, math.Abs(w)) {
				t.Errorf("mu %v: %s = %v, want %v", mu, name, out[i], w)
			}
		}
	}
}

// TestUserFunctionLowerErrors checks the messages of functions that cannot
// be inlined: a recursion that never ends, and a return in only one
// branch of an if on a parameter.
func TestUserFunctionLowerErrors(t *testing.T) {
	for _, model := range []string{"recursion_no_end.bym", "return_one_branch.bym"} {
		t.Run(model, func(t *testing.T) {
			p, err := lang.LoadModel(funcsTestdata(model))
			if err != nil {
				t.Fatal(err)
			}
			_, err = CompileModel(p, (*data.Data)(nil))
			if err == nil {
				t.Fatal("compiled; want an error")
			}
			if !IsCompileError(err) {
				t.Errorf("error %v is not a positioned model error", err)
			}
			lowerGolden(t, funcsTestdata(model[:len(model)-4]+".golden"), err.Error()+"\n")
		})
	}
}

// TestCorpusFunctionsGradients compiles the posteriors of the corpus
// (../shared/corpus/posteriordb) whose functions block bayes now compiles,
// as posteriordb has them, and checks their gradients against finite
// differences at random points (the first 12 coordinates of each).
func TestCorpusFunctionsGradients(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus", "posteriordb")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("the corpus is absent (%v): it lives in the shared folder beside the checkout", err)
	}
	for _, name := range []string{"butterfly-multi_occupancy", "fims_Aus_Jpn_irt-2pl_latent_reg_irt",
		"hmm_gaussian_simulated-hmm_gaussian", "loss_curves-losscurve_sislob", "rstan_downloads-prophet"} {
		t.Run(name, func(t *testing.T) {
			m := compileFiles(t, filepath.Join(dir, name, "model.stan"), filepath.Join(dir, name, "data.json"))
			k := m.NewKernel()
			rng := rand.New(rand.NewPCG(2, uint64(len(name))))
			grad := make([]float64, k.Dim())
			scratch := make([]float64, k.Dim())
			f := func(q []float64) float64 { return k.LogDensityGrad(scratch, q) }
			q := randomPoint(rng, k.Dim())
			lp := k.LogDensityGrad(grad, q)
			if math.IsNaN(lp) || math.IsInf(lp, 0) {
				t.Fatalf("lp %v", lp)
			}
			for i := range min(len(q), 12) {
				fd := centralFD(f, q, i)
				if tol := 1e-6*math.Max(1, math.Abs(fd)) + 1e-11*math.Abs(lp); math.Abs(grad[i]-fd) > tol {
					t.Errorf("d lp/d q[%d] = %.12g, finite difference %.12g", i, grad[i], fd)
				}
			}
		})
	}
}
