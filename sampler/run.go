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
// larger run with the same seed (but under Config.Regroup, where a chain's
// warmup may continue from another chain's state).
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
	var err error
	if cfg.regroups() {
		err = runRegrouped(ctx, cancel, &cfg, newKernel, &sink)
	} else {
		err = eachChain(ctx, cancel, &cfg, func(c int) error {
			return runChain(ctx, &cfg, c, newKernel(c), &sink)
		})
	}
	if errors.Is(err, errStopped) {
		return fmt.Errorf("sampler: run stopped before all chains finished: %w", parent.Err())
	}
	return err
}

// errStopped is eachChain's report that the context stopped chains.
var errStopped = errors.New("stopped")

// eachChain runs run(c) for every chain c on a pool of GOMAXPROCS
// goroutines. When a chain fails it cancels the others and returns the
// failure of the lowest-numbered failed chain; when ctx stopped chains, it
// returns errStopped. A panic in run (a broken invariant in a kernel or
// here) becomes the chain's error, so one bad chain cannot kill the
// process from a worker goroutine.
func eachChain(ctx context.Context, cancel context.CancelFunc, cfg *Config, run func(c int) error) error {
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
			err := runSafely(cfg, c, run)
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
		return errStopped
	}
	return nil
}

// runSafely runs run(c), turning a panic into an error.
func runSafely(cfg *Config, c int, run func(int) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("chain %d: internal error: %v", cfg.ChainOffset+c+1, r)
		}
	}()
	return run(c)
}
