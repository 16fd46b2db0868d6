package sampler

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// switchLog is a gradEstimate that only counts: every draw it is given
// joins the background, and it records the iterations it switched at.
type switchLog struct {
	bg       int
	it       *int
	switches []int
}

func (e *switchLog) start(metric, []float64, []float64) error { e.bg = 1; return nil }
func (e *switchLog) add([]float64, []float64)                 { e.bg++ }
func (e *switchLog) background() int                          { return e.bg }
func (e *switchLog) switchWindows()                           { e.switches = append(e.switches, *e.it); e.bg = 0 }
func (e *switchLog) update(metric, bool, bool) (bool, error)  { return false, nil }

// TestNutpieSchedule checks nutpie's windows against nuts-rs's
// GlobalStrategy::adapt worked by hand (the initial point counts as the
// first draw of both windows). For 400 warmup iterations: the early phase
// is 0..119 (0.3 N) and the final window starts at 340 (N - 0.15 N);
// windows of 10 end at 8, 18, ..., 118; the next is max(80, 1) = 80 long
// and ends at 198; the one after (120 long) would end at 318 but a switch
// needs the window after it (180) to end by 340, so none follows. For
// 1000: early 0..299, final from 850; 8..298, then 378 (80 long) and
// 498 (120); the next, 180 long, would end at 678, but the one after it
// (270) could not end by 850, so it stretches to the final window.
func TestNutpieSchedule(t *testing.T) {
	tens := func(last int) []int {
		var s []int
		for it := 8; it <= last; it += 10 {
			s = append(s, it)
		}
		return s
	}
	tests := []struct {
		warmup   int
		divergeA bool // every transition divergent 3 steps from its start: no good draw
		want     []int
	}{
		{400, false, append(tens(118), 198)},
		{1000, false, append(tens(298), 378, 498)},
		{1000, true, nil},
	}
	for _, tc := range tests {
		s := newTestNUTS(t, gaussKernel{unitScales(2)}, Diag)
		a := newNutpieAdapter(Diag, 2, tc.warmup, 0.8, 1)
		log := &switchLog{it: &a.it}
		a.est = log
		if err := a.start(s); err != nil {
			t.Fatal(err)
		}
		st := Stats{AcceptStat: 0.8, Divergent: tc.divergeA}
		s.cur.idx = 3
		for range tc.warmup {
			log.it = new(int)
			*log.it = a.it
			if err := a.learn(s, &st); err != nil {
				t.Fatal(err)
			}
		}
		if !slices.Equal(log.switches, tc.want) {
			t.Errorf("warmup %d (divergent %v): switches at %v, want %v", tc.warmup, tc.divergeA, log.switches, tc.want)
		}
	}
}

// TestGoodDraw: a draw feeds nutpie's estimate when the transition moved,
// and a divergent one only when it moved more than 4 steps.
func TestGoodDraw(t *testing.T) {
	for _, tc := range []struct {
		idx       int
		divergent bool
		want      bool
	}{{0, false, false}, {1, false, true}, {-1, false, true}, {4, true, false}, {-4, true, false}, {5, true, true}, {-5, true, true}} {
		if got := goodDraw(&point{idx: tc.idx}, &Stats{Divergent: tc.divergent}); got != tc.want {
			t.Errorf("idx %d, divergent %v: good %v, want %v", tc.idx, tc.divergent, got, tc.want)
		}
	}
}

// TestTrajectoryIndex: after a transition cur.idx is the draw's place in
// its trajectory, so a draw that equals the start has index 0 and one
// that moved has the number of steps from it, within the trajectory.
func TestTrajectoryIndex(t *testing.T) {
	s := newTestNUTS(t, gaussKernel{unitScales(3)}, Unit)
	s.stepsize = 0.5
	moved, sawNonzero := 0, false
	for range 200 {
		q0 := slices.Clone(s.cur.q)
		st := s.transition()
		if abs(s.cur.idx) > st.NLeapfrog {
			t.Fatalf("index %d outside a trajectory of %d steps", s.cur.idx, st.NLeapfrog)
		}
		if (s.cur.idx == 0) != slices.Equal(q0, s.cur.q) {
			t.Fatalf("index %d, but the draw %v the start", s.cur.idx, map[bool]string{true: "equals", false: "differs from"}[slices.Equal(q0, s.cur.q)])
		}
		if s.cur.idx != 0 {
			moved++
			sawNonzero = sawNonzero || s.cur.idx < 0
		}
	}
	if moved < 150 || !sawNonzero {
		t.Errorf("%d of 200 draws moved, a backward one: %v", moved, sawNonzero)
	}
}

func abs(i int) int { return max(i, -i) }

// TestDiagGradEstimateLogistic checks nutpie's diagonal,
// sqrt(Var x / Var g), on independent logistic coordinates of scale s,
// where it is known: Var x = s^2 pi^2/3 and g = -tanh(x/(2s))/s with
// tanh(x/(2s)) = 2F(x) - 1 uniform on (-1, 1), so Var g = 1/(3 s^2) and the
// estimate tends to pi s^2 (not the variance, s^2 pi^2/3: the estimate
// matches the log density's curvature, not its spread). 20 000 exact draws;
// the tolerance is 4 standard errors of log(estimate) by the delta method
// on the sample's own moments.
func TestDiagGradEstimateLogistic(t *testing.T) {
	scales := []float64{0.01, 1, 30}
	d, n := len(scales), 20000
	rng := rand.New(rand.NewPCG(7, 1))
	xs, gs := make([][]float64, n), make([][]float64, n)
	for k := range n {
		xs[k], gs[k] = make([]float64, d), make([]float64, d)
		for i, s := range scales {
			u := rng.Float64()
			x := s * math.Log(u/(1-u))
			xs[k][i], gs[k][i] = x, -math.Tanh(x/(2*s))/s
		}
	}
	e := newDiagGradEstimate(d)
	m := newMetric(Diag, d)
	if err := e.start(m, xs[0], gs[0]); err != nil {
		t.Fatal(err)
	}
	for k := 1; k < n; k++ {
		e.add(xs[k], gs[k])
	}
	if ok, err := e.update(m, false, false); !ok || err != nil {
		t.Fatalf("update: %v, %v", ok, err)
	}
	for i, s := range scales {
		got, want := m.inverse()[i], math.Pi*s*s
		se := logRatioSE(xs, gs, i)
		if r := math.Abs(math.Log(got / want)); r > 4*se {
			t.Errorf("scale %g: estimate %.6g, want pi s^2 = %.6g: |log ratio| %.4f > 4 se = %.4f", s, got, want, r, 4*se)
		}
	}
}

// logRatioSE is the delta-method standard error of 0.5 log(Var x / Var g)
// for coordinate i: 0.25 (Var A/A^2 + Var B/B^2 - 2 Cov(A, B)/(A B)) with
// A, B the sample variances.
func logRatioSE(xs, gs [][]float64, i int) float64 {
	n := float64(len(xs))
	var mx, mg float64
	for k := range xs {
		mx += xs[k][i] / n
		mg += gs[k][i] / n
	}
	var a, b, a2, b2, ab float64
	for k := range xs {
		x2, g2 := math.Pow(xs[k][i]-mx, 2), math.Pow(gs[k][i]-mg, 2)
		a, b, a2, b2, ab = a+x2/n, b+g2/n, a2+x2*x2/n, b2+g2*g2/n, ab+x2*g2/n
	}
	v := 0.25 * ((a2-a*a)/(a*a) + (b2-b*b)/(b*b) - 2*(ab-a*b)/(a*b)) / n
	return math.Sqrt(v)
}

// TestNutpieGaussianVariances runs nutpie's warmup on independent normals
// with scales from 0.01 to 100: there g_i = -x_i/s_i^2, so Var g = Var x /
// s^4 over any set of draws and the estimate is the variance s^2 exactly
// (to rounding), where Stan's from the draws alone is off by Monte Carlo
// error (about 10% for 200 draws). The chains then sample the variances
// within 4 MCSE.
func TestNutpieGaussianVariances(t *testing.T) {
	scales := []float64{0.01, 1, 100, 3}
	cfg := testConfig(2, 11)
	cfg.Adapt, cfg.Warmup = AdaptNutpie, NutpieWarmup
	r, err := collect(t, cfg, same(gaussKernel{scales}))
	if err != nil {
		t.Fatal(err)
	}
	for c, a := range r.adapt {
		for i, s := range scales {
			if got := a.InvMetric[i]; math.Abs(got/(s*s)-1) > 1e-9 {
				t.Errorf("chain %d: M^-1[%d] = %.12g, want s^2 = %g", c, i, got, s*s)
			}
		}
	}
	for i, s := range scales {
		mean, mcse := meanMCSE(mapSeries(r.coord(i), func(x float64) float64 { return x * x }))
		if d := math.Abs(mean - s*s); d > 4*mcse {
			t.Errorf("coordinate %d: E[x^2] %.5g, want %.5g (|diff| %.3g > 4 MCSE %.3g)", i, mean, s*s, d, 4*mcse)
		}
	}
}

// TestDiagGradScale: nutpie's sqrt(Var x / Var g) within its bounds, the
// old entry where that is 0 or not finite, and the unit metric for a
// coordinate whose draws did not move (a chain stuck at a far start).
func TestDiagGradScale(t *testing.T) {
	for _, tt := range []struct{ vx, vg, cur, want float64 }{
		{4, 1, 7, 2},
		{1e-60, 1, 7, nutpieMinInv},
		{1, 0, 7, 7},
		{1, math.NaN(), 7, 7},
		{0, 1e200, 1e-20, 1},
		{0, 0, 1e-20, 1},
	} {
		if got := diagGradScale(tt.vx, tt.vg, tt.cur); got != tt.want {
			t.Errorf("diagGradScale(%g, %g, %g) = %g; want %g", tt.vx, tt.vg, tt.cur, got, tt.want)
		}
	}
}

// TestNutpieWindows holds NutpieWindows, the schedule package cnuts's C
// sampler runs, to nutpieAdapter's own switches for every warmup of 0 to
// 2000 iterations: with every draw good, with every third draw bad, and
// with the first 60 bad (a chain that does not move at first), the
// switches that the schedule gives (executed as the C executes it) are
// the adapter's.
func TestNutpieWindows(t *testing.T) {
	patterns := []struct {
		name string
		good func(it int) bool
	}{
		{"every draw good", func(int) bool { return true }},
		{"every third draw bad", func(it int) bool { return it%3 != 2 }},
		{"the first 60 draws bad", func(it int) bool { return it >= 60 }},
	}
	for _, p := range patterns {
		for n := range 2001 {
			a := newNutpieAdapter(Diag, 2, n, 0.8, 1)
			log := &switchLog{it: new(int)}
			a.est = log
			if err := a.est.start(nil, nil, nil); err != nil {
				t.Fatal(err)
			}
			for it := range n {
				*log.it = it
				if _, err := a.learnMetric(nil, nil, nil, p.good(it)); err != nil {
					t.Fatal(err)
				}
			}
			s := NutpieWindows(n)
			if got := scheduleSwitches(s, n, p.good); !slices.Equal(got, log.switches) {
				t.Fatalf("%s, warmup %d: NutpieWindows %+v switches at %v, the adapter at %v", p.name, n, s, got, log.switches)
			}
		}
	}
	if s := NutpieWindows(1000); s.EarlyEnd != 300 || s.FinalStart != 850 || s.Early != 10 || !slices.Equal(s.Sizes[:4], []int{80, 120, 180, 270}) {
		t.Errorf("NutpieWindows(1000) = %+v, want the early phase to 300, the final window from 850, windows of 10, then 80, 120, 180, 270, ...", s)
	}
}

// scheduleSwitches executes s over n warmup iterations whose draws are
// good where good says: the iterations after which the windows switch.
// The initial point is the first draw of both windows.
func scheduleSwitches(s NutpieSchedule, n int, good func(int) bool) []int {
	var out []int
	bg, k := 1, 0
	for it := range min(n, s.FinalStart) {
		early := it < s.EarlyEnd
		size, next := s.Early, s.Early
		if !early {
			size, next = s.Sizes[k], s.Sizes[k+1]
		}
		if good(it) {
			bg++
		}
		if bg >= size && it+next <= s.FinalStart {
			out = append(out, it)
			bg = 0
			if !early {
				k++
			}
		}
	}
	return out
}
