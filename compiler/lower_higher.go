package compiler

import "github.com/bayes-dev/bayes/lang"

// Calls of Stan's higher-order functions other than the ODE solvers
// (lang.Higher). reduce_sum (lower_reduce.go) and map_rect
// (lower_maprect.go) become extern ops over a partition of their work
// fixed by the data, which threads may evaluate at once with the same
// result, bit for bit. The algebraic solvers (lower_solve.go) and
// integrate_1d (lower_integrate.go) are extern ops, as the ODE solvers
// are.

// fnArgCall lowers a call whose first argument names a user function.
func (l *lowerer) fnArgCall(c *lang.CallExpr) *val {
	h := lang.LookupHigher(c.Name)
	if h == nil {
		return l.odeCall(c) // lower_ode.go
	}
	switch h.Kind {
	case lang.ReduceSum:
		return l.reduceSum(c)
	case lang.MapRect:
		return l.mapRect(c)
	case lang.AlgebraSolver:
		return l.solveCall(c, h) // lower_solve.go
	}
	return l.integrateCall(c, h) // lower_integrate.go
}
