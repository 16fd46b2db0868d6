package cnuts

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/cnuts/cnutstest"
	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/sampler"
)

// The dense metric (dense.h, BAYES_NUTS_DENSE) against the Go sampler's
// Dense: transition by transition, window by window, and whole runs on a
// correlated Gaussian.

func correlatedModel(t *testing.T) *compiler.Model {
	return cnutstest.CompileModel(t, filepath.Join("testdata", "correlated_5.bym"), "")
}

// TestDenseTransitionsMatchGo is TestTransitionsMatchGo with the dense
// metric: the momentum drawn through the Cholesky factor, the kinetic
// energy and p_sharp through the full M^-1, from a dense metric adapted by
// the Go sampler's warmup; the same models and the correlated Gaussian.
func TestDenseTransitionsMatchGo(t *testing.T) {
	checkTransitions(t, sampler.Dense, append(transitionCases[:len(transitionCases):len(transitionCases)],
		transitionCase{"correlated", correlatedModel, false}))
}

// TestDenseWindowMatchesGo: the end of a metric window in C
// (bayes_nuts_window_add per draw, bayes_nuts_window_end) gives the inverse
// metric the Go sampler's adaptation gives from the same draws and the same
// previous metric (sampler.WindowEstimate, its learnMetric), within 1e-12
// relative: for windows of 1 draw (the previous metric kept and shrunk), 2,
// 25 and 500 correlated draws, dense and diagonal.
func TestDenseWindowMatchesGo(t *testing.T) {
	skipWithoutCC(t)
	m := correlatedModel(t)
	const d = 5
	rng := rand.New(rand.NewPCG(1, 2))
	prevDense := make([]float64, d*d)
	for i := range d {
		for j := range d {
			prevDense[i*d+j] = 0.3 * math.Pow(0.5, math.Abs(float64(i-j)))
		}
		prevDense[i*d+i] += 0.2
	}
	prevDiag := []float64{0.5, 1, 2, 4, 8}
	for _, metric := range []sampler.Metric{sampler.Dense, sampler.Diag} {
		ct := buildTransitions(t, m, metric)
		prev := prevDiag
		if metric == sampler.Dense {
			prev = prevDense
		}
		for _, n := range []int{1, 2, 25, 500} {
			draws := make([][]float64, n)
			flat := make([]float64, 0, n*d)
			for k := range draws {
				draws[k] = make([]float64, d)
				x := rng.NormFloat64()
				for i := range d {
					// Correlated, on different scales and off the origin.
					x = 0.9*x + math.Sqrt(1-0.81)*rng.NormFloat64()
					draws[k][i] = 3 + float64(i+1)*x
				}
				flat = append(flat, draws[k]...)
			}
			want, err := sampler.WindowEstimate(metric, draws, prev)
			if err != nil {
				t.Fatal(err)
			}
			got := make([]float64, len(prev))
			if rc := ct.window(&flat[0], int32(n), &prev[0], &got[0]); rc != 0 {
				t.Fatalf("%s, %d draws: bayes_test_window status %d", metric, n, rc)
			}
			if r := relDiff(got, want); !(r <= 1e-12) {
				t.Errorf("%s, %d draws: C's inverse metric differs from Go's by %.3g relative:\nC  %.17g\nGo %.17g", metric, n, r, got, want)
			}
		}
	}
}

// TestDenseCorrelatedGaussian runs 4 chains of 1000 warmup and 1000 kept
// iterations of the 5-dimensional Gaussian with neighbour correlation 0.99
// (testdata/correlated_5.bym: every coordinate has mean 0 and sd 1) on the
// host build with the dense metric, seed 11, and requires each
// coordinate's mean within 4 MCSE of 0 and its mean square within 4 MCSE of
// 1 (MCSE: diagnostics.MCSEMean), an adapted inverse metric whose
// neighbouring correlations are above 0.9 (the window estimate found the
// ridge), and no divergence. Beside it the same run with the diagonal
// metric must take at least twice the leapfrog steps per draw: on this
// ridge (condition number about 4e4) the dense metric takes a few steps, the
// diagonal one hundreds.
func TestDenseCorrelatedGaussian(t *testing.T) {
	m := correlatedModel(t)
	run := func(metric sampler.Metric) *ChainResult {
		hc := buildChainsWith(t, m, ChainOptions{Metric: metric})
		cfg := DefaultChainConfig()
		cfg.Seed, cfg.Warmup, cfg.Samples, cfg.Metric = 11, 1000, 1000, metric
		r, err := hc.Run(4, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	dense := run(sampler.Dense)
	checkUnitMoments(t, dense, m.OutputNames())
	const d = 5
	if dense.MetricLen != d*d {
		t.Fatalf("dense run: inverse metric of %d entries, want %d", dense.MetricLen, d*d)
	}
	for c := range dense.Chains {
		inv := dense.InvMetric[c*d*d : (c+1)*d*d]
		for i := 1; i < d; i++ {
			if r := inv[i*d+i-1] / math.Sqrt(inv[i*d+i]*inv[(i-1)*d+i-1]); !(r > 0.9) {
				t.Errorf("chain %d: adapted correlation of x[%d] and x[%d] %.3f, want above 0.9 (the posterior's 0.99)", c+1, i, i+1, r)
			}
		}
	}
	if div := cnutstest.PoolMean(dense.StatColumn(StatDivergent)); div != 0 {
		t.Errorf("dense: %.3f%% divergent transitions on a Gaussian, want none", 100*div)
	}
	diag := run(sampler.Diag)
	ld, lg := cnutstest.PoolMean(dense.StatColumn(StatNLeapfrog)), cnutstest.PoolMean(diag.StatColumn(StatNLeapfrog))
	t.Logf("leapfrog steps per draw: dense %.1f, diag %.1f; gradients in all: dense %d, diag %d", ld, lg, dense.Gradients, diag.Gradients)
	if !(2*ld <= lg) {
		t.Errorf("dense metric: %.1f leapfrog steps per draw, diagonal %.1f: want at most half", ld, lg)
	}
}

// TestDenseRefusals: what a dense source cannot run is refused with one
// message: a model past DenseMaxDim, a metric other than Diag or Dense, a
// run whose metric is not the source's.
func TestDenseRefusals(t *testing.T) {
	if _, err := NewChainSource(cnutstest.Logistic(t, 10, DenseMaxDim+1), ChainOptions{Metric: sampler.Dense}); err == nil ||
		!strings.Contains(err.Error(), "dense metric takes at most 128 parameters") {
		t.Errorf("dense source of %d parameters: error %v, want the cap's", DenseMaxDim+1, err)
	}
	for _, metric := range []sampler.Metric{sampler.Unit, sampler.LowRank} {
		if _, err := NewChainSource(stdNormalModel(t), ChainOptions{Metric: metric}); err == nil || !strings.Contains(err.Error(), "diagonal or a dense metric") {
			t.Errorf("%s source: error %v, want a refusal naming diag_e and dense_e", metric, err)
		}
	}
	hc := buildChainsWith(t, stdNormalModel(t), ChainOptions{Metric: sampler.Dense})
	cfg := DefaultChainConfig()
	if _, err := hc.Run(1, cfg); err == nil || !strings.Contains(err.Error(), "built for dense_e") {
		t.Errorf("a diag_e run on a dense source: error %v, want the metric mismatch", err)
	}
}

// TestDenseDataRegimeOnHost is TestDataRegimeOnHost with the dense metric:
// the data regime's threads each hold the dense state and must make the
// chains regime's posterior within Monte Carlo error.
func TestDenseDataRegimeOnHost(t *testing.T) {
	skipWithoutCC(t)
	m := cnutstest.Logistic(t, 400, 3)
	cfg := DefaultChainConfig()
	cfg.Seed, cfg.Warmup, cfg.Samples, cfg.Metric = 9, 300, 500, sampler.Dense
	var runs [2]*ChainResult
	for i, regime := range []Regime{RegimeChains, RegimeData} {
		src, err := NewChainSource(m, ChainOptions{Regime: regime, Metric: sampler.Dense})
		if err != nil {
			t.Fatal(err)
		}
		hc, err := BuildHost(src)
		if err != nil {
			t.Fatal(err)
		}
		defer hc.Close()
		if runs[i], err = hc.Run(4, cfg); err != nil {
			t.Fatalf("%s regime: %v", regime, err)
		}
	}
	cnutstest.SamePosterior(t, m, runs[0], runs[1])
}
