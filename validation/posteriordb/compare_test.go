package posteriordb

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/diagnostics"
)

// stdNormal is the reference summary of a standard normal element as a
// reference run with 10 000 independent draws would give it, from the
// exact distribution: mean 0, sd 1, q5 = -q95 = -1.6448536 (the normal
// quantile at 0.95); mcse_sd = sqrt((m4 - m2^2) / (4 m2 ESS)) with m4 = 3,
// m2 = 1 (INDEX.md's delta method); mcse_q = sqrt(p (1 - p) / ESS) / phi(q)
// with phi(1.6448536) = 0.10313564 (the asymptotic sd of a sample quantile).
func stdNormal(name string) Element {
	const ess, q95, phi = 10000, 1.6448536, 0.10313564
	mcseQ := math.Sqrt(0.05*0.95/ess) / phi
	return Element{Name: name, Mean: 0, SD: 1, Q5: -q95, Q95: q95, ESSBulk: ess, ESSTail: ess,
		MCSESD: math.Sqrt(2.0 / (4 * ess)), MCSEQ5: mcseQ, MCSEQ95: mcseQ}
}

// normalColumn is 4 chains of 1000 independent standard normal draws,
// times scale, plus shift.
func normalColumn(name string, seed uint64, shift, scale float64) diagnostics.Column {
	col := diagnostics.Column{Name: name, Draws: make([][]float64, 4)}
	for c := range col.Draws {
		rng := rand.New(rand.NewPCG(seed, uint64(c)))
		col.Draws[c] = make([]float64, 1000)
		for i := range col.Draws[c] {
			col.Draws[c][i] = shift + scale*rng.NormFloat64()
		}
	}
	return col
}

func TestCompare(t *testing.T) {
	ref := &Reference{Parameters: []Element{stdNormal("mu"), stdNormal("theta[1]")}}
	tests := []struct {
		name        string
		cols        []diagnostics.Column
		divergences int
		passed      bool
		converged   bool
		checks      int
		failure     string // a substring of some failure, when it fails
	}{
		{"exact draws pass", []diagnostics.Column{normalColumn("mu", 1, 0, 1), normalColumn("theta[1]", 2, 0, 1)}, 0, true, true, 8, ""},
		// 0.2 is about 11 standard errors of the difference of means.
		{"shifted mean fails", []diagnostics.Column{normalColumn("mu", 1, 0.2, 1), normalColumn("theta[1]", 2, 0, 1)}, 0, false, true, 8, "mu mean"},
		// A 10% wider sd moves sd by about 5 and the quantiles by about 4
		// standard errors.
		{"wide sd fails", []diagnostics.Column{normalColumn("mu", 1, 0, 1), normalColumn("theta[1]", 2, 0, 1.1)}, 0, false, true, 8, "theta[1] sd"},
		{"missing element fails", []diagnostics.Column{normalColumn("mu", 1, 0, 1)}, 0, false, true, 4, `no element named "theta[1]"`},
		{"a divergence fails rule 1", []diagnostics.Column{normalColumn("mu", 1, 0, 1), normalColumn("theta[1]", 2, 0, 1)}, 1, false, false, 8, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := Compare(ref, tt.cols, tt.divergences)
			if err != nil {
				t.Fatal(err)
			}
			if o.Passed() != tt.passed || o.Converged != tt.converged || o.Checks != tt.checks {
				t.Fatalf("passed %v, converged %v, %d checks; want %v, %v, %d (failures %q)",
					o.Passed(), o.Converged, o.Checks, tt.passed, tt.converged, tt.checks, o.Failures)
			}
			if tt.failure != "" && !strings.Contains(strings.Join(o.Failures, "\n"), tt.failure) {
				t.Errorf("failures %q: none mentions %q", o.Failures, tt.failure)
			}
			if tt.passed && o.MaxRatio > 1 {
				t.Errorf("passed with max ratio %.2f", o.MaxRatio)
			}
		})
	}
}

func TestCompareUnequalChains(t *testing.T) {
	col := normalColumn("mu", 1, 0, 1)
	col.Draws[3] = col.Draws[3][:10]
	ref := &Reference{Parameters: []Element{stdNormal("mu")}}
	if _, err := Compare(ref, []diagnostics.Column{col}, 0); err == nil {
		t.Fatal("chains of unequal length: no error")
	}
}
