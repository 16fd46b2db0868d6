package compiler

import (
	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
)

// The structural helpers of the library's formulas (calls_library.go):
// the functions that only move elements (slices, concatenations,
// repetitions and reshapes) compute, at compile time, which source element
// every result element is, and pick them through reshape and concat below
// (a gather of a parameter vector, a copy of data).

// reshape gives v new dimensions and kind, its elements in the same order.
func (l *lowerer) reshape(v *val, dims []int, kind lang.Kind) *val {
	out := *v
	out.dims, out.kind, out.owned = dims, kind, false
	return &out
}

// concat joins the elements of x and then y, row-major.
func (l *lowerer) concat(x, y *val) *val {
	if x.lanes > 0 || y.lanes > 0 {
		l.vectorFail()
	}
	out := &val{dims: []int{x.size() + y.size()}, kind: lang.KindVector, isInt: x.isInt && y.isInt,
		autodiff: x.autodiff || y.autodiff}
	if x.known != nil && y.known != nil {
		out.known = append(append([]float64(nil), x.known...), y.known...)
		return out
	}
	return l.fromElemsKeep(out, append(append([]ir.Value(nil), l.elemsOf(x)...), l.elemsOf(y)...))
}

// fromElemsKeep is fromElems keeping out's flags.
func (l *lowerer) fromElemsKeep(out *val, xs []ir.Value) *val {
	v := l.fromElems(out.dims, out.kind, xs)
	v.isInt, v.autodiff = out.isInt, out.autodiff
	return v
}
