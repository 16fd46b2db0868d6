package sampler

import (
	"math/rand/v2"
	"testing"
)

// newTestNUTS returns a sampler on k with a fixed stream, initialised at
// zero (so that kernels finite only there can be tested).
func newTestNUTS(t testing.TB, k Kernel, m Metric) *nuts {
	t.Helper()
	s := newNUTS(k, newMetric(m, k.Dim()), rand.New(rand.NewPCG(1, 1)), 10)
	if err := s.initialize(0, nil, 0); err != nil {
		t.Fatal(err)
	}
	return s
}

// warmedUp returns a sampler on a 10-d Gaussian after a 200-iteration
// warmup (so the metric and step size are adapted).
func warmedUp(t testing.TB, m Metric) *nuts {
	t.Helper()
	k := gaussKernel{[]float64{0.5, 1, 2, 1, 1, 3, 1, 1, 0.2, 1}}
	s := newTestNUTS(t, k, m)
	cfg := DefaultConfig()
	cfg.Metric, cfg.Warmup = m, 200
	if m == LowRank {
		cfg.Adapt = AdaptNutpie
	}
	a := newWarmup(&cfg, k.Dim(), 1, false)
	if err := a.start(s); err != nil {
		t.Fatal(err)
	}
	if err := s.initStepsize(); err != nil {
		t.Fatal(err)
	}
	for range 200 {
		st := s.transition()
		if err := a.learn(s, &st); err != nil {
			t.Fatal(err)
		}
	}
	s.stepsize = a.final()
	return s
}

// TestTransitionAllocs: after warmup a NUTS transition allocates nothing,
// for every metric, nor does a leapfrog step or a warmup iteration's
// adaptation bookkeeping (Stan's; nutpie's low-rank estimate keeps its
// draws).
func TestTransitionAllocs(t *testing.T) {
	for _, m := range []Metric{Unit, Diag, Dense, LowRank} {
		t.Run(m.String(), func(t *testing.T) {
			s := warmedUp(t, m)
			if n := testing.AllocsPerRun(200, func() { s.transition() }); n != 0 {
				t.Errorf("transition: %v allocations, want 0", n)
			}
			z := &s.zFwd
			z.copyFrom(&s.cur)
			if n := testing.AllocsPerRun(200, func() { s.step(z, 1e-3) }); n != 0 {
				t.Errorf("leapfrog: %v allocations, want 0", n)
			}
			if m == LowRank {
				return // nutpie's warmup keeps its draws: it allocates
			}
			a := newAdapter(m, s.k.Dim(), newWindows(1000, AdaptInitBuffer), 0.8, 1)
			st := Stats{AcceptStat: 0.8}
			if n := testing.AllocsPerRun(70, func() { _ = a.learn(s, &st) }); n != 0 {
				t.Errorf("adaptation (init buffer): %v allocations, want 0", n)
			}
		})
	}
}

// BenchmarkTransition10D measures NUTS transitions on an adapted 10-d
// Gaussian (diag metric), gradients/s counting leapfrog steps, beside the
// baseline of the kernel's gradient alone: the difference is the sampler's
// own cost per gradient.
func BenchmarkTransition10D(b *testing.B) {
	b.Run("nuts", func(b *testing.B) {
		s := warmedUp(b, Diag)
		b.ReportAllocs()
		grads := 0
		for b.Loop() {
			grads += s.transition().NLeapfrog
		}
		b.ReportMetric(float64(grads)/b.Elapsed().Seconds(), "gradients/s")
		b.ReportMetric(float64(grads)/float64(b.N), "gradients/op")
	})
	b.Run("gradient-baseline", func(b *testing.B) {
		k := gaussKernel{[]float64{0.5, 1, 2, 1, 1, 3, 1, 1, 0.2, 1}}
		q, g := make([]float64, 10), make([]float64, 10)
		b.ReportAllocs()
		for b.Loop() {
			k.LogDensityGrad(g, q)
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "gradients/s")
	})
}
