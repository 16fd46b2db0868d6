package simulate

import (
	"math"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/roots"
)

// Calls of Stan's algebraic solvers in the interpreter: package roots,
// which the compiled model uses too, with the user's f run by this
// interpreter and its Jacobian taken by forward differences (no
// derivatives of the root are needed here; the Jacobian steers the
// iterations, and the solvers end by polishing the root with Newton
// steps, whose accuracy the differences limit to about √ε relative per
// step, which the polish's quadratic convergence makes up for).

// callSolve evaluates a call of an algebraic solver; args are the call's
// evaluated arguments (args[0], f, unused).
func (m *machine) callSolve(c *lang.CallExpr, h *lang.Higher, args []*Value) (*Value, error) {
	guess := args[1].toReal().Reals
	n := len(guess)
	p := &roots.Problem{N: n, Tol1: h.Tol1, Ftol: h.Ftol, MaxSteps: h.MaxSteps}
	tol1 := "relative_tolerance"
	if h.Newton {
		tol1 = "scaling_step"
	}
	if at := h.Controls(len(c.Args)); at >= 0 {
		p.Tol1, p.Ftol, p.MaxSteps = args[at].toReal().Reals[0], args[at+1].toReal().Reals[0], args[at+2].Ints[0]
		if err := roots.CheckControls(tol1, p.Tol1, p.Ftol, p.MaxSteps); err != nil {
			return nil, errAt(c.Args[at], "%s: %v", c.Name, err)
		}
	}
	if n == 0 {
		return nil, errAt(c.Args[1], "%s: the initial guess is empty; the system needs at least one unknown", c.Name)
	}
	from, to := h.Passed(len(c.Args))
	passed := args[from:to]
	var failure error
	p.F = func(y, f []float64) {
		if failure != nil {
			fillNaN(f)
			return
		}
		call := append([]*Value{{Type: lang.Vector, Shape: []int{n}, Reals: append([]float64(nil), y...)}}, passed...)
		r, err := m.invoke(c, c.FnArg, call)
		switch {
		case err != nil:
			failure = err
		case len(r.Reals) != n:
			failure = errAt(c, "%s: the function %s returned %d values; this call needs %d", c.Name, c.FnArg.Name, len(r.Reals), n)
		}
		if failure != nil {
			fillNaN(f)
			return
		}
		copy(f, r.Reals)
	}
	p.Jac = func(y, j []float64) {
		f0, fh := make([]float64, n), make([]float64, n)
		p.F(y, f0)
		yh := append([]float64(nil), y...)
		for k := 0; k < n; k++ {
			h := math.Sqrt(2.2e-16) * math.Max(math.Abs(y[k]), 1)
			yh[k] = y[k] + h
			p.F(yh, fh)
			yh[k] = y[k]
			for i := 0; i < n; i++ {
				j[i*n+k] = (fh[i] - f0[i]) / h
			}
		}
	}
	solver := roots.Powell
	if h.Newton {
		solver = roots.Newton
	}
	y, err := solver(p, guess)
	if failure != nil {
		return nil, failure
	}
	if err != nil {
		return nil, errAt(c, "%s: %v", c.Name, err)
	}
	return &Value{Type: lang.Vector, Shape: []int{n}, Reals: y}, nil
}
