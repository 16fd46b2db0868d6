package sampler

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// sameDraws fails unless chains a[i] and b[i] are bit-identical, stats
// included.
func sameDraws(t *testing.T, what string, a, b *result, offset int) {
	t.Helper()
	for c := range b.q {
		ac := c + offset
		if len(a.q[ac]) != len(b.q[c]) || len(a.warmupQ[ac]) != len(b.warmupQ[c]) {
			t.Fatalf("%s: chain %d: draw counts differ", what, c)
		}
		for i := range b.q[c] {
			for j := range b.q[c][i] {
				if math.Float64bits(a.q[ac][i][j]) != math.Float64bits(b.q[c][i][j]) {
					t.Fatalf("%s: chain %d draw %d differs: %v vs %v", what, c, i, a.q[ac][i], b.q[c][i])
				}
			}
			if a.stats[ac][i] != b.stats[c][i] {
				t.Fatalf("%s: chain %d draw %d stats differ: %+v vs %+v", what, c, i, a.stats[ac][i], b.stats[c][i])
			}
		}
		if fmt.Sprint(a.adapt[ac]) != fmt.Sprint(b.adapt[c]) {
			t.Fatalf("%s: chain %d adaptation differs", what, c)
		}
	}
}

// TestDeterminism: the same seed gives bit-identical chains whatever
// GOMAXPROCS is, and a run with ChainOffset K reproduces chains K.. of a
// larger run.
func TestDeterminism(t *testing.T) {
	cfg := testConfig(6, 99)
	cfg.Warmup, cfg.Samples = 200, 100
	cfg.Metric = Dense
	k := same(eightSchoolsNC{})
	run := func(procs int, cfg Config) *result {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		r, err := collect(t, cfg, k)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	one := run(1, cfg)
	four := run(4, cfg)
	sameDraws(t, "GOMAXPROCS 1 vs 4", one, four, 0)

	part := cfg
	part.Chains, part.ChainOffset = 3, 3
	sameDraws(t, "ChainOffset 3", one, run(4, part), 3)

	other := cfg
	other.Seed++
	if o := run(4, other); o.q[0][0][0] == one.q[0][0][0] {
		t.Error("a different seed gave the same first draw")
	}
}

// TestManyChains runs 10 000 short chains on the worker pool.
func TestManyChains(t *testing.T) {
	cfg := testConfig(10000, 1)
	cfg.Warmup, cfg.Samples = 5, 5
	var draws atomic.Int64
	err := Run(cfg, same(gaussKernel{unitScales(2)}), Sink{
		Draw: func(d *Draw) error { draws.Add(1); return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := draws.Load(), int64(10000*10); got != want {
		t.Errorf("%d draws, want %d", got, want)
	}
}

func TestThin(t *testing.T) {
	cfg := testConfig(1, 1)
	cfg.Warmup, cfg.Samples, cfg.Thin = 10, 7, 3
	var iters []int
	err := Run(cfg, same(gaussKernel{unitScales(1)}), Sink{
		Draw: func(d *Draw) error { iters = append(iters, d.Iter); return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	// Stan keeps iteration m of each phase when m % thin == 0.
	if got, want := fmt.Sprint(iters), "[0 3 6 9 10 13 16]"; got != want {
		t.Errorf("kept iterations %s, want %s", got, want)
	}
}

// TestCancel cancels the run from the sink after chain 0's 50th draw: every
// chain stops after its current iteration, Run's error wraps
// context.Canceled, and nothing is delivered after Run returns.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := testConfig(3, 1)
	cfg.Context = ctx
	var draws atomic.Int64
	var done atomic.Bool
	err := Run(cfg, same(gaussKernel{unitScales(3)}), Sink{
		Draw: func(d *Draw) error {
			if done.Load() {
				t.Error("draw delivered after Run returned")
			}
			draws.Add(1)
			if d.Chain == 0 && d.Iter == 49 {
				cancel()
			}
			return nil
		},
	})
	done.Store(true)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run: %v, want an error wrapping context.Canceled", err)
	}
	if n := draws.Load(); n < 50 || n >= int64(cfg.Chains*(cfg.Warmup+cfg.Samples)) {
		t.Errorf("%d draws delivered", n)
	}
}

// TestSinkError: an error from the sink stops the run and is returned.
func TestSinkError(t *testing.T) {
	disk := errors.New("disk full")
	cfg := testConfig(2, 1)
	err := Run(cfg, same(gaussKernel{unitScales(1)}), Sink{
		Draw: func(d *Draw) error {
			if d.Iter == 10 {
				return disk
			}
			return nil
		},
	})
	if !errors.Is(err, disk) {
		t.Errorf("Run: %v, want it to wrap the sink's error", err)
	}
}

// TestKernelPanic: a panicking kernel becomes an error naming the chain.
func TestKernelPanic(t *testing.T) {
	err := Run(testConfig(1, 1), same(panicKernel{}), Sink{})
	if err == nil || !strings.Contains(err.Error(), "chain 1: internal error: boom") {
		t.Errorf("Run: %v", err)
	}
}

type panicKernel struct{}

func (panicKernel) Dim() int                              { return 1 }
func (panicKernel) LogDensityGrad(_, _ []float64) float64 { panic("boom") }

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"no chains", func(c *Config) { c.Chains = 0 }, "Chains = 0"},
		{"negative offset", func(c *Config) { c.ChainOffset = -1 }, "ChainOffset = -1"},
		{"negative warmup", func(c *Config) { c.Warmup = -1 }, "Warmup = -1"},
		{"thin 0", func(c *Config) { c.Thin = 0 }, "Thin = 0"},
		{"treedepth 0", func(c *Config) { c.MaxTreeDepth = 0 }, "MaxTreeDepth = 0"},
		{"delta 1", func(c *Config) { c.AdaptDelta = 1 }, "AdaptDelta = 1"},
		{"delta NaN", func(c *Config) { c.AdaptDelta = math.NaN() }, "AdaptDelta = NaN"},
		{"metric", func(c *Config) { c.Metric = 7 }, "Metric"},
		{"stepsize", func(c *Config) { c.Stepsize = 0 }, "Stepsize = 0"},
		{"radius", func(c *Config) { c.InitRadius = -1 }, "InitRadius = -1"},
		{"inits count", func(c *Config) { c.Inits = [][]float64{{0}, {0}} }, "Inits = 2 vectors"},
		{"inits length", func(c *Config) { c.Inits = [][]float64{{0, 0}} }, "initial values have 2 unconstrained coordinates, the model has 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig(4, 1)
			tc.edit(&cfg)
			err := Run(cfg, same(gaussKernel{unitScales(1)}), Sink{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Run: %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// TestNoWarmup: with Warmup 0 nothing adapts, the step size is
// Config.Stepsize, and Adapted is not called.
func TestNoWarmup(t *testing.T) {
	cfg := testConfig(1, 1)
	cfg.Warmup, cfg.Samples, cfg.Stepsize = 0, 20, 0.3
	adapted := false
	err := Run(cfg, same(gaussKernel{unitScales(2)}), Sink{
		Draw: func(d *Draw) error {
			if d.Stats.Stepsize != 0.3 || d.Warmup {
				t.Errorf("draw %d: stepsize %v warmup %v", d.Iter, d.Stats.Stepsize, d.Warmup)
			}
			return nil
		},
		Adapted: func(int, *Adaptation) error { adapted = true; return nil },
	})
	if err != nil || adapted {
		t.Errorf("Run: %v, Adapted called: %v", err, adapted)
	}
}

// TestShortWarmup: below 20 warmup iterations the metric stays the identity
// and only the step size adapts; at 100 the single 15%/75%/10% window
// adapts it (to the variances, 4 and 0.25 here).
func TestShortWarmup(t *testing.T) {
	for _, tc := range []struct {
		warmup  int
		adapted bool
	}{{10, false}, {100, true}} {
		t.Run(fmt.Sprint(tc.warmup), func(t *testing.T) {
			cfg := testConfig(1, 8)
			cfg.Warmup, cfg.Samples = tc.warmup, 10
			r, err := collect(t, cfg, same(gaussKernel{[]float64{2, 0.5}}))
			if err != nil {
				t.Fatal(err)
			}
			inv := r.adapt[0].InvMetric
			identity := inv[0] == 1 && inv[1] == 1
			if identity == tc.adapted || r.adapt[0].Stepsize == 1 {
				t.Errorf("inverse metric %v, step size %v after %d warmup iterations", inv, r.adapt[0].Stepsize, tc.warmup)
			}
			if tc.adapted && !(inv[0] > inv[1]) {
				t.Errorf("inverse metric %v, want it to follow the variances 4 and 0.25", inv)
			}
		})
	}
}
