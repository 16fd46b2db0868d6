package ode

import (
	"errors"
	"fmt"
	"math"
)

// Method is a solver.
type Method uint8

const (
	DormandPrince Method = iota // explicit RK 5(4), non-stiff
	SDIRK                       // L-stable SDIRK 4(3), stiff
)

func (m Method) String() string {
	if m == SDIRK {
		return "SDIRK4"
	}
	return "Dormand-Prince"
}

// Problem is an initial value problem with its output times, tolerances
// and, when P > 0, the sensitivities to P parameters.
type Problem struct {
	N int // states
	P int // sensitivity parameters; 0 for none
	// F writes f(t, y) into dy.
	F func(t float64, y, dy []float64)
	// Jac writes f(t, y) into f when f is non-nil, ∂f/∂y (N×N, row-major)
	// into jy and, when P > 0, ∂f/∂p (N×P, row-major) into jp. Needed when
	// P > 0 and by SDIRK.
	Jac func(t float64, y, f, jy, jp []float64)

	T0 float64
	Y0 []float64 // N
	S0 []float64 // N×P row-major: ∂y0/∂p; nil for zero
	Ts []float64 // output times, strictly increasing, all > T0

	Rtol, Atol float64
	MaxSteps   int // the most steps between two output times
}

// Result holds the solution at the output times: Y[k*N+i] is y_i(Ts[k]),
// S[(k*N+i)*P+j] is ∂y_i/∂p_j at Ts[k].
type Result struct {
	Y, S  []float64
	Steps int // accepted steps, all intervals together
}

// ErrMaxSteps is returned, wrapped, when an interval needs more steps than
// Problem.MaxSteps; ErrNonFinite when the state or its derivative is not
// finite; ErrStepSize when the step size underflows.
var (
	ErrMaxSteps  = errors.New("max_num_steps exceeded")
	ErrNonFinite = errors.New("the state or its derivative is not finite")
	ErrStepSize  = errors.New("the step size became too small")
)

// Validate checks the problem's sizes, times and tolerances.
func (p *Problem) Validate() error {
	switch {
	case p.N < 1:
		return fmt.Errorf("the initial state is empty")
	case len(p.Y0) != p.N:
		return fmt.Errorf("the initial state has %d elements, want %d", len(p.Y0), p.N)
	case p.S0 != nil && len(p.S0) != p.N*p.P:
		return fmt.Errorf("the initial sensitivities have %d elements, want %d", len(p.S0), p.N*p.P)
	case !(p.Rtol > 0) || math.IsInf(p.Rtol, 0):
		return fmt.Errorf("relative_tolerance is %g; it must be positive and finite", p.Rtol)
	case !(p.Atol > 0) || math.IsInf(p.Atol, 0):
		return fmt.Errorf("absolute_tolerance is %g; it must be positive and finite", p.Atol)
	case p.MaxSteps < 1:
		return fmt.Errorf("max_num_steps is %d; it must be positive", p.MaxSteps)
	case len(p.Ts) == 0:
		return fmt.Errorf("no output times")
	case math.IsNaN(p.T0) || math.IsInf(p.T0, 0):
		return fmt.Errorf("the initial time is %g; it must be finite", p.T0)
	case (p.P > 0 || p.S0 != nil) && p.Jac == nil:
		return fmt.Errorf("sensitivities need the Jacobian")
	}
	for i, y := range p.Y0 {
		if math.IsNaN(y) || math.IsInf(y, 0) {
			return fmt.Errorf("initial state[%d] is %g; it must be finite", i+1, y)
		}
	}
	prev := p.T0
	for k, t := range p.Ts {
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return fmt.Errorf("output time %d is %g; it must be finite", k+1, t)
		}
		if !(t > prev) {
			if k == 0 {
				return fmt.Errorf("the first output time %g is not after the initial time %g", t, prev)
			}
			return fmt.Errorf("output time %d (%g) is not after output time %d (%g); times must increase", k+1, t, k, prev)
		}
		prev = t
	}
	return nil
}

// Solve integrates the problem with method m.
func Solve(m Method, p *Problem) (*Result, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if m == SDIRK && p.Jac == nil {
		return nil, fmt.Errorf("the stiff solver needs the Jacobian")
	}
	s := newState(p)
	res := &Result{Y: make([]float64, len(p.Ts)*p.N), S: make([]float64, len(p.Ts)*p.N*p.P)}
	h := 0.0
	for k, tout := range p.Ts {
		var err error
		var n int
		if m == SDIRK {
			h, n, err = s.sdirkTo(tout, h)
		} else {
			h, n, err = s.dopriTo(tout, h)
		}
		res.Steps += n
		if err != nil {
			return nil, fmt.Errorf("solving from t = %g towards t = %g: %w", s.t, tout, err)
		}
		copy(res.Y[k*p.N:], s.z[:p.N])
		copy(res.S[k*p.N*p.P:], s.z[p.N:])
	}
	return res, nil
}

// state is the solution at s.t: z holds y then S (N×P row-major).
type state struct {
	p    *Problem
	t    float64
	z    []float64
	n    int // len(z)
	f    []float64
	jy   []float64
	jp   []float64
	fcur []float64 // f(t, y) scratch of length N
}

func newState(p *Problem) *state {
	n := p.N * (1 + p.P)
	s := &state{p: p, t: p.T0, z: make([]float64, n), n: n,
		jy: make([]float64, p.N*p.N), jp: make([]float64, p.N*p.P), fcur: make([]float64, p.N)}
	copy(s.z, p.Y0)
	if p.S0 != nil {
		copy(s.z[p.N:], p.S0)
	}
	return s
}

// rhs writes the coupled right-hand side at (t, z) into dz: f, then J S + ∂f/∂p.
func (s *state) rhs(t float64, z, dz []float64) {
	p := s.p
	N, P := p.N, p.P
	if P == 0 {
		p.F(t, z[:N], dz[:N])
		return
	}
	p.Jac(t, z[:N], dz[:N], s.jy, s.jp)
	sens, out := z[N:], dz[N:]
	for i := 0; i < N; i++ {
		row := out[i*P : (i+1)*P]
		copy(row, s.jp[i*P:(i+1)*P])
		for k := 0; k < N; k++ {
			a := s.jy[i*N+k]
			if a == 0 {
				continue
			}
			sk := sens[k*P : (k+1)*P]
			for j := range row {
				row[j] += a * sk[j]
			}
		}
	}
}

// errNorm is the largest |e_i| / (atol + rtol·max(|y_i|, |ynew_i|)): the
// error in units of the tolerance (≤ 1 accepts a step). NaN gives +Inf.
func errNorm(e, y, ynew []float64, rtol, atol float64) float64 {
	m := 0.0
	for i, v := range e {
		sc := atol + rtol*math.Max(math.Abs(y[i]), math.Abs(ynew[i]))
		r := math.Abs(v) / sc
		if !(r <= m) {
			if math.IsNaN(r) {
				return math.Inf(1)
			}
			m = r
		}
	}
	return m
}

func finite(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// initialStep is Hairer's starting step (Solving ODEs I, II.4): h such
// that an Euler step changes y by about the tolerance, bounded by the
// second derivative's estimate; order is the method's.
func (s *state) initialStep(tout float64, f0 []float64, order int, rhs func(t float64, z, dz []float64)) float64 {
	p := s.p
	sc := func(i int) float64 { return p.Atol + p.Rtol*math.Abs(s.z[i]) }
	d0, d1 := 0.0, 0.0
	for i := range s.z {
		d0 = math.Max(d0, math.Abs(s.z[i])/sc(i))
		d1 = math.Max(d1, math.Abs(f0[i])/sc(i))
	}
	h0 := 0.01 * d0 / d1
	if d0 < 1e-5 || d1 < 1e-5 || math.IsNaN(h0) {
		h0 = 1e-6
	}
	span := tout - s.t
	h0 = math.Min(h0, span)
	z1 := make([]float64, s.n)
	f1 := make([]float64, s.n)
	for i := range z1 {
		z1[i] = s.z[i] + h0*f0[i]
	}
	rhs(s.t+h0, z1, f1)
	d2 := 0.0
	for i := range f1 {
		d2 = math.Max(d2, math.Abs(f1[i]-f0[i])/sc(i)/h0)
	}
	var h1 float64
	if math.Max(d1, d2) <= 1e-15 {
		h1 = math.Max(1e-6, h0*1e-3)
	} else {
		h1 = math.Pow(0.01/math.Max(d1, d2), 1/float64(order+1))
	}
	h := math.Min(100*h0, h1)
	if !(h > 0) {
		h = h0
	}
	return math.Min(h, span)
}

// tooSmall reports a step that no longer moves t.
func tooSmall(t, h float64) bool {
	return h <= 0 || t+h == t || h < 1e-14*math.Max(1, math.Abs(t))*1e-2
}
