package sampler

import (
	"math"
	"testing"
)

// Stan 2.21 (rstan, Debian's r-cran-rstan) on eight schools, 8 chains x
// (1000 warmup + 5000 draws), default settings, measured 2026-11-24
// (shared/anchors/README.md, "Stan 2.21 ... eight schools"). Posterior of the
// non-centered model: mean ± sd. Stan's min bulk ESS there was 24,377, so
// the reference means carry an MCSE of at most sd/sqrt(24377), and the table
// rounds them to 0.01.
var stanEightSchoolsNC = []struct {
	name     string
	f        func(q []float64) float64
	mean, sd float64
}{
	{"mu", func(q []float64) float64 { return q[0] }, 4.42, 3.32},
	{"tau", func(q []float64) float64 { return math.Exp(q[1]) }, 3.60, 3.20},
	{"theta[1]", func(q []float64) float64 { return q[0] + math.Exp(q[1])*q[2] }, 6.22, 5.53},
}

const stanAnchorESS = 24377

// TestEightSchoolsAgainstStan runs both parameterisations with Stan's
// anchor settings. Non-centered: posterior means within 4 MCSE of Stan's
// (ours and Stan's MCSE combined, plus the table's rounding). Centered: the
// divergence count and gradient count are logged beside Stan's 1,272
// divergences and 809,734 leapfrog steps (a different random stream gives a
// different count; divergences cluster by chain, so no band is asserted
// beyond "some").
func TestEightSchoolsAgainstStan(t *testing.T) {
	cfg := testConfig(8, 2021)
	cfg.Samples = 5000
	if testing.Short() {
		cfg.Samples = 1000
	}
	t.Run("noncentered", func(t *testing.T) {
		r, err := collect(t, cfg, same(eightSchoolsNC{}))
		if err != nil {
			t.Fatal(err)
		}
		for _, ref := range stanEightSchoolsNC {
			x := make([][]float64, len(r.q))
			for c, draws := range r.q {
				for _, q := range draws {
					x[c] = append(x[c], ref.f(q))
				}
			}
			m, se := meanMCSE(x)
			refSE := ref.sd / math.Sqrt(stanAnchorESS)
			tol := math.Hypot(se, refSE) + 0.005/4
			checkWithin(t, "posterior mean of "+ref.name, m, tol, ref.mean)
		}
	})
	t.Run("centered", func(t *testing.T) {
		r, err := collect(t, cfg, same(eightSchools{}))
		if err != nil {
			t.Fatal(err)
		}
		div, leap := 0, 0
		for c := range r.stats {
			for _, s := range append(r.warmupStats[c], r.stats[c]...) {
				leap += s.NLeapfrog
			}
			for _, s := range r.stats[c] {
				if s.Divergent {
					div++
				}
			}
		}
		t.Logf("centered: %d divergences after warmup of %d (Stan 2.21: 1272 of 40000); %d leapfrog steps (Stan: 809734)",
			div, cfg.Chains*cfg.Samples, leap)
		if div == 0 {
			t.Error("no divergences on the centered eight schools")
		}
	})
}
