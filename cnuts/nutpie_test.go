package cnuts

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/bayes-dev/bayes/cnuts/cnutstest"
	"github.com/bayes-dev/bayes/sampler"
	"github.com/ebitengine/purego"
)

// nutpieC is appended to a diagonal source for TestNutpieMatchesGo: nutpie's
// adaptation of nutpie.h driven over given warmup iterations, as
// sampler.NutpieMetrics drives the Go one: bayes_nutpie_start at q0 with
// gradient g0, then for each iteration the chain put at draw i (its
// gradient, its place in the trajectory) and bayes_nutpie_learn, the
// inverse metric and the step-size search flag written after each.
const nutpieC = `
int bayes_test_nutpie(const bayes_nuts_config *cfg, const double *q0, const double *g0, int n, const double *draws,
	const double *grads, const int *idx, const int *divergent, double *inv, int *search)
{
	bayes_nuts_state *s = (bayes_nuts_state *)calloc(1, sizeof(bayes_nuts_state));
	if (s == NULL) return 1;
	for (int i = 0; i < BAYES_NUTS_D; i++) s->cur.q[i] = q0[i], s->cur.grad[i] = g0[i];
	bayes_nutpie_start(s);
	for (int k = 0; k < n; k++) {
		for (int i = 0; i < BAYES_NUTS_D; i++) {
			s->cur.q[i] = draws[k * BAYES_NUTS_D + i];
			s->cur.grad[i] = grads[k * BAYES_NUTS_D + i];
		}
		s->cur.idx = idx[k];
		search[k] = bayes_nutpie_learn(s, cfg, divergent[k]);
		for (int i = 0; i < BAYES_NUTS_D; i++) inv[k * BAYES_NUTS_D + i] = s->inv_metric[i];
	}
	free(s);
	return 0;
}
`

// TestNutpieMatchesGo holds nutpie.h's estimator and its execution of the
// schedule to the Go sampler's (sampler.NutpieMetrics) on the same warmup
// iterations: 3 to 1000 iterations of draws whose coordinates have
// scales from 0.01 to 100 and whose gradients are a Gaussian's with noise,
// landing 0 to 8 steps from the trajectory's start (0: the chain did not
// move, a bad draw), 10% of them divergent (bad within 4 steps). After
// every iteration the inverse metrics must agree to 1e-12 relative, and
// the step-size searches must be asked for at the same iterations; the
// cases of 400 and 1000 must meet switches after the early phase and bad
// draws.
func TestNutpieMatchesGo(t *testing.T) {
	skipWithoutCC(t)
	m := cnutstest.CompileModel(t, filepath.Join("..", "models", "eight_schools_noncentered.bym"), filepath.Join("..", "data", "schools.json"))
	src, err := NewChainSource(m, ChainOptions{Metric: sampler.Diag})
	if err != nil {
		t.Fatal(err)
	}
	src.Code = append(src.Code, nutpieC...)
	hc, err := BuildHost(src)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hc.Close() })
	var run func(cfg *CConfig, q0, g0 *float64, n int32, draws, grads *float64, idx, divergent *int32, inv *float64, search *int32) int32
	purego.RegisterLibFunc(&run, hc.h, "bayes_test_nutpie")
	d := src.Dim
	for _, warmup := range []int{3, 17, 40, 150, 400, 1000} {
		rng := rand.New(rand.NewPCG(7, uint64(warmup)))
		scale := make([]float64, d)
		for i := range scale {
			scale[i] = math.Pow(10, -2+4*float64(i)/float64(d-1))
		}
		point := func() ([]float64, []float64) {
			q, g := make([]float64, d), make([]float64, d)
			for i := range q {
				q[i] = scale[i] * rng.NormFloat64()
				g[i] = -q[i]/(scale[i]*scale[i]) + 0.1*rng.NormFloat64()/scale[i]
			}
			return q, g
		}
		q0, g0 := point()
		draws, grads := make([][]float64, warmup), make([][]float64, warmup)
		idx, divergent := make([]int, warmup), make([]bool, warmup)
		flatQ, flatG := make([]float64, 0, warmup*d), make([]float64, 0, warmup*d)
		cIdx, cDiv := make([]int32, warmup), make([]int32, warmup)
		bad := 0
		for k := range warmup {
			draws[k], grads[k] = point()
			idx[k] = rng.IntN(17) - 8
			if rng.IntN(10) == 0 {
				idx[k] = rng.IntN(9) // mostly 0 .. 4 steps: rejected when divergent
				divergent[k] = true
			}
			if idx[k] == 0 || divergent[k] && idx[k] <= 4 {
				bad++
			}
			flatQ, flatG = append(flatQ, draws[k]...), append(flatG, grads[k]...)
			cIdx[k], cDiv[k] = int32(idx[k]), int32(b2i(divergent[k]))
		}
		want, wantSearch, err := sampler.NutpieMetrics(warmup, q0, g0, draws, grads, idx, divergent)
		if err != nil {
			t.Fatal(err)
		}
		cfg := DefaultChainConfig()
		cfg.Warmup, cfg.Adapt = warmup, sampler.AdaptNutpie
		cc := cfg.toC()
		inv, search := make([]float64, warmup*d), make([]int32, warmup)
		if rc := run(&cc, &q0[0], &g0[0], int32(warmup), &flatQ[0], &flatG[0], &cIdx[0], &cDiv[0], &inv[0], &search[0]); rc != 0 {
			t.Fatal("bayes_test_nutpie could not allocate a state")
		}
		var worst float64
		searches := 0
		for k := range warmup {
			got := inv[k*d : (k+1)*d]
			if r := relDiff(got, want[k]); !(r <= 1e-12) {
				t.Fatalf("warmup %d, iteration %d: inverse metric differs by %.3g relative: C %.17g, Go %.17g", warmup, k, r, got, want[k])
			} else {
				worst = max(worst, r)
			}
			if (search[k] != 0) != wantSearch[k] {
				t.Fatalf("warmup %d, iteration %d: C asks for a step-size search %v, Go %v", warmup, k, search[k] != 0, wantSearch[k])
			}
			if wantSearch[k] {
				searches++
			}
		}
		late := cc.nutpieSizes[0] < cc.nutpieFinalStart-cc.nutpieEarlyEnd
		t.Logf("warmup %d: %d bad draws, %d step-size searches, largest relative difference %.3g", warmup, bad, searches, worst)
		if warmup >= 400 && (bad == 0 || searches < 2 || !late) {
			t.Errorf("warmup %d: %d bad draws, %d searches, a window after the early phase %v: the case checks too little", warmup, bad, searches, late)
		}
	}
}

// TestNutpieEightSchools: 8 chains of the non-centered eight schools
// adapted as nutpie does (its 400 warmup iterations), then 2000 kept
// iterations each, agree with posteriordb's reference (checkEightSchools),
// and their adapted inverse metrics are not the unit one nor the same
// across chains: each chain estimated its own.
func TestNutpieEightSchools(t *testing.T) {
	ref := cnutstest.EightSchoolsReference(t)
	m := cnutstest.EightSchools(t)
	hc := buildChains(t, m)
	cfg := DefaultChainConfig()
	cfg.Seed, cfg.Warmup, cfg.Samples, cfg.Adapt = 20261206, sampler.NutpieWarmup, 2000, sampler.AdaptNutpie
	r, err := hc.Run(8, cfg)
	if err != nil {
		t.Fatal(err)
	}
	checkEightSchools(t, r, m.OutputNames(), ref)
	first := r.InvMetric[:r.MetricLen]
	if first[0] == 1 || slices.Equal(first, r.InvMetric[r.MetricLen:2*r.MetricLen]) {
		t.Errorf("chain 1's inverse metric %v, chain 2's %v: want each adapted", first, r.InvMetric[r.MetricLen:2*r.MetricLen])
	}
	t.Logf("%d gradients; chain 1's inverse metric %.3g", r.Gradients, first)
}

// TestNutpieWindowsFit: the longest warmup a device run takes (2^30
// iterations) lists at most MaxNutpieWindows window lengths, so that
// CConfig holds nutpie's schedule of every run check accepts.
func TestNutpieWindowsFit(t *testing.T) {
	if n := len(sampler.NutpieWindows(1 << 30).Sizes); n > MaxNutpieWindows {
		t.Errorf("NutpieWindows(2^30) lists %d window lengths, CConfig holds %d", n, MaxNutpieWindows)
	}
}
