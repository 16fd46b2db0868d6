package compiler

import (
	"fmt"
	"math"
	"sync"

	"github.com/bayes-dev/bayes/compiler/kernel"
	"github.com/bayes-dev/bayes/roots"
	"gonum.org/v1/gonum/mat"
)

// solveSystem is an algebraic solver's call with parameter-dependent
// arguments, as the extern function (ir.Extern) of its x: the initial
// guess's parameter-dependent elements, then the passed arguments'. Its
// value is the root y of f(y, p) = 0, its Jacobian ∂y/∂x: zero in the
// guess's columns, −(∂f/∂y)⁻¹ ∂f/∂p in p's (the implicit function
// theorem). f and its Jacobians come from the user's f lowered as a
// program of its own (lower_solve.go), q = (y, p, w) ↦ w·f(y, p).
type solveSystem struct {
	name    string
	newton  bool
	n, np   int
	guess   []float64 // NaN where x supplies it
	guessAt []int     // the index in guess of each of x's first len(guessAt) elements
	tol1    float64   // scaling_step (Newton) or relative_tolerance (Powell)
	ftol    float64
	steps   int
	f       *kernel.Kernel // cloned per evaluation (pool)
	pool    sync.Pool
}

func (s *solveSystem) Name() string { return s.name }
func (s *solveSystem) In() int      { return len(s.guessAt) + s.np }
func (s *solveSystem) Out() int     { return s.n }

// Solver is what the C emitter's refusal says the samplers lack.
func (s *solveSystem) Solver() string { return "algebraic solver" }

func (s *solveSystem) get() *rhsEval {
	if e, ok := s.pool.Get().(*rhsEval); ok {
		return e
	}
	d := s.f.Dim()
	return &rhsEval{k: s.f.Clone(), q: make([]float64, d), grad: make([]float64, d)}
}

// rows evaluates row i of ∂f/∂y into jy and of ∂f/∂p into jp (either
// nil) for each i, at (y, p) written into e.q.
func (s *solveSystem) rows(e *rhsEval, jy, jp []float64) {
	n, np := s.n, s.np
	w := e.q[n+np:]
	for i := 0; i < n; i++ {
		clear(w)
		w[i] = 1
		e.k.LogDensityGrad(e.grad, e.q)
		if jy != nil {
			copy(jy[i*n:(i+1)*n], e.grad[:n])
		}
		if jp != nil {
			copy(jp[i*np:(i+1)*np], e.grad[n:n+np])
		}
	}
}

// solve finds the root from guess with p passed to f.
func (s *solveSystem) solve(e *rhsEval, guess, p []float64) ([]float64, error) {
	n := s.n
	copy(e.q[n:], p)
	pr := &roots.Problem{N: n, Tol1: s.tol1, Ftol: s.ftol, MaxSteps: s.steps,
		F: func(y, f []float64) {
			copy(e.q, y)
			w := e.q[n+s.np:]
			for i := range w {
				w[i] = 1
			}
			e.k.LogDensityGrad(e.grad, e.q)
			copy(f, e.grad[n+s.np:])
		},
		Jac: func(y, j []float64) {
			copy(e.q, y)
			s.rows(e, j, nil)
		},
	}
	solver := roots.Powell
	if s.newton {
		solver = roots.Newton
	}
	y, err := solver(pr, guess)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.name, err)
	}
	return y, nil
}

// Eval solves at x and writes the root and ∂y/∂x; where the solver fails
// or ∂f/∂y is singular at the root it writes NaN, which rejects the
// sampler's proposal as Stan's domain errors do.
func (s *solveSystem) Eval(x, out []float64) {
	e := s.get()
	defer s.pool.Put(e)
	ng, n, np := len(s.guessAt), s.n, s.np
	guess := append([]float64(nil), s.guess...)
	for k, i := range s.guessAt {
		guess[i] = x[k]
	}
	y, err := s.solve(e, guess, x[ng:])
	if err != nil {
		fillNaN(out)
		return
	}
	copy(out, y)
	jac := out[n:]
	clear(jac)
	if np == 0 {
		return
	}
	jy, jp := make([]float64, n*n), make([]float64, n*np)
	copy(e.q, y)
	s.rows(e, jy, jp)
	var lu mat.LU
	lu.Factorize(mat.NewDense(n, n, jy))
	d := mat.NewDense(n, np, nil)
	if err := lu.SolveTo(d, false, mat.NewDense(n, np, jp)); err != nil {
		if _, ok := err.(mat.Condition); !ok || lu.Cond() > 1e14 {
			fillNaN(out)
			return
		}
	}
	in := s.In()
	for i := 0; i < n; i++ {
		for j := 0; j < np; j++ {
			jac[i*in+ng+j] = -d.At(i, j)
		}
	}
}

func fillNaN(x []float64) {
	for i := range x {
		x[i] = math.NaN()
	}
}
