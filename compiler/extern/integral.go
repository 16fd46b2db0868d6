package extern

import (
	"fmt"
	"math"

	"github.com/bayes-dev/bayes/compiler/kernel"
	"github.com/bayes-dev/bayes/quad"
)

// Integral is a call of integrate_1d, as the extern function of x = (a or
// b where they depend on parameters, then p, theta's parameter-dependent
// elements). Its value is ∫_a^b f(x, xc, θ) dx and its Jacobian
// ∂/∂p = ∫_a^b ∂f/∂p dx (differentiation under the integral, integrated on
// the same mesh as f), ∂/∂b = f(b) and ∂/∂a = −f(a) at a finite limit
// (package quad integrates). F is the user's f as the program
// q = (x, xc, p, w) ↦ w f.
type Integral struct {
	Call    string     // integrate_1d, for messages
	Limits  [2]float64 // a, b; NaN where x supplies one
	LimitAt []int      // which limits x's first elements are (0 a, 1 b)
	NP      int
	Rtol    float64
	F       *kernel.Kernel
	pool    evaluators
}

func (s *Integral) Name() string   { return s.Call }
func (s *Integral) In() int        { return len(s.LimitAt) + s.NP }
func (s *Integral) Out() int       { return 1 }
func (s *Integral) Solver() string { return "1D integrator" }

// SolveData integrates a call whose arguments are all data (x empty).
func (s *Integral) SolveData() ([]float64, error) {
	e := s.pool.get(s.F)
	defer s.pool.put(e)
	out := make([]float64, 1)
	return out, s.integrate(e, s.Limits[0], s.Limits[1], nil, out)
}

// at evaluates f at (x, xc) into out[0] and ∂f/∂p into out[1:] (p in e.q).
func (s *Integral) at(e *evaluator, x, xc float64, out []float64) {
	e.q[0], e.q[1] = x, xc
	e.q[2+s.NP] = 1
	out[0] = e.k.LogDensityGrad(e.grad, e.q)
	copy(out[1:], e.grad[2:2+s.NP])
}

// integrate writes ∫f into out[0] and ∫∂f/∂p into out[1:] (len(out) is
// 1, or 1 + np), with p passed to f.
func (s *Integral) integrate(e *evaluator, a, b float64, p, out []float64) error {
	copy(e.q[2:], p)
	m := len(out)
	buf := make([]float64, 1+s.NP)
	r, err := quad.Integrate(func(x, xc float64, o []float64) {
		s.at(e, x, xc, buf)
		copy(o, buf[:m])
	}, m, a, b, s.Rtol)
	if err != nil {
		return fmt.Errorf("%s: %w", s.Call, err)
	}
	copy(out, r)
	return nil
}

// Eval integrates at x; where the integral fails (a limit above the
// other, no convergence, a non-finite integrand) it writes NaN.
func (s *Integral) Eval(x, out []float64) {
	e := s.pool.get(s.F)
	defer s.pool.put(e)
	lim := s.Limits
	for k, i := range s.LimitAt {
		lim[i] = x[k]
	}
	nl := len(s.LimitAt)
	r := make([]float64, 1+s.NP)
	if err := s.integrate(e, lim[0], lim[1], x[nl:], r); err != nil {
		fillNaN(out)
		return
	}
	out[0] = r[0]
	copy(out[1+nl:], r[1:])
	buf := make([]float64, 1+s.NP)
	for k, i := range s.LimitAt {
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
