package compiler

import (
	"math"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/library"
)

// truncate adds what `y ~ D(theta) T[L, U]` adds beyond D's density, as
// Stan generates it (Stan Reference Manual, "Truncated distributions";
// stanc3 emits the same): -Inf when y is outside [L, U], and the
// normalisation
//
//	T[L, U]: -log_diff_exp(D_lcdf(U | theta), D_lcdf(L | theta))
//	T[L, ]:  -D_lccdf(L | theta)
//	T[, U]:  -D_lcdf(U | theta)
//
// with L - 1 for L in a family with an int outcome, so that L itself keeps
// its mass: P(L <= y) = 1 - P(y <= L - 1). Stan keeps the normalisation
// even when it is a constant, so it is always added. args are the lowered
// outcome and arguments of D; varying tells whether they hold one value
// per iteration of a vectorised loop.
func (l *lowerer) truncate(s *lang.TildeStmt, args []*val) {
	d := s.Sig.Dist.Lib
	if d.Lcdf == nil || d.Lccdf == nil {
		l.fail(s.DistPos, "bayes cannot compile the truncation T[...] of %s yet: the library has no log CDF for %s (%s_lcdf and %s_lccdf)", d.Name, d.Name, d.Name, d.Name)
	}
	var lo, hi *val
	if s.TruncLo != nil {
		lo = l.expr(s.TruncLo)
	}
	if s.TruncHi != nil {
		hi = l.expr(s.TruncHi)
	}
	y := args[0]
	params := append([]*val(nil), args[1:]...)
	for _, f := range d.Fill {
		params = append(params, knownScalar(f, false))
	}
	for i, a := range params {
		if d.Lcdf.Args[i+1] == library.DataPositive && !a.constant() {
			l.fail(s, "bayes cannot compile the truncation of %s with parameter-dependent %s yet (the derivative of its CDF in that argument is missing): pass data",
				d.Name, paramName(d, i+1))
		}
		if a.elems != nil && a.size() > 1 {
			params[i] = symbolic(a.dims, a.kind, l.node(a))
			params[i].autodiff = a.autodiff
		}
	}
	l.truncBounds(s, y, lo, hi)
	cdf := func(k *library.Kernel, x *val) *val {
		return l.ewise(s, ir.LibraryOp(k), 0, append([]*val{x}, params...)...)
	}
	if lo != nil && d.Discrete {
		lo = l.ewise(s, ir.OpSub, 0, lo, knownScalar(1, true))
	}
	var norm *val
	switch {
	case lo != nil && hi != nil:
		// log_diff_exp(a, b) = a + log1m_exp(b - a) (Stan Functions Reference, "Composed functions")
		a, b := cdf(d.Lcdf, hi), cdf(d.Lcdf, lo)
		norm = l.ewise(s, ir.OpAdd, 0, a, l.ewise(s, ir.OpLog1mExp, 0, l.ewise(s, ir.OpSub, 0, b, a)))
	case lo != nil:
		norm = cdf(d.Lccdf, lo)
	default:
		norm = cdf(d.Lcdf, hi)
	}
	l.addTruncTerm(l.ewise(s, ir.OpNeg, 0, norm))
}

// truncBounds adds -Inf where the outcome is outside the bounds; an
// outcome known to be outside is the model's error.
func (l *lowerer) truncBounds(s *lang.TildeStmt, y, lo, hi *val) {
	out := knownScalar(0, false)
	ninf := knownScalar(math.Inf(-1), false)
	if lo != nil {
		out = l.ewise(s, ir.OpSelect, 0, l.ewise(s, ir.OpLt, 0, y, lo), ninf, out)
	}
	if hi != nil {
		out = l.ewise(s, ir.OpSelect, 0, l.ewise(s, ir.OpLt, 0, hi, y), ninf, out)
	}
	if out.known != nil {
		for _, x := range out.known {
			if x != 0 {
				l.fail(s, "the model always rejects here: the outcome of `%s` is outside its truncation bounds with the data given", lang.ExprString(s.LHS))
			}
		}
		return
	}
	l.addTruncTerm(out)
}

// addTruncTerm adds a term of a truncation to target, summed over the
// iterations of a vectorised loop (and counted once per iteration when it
// is the same for all).
func (l *lowerer) addTruncTerm(v *val) {
	varying := v.lanes > 0
	l.addTarget(l.perIteration(l.node(l.sum(v)), varying))
}
