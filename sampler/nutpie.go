package sampler

import "math"

// AdaptMethod chooses how warmup adapts the metric (Config.Adapt). The step
// size adapts by dual averaging under both.
type AdaptMethod uint8

const (
	// AdaptStan is Stan's windowed adaptation (adapt.go, windows.go): the
	// variance (or covariance) of the draws of windows of 25, 50, 100, ...
	// iterations between a 75-iteration initial and a 50-iteration
	// terminal buffer. The default.
	AdaptStan AdaptMethod = iota
	// AdaptNutpie is nutpie's (nuts-rs's GlobalStrategy): the metric is
	// estimated from the draws and the gradients, sqrt(Var x / Var grad)
	// per coordinate for Diag (or the low-rank modified matrix for
	// LowRank), from two overlapping windows, updated after every draw
	// from the first few on; it needs a shorter warmup (NutpieWarmup).
	AdaptNutpie
)

// String is the method's name as bayes sample's --adapt takes it.
func (a AdaptMethod) String() string {
	switch a {
	case AdaptStan:
		return "stan"
	case AdaptNutpie:
		return "nutpie"
	}
	return "unknown"
}

// nutpie's defaults (nuts-rs, EuclideanAdaptOptions and its sampler
// settings; /work/shared/research/adaptation.md).
const (
	// NutpieWarmup is nutpie's number of tuning draws for a diagonal
	// metric, NutpieLowRankWarmup for the low-rank one: bayes sample's
	// --warmup default under --adapt nutpie.
	NutpieWarmup        = 400
	NutpieLowRankWarmup = 800

	nutpieEarlyWindow    = 0.3  // the early phase: the first 30% of warmup
	nutpieStepsizeWindow = 0.15 // the final window, step size only: the last 15%
	nutpieEarlySwitch    = 10   // window length in the early phase
	nutpieSwitch         = 80   // first window length after it
	nutpieWindowGrowth   = 1.5  // each later window is 1.5 times the one before
	nutpieMinDraws       = 3    // draws the foreground needs before its estimate is used
	// A divergent transition's draw feeds the estimate only when it lies
	// more than this many leapfrog steps from the trajectory's start.
	nutpieDivergentSteps = 4
	// Bounds of an adapted diagonal entry of M^-1.
	nutpieMinInv, nutpieMaxInv = 1e-20, 1e20
)

// The diagonal estimate's constants, for package cnuts's C sampler (its
// nuts_constants.go), which takes them from here.
const (
	NutpieMinDraws             = nutpieMinDraws
	NutpieDivergentSteps       = nutpieDivergentSteps
	NutpieMinInv, NutpieMaxInv = nutpieMinInv, nutpieMaxInv
)

// gradEstimate is the metric estimate nutpie's schedule drives: two
// estimates from the draws and their gradients, a foreground in use and a
// background collecting, each fed every good draw; at a switch the
// background becomes the foreground and a new background starts empty.
type gradEstimate interface {
	// start installs the metric of the initial point, M^-1 = diag(1/|g|),
	// and feeds the point to both windows.
	start(m metric, q, grad []float64) error
	add(q, grad []float64)
	background() int
	switchWindows()
	// update installs the foreground's estimate in m (force: right after
	// a switch; early: in the early phase) and reports whether m changed.
	update(m metric, force, early bool) (bool, error)
}

// nutpieAdapter runs nutpie's warmup for one chain (nuts-rs's
// adapt_strategy.rs, GlobalStrategy::adapt, as of 2026): for N warmup
// iterations, an early phase over the first 0.3 N with windows of 10
// draws, then windows of 80, 120, 180, ... (each max(W+1, round(1.5 W))),
// the first at least as long as what the background holds when the early
// phase ends; no switch once the next window would not end before the
// final 0.15 N, where only the step size adapts. The foreground's estimate
// replaces the metric after every draw once it holds 3 draws. After the
// first replacement, and at each switch of the early phase, the step size
// is searched again and dual averaging restarts around it, as Stan does
// after each of its windows (a chain arriving from a far start sees its
// metric change by orders of magnitude there); dual
// averaging is Stan's otherwise (nutpie's other accept statistic and its
// step-size jitter are not used).
type nutpieAdapter struct {
	da                   dualAveraging
	est                  gradEstimate
	earlyEnd, finalStart int
	window               int  // length of the next window after the early phase
	it                   int  // warmup iterations so far
	changed              bool // the metric was replaced at least once
}

func newNutpieAdapter(kind Metric, d, numWarmup int, delta, eps0 float64) *nutpieAdapter {
	a := &nutpieAdapter{
		da:         dualAveraging{mu: math.Log(10 * eps0), delta: delta},
		earlyEnd:   int(nutpieEarlyWindow * float64(numWarmup)),
		finalStart: numWarmup - int(nutpieStepsizeWindow*float64(numWarmup)),
		window:     nutpieSwitch,
	}
	if kind == LowRank {
		a.est = newLowRankEstimate(d)
	} else {
		a.est = newDiagGradEstimate(d)
	}
	return a
}

func (a *nutpieAdapter) start(s *nuts) error { return a.est.start(s.metric, s.cur.q, s.cur.grad) }

func (a *nutpieAdapter) final() float64 { return a.da.final() }

func (a *nutpieAdapter) learn(s *nuts, st *Stats) error {
	s.stepsize = a.da.learn(st.AcceptStat)
	search, err := a.learnMetric(s.metric, s.cur.q, s.cur.grad, goodDraw(&s.cur, st))
	if err != nil || !search {
		return err
	}
	return a.da.restartAt(s)
}

// learnMetric is learn's work on the metric m after a warmup transition
// to q with gradient grad, good (goodDraw) or not: the draw joins the
// windows, the windows switch when the schedule says, and the foreground's
// estimate replaces m. It reports whether the step size is to be searched
// again.
func (a *nutpieAdapter) learnMetric(m metric, q, grad []float64, good bool) (bool, error) {
	it := a.it
	a.it++
	if it >= a.finalStart {
		return false, nil
	}
	early := it < a.earlyEnd
	if it == a.earlyEnd {
		a.window = max(a.window, a.est.background()) // never shrink what the background holds
	}
	size, next := nutpieEarlySwitch, nutpieEarlySwitch
	if !early {
		size = a.window
		next = nutpieNextWindow(a.window)
	}
	if good {
		a.est.add(q, grad)
	}
	force := false
	if a.est.background() >= size && it+next <= a.finalStart {
		a.est.switchWindows()
		force = true
		if !early {
			a.window = next
		}
	}
	changed, err := a.est.update(m, force, early)
	if err != nil || !changed || a.changed && !(early && force) {
		return false, err
	}
	a.changed = true
	return true, nil
}

// NutpieSchedule is nutpie's schedule over a warmup (nutpieAdapter's),
// for a sampler that runs it elsewhere (package cnuts's C sampler, which
// takes it from here rather than transcribing it), as MetricWindows is
// Stan's. Warmup iterations 0 .. EarlyEnd-1 are the early phase, whose
// windows hold Early draws; windows after it hold Sizes[0], Sizes[1], ...
// draws in turn; from iteration FinalStart on only the step size adapts.
// After iteration it, whose draw joined the background if good
// (goodDraw), the background becomes the foreground when it holds the
// current window's size and the window after it could end by FinalStart
// (it + next <= FinalStart, next being Early in the early phase, else the
// following entry of Sizes); a switch after the early phase moves on to the
// next entry. Sizes ends with the first entry past FinalStart (and has at
// least two), which no switch reaches: a window is switched into only
// when it fits, so the entry after the current one always exists.
//
// nutpieAdapter grows its window as max(W+1, round(1.5 W)) from
// nutpieSwitch, and at EarlyEnd takes max(W, the background's draws);
// the background then holds at most Early-1 draws (from 17 warmup
// iterations on the early phase switches whenever it holds Early; below,
// the early phase has at most 5 iterations), so that the second rule
// changes nothing and Sizes is the whole schedule (TestNutpieWindows
// checks both against the adapter for every warmup up to 2000).
type NutpieSchedule struct {
	EarlyEnd, FinalStart, Early int
	Sizes                       []int
}

// NutpieWindows is nutpie's schedule over numWarmup iterations.
func NutpieWindows(numWarmup int) NutpieSchedule {
	a := newNutpieAdapter(Diag, 0, numWarmup, 0.8, 1)
	s := NutpieSchedule{EarlyEnd: a.earlyEnd, FinalStart: a.finalStart, Early: nutpieEarlySwitch}
	for w := a.window; len(s.Sizes) < 2 || s.Sizes[len(s.Sizes)-1] <= s.FinalStart; w = nutpieNextWindow(w) {
		s.Sizes = append(s.Sizes, w)
	}
	return s
}

// nutpieNextWindow is the length of the window after one of w draws.
func nutpieNextWindow(w int) int { return max(w+1, int(math.Round(float64(w)*nutpieWindowGrowth))) }

// goodDraw is nuts-rs's test of a draw for the metric estimate: the
// transition moved (the draw is not its starting point), and a divergent
// one moved more than 4 leapfrog steps, away from where it blew up.
func goodDraw(z *point, st *Stats) bool {
	if st.Divergent {
		return z.idx > nutpieDivergentSteps || z.idx < -nutpieDivergentSteps
	}
	return z.idx != 0
}

// gradientStart writes nutpie's initial M^-1 diagonal, 1/|g_i|, into inv:
// 1 where that is not finite, and within [1e-20, 1e20].
func gradientStart(inv, grad []float64) {
	for i, g := range grad {
		v := 1 / math.Abs(g)
		if math.IsInf(v, 0) || math.IsNaN(v) {
			v = 1
		}
		inv[i] = min(max(v, nutpieMinInv), nutpieMaxInv)
	}
}

// diagGradEstimate is nutpie's diagonal estimate: M^-1_ii =
// sqrt(Var(x_i) / Var(g_i)) over the foreground's draws x and gradients g,
// the diagonal that minimises the Fisher divergence between the posterior
// and a Gaussian with that covariance (the nutpie paper, section 3). For
// a Gaussian posterior it is the variance, as Var(g_i) = 1/Var(x_i) there.
type diagGradEstimate struct {
	fgX, fgG, bgX, bgG *welford
	varX, varG, inv    []float64
}

func newDiagGradEstimate(d int) *diagGradEstimate {
	return &diagGradEstimate{
		fgX: newWelford(d, false), fgG: newWelford(d, false), bgX: newWelford(d, false), bgG: newWelford(d, false),
		varX: make([]float64, d), varG: make([]float64, d), inv: make([]float64, d),
	}
}

func (e *diagGradEstimate) start(m metric, q, grad []float64) error {
	gradientStart(e.inv, grad)
	m.(*diagMetric).set(e.inv)
	e.add(q, grad)
	return nil
}

func (e *diagGradEstimate) add(q, grad []float64) {
	e.fgX.add(q)
	e.fgG.add(grad)
	e.bgX.add(q)
	e.bgG.add(grad)
}

func (e *diagGradEstimate) background() int { return e.bgX.n }

func (e *diagGradEstimate) switchWindows() {
	e.fgX, e.bgX = e.bgX, e.fgX
	e.fgG, e.bgG = e.bgG, e.fgG
	e.bgX.restart()
	e.bgG.restart()
}

// update replaces each diagonal entry by diagGradScale of the
// foreground's variances.
func (e *diagGradEstimate) update(m metric, _, _ bool) (bool, error) {
	if e.fgX.n < nutpieMinDraws {
		return false, nil
	}
	e.fgX.variance(e.varX)
	e.fgG.variance(e.varG)
	dm := m.(*diagMetric)
	for i, vx := range e.varX {
		e.inv[i] = diagGradScale(vx, e.varG[i], dm.inv[i])
	}
	dm.set(e.inv)
	return true, nil
}

// diagGradScale is the inverse metric's entry for a coordinate whose
// draws have variance vx and gradients vg, where it was cur: nutpie's
// sqrt(vx / vg) within [1e-20, 1e20]; cur where that is 0 or not finite;
// and 1, the unit metric Stan's adaptation starts from, where the draws
// did not move at all (vx = 0). That is a chain stuck where its start
// (uniform(-2, 2), as Stan's) made the gradient enormous: arma11 starts
// at log density -1.7e101 for seed 1, 1/|g| is clamped to 1e-20, the
// step size collapses to 1e-44 and, as no draw moves, the estimate would
// keep 1e-20 for ever.
func diagGradScale(vx, vg, cur float64) float64 {
	if vx == 0 {
		return 1
	}
	v := math.Sqrt(vx / vg)
	if !(v > 0) || math.IsInf(v, 1) {
		return cur
	}
	return min(max(v, nutpieMinInv), nutpieMaxInv)
}
