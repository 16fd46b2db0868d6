package fit

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bayes-dev/bayes/gpu"
	"github.com/bayes-dev/bayes/sampler"
)

// BlockSampler runs all of a run's chains together, handing back their
// draws block by block: the GPU backend (gpu.DeviceChains), or the same
// code built for the CPU (gpu.HostChains).
type BlockSampler interface {
	Stream(ctx context.Context, nchains int, cfg gpu.ChainConfig, emit func(*gpu.Block) error) error
}

// RunBlocks samples with s in place of the Go sampler, with the same
// outputs as Run: the constrained draws come from s, the generated
// quantities and the files from here. opts.NewKernel is not used. The
// metric must be diagonal (the only one the device sampler adapts).
func RunBlocks(opts Options, s BlockSampler) (*Result, error) {
	cfg := opts.Sampler
	if cfg.Metric != sampler.Diag {
		return nil, fmt.Errorf("the %s metric is not supported on this device: use the diagonal one", cfg.Metric)
	}
	dcfg := gpu.ChainConfig{Config: cfg}
	ctx := cfg.Context
	if ctx == nil {
		ctx = context.Background()
	}
	r, err := newRun(opts, false)
	if err != nil {
		return nil, err
	}
	defer closeAll(r.chains)
	t0 := time.Now()
	err = s.Stream(ctx, cfg.Chains, dcfg, func(b *gpu.Block) error {
		if !b.Warmup && b.First == 0 {
			for c, co := range r.chains {
				if err := r.adapted(co, b.Stepsize(c), sampler.Diag, b.InvMetric(c)); err != nil {
					return err
				}
			}
		}
		r.res.Gradients = b.Gradients()
		if err := r.keepBlock(b); err != nil {
			return err
		}
		if opts.Progress != nil {
			for c := range r.chains {
				opts.Progress(c, b.Iterations)
			}
		}
		return nil
	})
	return r.finish(err, time.Since(t0))
}

// keepBlock keeps a block's rows (every Thin-th of each chain's sampling
// rows), chains shared among the cores: the generated quantities and the
// CSV rows are the host's work.
func (r *run) keepBlock(b *gpu.Block) error {
	thin := r.opts.Sampler.Thin
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
				for i := range b.Rows {
					row := b.First + i
					if row%thin != 0 {
						continue
					}
					copy(co.out[:r.np], b.Draw(c, i))
					if err := r.keep(co, blockStats(b.Stat(c, i))); err != nil {
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

// blockStats reads a row of gpu.Stat* columns.
func blockStats(s []float64) sampler.Stats {
	return sampler.Stats{LP: s[gpu.StatLP], AcceptStat: s[gpu.StatAcceptStat], Stepsize: s[gpu.StatStepsize],
		Treedepth: int(s[gpu.StatTreedepth]), NLeapfrog: int(s[gpu.StatNLeapfrog]),
		Divergent: s[gpu.StatDivergent] != 0, Energy: s[gpu.StatEnergy]}
}
