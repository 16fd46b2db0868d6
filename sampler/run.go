package sampler

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// Run runs cfg.Chains chains of NUTS, each on its own kernel from newKernel,
// on a pool of GOMAXPROCS goroutines (more chains than cores is normal), and
// reports to sink (see [Sink] for which calls may be concurrent). newKernel
// may be called from several goroutines at once.
//
// Chain c draws from rand.NewPCG(cfg.Seed, cfg.ChainOffset+c), so its draws
// are bit-identical whatever GOMAXPROCS is, in whatever order chains are
// scheduled, and a run with ChainOffset K reproduces chains K, K+1, ... of a
// larger run with the same seed.
//
// When cfg.Context is cancelled every chain stops after its current
// iteration and Run returns an error wrapping the context's error (e.g.
// context.Canceled); draws already delivered stay delivered. When a chain
// fails (an *InitError, a step-size search or adaptation failure, a sink
// error) the other chains stop the same way and Run returns the failure of
// the lowest-numbered failed chain.
func Run(cfg Config, newKernel func(chain int) Kernel, sink Sink) error {
	if err := cfg.Check(); err != nil {
		return err
	}
	parent := cfg.Context
	if parent == nil {
		parent = context.Background()
	}
	ctx, cancel := context.WithCancel(parent)
	defer cancel()

	var (
		next      atomic.Int64
		stopped   atomic.Bool
		mu        sync.Mutex
		failed    error
		failedIdx int
		wg        sync.WaitGroup
	)
	worker := func() {
		defer wg.Done()
		for {
			c := int(next.Add(1) - 1)
			if c >= cfg.Chains {
				return
			}
			if ctx.Err() != nil {
				stopped.Store(true)
				return
			}
			err := runChainSafely(ctx, &cfg, c, newKernel, &sink)
			switch {
			case err == nil:
			case ctx.Err() != nil && errors.Is(err, ctx.Err()):
				stopped.Store(true)
			default:
				mu.Lock()
				if failed == nil || c < failedIdx {
					failed, failedIdx = err, c
				}
				mu.Unlock()
				cancel()
			}
		}
	}
	workers := min(runtime.GOMAXPROCS(0), cfg.Chains)
	wg.Add(workers)
	for range workers {
		go worker()
	}
	wg.Wait()

	if failed != nil {
		return failed
	}
	if stopped.Load() {
		return fmt.Errorf("sampler: run stopped before all chains finished: %w", parent.Err())
	}
	return nil
}

// runChainSafely runs one chain and turns a panic (a broken invariant in a
// kernel or here) into an error, so one bad chain cannot kill the process
// from a worker goroutine.
func runChainSafely(ctx context.Context, cfg *Config, c int, newKernel func(int) Kernel, sink *Sink) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("chain %d: internal error: %v", cfg.ChainOffset+c+1, r)
		}
	}()
	return runChain(ctx, cfg, c, newKernel(c), sink)
}
