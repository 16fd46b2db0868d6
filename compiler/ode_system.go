package compiler

import (
	"fmt"
	"math"
	"sync"

	"github.com/bayes-dev/bayes/compiler/kernel"
	"github.com/bayes-dev/bayes/ode"
)

// odeSystem is an ODE call with parameter-dependent arguments, as the
// extern function (ir.Extern) of its x, the call's parameter-dependent
// elements: the initial state's first, then the passed arguments'. Its
// value is the solution at the output times, its Jacobian the forward
// sensitivities ∂y(t_k)/∂x, both from package ode.
//
// The right-hand side is the user's f lowered once as a program of its
// own (lower_ode.go), q = (t, y, p, w) ↦ w·f(t, y, p), whose gradient
// holds f itself (∂/∂w) and, with w the i-th unit vector, row i of ∂f/∂y
// and of ∂f/∂p: the compiler's symbolic AD, run numerically.
type odeSystem struct {
	name   string
	method ode.Method
	n, np  int       // states; the passed arguments' parameter-dependent elements
	y0     []float64 // the initial state, with NaN where x supplies it
	y0At   []int     // the index in y0 of each of x's first len(y0At) elements
	t0     float64
	ts     []float64
	rtol   float64
	atol   float64
	steps  int
	rhs    *kernel.Kernel // cloned per evaluation (pool)
	pool   sync.Pool
}

// rhsEval is one evaluator's memory: a kernel clone and its q and gradient.
type rhsEval struct {
	k       *kernel.Kernel
	q, grad []float64
}

func (s *odeSystem) Name() string { return s.name }
func (s *odeSystem) In() int      { return len(s.y0At) + s.np }
func (s *odeSystem) Out() int     { return len(s.ts) * s.n }

func (s *odeSystem) get() *rhsEval {
	if e, ok := s.pool.Get().(*rhsEval); ok {
		return e
	}
	d := s.rhs.Dim()
	return &rhsEval{k: s.rhs.Clone(), q: make([]float64, d), grad: make([]float64, d)}
}

// setup writes t, y and p into q and returns q's w part.
func (s *odeSystem) setup(e *rhsEval, t float64, y, p []float64) []float64 {
	e.q[0] = t
	copy(e.q[1:], y)
	copy(e.q[1+s.n:], p)
	return e.q[1+s.n+s.np:]
}

// f writes f(t, y; p) into dy.
func (s *odeSystem) f(e *rhsEval, t float64, y, p, dy []float64) {
	w := s.setup(e, t, y, p)
	for i := range w {
		w[i] = 1
	}
	e.k.LogDensityGrad(e.grad, e.q)
	copy(dy, e.grad[1+s.n+s.np:])
}

// jac writes f (when non-nil), ∂f/∂y and ∂f/∂x (the initial state's
// columns zero) at (t, y; p).
func (s *odeSystem) jac(e *rhsEval, t float64, y, p, f, jy, jx []float64) {
	n, np, ny := s.n, s.np, len(s.y0At)
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
func (s *odeSystem) problem(e *rhsEval, x []float64, sens bool) *ode.Problem {
	ny := len(s.y0At)
	p := x[ny:]
	y0 := append([]float64(nil), s.y0...)
	for k, i := range s.y0At {
		y0[i] = x[k]
	}
	pr := &ode.Problem{N: s.n, T0: s.t0, Y0: y0, Ts: s.ts, Rtol: s.rtol, Atol: s.atol, MaxSteps: s.steps,
		F:   func(t float64, y, dy []float64) { s.f(e, t, y, p, dy) },
		Jac: func(t float64, y, f, jy, jx []float64) { s.jac(e, t, y, p, f, jy, jx) },
	}
	if sens {
		in := s.In()
		pr.P = in
		pr.S0 = make([]float64, s.n*in)
		for k, i := range s.y0At {
			pr.S0[i*in+k] = 1
		}
	}
	return pr
}

// Eval solves the system at x with its sensitivities; a failure of the
// solver (max_num_steps, a non-finite state) gives NaN, which rejects the
// sampler's proposal as Stan's domain errors do.
func (s *odeSystem) Eval(x, out []float64) {
	e := s.get()
	defer s.pool.Put(e)
	r, err := ode.Solve(s.method, s.problem(e, x, true))
	if err != nil {
		for i := range out {
			out[i] = math.NaN()
		}
		return
	}
	copy(out, r.Y)
	copy(out[len(r.Y):], r.S)
}

// solveData solves a call whose arguments are all data, once.
func (s *odeSystem) solveData() ([]float64, error) {
	e := s.get()
	defer s.pool.Put(e)
	r, err := ode.Solve(s.method, s.problem(e, nil, false))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.name, err)
	}
	return r.Y, nil
}
