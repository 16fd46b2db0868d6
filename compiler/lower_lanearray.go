package compiler

import (
	"math"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
)

// Lane arrays: an array of reals declared in the body of a vectorised loop,
// as in a mixture's or an LDA's likelihood,
//
//	for (n in 1:N) {
//	  array[K] real gamma;
//	  for (k in 1:K) gamma[k] = log(theta[doc[n], k]) + log(phi[k, w[n]]);
//	  target += log_sum_exp(gamma);
//	}
//
// holds one per-iteration value per element (val.laneElems): the inner
// loop, whose index is known, writes and reads them one at a time, and a
// reduction of the whole array (laneReductions) folds them with an
// elementwise op, so the loop stays one pass over vectors of N instead of
// N unrolled copies of its body (ldaK5's 733 000 IR nodes). Any other use
// of the array whole abandons the vector form (vectorFail) and the loop is
// unrolled as before.

// laneReductions are the reductions of a lane array: the binary
// elementwise op that folds its elements left to right. It is the chain
// that Reduce builds over an unrolled array's scalar nodes, so each
// iteration computes the same value, bit for bit.
var laneReductions = map[string]ir.Op{
	"log_sum_exp": ir.OpLogSumExp2,
}

// laneArrayDecl reports whether d, declared in the body of a vectorised
// loop, becomes a lane array: an array of reals without an initial value.
func laneArrayDecl(d *lang.VarDecl) bool {
	return len(d.Type.ArrayDims) > 0 && d.Type.Kind == lang.DeclReal && d.Init == nil
}

// declLaneArray binds d to a lane array whose elements are NaN, as an
// unassigned real is.
func (l *lowerer) declLaneArray(d *lang.VarDecl) {
	dims := l.declDims(d.Type)
	ad := l.localsAD()
	elems := make([]*val, size(dims))
	for i := range elems {
		e := knownScalar(math.NaN(), false)
		e.autodiff = ad
		elems[i] = e
	}
	l.vars[d] = &val{dims: dims, kind: d.Type.Type().Kind, autodiff: ad, laneElems: elems}
}

// laneSlot resolves `x[...]` on a lane array to the one element it
// selects; an index that varies by iteration or selects more than one
// element abandons the vector form.
func (l *lowerer) laneSlot(e *lang.IndexExpr, x *val) int {
	sel := l.selection(e, x)
	if sel.lanes > 0 || len(sel.dims) > 0 || len(sel.off[0]) != 1 {
		l.vectorFail()
	}
	return sel.off[0][0]
}

// laneIndex reads one element of a lane array.
func (l *lowerer) laneIndex(e *lang.IndexExpr, x *val) *val {
	v := *x.laneElems[l.laneSlot(e, x)]
	v.kind = e.TypeOf().Kind
	return &v
}

// laneStore writes v, one value per iteration or the same for all, into
// one element of the lane array x and returns the new array.
func (l *lowerer) laneStore(e *lang.IndexExpr, x *val, v *val) *val {
	if !v.scalar() {
		l.vectorFail()
	}
	k := l.laneSlot(e, x)
	out := *x
	out.laneElems = append([]*val(nil), x.laneElems...)
	w := *v
	w.isInt, w.kind, w.owned = false, lang.KindReal, false
	w.autodiff = w.autodiff || x.autodiff
	out.laneElems[k] = &w
	return &out
}

// laneReduce lowers a reduction of a whole lane array, if c is one; ok is
// false when c is some other call.
func (l *lowerer) laneReduce(c *lang.CallExpr) (v *val, ok bool) {
	if l.lanes == 0 || len(c.Args) != 1 {
		return nil, false
	}
	id, isID := c.Args[0].(*lang.Ident)
	if !isID {
		return nil, false
	}
	x, bound := l.vars[id.Decl]
	if !bound || x.laneElems == nil {
		return nil, false
	}
	op, found := laneReductions[c.Name]
	if !found || len(x.laneElems) == 0 {
		l.vectorFail()
	}
	acc := x.laneElems[0]
	for _, e := range x.laneElems[1:] {
		acc = l.ewise(c, op, 0, acc, e)
	}
	out := *acc
	out.kind, out.isInt = lang.KindReal, false
	return &out, true
}
