package ode

import (
	"fmt"
	"math"
)

// The L-stable SDIRK method of order 4 with five stages and γ = 1/4
// (Hairer, Wanner, Solving ODEs II, Table IV.6.5). It is stiffly
// accurate: the solution is the last stage. sdB3 are the weights of the
// embedded third-order solution, for the error estimate.
const sdGamma = 0.25

var (
	sdC = [5]float64{1.0 / 4, 3.0 / 4, 11.0 / 20, 1.0 / 2, 1}
	sdA = [5][5]float64{
		{1.0 / 4},
		{1.0 / 2, 1.0 / 4},
		{17.0 / 50, -1.0 / 25, 1.0 / 4},
		{371.0 / 1360, -137.0 / 2720, 15.0 / 544, 1.0 / 4},
		{25.0 / 24, -49.0 / 48, 125.0 / 16, -85.0 / 12, 1.0 / 4},
	}
	sdB3 = [5]float64{59.0 / 48, -17.0 / 96, 225.0 / 32, -85.0 / 12, 0}
)

// sdirkWork is the stiff solver's scratch.
type sdirkWork struct {
	K, L       [5][]float64 // stage derivatives of y and of S
	base, y, d []float64
	sbase      []float64
	m          []float64 // I − hγJ
	fact, fs   *lu
	col        []float64
	e, znew    []float64
	fy         []float64
	jy, jp     []float64
}

func newSdirkWork(N, P int) *sdirkWork {
	w := &sdirkWork{base: make([]float64, N), y: make([]float64, N), d: make([]float64, N),
		sbase: make([]float64, N*P), m: make([]float64, N*N), fact: newLU(N), fs: newLU(N),
		col: make([]float64, N), e: make([]float64, N*(1+P)), znew: make([]float64, N*(1+P)),
		jy: make([]float64, N*N), jp: make([]float64, N*P), fy: make([]float64, N)}
	for i := range w.K {
		w.K[i] = make([]float64, N)
		w.L[i] = make([]float64, N*P)
	}
	return w
}

// sdirkTo steps from s.t to tout, starting with step h (0: choose one).
func (s *state) sdirkTo(tout, h float64) (float64, int, error) {
	p := s.p
	N, P := p.N, p.P
	w := newSdirkWork(N, P)
	f0 := make([]float64, N)
	steps := 0
	if h == 0 {
		full := make([]float64, s.n)
		s.rhs(s.t, s.z, full)
		if !finite(full) {
			return h, 0, fmt.Errorf("at t = %g: %w", s.t, ErrNonFinite)
		}
		h = s.initialStep(tout, full, 4, s.rhs)
	}
	rejected := false
	for s.t < tout {
		if steps >= p.MaxSteps {
			return h, steps, fmt.Errorf("%w: %d steps reached t = %g", ErrMaxSteps, steps, s.t)
		}
		last := false
		hs := h
		if s.t+1.01*hs >= tout {
			hs, last = tout-s.t, true
		}
		if tooSmall(s.t, hs) && !last {
			return h, steps, fmt.Errorf("at t = %g: %w", s.t, ErrStepSize)
		}
		err, ok := s.sdirkStep(w, f0, hs)
		if !ok || math.IsInf(err, 1) {
			// Newton did not converge, or the step met a non-finite value
			h = hs / 4
			rejected = true
			if tooSmall(s.t, h) {
				return h, steps, fmt.Errorf("at t = %g: the Newton iterations did not converge: %w", s.t, ErrStepSize)
			}
			continue
		}
		fac := 0.9 * math.Pow(math.Max(err, 1e-10), -0.25)
		if err <= 1 {
			steps++
			if last {
				s.t = tout
			} else {
				s.t += hs
			}
			copy(s.z, w.znew)
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

// sdirkStep computes one step of size h from s into w.znew and returns
// its error in units of the tolerance; false when Newton failed.
func (s *state) sdirkStep(w *sdirkWork, f0 []float64, h float64) (float64, bool) {
	p := s.p
	N, P := p.N, p.P
	y0, s0 := s.z[:N], s.z[N:]
	hg := h * sdGamma
	p.Jac(s.t, y0, f0, w.jy, w.jp)
	iterMatrix(w.m, w.jy, N, hg)
	if !w.fact.factor(w.m) {
		return 0, false
	}
	for i := 0; i < 5; i++ {
		ti := s.t + sdC[i]*h
		for r := 0; r < N; r++ {
			acc := 0.0
			for j := 0; j < i; j++ {
				acc += sdA[i][j] * w.K[j][r]
			}
			w.base[r] = y0[r] + h*acc
		}
		prev := f0
		if i > 0 {
			prev = w.K[i-1]
		}
		for r := range w.y {
			w.y[r] = w.base[r] + hg*prev[r]
		}
		if !s.newton(w, ti, hg) {
			return 0, false
		}
		for r := range w.y {
			w.K[i][r] = (w.y[r] - w.base[r]) / hg
		}
		if P == 0 {
			continue
		}
		// the stage's sensitivities: (I − hγ J(Y_i)) S_i = S + h Σ a_ij L_j + hγ ∂f/∂p(Y_i)
		p.Jac(ti, w.y, nil, w.jy, w.jp)
		for r := range w.sbase {
			acc := 0.0
			for j := 0; j < i; j++ {
				acc += sdA[i][j] * w.L[j][r]
			}
			w.sbase[r] = s0[r] + h*acc
		}
		si := w.L[i]
		for r := range si {
			si[r] = w.sbase[r] + hg*w.jp[r]
		}
		iterMatrix(w.m, w.jy, N, hg)
		if !w.fs.factor(w.m) {
			return 0, false
		}
		w.fs.solveCols(si, P, w.col)
		for r := range si {
			si[r] = (si[r] - w.sbase[r]) / hg // L_i from S_i
		}
		if i == 4 {
			for r := range si {
				w.znew[N+r] = w.sbase[r] + hg*si[r]
			}
		}
	}
	copy(w.znew[:N], w.y) // stiffly accurate: the last stage
	// error: h Σ (b_i − b̂_i) K_i, filtered through (I − hγJ)⁻¹ (Hairer,
	// Wanner II, IV.8) so that stiff components do not inflate it
	for r := 0; r < N; r++ {
		acc := 0.0
		for j := 0; j < 5; j++ {
			acc += (sdA[4][j] - sdB3[j]) * w.K[j][r]
		}
		w.e[r] = h * acc
	}
	w.fact.solve(w.e[:N])
	if P > 0 {
		es := w.e[N:]
		for r := range es {
			acc := 0.0
			for j := 0; j < 5; j++ {
				acc += (sdA[4][j] - sdB3[j]) * w.L[j][r]
			}
			es[r] = h * acc
		}
		w.fact.solveCols(es, P, w.col)
	}
	if !finite(w.znew) {
		return math.Inf(1), true
	}
	return errNorm(w.e, s.z, w.znew, p.Rtol, p.Atol), true
}

// newton solves w.y = w.base + hγ f(t, w.y) by simplified Newton
// iterations with the factored I − hγJ of the step's start.
func (s *state) newton(w *sdirkWork, t, hg float64) bool {
	p := s.p
	fy := w.fy
	prev := 0.0
	for it := 0; it < 10; it++ {
		p.F(t, w.y, fy)
		for r := range w.d {
			w.d[r] = -(w.y[r] - w.base[r] - hg*fy[r])
		}
		w.fact.solve(w.d)
		norm := errNorm(w.d, w.y, w.y, p.Rtol, p.Atol)
		for r := range w.y {
			w.y[r] += w.d[r]
		}
		if math.IsInf(norm, 1) {
			return false
		}
		if it == 0 {
			if norm <= 1e-3 {
				return true
			}
		} else {
			theta := norm / prev
			if theta >= 1 {
				return false
			}
			if theta/(1-theta)*norm <= 0.03 {
				return true
			}
		}
		prev = norm
	}
	return false
}
