package sampler

import (
	"context"
	"fmt"
	"math/rand/v2"
)

// chainRun is one chain from initial values to its last draw.
type chainRun struct {
	cfg  *Config
	idx  int
	s    *nuts
	a    warmup // nil without warmup
	pcg  *rand.PCG
	sink *Sink
	draw Draw
	prog ChainProgress
	// spread follows the chain's position through Stan's metric windows
	// for Config.Regroup; nil otherwise.
	spread *windowSpread
}

// runChain runs chain idx of cfg on kernel k, reporting to sink. Its random
// stream is PCG(Seed, ChainOffset+idx), so its draws do not depend on which
// goroutine runs it or when. It returns ctx's error if stopped early.
func runChain(ctx context.Context, cfg *Config, idx int, k Kernel, sink *Sink) error {
	if cfg.Resume != nil {
		if err := checkInit(cfg, idx, k.Dim()); err != nil {
			return err
		}
		return resumeChain(ctx, cfg, idx, k, sink)
	}
	c, err := startChain(cfg, idx, k, sink)
	if err != nil {
		return err
	}
	if err := c.advance(ctx, 0, cfg.Warmup+cfg.Samples); err != nil {
		return err
	}
	return c.finish()
}

// startChain draws chain idx's initial point and, with warmup, searches
// its first step size and starts its adaptation.
func startChain(cfg *Config, idx int, k Kernel, sink *Sink) (*chainRun, error) {
	d := k.Dim()
	init := cfg.init(idx)
	id := cfg.ChainOffset + idx + 1 // the chain's number in messages, as the user counts
	if err := checkInit(cfg, idx, d); err != nil {
		return nil, err
	}
	pcg := rand.NewPCG(cfg.Seed, uint64(cfg.ChainOffset+idx))
	rng := rand.New(pcg)
	m := newMetric(cfg.Metric, d)
	from := cfg.adaptFrom(idx)
	if from != nil {
		var err error
		if m, err = metricFrom(from, d); err != nil {
			return nil, fmt.Errorf("chain %d: the metric to adapt from: %w", id, err)
		}
	}
	s := newNUTS(k, m, rng, cfg.MaxTreeDepth)
	if g := cfg.initStream(idx); g != cfg.ChainOffset+idx {
		s.rng = rand.New(rand.NewPCG(cfg.Seed, uint64(g))) // its superchain's initial point
	}
	if err := s.initialize(id, init, cfg.InitRadius); err != nil {
		return nil, err
	}
	s.rng = rng
	s.stepsize = cfg.Stepsize
	if from != nil {
		s.stepsize = from.Stepsize
	}
	c := &chainRun{cfg: cfg, idx: idx, s: s, pcg: pcg, sink: sink, draw: Draw{Chain: idx, Q: s.cur.q}, prog: ChainProgress{Chain: idx}}
	if cfg.Warmup > 0 {
		// Stan's run_adaptive_sampler: search a first step size, then warm up.
		c.a = newWarmup(cfg, d, s.stepsize, from != nil)
		if err := c.a.start(s); err != nil {
			return nil, fmt.Errorf("chain %d: %w", id, err)
		}
		if err := s.initStepsize(); err != nil {
			return nil, fmt.Errorf("chain %d: %w", id, err)
		}
	}
	return c, nil
}

// checkInit rejects initial values of the wrong length for chain idx.
func checkInit(cfg *Config, idx, d int) error {
	if init := cfg.init(idx); init != nil && len(init) != d {
		return fmt.Errorf("chain %d: the initial values have %d unconstrained coordinates, the model has %d", cfg.ChainOffset+idx+1, len(init), d)
	}
	return nil
}

// advance makes iterations from .. to-1 of the chain (warmup, then
// sampling), ending warmup when it comes to it.
func (c *chainRun) advance(ctx context.Context, from, to int) error {
	done := ctx.Done()
	for it := from; it < to; it++ {
		select {
		case <-done:
			return ctx.Err()
		default:
		}
		if it == c.cfg.Warmup && c.a != nil {
			if err := c.endWarmup(); err != nil {
				return err
			}
		}
		if err := c.iterate(it); err != nil {
			return err
		}
	}
	return nil
}

// finish ends a chain that has made all its iterations.
func (c *chainRun) finish() error {
	if c.cfg.Samples == 0 && c.a != nil {
		if err := c.endWarmup(); err != nil {
			return err
		}
	}
	return c.final(c.cfg.Samples)
}

// newWarmup is chain's adaptation: the step size alone from a saved
// adaptation (a Unit adapter estimates no metric), nutpie's, or Stan's.
func newWarmup(cfg *Config, d int, eps0 float64, adaptFrom bool) warmup {
	switch {
	case adaptFrom:
		return newAdapter(Unit, d, cfg.windows(), cfg.AdaptDelta, eps0)
	case cfg.Adapt == AdaptNutpie:
		return newNutpieAdapter(cfg.Metric, d, cfg.Warmup, cfg.AdaptDelta, eps0)
	}
	return newAdapter(cfg.Metric, d, cfg.windows(), cfg.AdaptDelta, eps0)
}

// resumeChain continues chain idx from cfg.Resume[idx] with cfg.Samples
// more sampling iterations: no initialization, no warmup.
func resumeChain(ctx context.Context, cfg *Config, idx int, k Kernel, sink *Sink) error {
	s, pcg, err := resumeNUTS(cfg, idx, k)
	if err != nil {
		return err
	}
	c := &chainRun{cfg: cfg, idx: idx, s: s, pcg: pcg, sink: sink, draw: Draw{Chain: idx, Q: s.cur.q}}
	done := ctx.Done()
	before := cfg.Resume[idx].Iterations
	for i := range cfg.Samples {
		select {
		case <-done:
			return ctx.Err()
		default:
		}
		if err := c.iterateFrom(cfg.Warmup+before+i, before+i, i+1); err != nil {
			return err
		}
	}
	return c.final(before + cfg.Samples)
}

// final reports where the chain stands after its last iteration.
func (c *chainRun) final(iterations int) error {
	if c.sink.Final == nil {
		return nil
	}
	st, err := c.state(c.pcg, iterations)
	if err == nil {
		err = c.sink.Final(c.idx, st)
	}
	if err != nil {
		return fmt.Errorf("chain %d: %w", c.id(), err)
	}
	return nil
}

// iterate makes iteration it: one transition, adaptation in warmup, and the
// draw and progress reports.
func (c *chainRun) iterate(it int) error {
	cfg := c.cfg
	st := c.s.transition()
	warmup := it < cfg.Warmup
	phaseIter := it
	if warmup {
		if c.spread != nil {
			c.spread.add(c.s.cur.q, c.s.cur.logp)
		}
		if err := c.a.learn(c.s, &st); err != nil {
			return fmt.Errorf("chain %d, warmup iteration %d: %w", c.id(), it+1, err)
		}
	} else {
		phaseIter -= cfg.Warmup
	}
	return c.report(it, phaseIter, it+1, warmup, st)
}

// iterateFrom makes a sampling iteration of a resumed chain: iteration it
// of the whole chain, its phaseIter-th after warmup, the done-th of this
// run.
func (c *chainRun) iterateFrom(it, phaseIter, done int) error {
	return c.report(it, phaseIter, done, false, c.s.transition())
}

// report sends an iteration's draw, when thinning keeps it, and the
// progress.
func (c *chainRun) report(it, phaseIter, done int, warmup bool, st Stats) error {
	if c.sink.Draw != nil && phaseIter%c.cfg.Thin == 0 {
		c.draw.Iter, c.draw.Warmup, c.draw.Stats = it, warmup, st
		if err := c.sink.Draw(&c.draw); err != nil {
			return fmt.Errorf("chain %d, iteration %d: %w", c.id(), it+1, err)
		}
	}
	if c.sink.Progress != nil {
		p := &c.prog
		p.Done, p.Warmup, p.Stepsize = done, warmup, st.Stepsize
		p.Gradients += int64(st.NLeapfrog)
		if !warmup && phaseIter == 0 {
			p.Divergences = 0 // sampling's count begins
		}
		if st.Divergent {
			p.Divergences++
		}
		c.sink.Progress(p)
	}
	return nil
}

// id is the chain's number in messages: 1-based, after ChainOffset.
func (c *chainRun) id() int { return c.cfg.ChainOffset + c.idx + 1 }

// endWarmup fixes the step size at exp(x_bar) of dual averaging and reports
// the adaptation (Stan's disengage_adaptation and write_adapt_finish).
func (c *chainRun) endWarmup() error {
	c.s.stepsize = c.a.final()
	if c.sink.Adapted == nil {
		return nil
	}
	a := Adaptation{Stepsize: c.s.stepsize, Metric: c.cfg.Metric, InvMetric: c.s.metric.inverse()}
	if lm, ok := c.s.metric.(*lowRankMetric); ok {
		a.LowRank = lm.directions()
	}
	if err := c.sink.Adapted(c.idx, &a); err != nil {
		return fmt.Errorf("chain %d: %w", c.id(), err)
	}
	return nil
}
