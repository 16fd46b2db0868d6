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

// repeat fills dims (then x's own shape) with copies of x.
func (l *lowerer) repeat(n lang.Node, x *val, dims []int, kind lang.Kind) *val {
	if x.lanes > 0 {
		l.vectorFail()
	}
	full := append(append([]int(nil), dims...), x.dims...)
	reps := size(dims)
	if x.known != nil {
		k := make([]float64, 0, reps*len(x.known))
		for i := 0; i < reps; i++ {
			k = append(k, x.known...)
		}
		return &val{dims: full, kind: kind, isInt: x.isInt, known: k}
	}
	if x.scalar() && x.elems == nil {
		return &val{dims: full, kind: kind, whole: l.b.Bcast(x.whole, reps)}
	}
	xs := l.elemsOf(x)
	out := make([]ir.Value, 0, reps*len(xs))
	for i := 0; i < reps; i++ {
		out = append(out, xs...)
	}
	return &val{dims: full, kind: kind, elems: out}
}

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
