package compiler

import (
	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
)

// Calls of Stan's higher-order functions other than the ODE solvers
// (lang.Higher). reduce_sum becomes an extern op over a fixed partition
// of slices that threads may evaluate at once (lower_reduce.go). map_rect
// is inlined: Stan defines it as a concatenation of calls of f, which its
// MPI processes or threads evaluate in parallel; bayes lowers the jobs one
// after the other, and the result is the plain model's, bit for bit where
// the plain model is written the same way. The algebraic solvers
// (lower_solve.go) and integrate_1d (lower_integrate.go) are extern ops,
// as the ODE solvers are.

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

// mapRect lowers map_rect(f, phi, thetas, x_rs, x_is) as the
// concatenation of f(phi, thetas[j], x_rs[j], x_is[j]) over the jobs j.
func (l *lowerer) mapRect(c *lang.CallExpr) *val {
	args := make([]*val, 5)
	for i := 1; i < 5; i++ {
		args[i] = l.expr(c.Args[i])
		if args[i].lanes > 0 {
			l.vectorFail()
		}
	}
	jobs := args[2].dims[0]
	for i, what := range []string{"real data", "int data"} {
		if got := args[3+i].dims[0]; got != jobs {
			l.fail(c.Args[3+i], "%s: the %s has %d rows; the job parameters have %d (one row per job)", c.Name, what, got, jobs)
		}
	}
	elems := make([][]ir.Value, 5)
	for i := 2; i < 5; i++ {
		if args[i].known == nil {
			elems[i] = l.elemsOf(args[i])
		}
	}
	out := &val{dims: []int{0}, kind: lang.KindVector, known: []float64{}}
	for j := 0; j < jobs; j++ {
		v := l.inline(c, c.FnArg, []*val{args[1], l.row(args[2], elems[2], j), l.row(args[3], elems[3], j), l.row(args[4], elems[4], j)}, false)
		out = l.concat(out, v)
	}
	return out
}

// row is v[j], j from 0, for an array v whose elements (elemsOf) are
// elems unless v is known.
func (l *lowerer) row(v *val, elems []ir.Value, j int) *val {
	dims := v.dims[1:]
	n := size(dims)
	out := &val{dims: dims, kind: v.kind, isInt: v.isInt, autodiff: v.autodiff}
	if v.known != nil {
		out.known = v.known[j*n : (j+1)*n]
		return out
	}
	out = l.fromElems(dims, v.kind, elems[j*n:(j+1)*n])
	out.isInt, out.autodiff = v.isInt, v.autodiff
	return out
}
