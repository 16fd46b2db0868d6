package extern

import (
	"fmt"

	"github.com/bayes-dev/bayes/compiler/kernel"
	"github.com/bayes-dev/bayes/roots"
	"gonum.org/v1/gonum/mat"
)

// Root is an algebraic solver's call, as the extern function of its x: the
// initial guess's parameter-dependent elements, then the passed
// arguments'. Its value is the root y of f(y, p) = 0, its Jacobian ∂y/∂x:
// zero in the guess's columns, −(∂f/∂y)⁻¹ ∂f/∂p in p's (the implicit
// function theorem). F is the user's f as the program q = (y, p, w) ↦
// w·f(y, p).
type Root struct {
	Call    string // the solver's name, for messages
	Newton  bool
	N, NP   int
	Guess   []float64 // NaN where x supplies it
	GuessAt []int     // the index in Guess of each of x's first len(GuessAt) elements
	Tol1    float64   // scaling_step (Newton) or relative_tolerance (Powell)
	Ftol    float64
	Steps   int
	F       *kernel.Kernel
	pool    evaluators
}

func (s *Root) Name() string { return s.Call }
func (s *Root) In() int      { return len(s.GuessAt) + s.NP }
func (s *Root) Out() int     { return s.N }

// Solver is what the C emitter's refusal says the samplers lack.
func (s *Root) Solver() string { return "algebraic solver" }

// rows evaluates row i of ∂f/∂y into jy and of ∂f/∂p into jp (either
// nil) for each i, at (y, p) written into e.q.
func (s *Root) rows(e *evaluator, jy, jp []float64) {
	n, np := s.N, s.NP
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
func (s *Root) solve(e *evaluator, guess, p []float64) ([]float64, error) {
	n := s.N
	copy(e.q[n:], p)
	pr := &roots.Problem{N: n, Tol1: s.Tol1, Ftol: s.Ftol, MaxSteps: s.Steps,
		F: func(y, f []float64) {
			copy(e.q, y)
			w := e.q[n+s.NP:]
			for i := range w {
				w[i] = 1
			}
			e.k.LogDensityGrad(e.grad, e.q)
			copy(f, e.grad[n+s.NP:])
		},
		Jac: func(y, j []float64) {
			copy(e.q, y)
			s.rows(e, j, nil)
		},
	}
	solver := roots.Powell
	if s.Newton {
		solver = roots.Newton
	}
	y, err := solver(pr, guess)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.Call, err)
	}
	return y, nil
}

// SolveData solves a call whose arguments are all data (x empty).
func (s *Root) SolveData() ([]float64, error) {
	e := s.pool.get(s.F)
	defer s.pool.put(e)
	return s.solve(e, s.Guess, nil)
}

// Eval solves at x and writes the root and ∂y/∂x; where the solver fails
// or ∂f/∂y is singular at the root it writes NaN.
func (s *Root) Eval(x, out []float64) {
	e := s.pool.get(s.F)
	defer s.pool.put(e)
	ng, n, np := len(s.GuessAt), s.N, s.NP
	guess := append([]float64(nil), s.Guess...)
	for k, i := range s.GuessAt {
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
