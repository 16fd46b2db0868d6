package cuda

import (
	"math"
	"testing"

	"github.com/bayes-dev/bayes/cnuts"
	"github.com/bayes-dev/bayes/cnuts/cnutstest"
	"github.com/bayes-dev/bayes/diagnostics"
)

// The C NUTS of package cnuts on the first GPU, checked as cnuts checks its
// C build on the CPU. These tests skip without a GPU or NVRTC; they have
// not run yet.

// TestNUTSKernelOnDevice runs the chain kernels on the first GPU: 256
// chains (one thread each) of 1000 warmup and 1000 kept iterations of the
// non-centered eight schools, and requires of the pooled draws what
// cnuts's TestEightSchools requires of the CPU build (mu and tau within
// 4 standard errors of posteriordb's reference, under 2% divergences).
func TestNUTSKernelOnDevice(t *testing.T) {
	d := openOrSkip(t)
	devs, err := d.Devices()
	if err != nil || len(devs) == 0 {
		t.Fatalf("devices: %v (%d)", err, len(devs))
	}
	nvrtcOrSkip(t, d)
	ref := cnutstest.EightSchoolsReference(t)
	c, err := d.NewContext(0)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	m := cnutstest.EightSchools(t)
	src, err := cnuts.NewChainSource(m, cnuts.ChainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dc, err := LoadChains(d, c, src, devs[0].Arch())
	if err != nil {
		t.Fatal(err)
	}
	defer dc.Close()
	cfg := cnuts.DefaultChainConfig()
	cfg.Seed = 20261125
	r, err := dc.Run(256, cfg)
	if err != nil {
		t.Fatal(err)
	}
	index := map[string]int{}
	for k, n := range m.OutputNames() {
		index[n] = k
	}
	for _, p := range ref.Parameters {
		k, ok := index[p.Name]
		if !ok || (p.Name != "mu" && p.Name != "tau") {
			continue
		}
		x := r.Column(k)
		mean := cnutstest.PoolMean(x)
		se := math.Hypot(diagnostics.MCSEMean(x), p.SD/math.Sqrt(p.ESSBulk))
		t.Logf("%s: mean %.3f (reference %.3f), standard error %.3f", p.Name, mean, p.Mean, se)
		if math.Abs(mean-p.Mean) > 4*se {
			t.Errorf("posterior mean of %s on the GPU = %.3f, reference %.3f: more than 4 standard errors (%.3f) apart", p.Name, mean, p.Mean, se)
		}
	}
	if div := cnutstest.PoolMean(r.StatColumn(cnuts.StatDivergent)); div > 0.02 {
		t.Errorf("%.2f%% divergent transitions, want under 2%%", 100*div)
	}
	t.Logf("treedepth %.3f, accept_stat %.3f", cnutstest.PoolMean(r.StatColumn(cnuts.StatTreedepth)), cnutstest.PoolMean(r.StatColumn(cnuts.StatAcceptStat)))
}

// TestDataRegimeOnDevice runs RegimeData on the first GPU (a block of
// cnuts.GroupThreads threads per chain) against RegimeChains's plain-C
// build, as cnuts's TestDataRegimeOnHost does.
func TestDataRegimeOnDevice(t *testing.T) {
	d := openOrSkip(t)
	nvrtcOrSkip(t, d)
	m := cnutstest.Logistic(t, 2000, 5)
	src, err := cnuts.NewChainSource(m, cnuts.ChainOptions{Regime: cnuts.RegimeData})
	if err != nil {
		t.Fatal(err)
	}
	// With a GPU and NVRTC, a failure here is a bug, not a reason to skip.
	s, err := OpenSession(src)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cfg := cnuts.DefaultChainConfig()
	cfg.Seed, cfg.Warmup, cfg.Samples = 9, 500, 1000
	b, err := s.Run(4, cfg)
	if err != nil {
		t.Fatal(err)
	}
	single, err := cnuts.NewChainSource(m, cnuts.ChainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a := hostRun(t, single, 4, cfg)
	cnutstest.SamePosterior(t, m, a, b)
}
