package roots

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Problem is a system f(y) = 0 and the solver's controls.
type Problem struct {
	N int
	// F writes f(y) into f.
	F func(y, f []float64)
	// Jac writes ∂f_i/∂y_j into j[i*N+j] at y.
	Jac func(y, j []float64)
	// Tol1 is Newton's scaling step (the iteration stops when a step,
	// relative to max(|y_i|, 1), is below it) or Powell's relative
	// tolerance (it stops when the trust region, relative to ‖y‖, is).
	Tol1 float64
	// Ftol is the function tolerance: the root is accepted when
	// ‖f(y)‖∞ ≤ Ftol (Newton) or ‖f(y)‖₂ ≤ Ftol (Powell), as Stan checks.
	Ftol float64
	// MaxSteps bounds Newton's iterations or Powell's evaluations of f.
	MaxSteps int
}

// ErrMaxSteps is returned when a solver runs out of steps.
var ErrMaxSteps = errors.New("max_num_steps exceeded")

// Validate checks the controls and the size.
func (p *Problem) Validate() error {
	if p.N < 1 {
		return fmt.Errorf("the system has %d unknowns; it needs at least one", p.N)
	}
	return CheckControls("the first tolerance", p.Tol1, p.Ftol, p.MaxSteps)
}

// CheckControls checks a solver's controls; tol1 is what the call names
// the first (scaling_step or relative_tolerance).
func CheckControls(tol1 string, t1, ftol float64, steps int) error {
	switch {
	case !(t1 >= 0) || math.IsInf(t1, 0):
		return fmt.Errorf("%s is %g; it must be non-negative and finite", tol1, t1)
	case !(ftol >= 0) || math.IsInf(ftol, 0):
		return fmt.Errorf("function_tolerance is %g; it must be non-negative and finite", ftol)
	case steps < 1:
		return fmt.Errorf("max_num_steps is %d; it must be positive", steps)
	}
	return nil
}

// workspace is one solve's memory.
type workspace struct {
	p           *Problem
	f, fn, s, t []float64
	j           *mat.Dense
	lu          mat.LU
}

func newWorkspace(p *Problem) *workspace {
	n := p.N
	return &workspace{p: p, f: make([]float64, n), fn: make([]float64, n), s: make([]float64, n),
		t: make([]float64, n), j: mat.NewDense(n, n, nil)}
}

// eval writes f(y) into f and reports whether it is finite.
func (w *workspace) eval(y, f []float64) bool {
	w.p.F(y, f)
	for _, v := range f {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// jacobian evaluates J at y and factors it; false when J is singular
// to working precision or not finite.
func (w *workspace) jacobian(y []float64) bool {
	raw := w.j.RawMatrix().Data
	w.p.Jac(y, raw)
	for _, v := range raw {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	w.lu.Factorize(w.j)
	return w.lu.Cond() < 1/(1e3*eps)
}

// newtonStep writes the Newton step −J⁻¹f into s (J factored).
func (w *workspace) newtonStep(s []float64) bool {
	v := mat.NewVecDense(len(s), s)
	if err := w.lu.SolveVecTo(v, false, mat.NewVecDense(len(w.f), w.f)); err != nil {
		var c mat.Condition
		if !errors.As(err, &c) {
			return false
		}
	}
	for i := range s {
		s[i] = -s[i]
	}
	return true
}

const eps = 2.220446049250313e-16

func normInf(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		m = math.Max(m, math.Abs(v))
	}
	return m
}

func norm2(x []float64) float64 { return math.Sqrt(dot(x, x)) }

func dot(x, y []float64) float64 {
	s := 0.0
	for i := range x {
		s += x[i] * y[i]
	}
	return s
}

// polish takes up to 4 full Newton steps from the accepted root y while
// each makes ‖f‖∞ smaller (see the package comment).
func (w *workspace) polish(y []float64) {
	yn := make([]float64, len(y))
	for range 4 {
		if normInf(w.f) == 0 || !w.jacobian(y) || !w.newtonStep(w.s) {
			return
		}
		for i := range y {
			yn[i] = y[i] + w.s[i]
		}
		if !w.eval(yn, w.fn) || normInf(w.fn) >= normInf(w.f) {
			return
		}
		copy(y, yn)
		copy(w.f, w.fn)
	}
}

// Newton solves p from y0 by Newton's method with a backtracking line
// search (Armijo's condition on ½‖f‖², halving the step).
func Newton(p *Problem, y0 []float64) ([]float64, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	w := newWorkspace(p)
	y := append([]float64(nil), y0...)
	yn := make([]float64, p.N)
	if !w.eval(y, w.f) {
		return nil, fmt.Errorf("f is not finite at the initial guess")
	}
	for it := 0; normInf(w.f) > p.Ftol; it++ {
		if it >= p.MaxSteps {
			return nil, ErrMaxSteps
		}
		if !w.jacobian(y) || !w.newtonStep(w.s) {
			return nil, fmt.Errorf("the Jacobian of f is singular at y = %v", y)
		}
		phi := dot(w.f, w.f)
		lambda := 1.0
		for {
			for i := range y {
				yn[i] = y[i] + lambda*w.s[i]
			}
			if w.eval(yn, w.fn) && dot(w.fn, w.fn) <= (1-2e-4*lambda)*phi {
				break
			}
			if lambda /= 2; lambda < 1e-10 {
				return nil, fmt.Errorf("the line search found no step that makes ‖f‖ smaller from y = %v (‖f‖∞ = %g)", y, normInf(w.f))
			}
		}
		step := 0.0
		for i := range y {
			step = math.Max(step, math.Abs(yn[i]-y[i])/math.Max(math.Abs(y[i]), 1))
		}
		copy(y, yn)
		copy(w.f, w.fn)
		if step < p.Tol1 {
			break
		}
	}
	if n := normInf(w.f); n > p.Ftol {
		return nil, fmt.Errorf("the solver stalled (a step below scaling_step %g) where ‖f‖∞ = %g, above the function tolerance %g", p.Tol1, n, p.Ftol)
	}
	w.polish(y)
	return y, nil
}

// Powell solves p from y0 by Powell's dog leg: in a trust region of
// radius Δ, the Newton step when it fits, else the steepest-descent
// (Cauchy) step and the Newton step joined at the region's edge; Δ
// grows and shrinks with how well ‖f + J s‖ predicted ‖f(y + s)‖ (the
// updates of MINPACK's hybrj). It stops when Δ ≤ Tol1·‖y‖ or f(y) = 0,
// and accepts the root when ‖f‖₂ ≤ Ftol.
func Powell(p *Problem, y0 []float64) ([]float64, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	w := newWorkspace(p)
	n := p.N
	y := append([]float64(nil), y0...)
	yn, g, jg, js := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	if !w.eval(y, w.f) {
		return nil, fmt.Errorf("f is not finite at the initial guess")
	}
	nfev := 1
	delta := 100 * norm2(y)
	if delta == 0 {
		delta = 100
	}
	for normInf(w.f) > 0 && delta > p.Tol1*(norm2(y)+p.Tol1) {
		if nfev >= p.MaxSteps {
			return nil, ErrMaxSteps
		}
		haveNewton := w.jacobian(y) && w.newtonStep(w.s)
		jd := w.j.RawMatrix().Data
		// g = Jᵀf, the gradient of ½‖f‖²; the Cauchy step is −α g with
		// α = ‖g‖²/‖Jg‖²
		for j := range g {
			g[j] = 0
			for i := 0; i < n; i++ {
				g[j] += jd[i*n+j] * w.f[i]
			}
		}
		for i := range jg {
			jg[i] = dot(jd[i*n:(i+1)*n], g)
		}
		gg, jgjg := dot(g, g), dot(jg, jg)
		if gg == 0 || jgjg == 0 {
			return nil, fmt.Errorf("the Jacobian of f is singular at y = %v", y)
		}
		alpha := gg / jgjg
		switch {
		case haveNewton && norm2(w.s) <= delta:
			// the Newton step
		case alpha*math.Sqrt(gg) >= delta || !haveNewton:
			c := math.Min(alpha, delta/math.Sqrt(gg))
			for i := range w.s {
				w.s[i] = -c * g[i]
			}
		default:
			// from the Cauchy point c = −αg toward the Newton step, to
			// ‖c + τ(s − c)‖ = Δ
			for i := range w.t {
				w.t[i] = w.s[i] + alpha*g[i] // s − c
			}
			cc, ct, tt := alpha*alpha*gg, -alpha*dot(g, w.t), dot(w.t, w.t)
			tau := (-ct + math.Sqrt(ct*ct+tt*(delta*delta-cc))) / tt
			for i := range w.s {
				w.s[i] = -alpha*g[i] + tau*w.t[i]
			}
		}
		for i := range js {
			js[i] = w.f[i] + dot(jd[i*n:(i+1)*n], w.s)
		}
		for i := range y {
			yn[i] = y[i] + w.s[i]
		}
		ok := w.eval(yn, w.fn)
		nfev++
		ff := dot(w.f, w.f)
		pred, act := ff-dot(js, js), -1.0
		if ok {
			act = ff - dot(w.fn, w.fn)
		}
		rho := act / pred
		sn := norm2(w.s)
		switch {
		case !ok || !(rho >= 0.1): // NaN too
			delta = 0.5 * math.Min(delta, sn)
		case rho >= 0.5:
			delta = math.Max(delta, 2*sn)
		}
		if ok && rho > 1e-4 {
			copy(y, yn)
			copy(w.f, w.fn)
		}
	}
	if nrm := norm2(w.f); nrm > p.Ftol {
		return nil, fmt.Errorf("the norm of f is %g at the end, above the function tolerance %g", nrm, p.Ftol)
	}
	w.polish(y)
	return y, nil
}
