package simulate

import (
	"math"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/ode"
)

// Calls of Stan's ODE solvers (lang.OdeSolver) in the interpreter: the
// solvers of package ode, which the compiled model uses too, with the
// user's f run by this interpreter. No sensitivities are needed here; the
// stiff solver's Newton iterations take the Jacobian of f by forward
// differences, which changes how fast they converge, not the solution's
// accuracy (the error control decides that). ode_adams and ode_ckrk run
// the Dormand–Prince solver, ode_bdf the SDIRK solver, as compiled.

// callOde evaluates a call of an ODE solver.
func (m *machine) callOde(c *lang.CallExpr) (*Value, error) {
	s := lang.LookupOde(c.Name)
	args := make([]*Value, len(c.Args))
	for i, a := range c.Args[1:] {
		v, err := m.eval(a)
		if err != nil {
			return nil, err
		}
		args[i+1] = v
	}
	y0, t0, ts := args[1].toReal(), args[2].toReal(), args[3].toReal()
	p := &ode.Problem{N: len(y0.Reals), T0: t0.Reals[0], Y0: y0.Reals, Ts: ts.Reals,
		Rtol: s.Rtol, Atol: s.Atol, MaxSteps: s.MaxSteps}
	if at := s.Controls(len(c.Args)); at >= 0 {
		p.Rtol, p.Atol = args[at].toReal().Reals[0], args[at+1].toReal().Reals[0]
		p.MaxSteps = args[at+2].Ints[0]
	}
	from, to := s.Passed(len(c.Args))
	passed := args[from:to]
	yType := lang.Vector
	if s.Legacy {
		yType = lang.Type{Kind: lang.KindReal, Dims: 1}
	}
	var failure error
	p.F = func(t float64, y, dy []float64) {
		if failure != nil {
			fillNaN(dy)
			return
		}
		call := append([]*Value{realValue(t), {Type: yType, Shape: []int{len(y)}, Reals: append([]float64(nil), y...)}}, passed...)
		r, err := m.invoke(c, c.FnArg, call)
		switch {
		case err != nil:
			failure = err
		case r == nil || len(r.Reals) != len(dy):
			n := 0
			if r != nil {
				n = len(r.Reals)
			}
			failure = errAt(c, "%s: the system function %s returned %d values for a state of %d", c.Name, c.FnArg.Name, n, len(dy))
		}
		if failure != nil {
			fillNaN(dy)
			return
		}
		copy(dy, r.Reals)
	}
	p.Jac = func(t float64, y, f, jy, _ []float64) {
		n := len(y)
		f0 := make([]float64, n)
		p.F(t, y, f0)
		if f != nil {
			copy(f, f0)
		}
		yh := append([]float64(nil), y...)
		fh := make([]float64, n)
		for j := 0; j < n; j++ {
			h := math.Sqrt(2.2e-16) * math.Max(math.Abs(y[j]), 1)
			yh[j] = y[j] + h
			p.F(t, yh, fh)
			yh[j] = y[j]
			for i := 0; i < n; i++ {
				jy[i*n+j] = (fh[i] - f0[i]) / h
			}
		}
	}
	method := ode.DormandPrince
	if s.Method == "bdf" {
		method = ode.SDIRK
	}
	r, err := ode.Solve(method, p)
	if failure != nil {
		return nil, failure
	}
	if err != nil {
		return nil, errAt(c, "%s: %v", c.Name, err)
	}
	out := &Value{Type: lang.Type{Kind: lang.KindVector, Dims: 1}, Shape: []int{len(p.Ts), p.N}, Reals: r.Y}
	if s.Legacy {
		out.Type = lang.Type{Kind: lang.KindReal, Dims: 2}
	}
	return out, nil
}

func fillNaN(x []float64) {
	for i := range x {
		x[i] = math.NaN()
	}
}
