package sampler

import (
	"errors"
	"math"
)

// ErrMetricOverflow is Stan's error for a non-finite adapted metric.
var ErrMetricOverflow = errors.New("numerical overflow in metric adaptation: the sampler met extreme values on the unconstrained space; the posterior may be too wide or improper")

// warmup adapts a chain's step size and metric during its warmup
// iterations: Stan's adapter, nutpieAdapter, or the step size alone
// (an adapter without an estimator).
type warmup interface {
	// start is called once the chain has its initial point, before the
	// first step-size search.
	start(s *nuts) error
	// learn is called after each warmup transition with its statistics.
	learn(s *nuts, st *Stats) error
	// final is the step size for sampling.
	final() float64
}

// adapter runs Stan's warmup for one chain: dual averaging of the step size
// after every transition and, for the diagonal and dense metrics, windowed
// estimation of the inverse metric; after each metric update the step size
// is searched again and dual averaging restarts around log(10 eps)
// (Stan's adapt_diag_e_nuts / adapt_dense_e_nuts / adapt_unit_e_nuts).
//
// For the low-rank metric (bayes's own, not Stan's) the windows are
// Stan's, and each window's estimate is nutpie's low-rank one from the
// window's draws and gradients (lowRankFit) where the window was drawn
// near the posterior (nearLogpVar), from its second half where only that
// was (the chain arrived, or left a minor mode, within the window: a
// window spanning hmm_drive_0's two modes gave a metric whose step sizes
// were a tenth of the main mode's), and Stan's diagonal one otherwise,
// except in a window that ends within Stan's initial buffer (after the
// short one of Config.ShortInitBuffer), which then leaves the metric as it
// is, as Stan's schedule would.
// Stan's windows bring a chain from a far start (arma11's log density
// -1e50 to -1e114 for some seeds) to the posterior within a few hundred
// iterations, where nutpie's schedule, estimating from gradients from the
// first draws on, left more such chains stuck; near the posterior the
// low-rank estimate follows its correlations, and the trajectories of the
// windows after it are short.
type adapter struct {
	da     dualAveraging
	kind   Metric
	win    windows
	est    *welford
	invBuf []float64        // new inverse metric under construction
	lr     *lowRankEstimate // the window's draws and gradients (LowRank)
	lps    []float64        // and their log densities
}

// newAdapter starts adaptation over the windows win from step size eps0
// (Stan's stepsize argument): dual averaging shrinks towards
// mu = log(10 eps0).
func newAdapter(kind Metric, d int, win windows, delta, eps0 float64) *adapter {
	a := &adapter{
		da:   dualAveraging{mu: math.Log(10 * eps0), delta: delta},
		kind: kind,
		win:  win,
	}
	switch kind {
	case Diag:
		a.est, a.invBuf = newWelford(d, false), make([]float64, d)
	case LowRank:
		a.est, a.invBuf = newWelford(d, false), make([]float64, d)
		a.lr = newLowRankEstimate(d)
	case Dense:
		a.est, a.invBuf = newWelford(d, true), make([]float64, d*d)
	}
	return a
}

func (a *adapter) start(*nuts) error { return nil }

// final is exp(x_bar) of dual averaging.
func (a *adapter) final() float64 { return a.da.final() }

// learn folds in a warmup transition's accept_stat__.
func (a *adapter) learn(s *nuts, st *Stats) error {
	s.stepsize = a.da.learn(st.AcceptStat)
	if a.est == nil {
		return nil // unit metric: step size only
	}
	updated, err := a.learnMetric(s)
	if err != nil || !updated {
		return err
	}
	return a.da.restartAt(s)
}

// learnMetric feeds the chain's position to the window's estimator and, at
// the end of a window, installs the regularised estimate as the new inverse
// metric (Stan's learn_variance / learn_covariance).
func (a *adapter) learnMetric(s *nuts) (bool, error) {
	it := a.win.counter
	add, end := a.win.advance()
	if add {
		a.est.add(s.cur.q)
		if a.lr != nil {
			a.lr.add(s.cur.q, s.cur.grad)
			a.lps = append(a.lps, s.cur.logp)
		}
	}
	if !end {
		return false, nil
	}
	if a.lr != nil {
		n, d := a.lr.rows(), len(s.cur.q)
		// The window's draws, or where they vary widely, its second half:
		// a chain that arrived, or left a minor mode, within the window.
		first, near := 0, nearPosterior(a.lps, d)
		if !near {
			first = n / 2
			near = nearPosterior(a.lps[first:], d)
		}
		if !near && it < AdaptInitBuffer {
			// A window that ends within Stan's initial buffer (after a
			// short one, Config.ShortInitBuffer) with the chain still on
			// its way: the metric stays as it is, as under Stan's
			// schedule (diamonds: Stan's diagonal from such a window's
			// draws cut the step size to 0.001 at adapt_delta 0.99).
			a.lr.draws, a.lr.grads = a.lr.draws[:0], a.lr.grads[:0]
			a.lps = a.lps[:0]
			a.est.restart()
			return false, nil
		}
		var packed []float64
		if near {
			lm := s.metric.(*lowRankMetric)
			packed = lowRankFit(a.invBuf, nil, a.lr.draws[first*d:], a.lr.grads[first*d:], n-first, d, lm.sigma, true)
		}
		a.lr.draws, a.lr.grads = a.lr.draws[:0], a.lr.grads[:0]
		a.lps = a.lps[:0]
		if near {
			a.est.restart()
			return true, s.metric.(*lowRankMetric).set(a.invBuf, packed)
		}
	}
	copy(a.invBuf, s.metric.inverse()) // kept when the window had < 2 draws
	a.est.variance(a.invBuf)
	n := float64(a.est.n)
	d := len(s.cur.q)
	for i := range a.invBuf {
		a.invBuf[i] *= n / (n + RegWeight)
	}
	for i := range d {
		if a.kind == Dense {
			a.invBuf[i*d+i] += RegScale * RegWeight / (n + RegWeight)
		} else {
			a.invBuf[i] += RegScale * RegWeight / (n + RegWeight)
		}
	}
	for _, v := range a.invBuf {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return false, ErrMetricOverflow
		}
	}
	switch m := s.metric.(type) {
	case *diagMetric:
		m.set(a.invBuf)
	case *lowRankMetric:
		if err := m.set(a.invBuf, nil); err != nil {
			return false, err
		}
	case *denseMetric:
		if err := m.set(a.invBuf); err != nil {
			return false, err
		}
	}
	a.est.restart()
	return true, nil
}

// nearPosterior reports whether a window's log densities lps, of a
// chain in d coordinates, were drawn near the posterior (nearLogpVar), from
// at least nutpieMinDraws draws.
func nearPosterior(lps []float64, d int) bool {
	if len(lps) < nutpieMinDraws {
		return false
	}
	var mean, m2 float64
	for i, v := range lps {
		delta := v - mean
		mean += delta / float64(i+1)
		m2 += delta * (v - mean)
	}
	return m2/float64(len(lps)-1) <= nearLogpVar*float64(d)
}

// nearLogpVar: a window whose log densities vary by more than this times
// the dimension was not drawn near the posterior's typical set, where the
// variance is about d/2 (a Gaussian's: a chi-square with d degrees of
// freedom, halved). A chain started from uniform(-2, 2) may spend its
// first hundreds of iterations arriving (arma11: log density -1e101 to
// -1e13 over 300 iterations); a low-rank estimate from there pins it
// where it is, so such a window gets Stan's diagonal estimate.
const nearLogpVar = 100
