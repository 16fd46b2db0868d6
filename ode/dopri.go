package ode

import (
	"fmt"
	"math"
)

// The Dormand–Prince 5(4) pair (Hairer, Nørsett, Wanner, Solving ODEs I,
// Table II.5.2): a are the stages' coefficients, the seventh row is the
// fifth-order solution (first same as last), e the difference between the
// fifth- and fourth-order weights, the error estimate.
var (
	dpC = [7]float64{0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1}
	dpA = [7][6]float64{
		{},
		{1.0 / 5},
		{3.0 / 40, 9.0 / 40},
		{44.0 / 45, -56.0 / 15, 32.0 / 9},
		{19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
		{9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
		{35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84},
	}
	dpE = [7]float64{71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40}
)

// dopriTo steps from s.t to tout, starting with step h (0: choose one); it
// returns the step to try next and the steps taken.
func (s *state) dopriTo(tout, h float64) (float64, int, error) {
	p := s.p
	var k [7][]float64
	for i := range k {
		k[i] = make([]float64, s.n)
	}
	zt := make([]float64, s.n)
	znew := make([]float64, s.n)
	e := make([]float64, s.n)
	s.rhs(s.t, s.z, k[0])
	if !finite(k[0]) {
		return h, 0, fmt.Errorf("at t = %g: %w", s.t, ErrNonFinite)
	}
	if h == 0 {
		h = s.initialStep(tout, k[0], 5, s.rhs)
	}
	steps := 0
	rejected := false
	for s.t < tout {
		if steps >= p.MaxSteps {
			return h, steps, fmt.Errorf("%w: %d steps reached t = %g", ErrMaxSteps, steps, s.t)
		}
		last := false
		hs := h
		if s.t+hs >= tout || s.t+1.01*hs >= tout {
			hs, last = tout-s.t, true
		}
		if tooSmall(s.t, hs) && !last {
			return h, steps, fmt.Errorf("at t = %g: %w", s.t, ErrStepSize)
		}
		for st := 1; st < 7; st++ {
			for i := range zt {
				acc := 0.0
				for j := 0; j < st; j++ {
					acc += dpA[st][j] * k[j][i]
				}
				zt[i] = s.z[i] + hs*acc
			}
			s.rhs(s.t+dpC[st]*hs, zt, k[st])
		}
		copy(znew, zt) // the seventh stage's state is the fifth-order solution
		for i := range e {
			acc := 0.0
			for j := 0; j < 7; j++ {
				acc += dpE[j] * k[j][i]
			}
			e[i] = hs * acc
		}
		err := errNorm(e, s.z, znew, p.Rtol, p.Atol)
		if math.IsInf(err, 1) || !finite(k[6]) {
			// a NaN or overflow inside the step: try a much smaller one
			h = hs * 0.1
			rejected = true
			if tooSmall(s.t, h) {
				return h, steps, fmt.Errorf("at t = %g: %w", s.t, ErrNonFinite)
			}
			continue
		}
		fac := 0.9 * math.Pow(math.Max(err, 1e-10), -0.2)
		if err <= 1 {
			steps++
			if last {
				s.t = tout
			} else {
				s.t += hs
			}
			s.z, znew = znew, s.z
			k[0], k[6] = k[6], k[0] // first same as last
			fac = math.Min(fac, 5)
			if rejected {
				fac = math.Min(fac, 1)
			}
			rejected = false
			if !last || hs >= h {
				h = hs * math.Max(fac, 0.2)
			}
			continue
		}
		rejected = true
		h = hs * math.Max(fac, 0.2)
		if tooSmall(s.t, h) {
			return h, steps, fmt.Errorf("at t = %g: %w", s.t, ErrStepSize)
		}
	}
	return h, steps, nil
}
