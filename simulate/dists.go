package simulate

import (
	"fmt"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/library"
)

// This file is the table of distributions: for each family of lang's
// table (lang/library.go), one row, the library's (package library). A univariate
// family gives its rng, log density, CDF and quantile (for truncation by
// inverse CDF) and its parameters' domains, vectorised once, in
// vectorise.go; a multivariate one its rng and its log density over whole
// values, with its argument checks, each applied here to the interpreter's
// values.

// family is one row of the table: lib for a univariate family, mv for a
// multivariate one.
type family struct {
	name string
	lib  *library.Dist
	mv   *library.MvDist

	dist *lang.Dist // its row in lang's table
}

// multivariate reports whether the family draws whole values.
func (f *family) multivariate() bool { return f.mv != nil }

// families maps each lang distribution to its row.
var families = func() map[*lang.Dist]*family {
	m := map[*lang.Dist]*family{}
	for _, d := range lang.Dists() {
		m[d] = &family{name: d.Name, lib: d.Lib, mv: d.Mv, dist: d}
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

// mvRng is NAME_rng(args) of a multivariate family.
func (f *family) mvRng(r *rand.Rand, args []*Value) (*Value, error) {
	x, err := f.mv.Rng(r, tensorsOf(args))
	if err != nil {
		return nil, err
	}
	return valueOf(f.dist.RngRet, x), nil
}

// mvLpdf is NAME_lpdf(y | args) of a multivariate family.
func (f *family) mvLpdf(y *Value, args []*Value) (float64, error) {
	return f.mv.LogDensity(tensorsOf(append([]*Value{y}, args...)))
}

// tensorsOf are values as the library takes them.
func tensorsOf(vs []*Value) []library.Tensor {
	out := make([]library.Tensor, len(vs))
	for i, v := range vs {
		out[i] = library.Tensor{Dims: v.Shape, X: v.reals()}
	}
	return out
}

// valueOf is the library's result x as a value of type t.
func valueOf(t lang.Type, x library.Tensor) *Value {
	v := &Value{Type: t, Shape: append([]int(nil), x.Dims...)}
	if len(x.Dims) == 0 {
		v.Shape = nil
	}
	if t.Kind != lang.KindInt {
		v.Reals = append([]float64(nil), x.X...)
		return v
	}
	v.Ints = make([]int, len(x.X))
	for i, n := range x.X {
		v.Ints[i] = int(n)
	}
	return v
}
