package compiler

import (
	"fmt"
	"math"
	"sync"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/kernel"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/quad"
)

// Calls of integrate_1d (lang.Higher, Integrate1D; package quad
// integrates). A call whose arguments are all data is integrated here,
// once. Otherwise it becomes an extern op (ir.Extern, integrateSystem) of
// the limits, where they depend on parameters, and theta's
// parameter-dependent elements p: its value is ∫_a^b f(x, xc, θ) dx and
// its Jacobian ∂/∂p = ∫_a^b ∂f/∂p dx (differentiation under the
// integral, integrated on the same mesh as f), ∂/∂b = f(b) and
// ∂/∂a = −f(a) at a finite limit. f and ∂f/∂p come from the user's f
// lowered into a program of its own (lower_solve.go, fnProgram).

// integrateCall lowers a call of integrate_1d.
func (l *lowerer) integrateCall(c *lang.CallExpr, h *lang.Higher) *val {
	if l.lanes > 0 {
		l.vectorFail()
	}
	args := make([]*val, len(c.Args))
	for i, a := range c.Args[1:] {
		args[i+1] = l.expr(a)
		if args[i+1].lanes > 0 {
			l.vectorFail()
		}
	}
	sys := &integrateSystem{name: c.Name, rtol: h.Tol1}
	if at := h.Controls(len(c.Args)); at >= 0 {
		if args[at].known == nil {
			l.fail(c.Args[at], "%s: relative_tolerance must be data", c.Name)
		}
		sys.rtol = args[at].known[0]
		if !(sys.rtol > 0) || math.IsInf(sys.rtol, 0) {
			l.fail(c.Args[at], "%s: relative_tolerance is %g; it must be positive and finite", c.Name, sys.rtol)
		}
	}
	var x []ir.Value
	for i, lim := range []*val{args[1], args[2]} {
		if lim.known != nil {
			sys.limits[i] = lim.known[0]
			continue
		}
		sys.limits[i] = math.NaN()
		sys.limitAt = append(sys.limitAt, i)
		x = append(x, l.node(lim))
	}
	if args[1].known != nil && args[2].known != nil && !(sys.limits[0] <= sys.limits[1]) {
		l.fail(c.Args[1], "%s: the lower limit %g must not be above the upper limit %g, nor NaN", c.Name, sys.limits[0], sys.limits[1])
	}
	passed := args[3:6]
	pElems, px := l.paramElems(passed)
	x = append(x, px...)
	sys.np = len(px)
	k, err := l.fnProgram(c, 2, func(b *ir.Builder) []*val {
		return []*val{symbolic(nil, lang.KindReal, b.Param(0)), symbolic(nil, lang.KindReal, b.Param(1))}
	}, passed, pElems, sys.np, 1, "function", "; this call needs 1")
	if err != nil {
		l.fail(c, "%s: the integrand %s: %v", c.Name, c.FnArg.Name, err)
	}
	sys.f = k
	if len(x) == 0 {
		out := make([]float64, 1)
		if err := sys.integrate(sys.get(), sys.limits[0], sys.limits[1], nil, out); err != nil {
			l.fail(c, "%v", err)
		}
		return &val{kind: lang.KindReal, known: out}
	}
	return symbolic(nil, lang.KindReal, l.b.Elem(l.b.Extern(sys, l.b.Pack(x)), 0))
}

// integrateSystem is a call of integrate_1d with parameter-dependent
// arguments, as the extern function of x = (a or b where they depend on
// parameters, then p); the program f holds q = (x, xc, p, w) ↦ w f.
type integrateSystem struct {
	name    string
	limits  [2]float64 // a, b; NaN where x supplies one
	limitAt []int      // which limits x's first elements are (0 a, 1 b)
	np      int
	rtol    float64
	f       *kernel.Kernel
	pool    sync.Pool
}

func (s *integrateSystem) Name() string   { return s.name }
func (s *integrateSystem) In() int        { return len(s.limitAt) + s.np }
func (s *integrateSystem) Out() int       { return 1 }
func (s *integrateSystem) Solver() string { return "1D integrator" }

func (s *integrateSystem) get() *rhsEval {
	if e, ok := s.pool.Get().(*rhsEval); ok {
		return e
	}
	d := s.f.Dim()
	return &rhsEval{k: s.f.Clone(), q: make([]float64, d), grad: make([]float64, d)}
}

// at evaluates f at (x, xc) into out[0] and ∂f/∂p into out[1:] (p in e.q).
func (s *integrateSystem) at(e *rhsEval, x, xc float64, out []float64) {
	e.q[0], e.q[1] = x, xc
	e.q[2+s.np] = 1
	out[0] = e.k.LogDensityGrad(e.grad, e.q)
	copy(out[1:], e.grad[2:2+s.np])
}

// integrate writes ∫f into out[0] and ∫∂f/∂p into out[1:] (len(out) is
// 1, or 1 + np), with p passed to f.
func (s *integrateSystem) integrate(e *rhsEval, a, b float64, p, out []float64) error {
	copy(e.q[2:], p)
	m := len(out)
	buf := make([]float64, 1+s.np)
	r, err := quad.Integrate(func(x, xc float64, o []float64) {
		s.at(e, x, xc, buf)
		copy(o, buf[:m])
	}, m, a, b, s.rtol)
	if err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	copy(out, r)
	return nil
}

// Eval integrates at x; where the integral fails (a limit above the
// other, no convergence, a non-finite integrand) it writes NaN, which
// rejects the sampler's proposal as Stan's domain errors do.
func (s *integrateSystem) Eval(x, out []float64) {
	e := s.get()
	defer s.pool.Put(e)
	lim := s.limits
	for k, i := range s.limitAt {
		lim[i] = x[k]
	}
	nl := len(s.limitAt)
	r := make([]float64, 1+s.np)
	if err := s.integrate(e, lim[0], lim[1], x[nl:], r); err != nil {
		fillNaN(out)
		return
	}
	out[0] = r[0]
	copy(out[1+nl:], r[1:])
	buf := make([]float64, 1+s.np)
	for k, i := range s.limitAt {
		out[1+k] = 0
		if math.IsInf(lim[i], 0) {
			continue
		}
		s.at(e, lim[i], 0, buf)
		out[1+k] = buf[0]
		if i == 0 {
			out[1+k] = -buf[0]
		}
	}
}
