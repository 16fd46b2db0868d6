package simulate

import (
	"fmt"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/library"
)

// This file is the table of distributions: for each family of
// lang/builtins.go, one row. A univariate family is the library's (package
// library: its rng, log density, CDF and quantile, for truncation by
// inverse CDF, and its parameters' domains), vectorised once, in
// vectorise.go. The multivariate rows are in mvdists.go (gonum's distmv is
// not used: it imports golang.org/x/tools, which go.mod does not list;
// dirichlet and multi_normal are a few lines).

// family is one row of the table. Univariate families set lib; the
// multivariate ones set mvRng and mvLpdf over whole values.
type family struct {
	name string
	lib  *library.Dist

	mvRng  func(r *rand.Rand, args []*Value) (*Value, error)
	mvLpdf func(x *Value, args []*Value) (float64, error)

	dist *lang.Dist // set from lang's table by name
}

// multivariate reports whether the family draws whole values.
func (f *family) multivariate() bool { return f.mvRng != nil }

// families maps each lang distribution to its row.
var families = func() map[*lang.Dist]*family {
	m := map[*lang.Dist]*family{}
	for _, d := range lang.Dists() {
		if d.Lib != nil {
			m[d] = &family{name: d.Name, lib: d.Lib, dist: d}
		}
	}
	for _, f := range mvFamilyRows {
		d := lang.LookupDist(f.name)
		if d == nil {
			panic("simulate: distribution row " + f.name + " is not in lang's table") // caught by TestTables
		}
		f.dist = d
		m[d] = f
	}
	return m
}()

// draw1 is one draw with parameters p: the library's. An int outcome must
// fit in a Stan int (32-bit); the library's Poisson rates keep the draws
// within it, and this check keeps every family so.
func (f *family) draw1(r *rand.Rand, p []float64) (float64, error) {
	x, err := f.lib.Draw(r, p)
	if err != nil {
		return 0, err
	}
	if f.lib.Discrete && !(x >= minStanInt && x <= maxStanInt) {
		return 0, fmt.Errorf("the draw %g does not fit in an int (32-bit, at most %d)", x, maxStanInt)
	}
	return x, nil
}

var mvFamilyRows = []*family{
	{name: "categorical", mvRng: categoricalRng(false), mvLpdf: categoricalLpmf(false)},
	{name: "categorical_logit", mvRng: categoricalRng(true), mvLpdf: categoricalLpmf(true)},
	{name: "ordered_logistic", mvRng: orderedLogisticRng, mvLpdf: orderedLogisticLpmf},
	{name: "multinomial", mvRng: multinomialRng, mvLpdf: multinomialLpmf},
	{name: "dirichlet", mvRng: dirichletRng, mvLpdf: dirichletLpdf},
	{name: "multi_normal", mvRng: multiNormalRng, mvLpdf: multiNormalLpdf},
	{name: "multi_normal_cholesky", mvRng: multiNormalCholeskyRng, mvLpdf: multiNormalCholeskyLpdf},
	{name: "lkj_corr", mvRng: lkjRng(false), mvLpdf: lkjLpdf(false)},
	{name: "lkj_corr_cholesky", mvRng: lkjRng(true), mvLpdf: lkjLpdf(true)},
}
