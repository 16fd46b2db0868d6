package sampler

import (
	"context"
	"fmt"
	"math"
)

// Regrouping is one chain's move at the end of a metric window
// (Config.Regroup): it continues warmup from another chain's state.
type Regrouping struct {
	Iteration int // warmup iterations made when it moved
	Chain     int // the chain moved (index within the run, 0-based)
	To        int // the chain whose state it took
	// Gap is how far the moved chain's window scored below To's:
	// log-mass estimates (windowSpread.score), in units of log density.
	Gap float64
}

// RegroupMaxChains is the most chains Config.Regroup brings together: the
// chains wait for one another at each window's end, so all of them are in
// memory at once.
const RegroupMaxChains = 64

// regroups reports whether Run brings chains together at the ends of
// Stan's metric windows: Regroup asked for, Stan's windows adapting a
// metric, and something to compare.
func (c *Config) regroups() bool {
	return c.Regroup && c.Adapt == AdaptStan && c.Metric != Unit && c.AdaptFrom == nil && c.Resume == nil &&
		c.Chains > 1 && c.Chains <= RegroupMaxChains && len(windowEnds(c)) > 0
}

// windowEnds lists the warmup iterations made when each of c's metric
// windows ends (100, 150, 250, 450 and 950 for Stan's 1000 warmup
// iterations).
func windowEnds(c *Config) []int {
	_, _, ends := c.MetricWindows()
	for i := range ends {
		ends[i]++
	}
	return ends
}

// runRegrouped is Run under Config.Regroup: every chain makes its
// iterations up to the end of a metric window, then the chains are
// compared (regroup) before any goes on, window after window; the last
// stretch runs to the last draw. Each stretch runs on eachChain's pool.
func runRegrouped(ctx context.Context, cancel context.CancelFunc, cfg *Config, newKernel func(int) Kernel, sink *Sink) error {
	chains := make([]*chainRun, cfg.Chains)
	ends := windowEnds(cfg)
	from := 0
	for i := 0; i <= len(ends); i++ {
		to, last := cfg.Warmup+cfg.Samples, i == len(ends)
		if !last {
			to = ends[i]
		}
		err := eachChain(ctx, cancel, cfg, func(c int) error {
			if chains[c] == nil {
				ch, err := startChain(cfg, c, newKernel(c), sink)
				if err != nil {
					return err
				}
				ch.spread = newWindowSpread(ch.s.k.Dim(), cfg)
				chains[c] = ch
			}
			if err := chains[c].advance(ctx, from, to); err != nil {
				return err
			}
			if last {
				return chains[c].finish()
			}
			return nil
		})
		if err != nil {
			return err
		}
		if !last && to < regroupFirst {
			for _, c := range chains {
				c.spread.restart()
			}
		} else if !last {
			moves, err := regroup(chains, to)
			if err != nil {
				return err
			}
			for _, r := range moves {
				if sink.Regrouped != nil {
					sink.Regrouped(r)
				}
			}
		}
		from = to
	}
	return nil
}

// regroupFirst is the first warmup iteration after which chains are
// compared: the end of Stan's first window. The windows that end sooner
// (after ShortInitBuffer's 50) hold chains still on their way in: in
// the centered eight schools' funnel, 2 chains of 40 runs moved there,
// none at 100.
const regroupFirst = AdaptInitBuffer + AdaptWindow

// regroup compares the chains' windows that ended after iteration iter:
// each chain scoring more than regroupMargin below the best one, with its
// log densities below the range of the best one's (windowSpread.below),
// continues from that chain's state (position, metric, step size and
// dual-averaging state; it keeps its own random stream).
//
// A chain that settled in a minor mode is left behind by the others (the
// posterior of bball_drive_event_0-hmm_drive_0 has one where the second
// hidden state goes unused, 60 below the main mode's log density, which
// chains reach only by a rare jump: at seed 1, one chain stayed there
// into its draws). Its window's draws have no more than exp(-gap) of the
// posterior mass of the best chain's, which no number of draws makes up
// for. Warmup draws are discarded, so moving a chain changes no
// stationary distribution; what it gives up is the independence of the
// moved chain's start, which R-hat counts on to see chains that disagree.
func regroup(chains []*chainRun, iter int) ([]Regrouping, error) {
	best, bestScore := -1, math.Inf(-1)
	scores := make([]float64, len(chains))
	for i, c := range chains {
		scores[i] = c.spread.score()
		if scores[i] > bestScore {
			best, bestScore = i, scores[i]
		}
	}
	defer func() {
		for _, c := range chains {
			c.spread.restart()
		}
	}()
	if best < 0 {
		return nil, nil // no chain's window scored: nothing to compare
	}
	donor := chains[best]
	margin := regroupMargin(len(donor.s.cur.q))
	var moves []Regrouping
	for i, c := range chains {
		gap := bestScore - scores[i]
		if i == best || !(gap > margin) || !c.spread.below(donor.spread) {
			continue
		}
		if err := c.takeState(donor); err != nil {
			return nil, err
		}
		moves = append(moves, Regrouping{Iteration: iter, Chain: i, To: best, Gap: gap})
	}
	return moves, nil
}

// regroupMargin is how far below the best chain a chain's score must lie
// before it moves, for d coordinates. Chains in one mode differ in score
// by the noise of a window's estimates: of the mean log density, whose
// spread is about sqrt(d/2) over the window's effective draws, and of the
// d log variances, each about sqrt(2/n_eff); with as few as 10 effective
// draws the difference has a standard deviation of about 0.4 sqrt(d), and
// 6 sqrt(d) (at least 20) is many times that.
func regroupMargin(d int) float64 { return max(20, 6*math.Sqrt(float64(d))) }

// regroupLogpSDs is how many standard deviations of the best chain's log
// densities a moved chain's mean must lie below their mean (windowSpread.below).
const regroupLogpSDs = 8

// takeState sets c to donor's state, as the two stand at a window's end:
// the point, a copy of the metric, the step size and the adapter's
// dual averaging. Both adapt with Stan's windows (Config.regroups).
func (c *chainRun) takeState(donor *chainRun) error {
	st := &ChainState{Metric: donor.cfg.Metric, InvMetric: donor.s.metric.inverse()}
	if lm, ok := donor.s.metric.(*lowRankMetric); ok {
		st.LowRank = lm.directions()
	}
	m, err := metricFrom(st, len(c.s.cur.q))
	if err != nil {
		return fmt.Errorf("chain %d, taking chain %d's metric: %w", c.id(), donor.id(), err)
	}
	c.s.cur.copyFrom(&donor.s.cur)
	c.s.metric = m
	c.s.stepsize = donor.s.stepsize
	c.a.(*adapter).da = donor.a.(*adapter).da
	return nil
}

// windowSpread follows a chain's draws through the second half of the
// current metric window and scores them by an estimate of the posterior
// mass around them: the mean log density plus half the sum of the log
// variances of the coordinates, the log mass of a Gaussian with that
// diagonal up to a constant common to all chains. A narrow spike with a
// high density does not outscore a wide region with a lower one. The
// second half, as the window's end nears, is where the chain now is: a
// chain that left a minor mode within the window (hmm_drive_0 at seed 1,
// at iteration ~150 of the window 100-199) has, over the whole window, a
// spread of log densities so wide that the chains it left behind lie
// within it (below), and they stayed there until the next window's end.
type windowSpread struct {
	q    *welford
	lp   *welford
	one  [1]float64
	vars []float64
	// from holds, per window, the first warmup iteration whose draw
	// counts (its second half), to the window's last (ends).
	from, ends []int
	it, k      int // the next iteration; the window it is in
}

func newWindowSpread(d int, cfg *Config) *windowSpread {
	start, _, ends := cfg.MetricWindows()
	from := make([]int, len(ends))
	for k, end := range ends {
		from[k] = (start + end + 1) / 2
		start = end + 1
	}
	return &windowSpread{q: newWelford(d, false), lp: newWelford(1, false), vars: make([]float64, d), from: from, ends: ends}
}

// add takes a warmup iteration's draw, counted in if it lies in the
// second half of a window.
func (w *windowSpread) add(q []float64, logp float64) {
	it := w.it
	w.it++
	for w.k < len(w.ends) && it > w.ends[w.k] {
		w.k++
	}
	if w.k == len(w.ends) || it < w.from[w.k] {
		return
	}
	w.q.add(q)
	w.one[0] = logp
	w.lp.add(w.one[:])
}

// score is the window's log-mass estimate; -Inf when the window has fewer
// than two draws or the chain did not move in some coordinate.
func (w *windowSpread) score() float64 {
	if w.q.n < 2 {
		return math.Inf(-1)
	}
	w.q.variance(w.vars)
	s := w.lp.mean[0]
	for _, v := range w.vars {
		s += 0.5 * math.Log(v)
	}
	return s
}

// below reports whether the window's mean log density lies more than
// regroupLogpSDs standard deviations of other's log densities below
// other's mean: outside the range of log densities the other chain's
// draws visit, as a Gaussian's typical set spans a few sqrt(d/2) around
// its mean. In a funnel, where the chain that dives into the neck scores
// highest, the other chains' means lie within a few of its standard
// deviations (eight schools centered, 12 seeds: at most 4.3), and they
// stay; a minor mode lies tens below (hmm_drive_0: 37).
func (w *windowSpread) below(other *windowSpread) bool {
	return other.lp.mean[0]-w.lp.mean[0] > regroupLogpSDs*math.Sqrt(other.lpVar())
}

func (w *windowSpread) lpVar() float64 {
	w.lp.variance(w.one[:])
	return w.one[0]
}

func (w *windowSpread) restart() {
	w.q.restart()
	w.lp.restart()
}
