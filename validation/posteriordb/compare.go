package posteriordb

import (
	"fmt"
	"math"

	"github.com/bayes-dev/bayes/diagnostics"
)

// Outcome is the rule's verdict on one run.
type Outcome struct {
	Checks int // comparisons made: 4 per reference element found
	// Failures describe each failed comparison (element, statistic, both
	// values, |difference|, bound, ratio) and each reference element the
	// run lacks.
	Failures []string
	// MaxRatio is the largest |difference| / bound over all checks (a
	// pass is <= 1).
	MaxRatio    float64
	Divergences int
	// MinESS is the smallest bulk or tail ESS, MaxRhat the largest split
	// R-hat, over the reference elements.
	MinESS  float64
	MaxRhat float64
	// MinBulk is the smallest bulk ESS alone, which the adaptation table
	// divides by the gradients.
	MinBulk float64
	// Converged is rule 1: R-hat <= 1.01, ESS >= 400, no divergence.
	Converged bool
}

// Passed reports a run that meets all four rules.
func (o *Outcome) Passed() bool { return o.Converged && len(o.Failures) == 0 }

// Marginal reports a failure close enough to the bounds to be a false alarm
// of a correct sampler, which INDEX.md ("False alarms") says to confirm
// with a second seed before calling it a bug: no divergence, every ratio
// under 1.25, R-hat under 1.02 and ESS at least 300.
func (o *Outcome) Marginal() bool {
	return !o.Passed() && o.Divergences == 0 && o.MaxRatio < 1.25 && o.MaxRhat < 1.02 && o.MinESS >= 300
}

// Brief is the run's diagnostics in one phrase, for logs.
func (o *Outcome) Brief() string {
	return fmt.Sprintf("%d divergences, min ESS %.0f, max R-hat %.4f", o.Divergences, o.MinESS, o.MaxRhat)
}

// eps keeps a bound positive where a reference statistic is exactly known
// (INDEX.md, "Comparison rule").
const eps = 1e-8

// Compare applies rules 1-4 of INDEX.md to every element of ref. cols are
// the run's draws by Stan name, [chain][iteration], post-warmup and pooled
// over chains by the rule; divergences counts the post-warmup divergent
// transitions. An element missing from cols is a failure. The error is
// that of diagnostics.Summarize (chains of unequal length).
func Compare(ref *Reference, cols []diagnostics.Column, divergences int) (Outcome, error) {
	byName := make(map[string]int, len(cols))
	for i, c := range cols {
		byName[c.Name] = i
	}
	o := Outcome{Divergences: divergences, MinESS: math.Inf(1), MinBulk: math.Inf(1)}
	var found []diagnostics.Column
	var elems []Element
	for _, r := range ref.Parameters {
		i, ok := byName[r.Name]
		if !ok {
			o.Failures = append(o.Failures, fmt.Sprintf("bayes has no element named %q", r.Name))
			continue
		}
		found = append(found, cols[i])
		elems = append(elems, r)
	}
	summary, err := diagnostics.Summarize(found)
	if err != nil {
		return Outcome{}, err
	}
	for k, r := range elems {
		s, draws := summary[k], found[k].Draws
		o.MinESS = min(o.MinESS, s.ESSBulk, s.ESSTail)
		o.MinBulk = min(o.MinBulk, s.ESSBulk)
		o.MaxRhat = max(o.MaxRhat, s.Rhat)
		essB, essT := s.ESSBulk, s.ESSTail
		ePrimeR, ePrimeB := min(r.ESSBulk, r.ESSTail), min(essB, essT)
		checks := []struct {
			what      string
			got, want float64
			bound     float64
		}{
			{"mean", diagnostics.Mean(draws), r.Mean, 4*math.Sqrt(r.SD*r.SD/essB+r.SD*r.SD/r.ESSBulk) + eps},
			{"sd", diagnostics.SD(draws), r.SD, 4*r.MCSESD*math.Sqrt(1+ePrimeR/ePrimeB) + eps},
			{"q5", diagnostics.Quantile(draws, 0.05), r.Q5, 4*r.MCSEQ5*math.Sqrt(1+r.ESSTail/essT) + eps},
			{"q95", diagnostics.Quantile(draws, 0.95), r.Q95, 4*r.MCSEQ95*math.Sqrt(1+r.ESSTail/essT) + eps},
		}
		for _, c := range checks {
			o.Checks++
			diff := math.Abs(c.got - c.want)
			ratio := diff / c.bound
			if !(ratio <= 1) {
				o.Failures = append(o.Failures, fmt.Sprintf("%s %s: bayes %.6g, reference %.6g, |difference| %.3g, bound %.3g, ratio %.2f",
					r.Name, c.what, c.got, c.want, diff, c.bound, ratio))
			}
			if !math.IsNaN(ratio) {
				o.MaxRatio = max(o.MaxRatio, ratio)
			}
		}
	}
	o.Converged = o.MaxRhat <= 1.01 && o.MinESS >= 400 && o.Divergences == 0
	return o, nil
}
