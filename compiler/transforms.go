package compiler

import (
	"fmt"
	"math"
	"slices"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/transform"
	"github.com/bayes-dev/bayes/lang"
)

// constrainParam builds a parameter's constrained value and adds its log|J|.
func (l *lowerer) constrainParam(pi *paramInfo) *val {
	t := pi.decl.Type
	b := l.b
	kind := t.Type().Kind
	if size(pi.dims) == 0 {
		// no elements (simplex[1] has none free but one element, 1)
		return &val{dims: pi.dims, kind: kind, known: []float64{}}
	}
	switch t.Kind {
	case lang.DeclReal, lang.DeclVector, lang.DeclRowVector, lang.DeclMatrix:
		var u ir.Value
		if len(pi.dims) == 0 {
			u = b.Param(pi.off)
		} else {
			u = b.ParamVector(pi.off, pi.n)
		}
		bound := func(e lang.Expr) ir.Value {
			if e == nil {
				return ir.NoValue
			}
			v := l.expr(e)
			if !v.scalar() && v.size() != pi.n {
				l.fail(e, "the bound has %d elements, the parameter %d", v.size(), pi.n)
			}
			return l.node(v)
		}
		var x, lj ir.Value
		switch {
		case t.Offset != nil || t.Multiplier != nil:
			pi.affine = true
			pi.lo, pi.hi = bound(t.Offset), bound(t.Multiplier)
			if m, ok := knownValues(b, pi.hi); ok {
				if i := slices.IndexFunc(m, func(x float64) bool { return !(x > 0) || math.IsInf(x, 1) }); i >= 0 {
					what := "multiplier " + lang.ExprString(t.Multiplier)
					if lang.ExprString(t.Multiplier) == fmt.Sprint(m[i]) {
						what = "the multiplier"
					}
					l.fail(t.Multiplier, "%s is %g%s: it must be positive and finite", what, m[i], elementNote(len(m), i))
				}
			}
			x, lj = transform.Affine(b, u, pi.lo, pi.hi)
		default:
			pi.lo, pi.hi = bound(t.Lower), bound(t.Upper)
			lo, okLo := knownValues(b, pi.lo)
			hi, okHi := knownValues(b, pi.hi)
			if okLo && okHi {
				for i := range max(len(lo), len(hi)) {
					a, z := lo[min(i, len(lo)-1)], hi[min(i, len(hi)-1)]
					if !(a < z) {
						l.fail(t, "lower bound %g is not below upper bound %g%s: no value can satisfy both", a, z, elementNote(max(len(lo), len(hi)), i))
					}
				}
			}
			x, lj = transform.Bound(b, u, pi.lo, pi.hi)
		}
		if lj != ir.NoValue {
			l.addTarget(b.Sum(lj))
		}
		return symbolic(pi.dims, kind, x)
	}
	if t.Lower != nil || t.Upper != nil || t.Offset != nil || t.Multiplier != nil {
		l.fail(t, "bounds on %s are not allowed", t.Kind)
	}
	tr := transform.Of(t.Kind)
	if tr == nil {
		l.fail(t, "bayes cannot compile %s parameters yet", t.Kind)
	}
	_, inner := transform.InnerDims(t.Kind, pi.dims)
	per := tr.Free(inner)
	reps := size(pi.dims) / size(inner)
	if tr.Elementwise && per > 0 && reps >= minLanes && reps*per > maxElemwise {
		return l.constrainAcross(pi, tr, inner, per, reps)
	}
	var elems []ir.Value
	for r := 0; r < reps; r++ {
		u := make([]ir.Value, per)
		for i := range u {
			u[i] = b.Param(pi.off + r*per + i)
		}
		x, lj := tr.Build(b, u, inner)
		if lj != ir.NoValue {
			l.addTarget(lj)
		}
		elems = append(elems, x...)
	}
	return &val{dims: pi.dims, kind: kind, elems: elems}
}

// constrainAcross builds an array of many constrained values (ldaK5's
// 2 025 simplexes) with one Build over vectors across the array: the i-th
// free value of every element of the array is one gather of the
// parameters, so the program has the ops of one constrained value, not
// of each. The value is packed, one constrained element's vector after
// the other, and gathered back into the array's row-major order.
func (l *lowerer) constrainAcross(pi *paramInfo, tr *transform.Kind, inner []int, per, reps int) *val {
	b := l.b
	all := b.ParamVector(pi.off, reps*per)
	u := make([]ir.Value, per)
	idx := make([]int, reps)
	for i := range u {
		for r := range idx {
			idx[r] = r*per + i
		}
		u[i] = b.Gather(all, b.Index(idx, reps*per))
	}
	x, lj := tr.Build(b, u, inner)
	if lj != ir.NoValue {
		if b.ShapeOf(lj).Kind != ir.Scalar {
			lj = b.Sum(lj)
		}
		l.addTarget(lj)
	}
	k := len(x)
	for i, xi := range x {
		if b.ShapeOf(xi).Kind == ir.Scalar {
			x[i] = b.Bcast(xi, reps)
		}
	}
	perm := make([]int, reps*k)
	for r := range reps {
		for i := range k {
			perm[r*k+i] = i*reps + r
		}
	}
	whole := b.Gather(b.Pack(x), b.Index(perm, reps*k))
	return &val{dims: pi.dims, kind: pi.decl.Type.Type().Kind, whole: whole}
}

// checkParamSize refuses a parameter's declared shape that Stan refuses
// (the row's invalid), at the declaration.
func (l *lowerer) checkParamSize(d *lang.VarDecl, dims []int) {
	tr := transform.Of(d.Type.Kind)
	if tr == nil {
		return
	}
	_, inner := transform.InnerDims(d.Type.Kind, dims)
	if why := tr.Invalid(inner); why != "" {
		l.fail(d.Type, "%s: %s", d.Name, why)
	}
}

// elementNote names element i (1-based, as Stan counts) when a bound has
// several values, else says nothing.
func elementNote(n, i int) string {
	if n <= 1 {
		return ""
	}
	return fmt.Sprintf(" (element %d)", i+1)
}

// knownValues gives the values of a bound known at compile time (a constant
// or data), for the checks a bound must pass before sampling.
func knownValues(b *ir.Builder, v ir.Value) ([]float64, bool) {
	if v == ir.NoValue {
		return nil, false
	}
	n := b.G.Node(v)
	switch n.Op {
	case ir.OpConst:
		x, _ := b.G.IsConst(v)
		return []float64{x}, true
	case ir.OpData:
		return b.G.Data[n.Aux], true
	}
	return nil, false
}
