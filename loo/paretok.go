package loo

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bayes-dev/bayes/diagnostics"
)

// The Pareto k thresholds of loo 2.5.1 (its k_cut and pareto-k-diagnostic
// help; Vehtari, Gelman and Gabry 2017, section 2.1): importance sampling
// is reliable for k <= KGood, usable with more Monte Carlo error up to
// KOK, and unreliable above it: the variance of the raw ratios is then
// infinite and the smoothed estimate's error can be large.
const (
	KGood = 0.5
	KOK   = 0.7
	KBad  = 1
)

// KClass is the class of a Pareto k, as loo's table prints it.
type KClass int

const (
	Good    KClass = iota // k <= 0.5
	OK                    // 0.5 < k <= 0.7
	Bad                   // 0.7 < k <= 1
	VeryBad               // k > 1, or not estimated
)

// KClasses are the classes in order, for tables.
var KClasses = []KClass{Good, OK, Bad, VeryBad}

// Classify returns k's class. A k that could not be estimated (+Inf: too
// few draws in the tail; NaN) is very bad.
func Classify(k float64) KClass {
	switch {
	case k <= KGood:
		return Good
	case k <= KOK:
		return OK
	case k <= KBad:
		return Bad
	}
	return VeryBad
}

// String is the class's name as loo prints it.
func (c KClass) String() string { return [...]string{"good", "ok", "bad", "very bad"}[c] }

// Range is the interval of k of the class, as loo prints it.
func (c KClass) Range() string {
	return [...]string{"(-Inf, 0.5]", "(0.5, 0.7]", "(0.7, 1]", "(1, Inf)"}[c]
}

// Warning kinds of Warnings.
const (
	WarnParetoK     = "pareto_k"      // some k > 0.7
	WarnParetoKHigh = "pareto_k_high" // some k in (0.5, 0.7], none above
)

// maxNamed is how many observations a warning names before "and N more".
const maxNamed = 10

// Warnings returns the warning about the Pareto k of r's observations, as
// loo 2.5.1 warns: when some k exceeds 0.7, one that names those
// observations, worst first; otherwise, when some exceeds 0.5, one that
// names those. None when every k is good.
func (r *Result) Warnings() []diagnostics.Warning {
	var bad, high []Point
	for _, p := range r.Points {
		switch Classify(p.ParetoK) {
		case Bad, VeryBad:
			bad = append(bad, p)
		case OK:
			high = append(high, p)
		}
	}
	n := len(r.Points)
	switch {
	case len(bad) > 0:
		return []diagnostics.Warning{{
			Kind: WarnParetoK,
			Message: fmt.Sprintf("Pareto k is above %g for %d of %d observations (%s): leaving out each of them changes the posterior "+
				"too much for importance sampling, so their elpd_loo terms, and the totals, are unreliable.",
				KOK, len(bad), n, listK(bad)),
			Remedy: "look at these observations: an outlier or an observation with high leverage gives a high k. A model that fits " +
				"them better (a heavier-tailed likelihood, such as student_t in place of normal) may lower it; otherwise compute " +
				"their terms exactly, sampling the model once without each of them (k-fold cross-validation for many).",
			Vars: names(bad),
		}}
	case len(high) > 0:
		return []diagnostics.Warning{{
			Kind: WarnParetoKHigh,
			Message: fmt.Sprintf("Pareto k is slightly high, in (%g, %g], for %d of %d observations (%s): their elpd_loo terms "+
				"are usable but have more Monte Carlo error.", KGood, KOK, len(high), n, listK(high)),
			Remedy: "more draws (--samples) make these terms more precise; above 0.7 they would be unreliable.",
			Vars:   names(high),
		}}
	}
	return nil
}

// listK lists observations with their k, worst first: "log_lik[8]=4.13,
// log_lik[2]=0.71 and 3 more".
func listK(ps []Point) string {
	ps = slices.Clone(ps)
	slices.SortStableFunc(ps, func(a, b Point) int { return -compareFloat(a.ParetoK, b.ParetoK) })
	var parts []string
	for _, p := range ps[:min(len(ps), maxNamed)] {
		parts = append(parts, fmt.Sprintf("%s=%.2f", p.Name, p.ParetoK))
	}
	s := strings.Join(parts, ", ")
	if len(ps) > maxNamed {
		s += fmt.Sprintf(" and %d more", len(ps)-maxNamed)
	}
	return s
}

func names(ps []Point) []string {
	ps = slices.Clone(ps)
	slices.SortStableFunc(ps, func(a, b Point) int { return -compareFloat(a.ParetoK, b.ParetoK) })
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}
