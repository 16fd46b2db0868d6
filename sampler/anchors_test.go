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
// rounds them to 0.01. nc and centered read the quantity from a draw of
// eightSchoolsNC and eightSchools.
var stanEightSchoolsNC = []struct {
	name         string
	nc, centered func(q []float64) float64
	mean, sd     float64
}{
	{"mu", func(q []float64) float64 { return q[0] }, func(q []float64) float64 { return q[0] }, 4.42, 3.32},
	{"tau", func(q []float64) float64 { return math.Exp(q[1]) }, func(q []float64) float64 { return math.Exp(q[1]) }, 3.60, 3.20},
	{"theta[1]", func(q []float64) float64 { return q[0] + math.Exp(q[1])*q[2] }, func(q []float64) float64 { return q[2] }, 6.22, 5.53},
}

const stanAnchorESS = 24377

// TestEightSchoolsAgainstStan runs both parameterisations with Stan's
// anchor settings and the seed's story. Non-centered: posterior means within
// 4 MCSE of Stan's (ours and Stan's MCSE combined, plus the table's
// rounding). Centered: what the story shows (centeredFacts).
func TestEightSchoolsAgainstStan(t *testing.T) {
	cfg := testConfig(8, 2021)
	cfg.Samples = 5000
	if testing.Short() {
		cfg.Samples = 1000
	}
	nc, err := collect(t, cfg, same(eightSchoolsNC{}))
	if err != nil {
		t.Fatal(err)
	}
	c, err := collect(t, cfg, same(eightSchools{}))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("noncentered", func(t *testing.T) {
		for _, ref := range stanEightSchoolsNC {
			m, se := meanMCSE(mapDraws(nc, ref.nc))
			refSE := ref.sd / math.Sqrt(stanAnchorESS)
			tol := math.Hypot(se, refSE) + 0.005/4
			checkWithin(t, "posterior mean of "+ref.name, m, tol, ref.mean)
		}
	})
	t.Run("centered", func(t *testing.T) { centeredFacts(t, cfg, c, nc) })
}

// Stan 2.21's and NumPyro's centered runs at the seed's settings (8 chains
// x (1000 warmup + 5000 draws), adapt_delta 0.8): Stan's from
// shared/anchors/README.md, NumPyro's from the seed's story
// (shared/seed/eight_schools_numpyro.txt, print_summary of es_mcmc_0 and
// es_mcmc_1).
const (
	stanCenteredDivergences = 1272 // of 40,000; non-centered: 8
	// ESS of tau, non-centered over centered: Stan's bulk ESS 24,377 / 549
	// (44x), NumPyro's n_eff 28,589 / 2,151 (13x).
	minTauESSRatio = 13.0
)

// centeredFacts checks the centered run c against the story, beside the
// non-centered run nc on the same seed and settings: the centered model's
// funnel defeats a step size adapted to its mouth, so it diverges hundreds of
// times and samples tau slowly, while its means stay within their Monte
// Carlo error.
func centeredFacts(t *testing.T, cfg Config, c, nc *result) {
	draws := cfg.Chains * cfg.Samples
	divC, divNC := divergences(c), divergences(nc)
	essC, essNC := tauESS(c), tauESS(nc)
	t.Logf("divergences: centered %d, non-centered %d of %d (Stan 2.21: 1272 and 8 of 40000); ESS of tau: centered %.0f, non-centered %.0f",
		divC, divNC, draws, essC, essNC)

	// Hundreds of divergences: Stan's rate within a factor of 4 either
	// way. The runs known at these settings (Stan 1,272; NumPyro 1,327 in the
	// story and 837 in the anchors' rerun; this sampler 960 to 2,184 at seeds 1,
	// 2, 3 and 2021) lie within a factor of 2 of Stan's; divergences cluster
	// in the chains that reach the funnel's neck, hence the room.
	rate := float64(stanCenteredDivergences) / 40000 * float64(draws)
	if lo, hi := rate/4, rate*4; float64(divC) < lo || float64(divC) > hi {
		t.Errorf("centered: %d divergences of %d draws, want %.0f to %.0f (a quarter to 4 times Stan's rate)", divC, draws, lo, hi)
	}
	// The reparameterisation removes them: Stan 8 vs 1,272, NumPyro 5 vs 1,327.
	if 10*divNC >= divC {
		t.Errorf("non-centered: %d divergences, centered %d: want under a tenth", divNC, divC)
	}
	// A low ESS for tau: Stan's and NumPyro's centered runs have 44 and 13
	// times less than their non-centered ones; want at least a quarter of the
	// smaller factor, the rest being room for the error of the estimates.
	if ratio := essNC / essC; ratio < minTauESSRatio/4 {
		t.Errorf("ESS of tau: centered %.0f, non-centered %.0f (%.1f times more); want at least %.2f times more",
			essC, essNC, ratio, minTauESSRatio/4)
	}
	// Means within their Monte Carlo error of Stan's non-centered reference,
	// except tau, which the centered run over-estimates, under-sampling the
	// neck (Stan's centered run 3.90 and NumPyro's 3.91 against 3.60): it must
	// not lie below.
	for _, ref := range stanEightSchoolsNC {
		m, se := meanMCSE(mapDraws(c, ref.centered))
		tol := 4 * math.Hypot(se, ref.sd/math.Sqrt(stanAnchorESS))
		t.Logf("centered: posterior mean of %s %.3f ± %.3f (MCSE), Stan non-centered %.2f", ref.name, m, se, ref.mean)
		if ref.name == "tau" {
			if m < ref.mean-tol {
				t.Errorf("centered: posterior mean of tau %.4g below Stan's %.4g by more than 4 MCSE = %.3g", m, ref.mean, tol)
			}
			continue
		}
		checkWithin(t, "centered: posterior mean of "+ref.name, m, tol/4, ref.mean)
	}
}

// divergences counts the divergent transitions after warmup.
func divergences(r *result) int {
	n := 0
	for c := range r.stats {
		for _, s := range r.stats[c] {
			if s.Divergent {
				n++
			}
		}
	}
	return n
}

// tauESS is the effective sample size of tau = exp(q[1]): Geyer's, per
// chain, summed over chains (as meanMCSE's).
func tauESS(r *result) float64 {
	ess := 0.0
	for _, c := range mapSeries(r.coord(1), math.Exp) {
		ess += essGeyer(c)
	}
	return ess
}

// mapDraws applies f to every draw, by chain.
func mapDraws(r *result, f func(q []float64) float64) [][]float64 {
	x := make([][]float64, len(r.q))
	for c, draws := range r.q {
		for _, q := range draws {
			x[c] = append(x[c], f(q))
		}
	}
	return x
}
