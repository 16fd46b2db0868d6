package compiler

import (
	"fmt"
	"math"

	"github.com/bayes-dev/bayes/compiler/extern"
	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/kernel"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/ode"
)

// Calls of Stan's ODE solvers (lang.OdeSolver; the ode package solves).
// A call whose arguments are all data is solved here, once. Otherwise it
// becomes an extern op (ir.Extern) of the arguments' parameter-dependent
// elements, whose value is the solution at the output times and whose
// Jacobian is the forward sensitivities: the user's f is lowered once more
// into a program of its own, differentiated by the same symbolic AD, and
// run by the solver (extern.ODE). The initial and output times must be
// data here; ode_adams and ode_ckrk run the Dormand–Prince solver (package
// ode says why), ode_bdf and integrate_ode_bdf the stiff SDIRK solver.

// odeMethod is the solver of a Stan method.
func odeMethod(m string) ode.Method {
	if m == "bdf" {
		return ode.SDIRK
	}
	return ode.DormandPrince
}

// odeCall lowers a call of an ODE solver.
func (l *lowerer) odeCall(c *lang.CallExpr) *val {
	s := lang.LookupOde(c.Name)
	if l.lanes > 0 {
		l.vectorFail()
	}
	args := make([]*val, len(c.Args))
	for i, a := range c.Args[1:] {
		args[i+1] = l.expr(a)
	}
	from, to := s.Passed(len(c.Args))
	y0, t0, ts := args[1], args[2], args[3]
	for i, v := range []*val{t0, ts} {
		if v.known == nil {
			l.fail(c.Args[i+2], "%s: bayes needs the %s to be data; here it depends on parameters", c.Name, []string{"initial time", "output times"}[i])
		}
	}
	sys := &extern.ODE{Call: c.Name, Method: odeMethod(s.Method), N: y0.size(), T0: t0.known[0],
		Ts: ts.known, Rtol: s.Rtol, Atol: s.Atol, Steps: s.MaxSteps}
	if at := s.Controls(len(c.Args)); at >= 0 {
		for i := at; i < at+3; i++ {
			if args[i].known == nil {
				l.fail(c.Args[i], "%s: the solver's controls must be data", c.Name)
			}
		}
		sys.Rtol, sys.Atol = args[at].known[0], args[at+1].known[0]
		steps := args[at+2].known[0]
		sys.Steps = int(math.Min(steps, math.MaxInt32))
		if steps < 1 {
			sys.Steps = 0
		}
	}
	// Validate the problem as the solver will see it, to fail here, at the call.
	check := &ode.Problem{N: sys.N, T0: sys.T0, Y0: make([]float64, sys.N), Ts: sys.Ts, Rtol: sys.Rtol, Atol: sys.Atol, MaxSteps: sys.Steps}
	if y0.known != nil {
		check.Y0 = y0.known
	}
	if err := check.Validate(); err != nil {
		l.fail(c, "%s: %v", c.Name, err)
	}
	dims := []int{len(sys.Ts), sys.N}
	kind := lang.KindVector
	if s.Legacy {
		kind = lang.KindReal
	}
	if len(sys.Ts) == 0 {
		return &val{dims: dims, kind: kind, known: []float64{}}
	}
	// x: the parameter-dependent elements of y0, then of the passed arguments
	var x []ir.Value
	sys.Y0, sys.Y0At, x = l.splitConst(l.elemsOf(y0))
	passed := args[from:to]
	pElems, px := l.paramElems(passed) // NoValue where x holds an element
	x = append(x, px...)
	sys.NP = len(px)
	rhs, err := l.odeRHS(c, sys, y0, passed, pElems)
	if err != nil {
		l.fail(c, "%s: the system function %s: %v", c.Name, c.FnArg.Name, err)
	}
	sys.RHS = rhs
	if len(x) == 0 {
		y, err := sys.SolveData()
		if err != nil {
			l.fail(c, "%v", err)
		}
		return &val{dims: dims, kind: kind, known: y}
	}
	return symbolic(dims, kind, l.b.Extern(sys, l.b.Pack(x)))
}

// odeRHS lowers f(t, y, passed...) into its own program q = (t, y, p, w)
// ↦ w·f, p the passed arguments' parameter-dependent elements (pElems
// NoValue), and compiles its gradient.
func (l *lowerer) odeRHS(c *lang.CallExpr, sys *extern.ODE, y0 *val, passed []*val, pElems [][]ir.Value) (*kernel.Kernel, error) {
	n := sys.N
	lead := func(b *ir.Builder) []*val {
		y := symbolic(y0.dims, y0.kind, b.ParamVector(1, n))
		if n == 1 && y0.kind != lang.KindVector {
			y = symbolic(y0.dims, y0.kind, b.Pack([]ir.Value{b.Param(1)}))
		}
		return []*val{symbolic(nil, lang.KindReal, b.Param(0)), y}
	}
	return l.fnProgram(c, 1+n, lead, passed, pElems, sys.NP, n, "system function", fmt.Sprintf(" for a state of %d", n))
}
