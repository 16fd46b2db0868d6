package compiler

import (
	"math"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
)

// structuralCalls lower floor, ceil and round, of data only. The functions
// that only move elements (slices, concatenations, repetitions and
// reshapes) are the library's: each computes, at compile time, which source
// element every result element is, and picks them through reshape and
// concat below (a gather of a parameter vector, a copy of data).
var structuralCalls = map[string]callFunc{
	"floor": roundingCall(math.Floor),
	"ceil":  roundingCall(math.Ceil),
	"round": roundingCall(math.Round),
}

// roundingCall lowers floor, ceil or round of a known value. Of a parameter
// they would be steps, whose derivative is zero or undefined: NUTS could not
// use them, so that is an error.
func roundingCall(f func(float64) float64) callFunc {
	return func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		x := a[0]
		if x.known == nil {
			l.fail(c, "%s of a value that depends on parameters is a step function, which has no useful gradient; bayes compiles it only on data", c.Name)
		}
		out := &val{dims: x.dims, kind: x.kind, isInt: x.isInt, lanes: x.lanes, known: make([]float64, len(x.known))}
		for i, v := range x.known {
			out.known[i] = f(v)
		}
		return out
	}
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
