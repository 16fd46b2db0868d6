package main

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/diagnostics"
)

// catalogue names the corpus posteriors the analysis of the kept runs
// (analyse.go) looks at by name: the variant pairs, the same-data sets
// that were read and found not to be variants, and the multimodal
// posteriors that are always shown with their modes.
type catalogue struct {
	pairs      []variantPair
	sameData   []sameData
	multimodal []string
}

// variantPair is two posteriors of the corpus that are one posterior
// written two ways: the same data (data.json byte for byte) and the same
// joint density of the quantities they share, so that their runs must
// agree on every quantity present in both with the same name and shape.
type variantPair struct {
	a, b string
	why  string // what differs between the programs, and why it is the same posterior
}

// sameData is a set of posteriors on the same data whose programs were
// read and are different posteriors: their runs are not compared.
type sameData struct {
	names []string
	why   string
}

// nonCentered is why a _centered / _noncentered pair of the radon case
// study (Gelman and Hill 2006, posteriordb's radon_* programs) is one
// posterior: the centered program puts alpha ~ normal(mu_alpha,
// sigma_alpha) on the parameter alpha; the non-centered one samples
// alpha_raw ~ normal(0, 1) and sets the transformed parameter alpha =
// mu_alpha + sigma_alpha * alpha_raw, which has that same conditional
// density (a location-scale change of variables). Priors and likelihood
// are the same lines. alpha_raw, only in the non-centered run, is not
// compared.
func nonCentered(effects string) string {
	return "the non-centered program samples " + effects + " as a transformed parameter mu + sigma * raw " +
		"with raw ~ normal(0, 1), the centered one as a parameter ~ normal(mu, sigma): the same conditional " +
		"density; priors and likelihood are the same lines (the *_raw parameters are not compared)"
}

// corpusCatalogue is the catalogue of ../shared/corpus/posteriordb, made
// by reading the model.stan files of every set of posteriors with the
// same data.json (TestCatalogueInCorpus checks that the names exist, that
// each pair and set shares its data, and that every mixture and LDA
// posterior is in multimodal).
var corpusCatalogue = catalogue{
	pairs: []variantPair{
		// radon_all: the 919 houses of every state. Its five centered
		// programs each have a non-centered twin.
		{"radon_all-radon_hierarchical_intercept_centered", "radon_all-radon_hierarchical_intercept_noncentered", nonCentered("alpha")},
		{"radon_all-radon_partially_pooled_centered", "radon_all-radon_partially_pooled_noncentered", nonCentered("alpha")},
		{"radon_all-radon_variable_intercept_centered", "radon_all-radon_variable_intercept_noncentered", nonCentered("alpha")},
		{"radon_all-radon_variable_intercept_slope_centered", "radon_all-radon_variable_intercept_slope_noncentered", nonCentered("alpha and beta")},
		{"radon_all-radon_variable_slope_centered", "radon_all-radon_variable_slope_noncentered", nonCentered("beta")},
		// radon_mn: Minnesota only; the same programs (byte for byte),
		// but posteriordb has no radon_mn-radon_variable_slope_centered.
		{"radon_mn-radon_hierarchical_intercept_centered", "radon_mn-radon_hierarchical_intercept_noncentered", nonCentered("alpha")},
		{"radon_mn-radon_partially_pooled_centered", "radon_mn-radon_partially_pooled_noncentered", nonCentered("alpha")},
		{"radon_mn-radon_variable_intercept_centered", "radon_mn-radon_variable_intercept_noncentered", nonCentered("alpha")},
		{"radon_mn-radon_variable_intercept_slope_centered", "radon_mn-radon_variable_intercept_slope_noncentered", nonCentered("alpha and beta")},
	},
	sameData: []sameData{
		{[]string{"seeds_data-seeds_model", "seeds_data-seeds_stanified_model", "seeds_data-seeds_centered_model"},
			"different priors: seeds_model has alpha ~ normal(0, 1e3) and tau ~ gamma(1e-3, 1e-3) with sigma = 1 / sqrt(tau), " +
				"the other two alpha ~ normal(0, 1) and sigma ~ cauchy(0, 1); seeds_centered_model sets b = c - mean(c), " +
				"which moves the mean of the effects into alpha0 and so changes alpha0's prior (normal(0, 1) instead of " +
				"normal(0, 1 + sigma^2 / I)) and the meaning of b"},
		{[]string{"ecdc0401-covid19imperial_v2", "ecdc0401-covid19imperial_v3"},
			"the same program (model.stan byte for byte, though posterior.json lists parameters of v3 the program lacks) " +
				"on the same data: with the same seed the two runs are one run twice, so comparing them tests nothing"},
		{[]string{"ecdc0501-covid19imperial_v2", "ecdc0501-covid19imperial_v3"}, "as ecdc0401: one program twice"},
		{[]string{"dogs-dogs", "dogs-dogs_log", "dogs-dogs_hierarchical"},
			"different models of the avoidance learning: a logit-linear p with 3 coefficients, an inv_logit of 2 " +
				"with uniform priors, and p = a^shocks * b^avoidances"},
		{[]string{"wells_data-wells_dist", "wells_data-wells_dist100_model", "wells_data-wells_dist100ars_model",
			"wells_data-wells_dae_model", "wells_data-wells_dae_inter_model", "wells_data-wells_interaction_model",
			"wells_data-wells_interaction_c_model"},
			"different regressions (predictors, scalings, interactions)"},
		{[]string{"earnings-logearn_height", "earnings-log10earn_height", "earnings-logearn_height_male"},
			"log and log10 earnings have coefficients on different scales, and the third adds a predictor " +
				"(all three have a reference)"},
		{[]string{"mesquite-mesquite", "mesquite-logmesquite", "mesquite-logmesquite_logvash"},
			"different regressions (raw and log scales, other predictors; all three have a reference)"},
		{[]string{"kidiq-kidscore_momhs", "kidiq-kidscore_momiq"}, "different predictors (both have a reference)"},
		{[]string{"Rate_2_data-Rate_2_model", "Rate_3_data-Rate_3_model"},
			"two rates and their difference, against one common rate"},
	},
	// The mixtures and the LDA topic models, whose likelihood is the same
	// under any permutation of the components (label switching): their
	// chains may each find another labelling, or another mode.
	multimodal: []string{
		"normal_2-normal_mixture",
		"normal_5-normal_mixture_k",
		"low_dim_gauss_mix_collapse-low_dim_gauss_mix_collapse",
		"three_docs1200-ldaK2",
		"three_men1-ldaK2",
		"three_men2-ldaK2",
		"prideprejudice_chapter-ldaK5",
		"prideprejudice_paragraph-ldaK5",
	},
}

// mixedRhat is the largest max R-hat of a run that has mixed (Vehtari et
// al. 2021 recommend 1.01); agreeMCSE bounds |mean_a - mean_b| in joint
// Monte Carlo standard errors, sqrt(mcse_a² + mcse_b²), as STYLE.md's
// statistical tests do.
const (
	mixedRhat = 1.01
	agreeMCSE = 4
)

// comparison is the posterior means of two runs compared, quantity by
// quantity, over those present in both with the same name and shape.
type comparison struct {
	shapes []string // the variables compared, "alpha[85]", in the first run's order
	values int      // the scalar quantities compared
	// worst is the quantity with the largest |difference| / joint MCSE,
	// ratio that ratio (0 when nothing was compared).
	worst string
	ratio float64
}

// compareMeans compares a and b. A variable is compared when both runs
// have it with the same elements (a scalar in both, or the same indices);
// an element whose mean or MCSE is not finite in either run is left out.
// Two equal constants (both MCSEs 0) have ratio 0, two different ones +Inf.
func compareMeans(a, b diagnostics.Summary) comparison {
	va, _ := variables(a)
	_, vb := variables(b)
	inA, inB := byName(a), byName(b)
	var c comparison
	for _, v := range va {
		w, ok := vb[v.base]
		if !ok || !slices.Equal(sortedCopy(v.names), sortedCopy(w.names)) {
			continue
		}
		c.shapes = append(c.shapes, v.shape())
		for _, name := range v.names {
			x, y := inA[name], inB[name]
			if !finite(x.Mean) || !finite(y.Mean) || !finite(x.MCSEMean) || !finite(y.MCSEMean) {
				continue
			}
			diff, se := math.Abs(x.Mean-y.Mean), math.Hypot(x.MCSEMean, y.MCSEMean)
			r := 0.0
			switch {
			case se > 0:
				r = diff / se
			case diff > 0:
				r = math.Inf(1)
			}
			c.values++
			if c.worst == "" || r > c.ratio {
				c.worst, c.ratio = name, r
			}
		}
	}
	return c
}

// variable is the elements of one Stan variable in a summary: "theta"
// with names "theta[1,1]", "theta[1,2]", ...; a scalar has its own name.
type variable struct {
	base  string
	names []string
}

// variables lists the variables of s in the order of their first
// element, and maps them by base name.
func variables(s diagnostics.Summary) ([]variable, map[string]variable) {
	var out []variable
	at := map[string]int{}
	for _, v := range s {
		base, _, _ := strings.Cut(v.Name, "[")
		i, ok := at[base]
		if !ok {
			i = len(out)
			at[base] = i
			out = append(out, variable{base: base})
		}
		out[i].names = append(out[i].names, v.Name)
	}
	byBase := make(map[string]variable, len(out))
	for _, v := range out {
		byBase[v.base] = v
	}
	return out, byBase
}

func byName(s diagnostics.Summary) map[string]diagnostics.VarSummary {
	m := make(map[string]diagnostics.VarSummary, len(s))
	for _, v := range s {
		m[v.Name] = v
	}
	return m
}

func sortedCopy(s []string) []string { return slices.Sorted(slices.Values(s)) }

// shape writes a variable as its declaration's dimensions would:
// "sigma", "alpha[85]", "theta[3,2]" (each dimension the largest index).
func (v variable) shape() string {
	if len(v.names) == 1 && v.names[0] == v.base {
		return v.base
	}
	var dims []int
	for _, name := range v.names {
		inside := strings.TrimSuffix(strings.TrimPrefix(name, v.base+"["), "]")
		for k, idx := range strings.Split(inside, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(idx))
			if err != nil {
				return fmt.Sprintf("%s (%d)", v.base, len(v.names))
			}
			if k == len(dims) {
				dims = append(dims, 0)
			}
			dims[k] = max(dims[k], n)
		}
	}
	parts := make([]string, len(dims))
	for k, d := range dims {
		parts[k] = strconv.Itoa(d)
	}
	return v.base + "[" + strings.Join(parts, ",") + "]"
}
