package compiler

import (
	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
)

// Calls of Stan's higher-order functions other than the ODE solvers
// (lang.Higher). reduce_sum and map_rect are inlined: Stan defines them
// as a sum and a concatenation of calls of f, which its threads or MPI
// processes evaluate in parallel; bayes lowers the one call that covers
// everything, f(x, 1, size(x), ...), and the jobs of map_rect one after
// the other. The result is the plain model's, bit for bit where the
// plain model is written the same way, and needs no threads: the kernel
// evaluates a model on one goroutine per chain, and the chains run in
// parallel. The algebraic solvers (lower_solve.go) and integrate_1d
// (lower_integrate.go) are extern ops, as the ODE solvers are.

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

// reduceSum lowers reduce_sum(f, x, grainsize, ...) as f(x, 1, size(x),
// ...): the sum over any slicing of x is the same function, and the
// slices Stan's threads would make are an evaluation order only. For a
// density named NAME_lupmf (or _lupdf) its constants drop as they do for
// a call NAME_lupmf(...) made here.
func (l *lowerer) reduceSum(c *lang.CallExpr) *val {
	x := l.expr(c.Args[1])
	g := l.expr(c.Args[2])
	if g.known != nil && g.lanes == 0 && g.known[0] < 1 {
		l.fail(c.Args[2], "%s: grainsize must be positive; found %d", c.Name, int(g.known[0]))
	}
	n := 0
	if len(x.dims) > 0 {
		n = x.dims[0]
	}
	if n == 0 {
		return knownScalar(0, false)
	}
	args := []*val{x, knownScalar(1, true), knownScalar(float64(n), true)}
	for _, a := range c.Args[3:] {
		args = append(args, l.expr(a))
	}
	propto := false
	if c.Unnormalized() {
		propto = l.dropsConstants()
	}
	return l.inline(c, c.FnArg, args, propto)
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
