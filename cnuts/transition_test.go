package cnuts

import (
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/bayes-dev/bayes/cnuts/cnutstest"
	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/sampler"
	"github.com/ebitengine/purego"
)

// transitionC is appended to a chain source for TestTransitionsMatchGo: the
// C sampler's transition from a given state, and its Philox stream, made
// callable one step at a time. It sets up the state as bayes_nuts_begin
// and bayes_nuts_adapt do (scale = 1/sqrt(inv_metric), or the dense
// metric's Cholesky factor; the point's log density and gradient), runs
// bayes_nuts_transition and hands back the new q, the statistics (Stat*
// columns) and the stream where it stopped. bayes_test_window runs a
// metric window's end (bayes_nuts_window_add for each draw, then
// bayes_nuts_window_end) from the inverse metric prev.
const transitionC = `
int bayes_test_rng_bytes(void) { return (int)sizeof(bayes_rng); }

void bayes_test_rng_init(bayes_rng *g, unsigned long long seed, unsigned long long stream)
{
	bayes_rng_init(g, seed, stream);
}

double bayes_test_rng_uniform(bayes_rng *g) { return bayes_rng_uniform(g); }

double bayes_test_rng_normal(bayes_rng *g) { return bayes_rng_normal(g); }

/* bayes_test_state is a new state with the inverse metric inv (NULL: not
   positive definite, or no memory). */
static bayes_nuts_state *bayes_test_state(const double *inv)
{
	bayes_nuts_state *s = (bayes_nuts_state *)calloc(1, sizeof(bayes_nuts_state));
	if (s == NULL) return NULL;
	for (int k = 0; k < BAYES_NUTS_METRIC_LEN; k++) s->inv_metric[k] = inv[k];
#ifdef BAYES_NUTS_DENSE
	if (!bayes_dense_cholesky(s->chol, s->inv_metric)) {
		free(s);
		return NULL;
	}
#else
	for (int i = 0; i < BAYES_NUTS_D; i++) s->scale[i] = 1.0 / sqrt(inv[i]);
#endif
	return s;
}

int bayes_test_window(const double *draws, int n, const double *prev, double *out)
{
	bayes_nuts_state *s = bayes_test_state(prev);
	if (s == NULL) return -1;
	for (int k = 0; k < n; k++) {
		for (int i = 0; i < BAYES_NUTS_D; i++) s->cur.q[i] = draws[k * BAYES_NUTS_D + i];
		bayes_nuts_window_add(s);
	}
	int err = bayes_nuts_window_end(s);
	for (int k = 0; k < BAYES_NUTS_METRIC_LEN; k++) out[k] = s->inv_metric[k];
	free(s);
	return err;
}

int bayes_test_transition(bayes_rng *g, const double *q, double stepsize, const double *inv_metric, int max_depth,
	double *q_out, double *stats)
{
	bayes_nuts_state *s = bayes_test_state(inv_metric);
	if (s == NULL) return 1;
	s->rng = *g;
	s->stepsize = stepsize;
	s->max_depth = max_depth;
	for (int i = 0; i < BAYES_NUTS_D; i++) s->cur.q[i] = q[i];
	bayes_nuts_eval(s, &s->cur);
	bayes_nuts_stats st;
	bayes_nuts_transition(s, &st);
	for (int i = 0; i < BAYES_NUTS_D; i++) q_out[i] = s->cur.q[i];
	bayes_nuts_stats_row(stats, &st);
	*g = s->rng;
	free(s);
	return 0;
}
`

// cTransitions is a model's C sampler built with transitionC.
type cTransitions struct {
	hc         *HostChains
	rngWords   int // uint64 words that hold a bayes_rng
	rngInit    func(g *uint64, seed, stream uint64)
	uniform    func(g *uint64) float64
	normal     func(g *uint64) float64
	transition func(g *uint64, q *float64, stepsize float64, inv *float64, maxDepth int32, qOut, stats *float64) int32
	window     func(draws *float64, n int32, prev, out *float64) int32
}

func buildTransitions(t *testing.T, m *compiler.Model, metric sampler.Metric) *cTransitions {
	t.Helper()
	src, err := NewChainSource(m, ChainOptions{Metric: metric})
	if err != nil {
		t.Fatal(err)
	}
	src.Code = append(src.Code, transitionC...)
	hc, err := BuildHost(src)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hc.Close() })
	ct := &cTransitions{hc: hc}
	var bytes func() int32
	purego.RegisterLibFunc(&bytes, hc.h, "bayes_test_rng_bytes")
	purego.RegisterLibFunc(&ct.rngInit, hc.h, "bayes_test_rng_init")
	purego.RegisterLibFunc(&ct.uniform, hc.h, "bayes_test_rng_uniform")
	purego.RegisterLibFunc(&ct.normal, hc.h, "bayes_test_rng_normal")
	purego.RegisterLibFunc(&ct.transition, hc.h, "bayes_test_transition")
	purego.RegisterLibFunc(&ct.window, hc.h, "bayes_test_window")
	ct.rngWords = (int(bytes()) + 7) / 8
	return ct
}

// philox is a bayes_rng stream of the C library as a sampler.Source: the
// Go sampler draws the very numbers the C sampler draws, normals included
// (Box-Muller with glibc's log, sin and cos).
type philox struct {
	ct *cTransitions
	g  []uint64
}

func (p philox) Float64() float64     { return p.ct.uniform(&p.g[0]) }
func (p philox) NormFloat64() float64 { return p.ct.normal(&p.g[0]) }

// adaptedStart runs the Go sampler's warmup on m with the metric and
// returns where its one chain ended, with the adapted step size and
// inverse metric: a state from the typical set and settings a run would
// use.
func adaptedStart(t *testing.T, m *compiler.Model, seed uint64, metric sampler.Metric) (q []float64, stepsize float64, inv []float64) {
	t.Helper()
	cfg := sampler.DefaultConfig()
	cfg.Chains, cfg.Seed, cfg.Warmup, cfg.Samples, cfg.Metric = 1, seed, 300, 0, metric
	sink := sampler.Sink{
		Draw: func(d *sampler.Draw) error { q = append(q[:0], d.Q...); return nil },
		Adapted: func(_ int, a *sampler.Adaptation) error {
			stepsize, inv = a.Stepsize, slices.Clone(a.InvMetric)
			return nil
		},
	}
	if err := sampler.Run(cfg, func(int) sampler.Kernel { return m.NewKernel() }, sink); err != nil {
		t.Fatal(err)
	}
	return q, stepsize, inv
}

// relDiff is max_i |a_i - b_i| / max_i max(|a_i|, |b_i|): the difference of
// two points relative to their size (0 for two zero vectors).
func relDiff(a, b []float64) float64 {
	var num, den float64
	for i := range a {
		num = max(num, math.Abs(a[i]-b[i]))
		den = max(den, math.Abs(a[i]), math.Abs(b[i]))
	}
	if num == 0 {
		return 0
	}
	return num / den
}

// TestTransitionsMatchGo holds the C sampler of nuts.h (built with
// cc as --device c builds it) to the Go sampler one transition at a time:
// from the same point, step size, diagonal inverse metric and max_depth,
// fed the same Philox stream, both must make the same tree (treedepth__,
// n_leapfrog__, divergent__), draw the same number of random numbers, and
// land on the same point within 1e-10 relative (relDiff). The next
// transition starts from the Go sampler's point and stream. Whole chains
// would drift apart (glibc's exp and log and Go's differ in the last bit,
// and so do the emitted C model and the Go kernel), one transition must
// not.
//
// Each model makes 1000 transitions from the end of a Go warmup, with the
// adapted step size times 1, 2.5 or 0.5 (in turn) and max_depth 10, or 3
// every fourth transition, so that divergences, long trees and trees cut
// at the limit all occur.
func TestTransitionsMatchGo(t *testing.T) {
	checkTransitions(t, sampler.Diag, transitionCases)
}

// transitionCase is a model whose transitions checkTransitions compares.
type transitionCase struct {
	name string
	m    func(t *testing.T) *compiler.Model
	// wantDivergent: the case must meet divergences (the centered eight
	// schools' funnel), or the divergent__ check checks nothing.
	wantDivergent bool
}

var transitionCases = []transitionCase{
	{"eight schools", func(t *testing.T) *compiler.Model {
		return cnutstest.CompileModel(t, filepath.Join("..", "models", "eight_schools.bym"), filepath.Join("..", "data", "schools.json"))
	}, true},
	{"logistic regression", func(t *testing.T) *compiler.Model { return cnutstest.Logistic(t, 100, 3) }, false},
	{"constrained", func(t *testing.T) *compiler.Model {
		return cnutstest.CompileModel(t, filepath.Join("testdata", "constrained.bym"), filepath.Join("testdata", "constrained.json"))
	}, false},
}

// checkTransitions is TestTransitionsMatchGo for the metric (Diag or
// Dense; the source is built for it, the Go sampler's warmup adapts it).
func checkTransitions(t *testing.T, metric sampler.Metric, cases []transitionCase) {
	const (
		transitions = 1000
		tol         = 1e-10
	)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			skipWithoutCC(t)
			m := c.m(t)
			ct := buildTransitions(t, m, metric)
			k := m.NewKernel()
			q, eps0, inv := adaptedStart(t, m, 2026, metric)
			d := len(q)
			g := make([]uint64, ct.rngWords)
			ct.rngInit(&g[0], 2026, 0)
			cg := make([]uint64, ct.rngWords)
			qC, statsC := make([]float64, d), make([]float64, NumStats)
			var worst float64
			var divergent, atLimit, leapfrogs int
			for i := range transitions {
				eps := eps0 * []float64{1, 2.5, 0.5}[i%3]
				depth := 10
				if i%4 == 3 {
					depth = 3
				}
				copy(cg, g)
				if rc := ct.transition(&cg[0], &q[0], eps, &inv[0], int32(depth), &qC[0], &statsC[0]); rc != 0 {
					t.Fatalf("transition %d: the C transition could not set up its state (no memory, or a dense metric not positive definite)", i)
				}
				qGo, st, err := sampler.Transition(k, philox{ct, g}, q, eps, inv, depth)
				if err != nil {
					t.Fatal(err)
				}
				at := fmt.Sprintf("transition %d (stepsize %.4g, max_depth %d, from q %.6g)", i, eps, depth, q)
				if got := [3]int{int(statsC[StatTreedepth]), int(statsC[StatNLeapfrog]), int(statsC[StatDivergent])}; got != [3]int{st.Treedepth, st.NLeapfrog, b2i(st.Divergent)} {
					t.Fatalf("%s: C treedepth__, n_leapfrog__, divergent__ = %v, Go %v", at, got, [3]int{st.Treedepth, st.NLeapfrog, b2i(st.Divergent)})
				}
				if !slices.Equal(cg, g) {
					t.Fatalf("%s: the C and Go samplers left the random stream at different places (state %x, %x): they drew different numbers of uniforms or normals", at, cg, g)
				}
				r := relDiff(qC, qGo)
				if !(r <= tol) {
					t.Fatalf("%s: new q differs by %.3g relative (tolerance %g): C %.17g, Go %.17g", at, r, tol, qC, qGo)
				}
				worst = max(worst, r)
				if st.Divergent {
					divergent++
				}
				if st.Treedepth == depth {
					atLimit++
				}
				leapfrogs += st.NLeapfrog
				q = slices.Clone(qGo)
			}
			t.Logf("%d transitions, %d leapfrog steps, %d divergent, %d at max_depth; largest relative difference of q %.3g",
				transitions, leapfrogs, divergent, atLimit, worst)
			if c.wantDivergent && divergent == 0 {
				t.Errorf("no divergent transition: the divergent__ comparison checked nothing")
			}
			if atLimit == 0 {
				t.Errorf("no transition reached max_depth: the limit's cut was not compared")
			}
		})
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func skipWithoutCC(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("cc"); err != nil {
		t.Skipf("no C compiler: cc is not on PATH (%v)", err)
	}
}
