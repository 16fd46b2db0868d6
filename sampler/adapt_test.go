package sampler

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// TestWindows checks the metric-adaptation schedule against Stan's: for the
// default 1000 warmup iterations the windows end at 99, 149, 249, 449, 949
// (Stan Reference Manual, "Adaptation": 75 + 25 + 50 + 100 + 200 + 500 + 50);
// the others follow windowed_adaptation.hpp's arithmetic by hand, for
// Stan's initial buffer of 75 and bayes's of 25 (Config.ShortInitBuffer).
func TestWindows(t *testing.T) {
	tests := []struct {
		warmup     int
		short      bool // ShortInitBuffer
		ends       []int
		firstAdded int // first iteration whose draw feeds the estimator, -1 for none
	}{
		{1000, false, []int{99, 149, 249, 449, 949}, 75},
		{2000, false, []int{99, 149, 249, 449, 849, 1949}, 75},
		{500, false, []int{99, 149, 249, 449}, 75},
		{150, false, []int{99}, 75},  // exactly 75+25+50
		{149, false, []int{134}, 22}, // 15%/75%/10%: 22 + 113 + 14
		{100, false, []int{89}, 15},  // 15 + 75 + 10
		{20, false, []int{17}, 3},    // 3 + 15 + 2
		{19, false, nil, -1},         // < 20: step size only
		{1, false, nil, -1},
		{1000, true, []int{49, 99, 199, 399, 949}, 25}, // 25 + 25 + 50 + 100 + 200 + 550 + 50
		{500, true, []int{49, 99, 199, 449}, 25},       // the last window stretched: 400 + 2*200 > 450
		{100, true, []int{49}, 25},                     // exactly 25+25+50
		{99, true, []int{89}, 14},                      // 15%/75%/10%: 14 + 76 + 9
		{19, true, nil, -1},
	}
	for _, tc := range tests {
		cfg := Config{Warmup: tc.warmup, ShortInitBuffer: tc.short}
		w := cfg.windows()
		var ends []int
		first := -1
		for it := range tc.warmup {
			add, end := w.advance()
			if add && first < 0 {
				first = it
			}
			if end {
				ends = append(ends, it)
			}
		}
		if !slices.Equal(ends, tc.ends) || first != tc.firstAdded {
			t.Errorf("warmup %d, short initial buffer %v: windows end at %v, first draw added at %d; want %v and %d",
				tc.warmup, tc.short, ends, first, tc.ends, tc.firstAdded)
		}
	}
}

// TestDualAveraging drives dual averaging with an acceptance statistic that
// falls with the step size, a(eps) = exp(-eps); the averaged step size must
// settle where a = delta, eps = -log(0.8) = 0.2231 (Hoffman & Gelman 2014,
// section 3.2.1: x_bar converges to the root of the expected statistic).
func TestDualAveraging(t *testing.T) {
	da := dualAveraging{mu: math.Log(10), delta: 0.8}
	eps := 1.0
	for range 5000 {
		eps = da.learn(math.Exp(-eps))
	}
	if got, want := da.final(), -math.Log(0.8); math.Abs(got-want) > 0.01*want {
		t.Errorf("final step size %.4f, want %.4f", got, want)
	}
	da.restart()
	if da.counter != 0 || da.sBar != 0 || da.xBar != 0 || da.final() != 1 {
		t.Errorf("restart left %+v", da)
	}
	// accept_stat__ above 1 cannot occur in NUTS but is clipped as in Stan.
	a, b := dualAveraging{mu: 0, delta: 0.8}, dualAveraging{mu: 0, delta: 0.8}
	if a.learn(1) != b.learn(7) {
		t.Error("acceptance statistic above 1 not clipped to 1")
	}
}

// TestInitStepsize checks Stan's step-size search: order 1 on a standard
// normal, the chain's state untouched, and Stan's two failures: a flat
// density accepts every step size (improper), and a density that fails at
// every evaluation after the initial one accepts none.
func TestInitStepsize(t *testing.T) {
	s := newTestNUTS(t, gaussKernel{unitScales(1)}, Unit)
	before := append([]float64(nil), s.cur.q...)
	lp := s.cur.logp
	if err := s.initStepsize(); err != nil {
		t.Fatal(err)
	}
	if !(s.stepsize > 0.1 && s.stepsize < 10) {
		t.Errorf("step size %v for a standard normal; want order 1", s.stepsize)
	}
	if !slices.Equal(before, s.cur.q) || lp != s.cur.logp {
		t.Error("initStepsize moved the chain")
	}

	// A flat density accepts every step: the search must give up.
	flat := newTestNUTS(t, flatKernel{}, Unit)
	if err := flat.initStepsize(); err != ErrImproperPosterior {
		t.Errorf("flat density: %v, want ErrImproperPosterior", err)
	}
	broken := newTestNUTS(t, &failAfterFirst{}, Unit)
	if err := broken.initStepsize(); err != ErrNoStepsize {
		t.Errorf("density failing after initialisation: %v, want ErrNoStepsize", err)
	}
}

// failAfterFirst is a standard normal on its first evaluation and -Inf on
// every later one (a model that starts failing, say, numerically).
type failAfterFirst struct{ calls int }

func (*failAfterFirst) Dim() int { return 1 }
func (k *failAfterFirst) LogDensityGrad(grad, q []float64) float64 {
	k.calls++
	grad[0] = -q[0]
	if k.calls > 1 {
		return math.Inf(-1)
	}
	return -0.5 * q[0] * q[0]
}

// flatKernel is an improper flat density on R.
type flatKernel struct{}

func (flatKernel) Dim() int                                 { return 1 }
func (flatKernel) LogDensityGrad(grad, q []float64) float64 { grad[0] = 0; return 0 }

func TestWarnings(t *testing.T) {
	tests := []struct {
		warmup int
		metric Metric
		want   string // substring; "" for no warning
	}{
		{1000, Diag, ""},
		{150, Diag, ""},
		{100, Diag, "init_buffer = 15, adapt_window = 75, term_buffer = 10"},
		{100, Dense, "15%/75%/10%"},
		{19, Diag, "no variance estimation is performed for warmup < 20"},
		{19, Dense, "no covariance estimation"},
		{19, Unit, ""},
		{0, Diag, ""},
	}
	for _, tc := range tests {
		c := DefaultConfig()
		c.Warmup, c.Metric = tc.warmup, tc.metric
		got := c.Warnings()
		switch {
		case tc.want == "" && len(got) != 0:
			t.Errorf("warmup %d %v: unexpected warnings %q", tc.warmup, tc.metric, got)
		case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
			t.Errorf("warmup %d %v: warnings %q, want one containing %q", tc.warmup, tc.metric, got, tc.want)
		}
	}
}

// TestMetricWindows: MetricWindows, the schedule package cnuts's C sampler
// runs, says for every warmup iteration what advance says (its draw feeds
// the estimate iff start <= it < stop; a window ends after it iff it is in
// ends), for every warmup length 0 .. 2500: the special cases < 20 (no
// window) and < 150 (one shrunk window) among them. Ends fit the C's
// fixed array (cnuts's 32) up to its cap of 2^30 warmup iterations.
func TestMetricWindows(t *testing.T) {
	for _, short := range []bool{false, true} {
		for n := range 2501 {
			cfg := Config{Warmup: n, ShortInitBuffer: short}
			start, stop, ends := cfg.MetricWindows()
			w := cfg.windows()
			k := 0
			for it := range n {
				add, end := w.advance()
				if gotAdd := it >= start && it < stop; gotAdd != add {
					t.Fatalf("warmup %d (short %v), iteration %d: MetricWindows says add = %v (start %d, stop %d), advance %v", n, short, it, gotAdd, start, stop, add)
				}
				gotEnd := k < len(ends) && ends[k] == it
				if gotEnd != end {
					t.Fatalf("warmup %d (short %v), iteration %d: MetricWindows says end = %v (ends %v), advance %v", n, short, it, gotEnd, ends, end)
				}
				if gotEnd {
					k++
				}
			}
			if k != len(ends) {
				t.Fatalf("warmup %d (short %v): ends %v has %d past the last iteration", n, short, ends, len(ends)-k)
			}
			switch {
			case n < MinWarmupForMetric && (start != 0 || stop != 0 || len(ends) != 0):
				t.Errorf("warmup %d: start %d, stop %d, ends %v: want no window", n, start, stop, ends)
			case n >= MinWarmupForMetric && n < cfg.InitBuffer()+AdaptWindow+AdaptTermBuffer && (len(ends) != 1 || ends[0] != stop-1):
				t.Errorf("warmup %d (short %v): ends %v: want the one shrunk window ending at %d", n, short, ends, stop-1)
			}
		}
		cfg := Config{Warmup: 1 << 30, ShortInitBuffer: short}
		if _, _, ends := cfg.MetricWindows(); len(ends) > 32 {
			t.Errorf("2^30 warmup iterations (short %v): %d windows, more than cnuts's 32", short, len(ends))
		}
	}
}
