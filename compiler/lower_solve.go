package compiler

import (
	"fmt"
	"math"

	"github.com/bayes-dev/bayes/compiler/extern"
	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/kernel"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/roots"
)

// Calls of Stan's algebraic solvers (lang.Higher, AlgebraSolver; package
// roots solves). A call whose arguments are all data is solved here,
// once. Otherwise it becomes an extern op (ir.Extern) of the arguments'
// parameter-dependent elements, whose value is the root y and whose
// Jacobian is, by the implicit function theorem on f(y, p) = 0,
// ∂y/∂p = −(∂f/∂y)⁻¹ ∂f/∂p: the user's f is lowered once more into a
// program of its own and differentiated by the same symbolic AD, as an
// ODE's right-hand side is; extern.Root evaluates it. The initial guess may
// depend on parameters; the root does not (its columns are zero).

// solveCall lowers a call of an algebraic solver.
func (l *lowerer) solveCall(c *lang.CallExpr, h *lang.Higher) *val {
	if l.lanes > 0 {
		l.vectorFail()
	}
	args := make([]*val, len(c.Args))
	for i, a := range c.Args[1:] {
		args[i+1] = l.expr(a)
	}
	guess := args[1]
	sys := &extern.Root{Call: c.Name, Newton: h.Newton, N: guess.size(), Tol1: h.Tol1, Ftol: h.Ftol, Steps: h.MaxSteps}
	tol1 := "relative_tolerance"
	if h.Newton {
		tol1 = "scaling_step"
	}
	if at := h.Controls(len(c.Args)); at >= 0 {
		for i := at; i < at+3; i++ {
			if args[i].known == nil {
				l.fail(c.Args[i], "%s: the solver's controls must be data", c.Name)
			}
		}
		sys.Tol1, sys.Ftol = args[at].known[0], args[at+1].known[0]
		sys.Steps = int(math.Max(math.Min(args[at+2].known[0], math.MaxInt32), 0))
		if err := roots.CheckControls(tol1, sys.Tol1, sys.Ftol, sys.Steps); err != nil {
			l.fail(c.Args[at], "%s: %v", c.Name, err)
		}
	}
	if sys.N == 0 {
		l.fail(c.Args[1], "%s: the initial guess is empty; the system needs at least one unknown", c.Name)
	}
	// x: the parameter-dependent elements of the guess, then of the passed arguments
	var x []ir.Value
	sys.Guess, sys.GuessAt, x = l.splitConst(l.elemsOf(guess))
	from, to := h.Passed(len(c.Args))
	passed := args[from:to]
	pElems, px := l.paramElems(passed)
	x = append(x, px...)
	sys.NP = len(px)
	k, err := l.fnProgram(c, sys.N, func(b *ir.Builder) []*val {
		return []*val{symbolic([]int{sys.N}, lang.KindVector, b.ParamVector(0, sys.N))}
	}, passed, pElems, sys.NP, sys.N, "function", fmt.Sprintf("; this call needs %d", sys.N))
	if err != nil {
		l.fail(c, "%s: the system function %s: %v", c.Name, c.FnArg.Name, err)
	}
	sys.F = k
	dims := []int{sys.N}
	if len(x) == 0 {
		y, err := sys.SolveData()
		if err != nil {
			l.fail(c, "%v", err) // it names the function
		}
		return &val{dims: dims, kind: lang.KindVector, known: y}
	}
	return symbolic(dims, lang.KindVector, l.b.Extern(sys, l.b.Pack(x)))
}

// splitConst splits elems into their values, NaN where an element depends
// on parameters, the indexes of those, and those elements, in order: an
// initial state's or guess's part of an extern op's input.
func (l *lowerer) splitConst(elems []ir.Value) (vals []float64, at []int, x []ir.Value) {
	vals = make([]float64, len(elems))
	for i, e := range elems {
		if v, ok := l.b.G.IsConst(e); ok {
			vals[i] = v
			continue
		}
		vals[i] = math.NaN()
		at = append(at, i)
		x = append(x, e)
	}
	return vals, at, x
}

// paramElems splits the passed arguments: per argument its elements
// with NoValue where one depends on parameters, and those, in order.
func (l *lowerer) paramElems(passed []*val) (pElems [][]ir.Value, x []ir.Value) {
	for _, a := range passed {
		if a.lanes > 0 {
			l.vectorFail()
		}
		es := make([]ir.Value, a.size())
		if a.known == nil {
			for i, e := range l.elemsOf(a) {
				if _, ok := l.b.G.IsConst(e); ok {
					es[i] = e
					continue
				}
				es[i] = ir.NoValue
				x = append(x, e)
			}
		}
		pElems = append(pElems, es)
	}
	return pElems, x
}

// fnProgram lowers the user's f of call c into a program of its own,
// q = (u, p, w) ↦ w·f(lead(u), passed...), u the nu scalars that lead
// builds f's leading arguments from, p the passed arguments'
// parameter-dependent elements (NoValue in pElems), w as many as f
// returns (nw), and compiles its gradient: ∂/∂w is f, and with w the
// i-th unit vector ∂/∂u and ∂/∂p are row i of f's Jacobians. what names
// f in the message for a result of another size ("function", "system
// function"), need ends it ("; this call needs 2").
func (l *lowerer) fnProgram(c *lang.CallExpr, nu int, lead func(*ir.Builder) []*val, passed []*val, pElems [][]ir.Value, np, nw int, what, need string) (*kernel.Kernel, error) {
	k, _, err := l.fnProgramN(c, nu, lead, passed, pElems, np, nw, what, need)
	return k, err
}

// fnProgramN is fnProgram, where nw < 0 takes as many w as f returns
// (map_rect's jobs may each return another number), and none where f
// returns one value: the program is then q = (u, p) ↦ f, f's scalar
// itself, whose adjoints carry no seed w (or an elem of a pack) to
// multiply through every element's derivative: BenchmarkMapRectGradient's
// 64 jobs of a normal log likelihood took 72-95 µs a gradient with the w,
// 34-38 µs without. It returns the number of values.
func (l *lowerer) fnProgramN(c *lang.CallExpr, nu int, lead func(*ir.Builder) []*val, passed []*val, pElems [][]ir.Value, np, nw int, what, need string) (*kernel.Kernel, int, error) {
	sub := &lowerer{b: ir.NewBuilder(nu + np + max(nw, 0)), prog: l.prog, bound: l.bound, block: l.block,
		vars: map[*lang.VarDecl]*val{}, loops: map[loopKey]*val{}, fn: funcState{frame: l.fn.frame}}
	b := sub.b
	b.At = c.Pos
	args := lead(b)
	off := nu
	for i, a := range passed {
		if a.known != nil {
			args = append(args, a)
			continue
		}
		xs := make([]ir.Value, a.size())
		for j, e := range pElems[i] {
			if e == ir.NoValue {
				xs[j] = b.Param(off)
				off++
				continue
			}
			v, _ := l.b.G.IsConst(e)
			xs[j] = b.Const(v)
		}
		v := sub.fromElems(a.dims, a.kind, xs)
		v.isInt = a.isInt
		args = append(args, v)
	}
	f := sub.inline(c, c.FnArg, args, false)
	if nw < 0 {
		nw = f.size()
		if nw <= 1 {
			lp := b.Const(0)
			if nw == 1 {
				lp = sub.elemsOf(f)[0] // the scalar itself, not an elem of its pack
			}
			k, _, err := kernel.New(b, lp)
			return k, nw, err
		}
		b.G.Dim += nw // w is q's last part, and nothing has read it yet
	}
	if got := f.size(); got != nw {
		sub.fail(c, "%s: the %s %s returned %d values%s", c.Name, what, c.FnArg.Name, got, need)
	}
	fv := sub.node(f)
	if b.ShapeOf(fv).Kind == ir.Scalar {
		fv = b.Pack([]ir.Value{fv})
	}
	k, _, err := kernel.New(b, b.Dot(b.ParamVector(nu+np, nw), fv))
	return k, nw, err
}
