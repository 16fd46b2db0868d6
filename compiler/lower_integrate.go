package compiler

import (
	"math"

	"github.com/bayes-dev/bayes/compiler/extern"
	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
)

// Calls of integrate_1d (lang.Higher, Integrate1D). A call whose arguments
// are all data is integrated here, once. Otherwise it becomes an extern op
// (extern.Integral) of the limits, where they depend on parameters, and
// theta's parameter-dependent elements; f and ∂f/∂θ come from the user's f
// lowered into a program of its own (lower_solve.go, fnProgram).

// integrateCall lowers a call of integrate_1d.
func (l *lowerer) integrateCall(c *lang.CallExpr, h *lang.Higher) *val {
	if l.lanes > 0 {
		l.vectorFail()
	}
	args := make([]*val, len(c.Args))
	for i, a := range c.Args[1:] {
		args[i+1] = l.expr(a)
		if args[i+1].lanes > 0 {
			l.vectorFail()
		}
	}
	sys := &extern.Integral{Call: c.Name, Rtol: h.Tol1}
	if at := h.Controls(len(c.Args)); at >= 0 {
		if args[at].known == nil {
			l.fail(c.Args[at], "%s: relative_tolerance must be data", c.Name)
		}
		sys.Rtol = args[at].known[0]
		if !(sys.Rtol > 0) || math.IsInf(sys.Rtol, 0) {
			l.fail(c.Args[at], "%s: relative_tolerance is %g; it must be positive and finite", c.Name, sys.Rtol)
		}
	}
	var x []ir.Value
	for i, lim := range []*val{args[1], args[2]} {
		if lim.known != nil {
			sys.Limits[i] = lim.known[0]
			continue
		}
		sys.Limits[i] = math.NaN()
		sys.LimitAt = append(sys.LimitAt, i)
		x = append(x, l.node(lim))
	}
	if args[1].known != nil && args[2].known != nil && !(sys.Limits[0] <= sys.Limits[1]) {
		l.fail(c.Args[1], "%s: the lower limit %g must not be above the upper limit %g, nor NaN", c.Name, sys.Limits[0], sys.Limits[1])
	}
	passed := args[3:6]
	pElems, px := l.paramElems(passed)
	x = append(x, px...)
	sys.NP = len(px)
	k, err := l.fnProgram(c, 2, func(b *ir.Builder) []*val {
		return []*val{symbolic(nil, lang.KindReal, b.Param(0)), symbolic(nil, lang.KindReal, b.Param(1))}
	}, passed, pElems, sys.NP, 1, "function", "; this call needs 1")
	if err != nil {
		l.fail(c, "%s: the integrand %s: %v", c.Name, c.FnArg.Name, err)
	}
	sys.F = k
	if len(x) == 0 {
		out, err := sys.SolveData()
		if err != nil {
			l.fail(c, "%v", err)
		}
		return &val{kind: lang.KindReal, known: out}
	}
	return symbolic(nil, lang.KindReal, l.b.Elem(l.b.Extern(sys, l.b.Pack(x)), 0))
}
