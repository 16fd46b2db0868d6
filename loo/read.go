package loo

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bayes-dev/bayes/runfiles"
)

// DefaultVar is the generated quantity that holds the pointwise
// log-likelihood, by the convention of Stan, loo and ArviZ.
const DefaultVar = "log_lik"

// ReadLogLik takes the draws of the quantity variable (a scalar, vector,
// array or matrix: each element is one observation) out of the chains of
// one run, paths[c] naming chains[c] in errors. It returns each element's
// Stan name ("log_lik[3]") and its draws [observation][chain][iteration].
// The chains must have the same columns and the same number of draws. When
// the run has no such quantity, the error says how to add it.
func ReadLogLik(paths []string, chains []*runfiles.StanCSV, variable string) ([]string, [][][]float64, error) {
	if len(chains) == 0 {
		return nil, nil, fmt.Errorf("no draws to read %s from", variable)
	}
	first := chains[0]
	var names []string
	var cols []int
	for j, c := range first.Columns {
		name := runfiles.StanName(c)
		if base, _, _ := strings.Cut(name, "["); base == variable {
			names, cols = append(names, name), append(cols, j)
		}
	}
	if len(cols) == 0 {
		return nil, nil, fmt.Errorf("%s has no quantity %s, the pointwise log-likelihood bayes loo needs: add one per observation "+
			"to the model's generated quantities, as in\n"+
			"  generated quantities {\n    vector[N] %s;\n    for (n in 1:N) %s[n] = normal_lpdf(y[n] | mu[n], sigma);\n  }\n"+
			"(with the model's own likelihood), sample again, or name the quantity that holds it with --var",
			paths[0], variable, variable, variable)
	}
	n := len(first.Draws)
	for c, ch := range chains[1:] {
		if !slices.Equal(ch.Columns, first.Columns) {
			return nil, nil, fmt.Errorf("%s: columns differ from those of %s", paths[c+1], paths[0])
		}
		if len(ch.Draws) != n {
			return nil, nil, fmt.Errorf("%s: %d draws, but %s has %d; chains must have the same number of draws",
				paths[c+1], len(ch.Draws), paths[0], n)
		}
	}
	ll := make([][][]float64, len(cols))
	for i, j := range cols {
		ll[i] = make([][]float64, len(chains))
		for c, ch := range chains {
			x := make([]float64, n)
			for d, row := range ch.Draws {
				x[d] = row[j]
			}
			ll[i][c] = x
		}
	}
	return names, ll, nil
}
