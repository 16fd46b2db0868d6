package loo

import (
	"fmt"
	"math"
	"slices"
)

// Comparison is one model's row of Compare: its difference in elpd_loo
// from the best model, with the standard error of that difference.
type Comparison struct {
	Name     string
	ElpdDiff float64 // Σ_i (elpd_loo_i of this model - that of the best); 0 for the best
	SEDiff   float64 // sqrt(n) times the standard deviation of those n differences
	*Result
}

// Compare ranks models fitted to the same observations by elpd_loo, best
// first (ties keep their order), as loo's loo_compare: the difference of
// each from the best is summed over observations, and its standard error
// comes from the pointwise differences, which is far smaller than the
// standard errors of the two elpd_loo when the models err on the same
// observations (Vehtari, Gelman and Gabry 2017, section 5.2, eq. 24).
// names[m] names results[m]. The models must have the same number of
// observations.
func Compare(names []string, results []*Result) ([]Comparison, error) {
	if len(results) < 2 {
		return nil, fmt.Errorf("comparing needs at least two models, got %d", len(results))
	}
	for m, r := range results[1:] {
		if len(r.Points) != len(results[0].Points) {
			return nil, fmt.Errorf("%s has %d %s (%s), %s %d: models compared by LOO must be fitted to the same data",
				names[m+1], len(r.Points), plural(len(r.Points), "observation", "observations"), r.Var, names[0], len(results[0].Points))
		}
	}
	order := make([]int, len(results))
	for m := range order {
		order[m] = m
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return -compareFloat(results[a].ElpdLoo.Value, results[b].ElpdLoo.Value)
	})
	best := results[order[0]]
	out := make([]Comparison, len(results))
	diffs := make([]float64, len(best.Points))
	for j, m := range order {
		for i, p := range results[m].Points {
			diffs[i] = p.ElpdLoo - best.Points[i].ElpdLoo
		}
		e := sumWithSE(diffs)
		out[j] = Comparison{Name: names[m], ElpdDiff: e.Value, SEDiff: e.SE, Result: results[m]}
	}
	return out, nil
}

// compareFloat orders a and b, NaN first.
func compareFloat(a, b float64) int {
	switch {
	case a < b || math.IsNaN(a) && !math.IsNaN(b):
		return -1
	case a > b || math.IsNaN(b) && !math.IsNaN(a):
		return 1
	}
	return 0
}
