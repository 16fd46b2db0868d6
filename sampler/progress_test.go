package sampler

import "testing"

// TestProgressAgreesWithDraws: each chain's last warmup progress report
// counts the divergent transitions of its warmup draws, its last report
// those of its sampling draws and the leapfrog steps of all (every
// iteration is kept at Thin 1), and carries the last draw's step size.
// The centered eight schools diverges, so the counts are tested on
// nonzero numbers.
func TestProgressAgreesWithDraws(t *testing.T) {
	cfg := testConfig(2, 3)
	cfg.Warmup, cfg.Samples = 300, 300
	r, err := collect(t, cfg, same(eightSchools{}))
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for c := range cfg.Chains {
		var div [2]int // warmup, sampling
		grads := int64(0)
		for phase, stats := range [][]Stats{r.warmupStats[c], r.stats[c]} {
			for _, s := range stats {
				if s.Divergent {
					div[phase]++
				}
				grads += int64(s.NLeapfrog)
			}
		}
		if w := r.lastWarmup[c]; w.Divergences != div[0] || !w.Warmup || w.Done != cfg.Warmup {
			t.Errorf("chain %d: last warmup progress %+v, want %d divergences at %d", c, w, div[0], cfg.Warmup)
		}
		total += div[0] * div[1]
		p := r.last[c]
		want := ChainProgress{Chain: c, Done: cfg.Warmup + cfg.Samples, Divergences: div[1],
			Stepsize: r.stats[c][cfg.Samples-1].Stepsize, Gradients: grads}
		if p != want {
			t.Errorf("chain %d: last progress %+v, want %+v", c, p, want)
		}
	}
	if total == 0 {
		t.Error("no divergences in warmup or in sampling: the test does not test their count")
	}
}
