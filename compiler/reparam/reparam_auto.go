package reparam

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/library/funcs"
)

// How `--noncentered auto` chooses, from the data, between the centered and
// the non-centered form of each hierarchical site theta ~ normal(mu, tau).
//
// The rule is Betancourt & Girolami's (2015, "Hamiltonian Monte Carlo for
// hierarchical models", section 4): the centered form suits a group whose
// likelihood is narrower than the prior over the groups, the non-centered
// form one whose likelihood is wider. Where the data pin theta[j] down, its
// posterior hardly depends on tau and the centered coordinates are nearly
// independent, while the non-centered theta_raw[j] = (theta[j] - mu) / tau
// is tied to tau and mu by the data: a funnel of its own. Papaspiliopoulos,
// Roberts & Sköld (2007, "A general framework for the parametrization of
// hierarchical models", section 2) make the crossover exact for the normal
// model y[j] ~ normal(theta[j], se[j]): the centered Gibbs sampler converges
// at rate se^2 / (se^2 + tau^2), the non-centered one at tau^2 / (se^2 +
// tau^2), and the two are equal where the standard error se of a group's
// data equals tau. So auto compares, for the median group:
//
//   - se, the standard error with which the group's data alone estimate its
//     element: 1 / sqrt(sum 1/sigma_n^2) when the likelihood's scale is data
//     (eight schools: sigma), or sigma_hat / sqrt(n_j) when it is a
//     parameter, with sigma_hat from the spread of the outcomes within the
//     groups (the one-way analysis of variance's pooled estimate);
//   - tau_hat, the spread of the groups, from the spread of the groups' means
//     beyond what their standard errors explain: tau_hat^2 = max(0,
//     var(ybar_j) - mean(se_j^2)), the method-of-moments estimate.
//
// and chooses centered when se < tau_hat. Eight schools: se 9 to 18, the
// means spread less than that, tau_hat = 0: non-centered. Fifty groups of a
// thousand observations with noise 1 and groups 1 apart: se = 0.03 < 1:
// centered.
//
// The median, not the mean, stands for the groups, so a few groups with much
// or no data do not decide for the rest; a site whose groups differ widely
// would be best split, part centered and part not, which the rewrite does
// not do.
//
// Where se or tau_hat cannot be estimated (the likelihood is not normal with
// theta's element as its location, as in bernoulli_logit(alpha + theta[g]);
// its outcome is a parameter, as at the upper level of a nested model; no
// group has two observations to separate the noise from the spread; a single
// group), auto falls back on the count of observations in the median group,
// centered from minObservations on. The count alone cannot know the
// scales, so the threshold assumes the groups spread by a third of the noise
// (an intraclass correlation of 0.1, common in multilevel data): se < tau is
// then sigma / sqrt(n) < sigma / 3, n > 9.
//
// Limits: tau_hat is the spread of the group means around one common mean,
// so a location that differs between groups (mu_d[district]) adds its own
// spread and favours the centered form; terms auto cannot follow make it
// rewrite the site, as without data, and say so.

// minObservations is the median group's count of observations from which
// auto keeps a site centered when it cannot estimate the scales.
const minObservations = 10

// choice is auto's choice for one site.
type choice struct {
	nonCentered bool
	groups      string // "8 groups, 1 observation each"
	why         string // the comparison that decided
}

// choose applies the rule to what the data say about one site.
func choose(d *groupData) choice {
	if d.lost != "" {
		return choice{nonCentered: true, groups: "data not followed",
			why: "auto cannot tell how much the data say about each element: " + d.lost + "; rewritten, as without data"}
	}
	if d.groups == 0 {
		return choice{nonCentered: true, groups: "no groups", why: d.theta + " has no elements"}
	}
	c := choice{groups: groupsText(d.n)}
	total, withData := 0, 0
	for _, n := range d.n {
		total += n
		if n > 0 {
			withData++
		}
	}
	var se []float64
	var note, fallback string
	switch {
	case total == 0:
		c.nonCentered, c.why = true, "no likelihood term uses "+d.theta+": its prior alone shapes it"
		return c
	case !d.moments:
		fallback = fmt.Sprintf("its likelihood is not normal with data outcomes and an element of %s (plus a constant) as the location, so its scales cannot be estimated", d.theta)
	case d.dataScale && d.paramScale:
		fallback = "its likelihood terms mix data and parameter scales"
	case withData < 2:
		fallback = "only one group has data, so the spread of the groups cannot be estimated"
	case d.dataScale:
		se = make([]float64, d.groups)
		for j, w := range d.sw {
			se[j] = 1 / math.Sqrt(w)
		}
	case total-withData < 1:
		fallback = "no group has two observations to estimate the likelihood's scale from"
	default:
		within := 0.0
		for _, m2 := range d.m2 {
			within += m2
		}
		sigma := math.Sqrt(within / float64(total-withData))
		se = make([]float64, d.groups)
		for j, n := range d.n {
			se[j] = math.Inf(1)
			if n > 0 {
				se[j] = sigma / math.Sqrt(float64(n))
			}
		}
		name := d.scaleName
		if name == "" {
			name = "the likelihood's scale"
		}
		note = fmt.Sprintf("; %s about %s, from the spread within groups", name, num(sigma))
	}
	if se == nil {
		med := medianInts(d.n)
		c.nonCentered = med < minObservations
		verdict := "reach"
		if c.nonCentered {
			verdict = "fall short of"
		}
		c.why = fmt.Sprintf("%s; by the count alone, the median group's %s observations %s the %d from which the data dominate when the groups spread by a third of the noise",
			fallback, num(med), verdict, minObservations)
		return c
	}
	var means, errs2 []float64
	for j, n := range d.n {
		if n > 0 {
			means = append(means, d.mean[j])
			errs2 = append(errs2, se[j]*se[j])
		}
	}
	tau := math.Sqrt(max(0, funcs.Variance(means)-funcs.Mean(errs2)))
	med := median(se)
	c.nonCentered = !(med < tau)
	verdict := "less than the groups' spread estimated from their means, %s: the likelihood dominates"
	if c.nonCentered {
		verdict = "no less than the groups' spread estimated from their means, %s: the prior dominates"
	}
	c.why = fmt.Sprintf("a group's data give it a standard error of %s (median%s), "+verdict, num(med), note, num(tau))
	return c
}

// groupsText says how the observations fall into groups: "8 groups, 1
// observation each", "50 groups, 3 to 40 observations (median 12)".
func groupsText(n []int) string {
	obs := func(k int) string {
		if k == 1 {
			return "1 observation"
		}
		return fmt.Sprintf("%d observations", k)
	}
	lo, hi := slices.Min(n), slices.Max(n)
	switch {
	case len(n) == 1:
		return "1 group, " + obs(lo)
	case lo == hi:
		return fmt.Sprintf("%d groups, %s each", len(n), obs(lo))
	}
	return fmt.Sprintf("%d groups, %d to %d observations (median %s)", len(n), lo, hi, num(medianInts(n)))
}

// AutoSummary is the one line that says what --noncentered auto chose from
// the data, site by site: "theta: non-centered (8 groups, 1 observation
// each); a: centered (50 groups, 1000 observations each)"; "" when it chose
// nothing from data.
func AutoSummary(notes []Note) string {
	var parts []string
	for _, n := range notes {
		if n.Groups == "" {
			continue
		}
		form := "non-centered"
		if n.Skipped != "" {
			form = "centered"
		}
		parts = append(parts, fmt.Sprintf("%s: %s (%s)", n.Var, form, n.Groups))
	}
	return strings.Join(parts, "; ")
}

// median is the median of xs (+Inf counts as the largest).
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	k := len(s) / 2
	if len(s)%2 == 1 {
		return s[k]
	}
	return (s[k-1] + s[k]) / 2
}

func medianInts(xs []int) float64 {
	f := make([]float64, len(xs))
	for i, x := range xs {
		f[i] = float64(x)
	}
	return median(f)
}

// num writes a number for a message with three significant digits,
// without an exponent for a large one: 0.0316, 11, 1000.
func num(x float64) string {
	if math.Abs(x) >= 1000 && !math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return strconv.FormatFloat(x, 'g', 3, 64)
}
