package fit

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bayes-dev/bayes/sampler"
)

// BlockSampler runs all of a run's chains together, handing back their
// draws block by block: the C NUTS of package cnuts, built for the CPU or
// on a GPU (package cuda). fit declares what it needs from one, so that it
// depends on neither; package bayes adapts their chains to it.
type BlockSampler interface {
	// Stream runs cfg.Chains chains of cfg's warmup and sampling
	// iterations (every one: fit thins), with its seed, chain offset,
	// tree depth, adaptation target, initial step size and initial
	// radius, calling emit after each block. It returns the first
	// chain's failure, emit's error, or ctx's error after the block in
	// progress.
	Stream(ctx context.Context, cfg sampler.Config, emit func(Block) error) error
}

// Block is one stretch of iterations of every chain of a run: the
// sampling rows they kept in it, and where each chain stands after it.
// It is valid only during the emit call that receives it.
type Block interface {
	// Iterations is the number of iterations each chain has done after
	// the block, warmup included; Warmup reports that warmup is not over.
	Iterations() int
	Warmup() bool
	// The block holds sampling rows First() .. First()+Rows()-1 of
	// every chain.
	First() int
	Rows() int
	// Draw is the constrained draw (parameters, then transformed
	// parameters) at row First()+r of chain c, and Stats its sampler
	// statistics.
	Draw(c, r int) []float64
	Stats(c, r int) sampler.Stats
	// Stepsize and InvMetric are chain c's step size and inverse metric
	// (the diagonal, or the dense matrix row-major, as the run's Metric):
	// the adapted ones once warmup is over; Position is its unconstrained
	// point after the block.
	Stepsize(c int) float64
	InvMetric(c int) []float64
	Position(c int) []float64
	// Gradients is the number of gradients all chains have evaluated so
	// far, initialization and warmup included.
	Gradients() int64
}

// RunBlocks samples with s in place of the Go sampler, with the same
// outputs as Run: the constrained draws come from s, the generated
// quantities and the files from here. opts.NewKernel is not used. The
// metric must be diagonal or dense (the ones the device sampler adapts),
// adapted as Stan does or, the diagonal one, as nutpie does.
// A run that finishes has Result.States: each chain's step size, metric
// and position, with no random stream (the device's is not the Go
// sampler's PCG), for a later run's AdaptFrom, not for Append.
func RunBlocks(opts Options, s BlockSampler) (*Result, error) {
	cfg := opts.Sampler
	if cfg.Metric != sampler.Diag && cfg.Metric != sampler.Dense {
		return nil, fmt.Errorf("the %s metric is not supported on this device: use the diagonal or the dense one", cfg.Metric)
	}
	if cfg.Adapt == sampler.AdaptNutpie && cfg.AdaptFrom == nil && cfg.Metric != sampler.Diag {
		return nil, fmt.Errorf("the device sampler adapts only the diagonal metric as nutpie does: --adapt nutpie with the %s metric needs the Go sampler", cfg.Metric)
	}
	if opts.CSV.SaveWarmup || opts.Append {
		return nil, fmt.Errorf("the device sampler hands back neither warmup draws nor where its chains stopped: save_warmup and continuing a run need the Go sampler")
	}
	ctx := cfg.Context
	if ctx == nil {
		ctx = context.Background()
	}
	r, err := newRun(opts, false)
	if err != nil {
		return nil, err
	}
	defer closeAll(r.chains)
	progress := make([]sampler.ChainProgress, len(r.chains))
	t0 := time.Now()
	err = s.Stream(ctx, cfg, func(b Block) error {
		if !b.Warmup() && b.First() == 0 {
			for c, co := range r.chains {
				if err := r.adapted(co, &sampler.Adaptation{Stepsize: b.Stepsize(c), Metric: cfg.Metric, InvMetric: b.InvMetric(c)}); err != nil {
					return err
				}
			}
		}
		r.res.Gradients = b.Gradients()
		if err := r.keepBlock(b); err != nil {
			return err
		}
		if b.Iterations() == cfg.Warmup+cfg.Samples {
			if err := r.finalBlock(b); err != nil {
				return err
			}
		}
		if opts.Progress != nil {
			reportBlock(progress, b, opts.Progress)
		}
		return nil
	})
	return r.finish(err, time.Since(t0))
}

// finalBlock records where each chain stopped after the run's last block
// b (chainOutput.stopped).
func (r *run) finalBlock(b Block) error {
	cfg := r.opts.Sampler
	for c, co := range r.chains {
		err := co.stopped(&sampler.ChainState{Q: slices.Clone(b.Position(c)), Stepsize: b.Stepsize(c), Metric: cfg.Metric,
			InvMetric: slices.Clone(b.InvMetric(c)), Iterations: cfg.Samples})
		if err != nil {
			return err
		}
	}
	return nil
}

// reportBlock tells report where each chain stands after block b: the
// block sampler gives each chain's step size and sampling statistics, and
// all chains' gradients together (each gets their mean).
func reportBlock(progress []sampler.ChainProgress, b Block, report func(*sampler.ChainProgress)) {
	grads := b.Gradients() / int64(len(progress))
	for c := range progress {
		p := &progress[c]
		p.Chain, p.Done, p.Warmup, p.Lockstep = c, b.Iterations(), b.Warmup(), true
		p.Stepsize, p.Gradients = b.Stepsize(c), grads
		for i := range b.Rows() {
			if b.Stats(c, i).Divergent {
				p.Divergences++
			}
		}
		report(p)
	}
}

// keepBlock keeps a block's rows (every Thin-th of each chain's sampling
// rows), chains shared among the cores: the generated quantities and the
// CSV rows are the host's work.
func (r *run) keepBlock(b Block) error {
	thin, first, rows := r.opts.Sampler.Thin, b.First(), b.Rows()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, len(r.chains))
	for range min(runtime.GOMAXPROCS(0), len(r.chains)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				c := int(next.Add(1) - 1)
				if c >= len(r.chains) {
					return
				}
				co := r.chains[c]
				for i := range rows {
					row := first + i
					if row%thin != 0 {
						continue
					}
					copy(co.out[:r.np], b.Draw(c, i))
					if err := r.keep(co, b.Stats(c, i)); err != nil {
						errs[c] = fmt.Errorf("chain %d, iteration %d: %w", r.opts.Sampler.ChainOffset+c+1, r.opts.Sampler.Warmup+row+1, err)
						break
					}
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
