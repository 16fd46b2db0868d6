package extern

import (
	"fmt"

	"github.com/bayes-dev/bayes/compiler/kernel"
	"github.com/bayes-dev/bayes/ode"
)

// ODE is an ODE call, as the extern function of its x, the call's
// parameter-dependent elements: the initial state's first, then the passed
// arguments'. Its value is the solution at the output times, its Jacobian
// the forward sensitivities ∂y(t_k)/∂x, both from package ode. RHS is the
// user's f as the program q = (t, y, p, w) ↦ w·f(t, y, p).
type ODE struct {
	Call   string // the solver's name, for messages
	Method ode.Method
	N, NP  int       // states; the passed arguments' parameter-dependent elements
	Y0     []float64 // the initial state, with NaN where x supplies it
	Y0At   []int     // the index in Y0 of each of x's first len(Y0At) elements
	T0     float64
	Ts     []float64
	Rtol   float64
	Atol   float64
	Steps  int
	RHS    *kernel.Kernel
	pool   evaluators
}

func (s *ODE) Name() string { return s.Call }
func (s *ODE) In() int      { return len(s.Y0At) + s.NP }
func (s *ODE) Out() int     { return len(s.Ts) * s.N }

// setup writes t, y and p into q and returns q's w part.
func (s *ODE) setup(e *evaluator, t float64, y, p []float64) []float64 {
	e.q[0] = t
	copy(e.q[1:], y)
	copy(e.q[1+s.N:], p)
	return e.q[1+s.N+s.NP:]
}

// f writes f(t, y; p) into dy.
func (s *ODE) f(e *evaluator, t float64, y, p, dy []float64) {
	w := s.setup(e, t, y, p)
	for i := range w {
		w[i] = 1
	}
	e.k.LogDensityGrad(e.grad, e.q)
	copy(dy, e.grad[1+s.N+s.NP:])
}

// jac writes f (when non-nil), ∂f/∂y and ∂f/∂x (the initial state's
// columns zero) at (t, y; p).
func (s *ODE) jac(e *evaluator, t float64, y, p, f, jy, jx []float64) {
	n, np, ny := s.N, s.NP, len(s.Y0At)
	in := ny + np
	w := s.setup(e, t, y, p)
	for i := 0; i < n; i++ {
		clear(w)
		w[i] = 1
		e.k.LogDensityGrad(e.grad, e.q)
		copy(jy[i*n:(i+1)*n], e.grad[1:1+n])
		if jx != nil {
			row := jx[i*in : (i+1)*in]
			clear(row[:ny])
			copy(row[ny:], e.grad[1+n:1+n+np])
		}
		if f != nil && i == 0 {
			copy(f, e.grad[1+n+np:])
		}
	}
}

// problem is the ODE problem at x; p is x's part passed to f.
func (s *ODE) problem(e *evaluator, x []float64, sens bool) *ode.Problem {
	ny := len(s.Y0At)
	p := x[ny:]
	y0 := append([]float64(nil), s.Y0...)
	for k, i := range s.Y0At {
		y0[i] = x[k]
	}
	pr := &ode.Problem{N: s.N, T0: s.T0, Y0: y0, Ts: s.Ts, Rtol: s.Rtol, Atol: s.Atol, MaxSteps: s.Steps,
		F:   func(t float64, y, dy []float64) { s.f(e, t, y, p, dy) },
		Jac: func(t float64, y, f, jy, jx []float64) { s.jac(e, t, y, p, f, jy, jx) },
	}
	if sens {
		in := s.In()
		pr.P = in
		pr.S0 = make([]float64, s.N*in)
		for k, i := range s.Y0At {
			pr.S0[i*in+k] = 1
		}
	}
	return pr
}

// Eval solves the system at x with its sensitivities; a failure of the
// solver (max_num_steps, a non-finite state) gives NaN.
func (s *ODE) Eval(x, out []float64) {
	e := s.pool.get(s.RHS)
	defer s.pool.put(e)
	r, err := ode.Solve(s.Method, s.problem(e, x, true))
	if err != nil {
		fillNaN(out)
		return
	}
	copy(out, r.Y)
	copy(out[len(r.Y):], r.S)
}

// SolveData solves a call whose arguments are all data (x empty).
func (s *ODE) SolveData() ([]float64, error) {
	e := s.pool.get(s.RHS)
	defer s.pool.put(e)
	r, err := ode.Solve(s.Method, s.problem(e, nil, false))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.Call, err)
	}
	return r.Y, nil
}
