// Package quad integrates functions of one variable over finite and
// infinite intervals, for Stan's integrate_1d (Stan Functions Reference,
// "1D integrator"): adaptive Gauss–Kronrod quadrature, the 21-point rule
// with its embedded 10-point Gauss rule and QUADPACK's error estimate
// (Piessens et al. 1983, QAG and QAGI), bisecting the interval of
// largest error until the estimate meets the relative tolerance.
//
// The integrand is vector-valued: the compiled model integrates f and
// its derivatives ∂f/∂θ together (differentiation under the integral),
// on one mesh refined until every component meets the tolerance, so that
// the value and the gradient come from the same evaluations of f.
//
// As Stan's integrate_1d: an interval that contains 0 is split there;
// an infinite end is mapped to a finite one (x = a + t/(1−t) for
// [a, ∞), x = b − (1−t)/t for (−∞, b]); the integrand gets, besides x,
// xc, the distance to the nearer end of its piece computed without the
// cancellation of a − x (a − x near a, b − x near b), or NaN on an
// infinite piece; the tolerance is relative to the integral of |f|
// (Boost's L1 norm), per component.
package quad

import (
	"fmt"
	"math"
	"sort"
)

// Func writes the integrand's components at x into out; xc is x's
// complement (the package comment).
type Func func(x, xc float64, out []float64)

// MaxIntervals bounds the subdivision of each piece.
const MaxIntervals = 2000

// Gauss–Kronrod 21-point nodes (the positive half, then 0) and weights,
// and the weights of the 10-point Gauss rule at the odd nodes (QUADPACK
// qk21).
var (
	xgk = [11]float64{
		0.995657163025808080735527280689003, 0.973906528517171720077964012084452,
		0.930157491355708226001207180059508, 0.865063366688984510732096688423493,
		0.780817726586416897063717578345042, 0.679409568299024406234327365114874,
		0.562757134668604683339000099272694, 0.433395394129247190799265943165784,
		0.294392862701460198131126603103866, 0.148874338981631210884826001129720, 0}
	wgk = [11]float64{
		0.011694638867371874278064396062192, 0.032558162307964727478818972459390,
		0.054755896574351996031381300244580, 0.075039674810919952767043140916190,
		0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
		0.123491976262065851077600525634046, 0.134709217311473325928054001771707,
		0.142775938577060080797094273138717, 0.147739104901338491374841515972068,
		0.149445554002916905664936468389821}
	wg = [5]float64{
		0.066671344308688137593568809893332, 0.149451349150580593145776339657697,
		0.219086362515982043995534934228163, 0.269266719309996355091226921569469,
		0.295524224714752870173892994651338}
)

// Integrate returns ∫_a^b f over m components to relative tolerance
// rtol; a may be −∞, b +∞, a ≤ b.
func Integrate(f Func, m int, a, b, rtol float64) ([]float64, error) {
	switch {
	case math.IsNaN(a) || math.IsNaN(b):
		return nil, fmt.Errorf("a limit of integration is NaN")
	case a > b:
		return nil, fmt.Errorf("the lower limit %g is above the upper limit %g", a, b)
	case !(rtol > 0) || math.IsInf(rtol, 0):
		return nil, fmt.Errorf("relative_tolerance is %g; it must be positive and finite", rtol)
	}
	total := make([]float64, m)
	if a == b {
		return total, nil
	}
	var pieces [][2]float64
	if a < 0 && b > 0 {
		pieces = [][2]float64{{a, 0}, {0, b}}
	} else {
		pieces = [][2]float64{{a, b}}
	}
	for _, pc := range pieces {
		r, err := integratePiece(f, m, pc[0], pc[1], rtol)
		if err != nil {
			return nil, err
		}
		for k := range total {
			total[k] += r[k]
		}
	}
	return total, nil
}

// interval is one subinterval of a piece's parameter t.
type interval struct {
	lo, hi           float64
	res, err, absres []float64
}

// integratePiece integrates over a piece that does not cross 0 (one end
// may be infinite), in its parameter t: t = x on a finite piece, t ∈
// [0, 1] on an infinite one.
func integratePiece(f Func, m int, a, b, rtol float64) ([]float64, error) {
	lo, hi := a, b
	// g evaluates the integrand at t, times dx/dt
	var g func(t, tlo, thi, h, u float64, out []float64)
	switch {
	case math.IsInf(a, 0) && math.IsInf(b, 0):
		return nil, fmt.Errorf("internal: a piece infinite at both ends")
	case math.IsInf(b, 1):
		lo, hi = 0, 1
		g = func(t, _, _, _, _ float64, out []float64) {
			s := 1 - t
			f(a+t/s, math.NaN(), out)
			scale(out, 1/(s*s))
		}
	case math.IsInf(a, -1):
		lo, hi = 0, 1
		g = func(t, _, _, _, _ float64, out []float64) {
			f(b-(1-t)/t, math.NaN(), out)
			scale(out, 1/(t*t))
		}
	default:
		// x = c + h u on [tlo, thi], u ∈ [−1, 1]: near a, xc = a − x =
		// −((tlo − a) + h(1 + u)); near b, xc = b − x = (b − thi) + h(1 − u)
		g = func(x, tlo, thi, h, u float64, out []float64) {
			var xc float64
			if x-a <= b-x {
				xc = -((tlo - a) + h*(1+u))
			} else {
				xc = (b - thi) + h*(1-u)
			}
			f(x, xc, out)
		}
	}
	w := newWorkspace(m)
	first := w.rule(g, lo, hi)
	if err := finite(first, a, b); err != nil {
		return nil, err
	}
	ivs := []*interval{first}
	for {
		res, errs, abs := sums(ivs, m)
		done := true
		for k := 0; k < m; k++ {
			if errs[k] > rtol*abs[k] {
				done = false
			}
		}
		if done {
			return res, nil
		}
		if len(ivs) >= MaxIntervals {
			worst := 0.0
			for k := 0; k < m; k++ {
				if abs[k] > 0 {
					worst = math.Max(worst, errs[k]/abs[k])
				}
			}
			return nil, fmt.Errorf("the integral did not reach the relative tolerance %g in %d subintervals (relative error estimate %.3g)", rtol, MaxIntervals, worst)
		}
		// bisect the interval of largest error, weighed per component
		// by its share of the tolerance
		best, bestScore := 0, -1.0
		for i, iv := range ivs {
			s := 0.0
			for k := 0; k < m; k++ {
				if abs[k] > 0 {
					s += iv.err[k] / abs[k]
				}
			}
			if s > bestScore {
				best, bestScore = i, s
			}
		}
		iv := ivs[best]
		mid := 0.5 * (iv.lo + iv.hi)
		if !(mid > iv.lo && mid < iv.hi) {
			return nil, fmt.Errorf("the integral did not reach the relative tolerance %g: the subintervals reached the resolution of floating point near %g", rtol, mid)
		}
		l, r := w.rule(g, iv.lo, mid), w.rule(g, mid, iv.hi)
		for _, h := range []*interval{l, r} {
			if err := finite(h, a, b); err != nil {
				return nil, err
			}
		}
		ivs[best] = l
		ivs = append(ivs, r)
	}
}

// finite reports an integrand that is not finite in iv, a piece of (a, b).
func finite(iv *interval, a, b float64) error {
	for _, v := range iv.res {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("the integrand is not finite on part of (%g, %g), or the integral diverges", a, b)
		}
	}
	return nil
}

// sums are the totals of the intervals' results, error estimates and
// integrals of |f|, each added in the order of the intervals' positions
// (so that the result depends on the mesh, not on the order of its
// refinement).
func sums(ivs []*interval, m int) (res, errs, abs []float64) {
	sorted := append([]*interval(nil), ivs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].lo < sorted[j].lo })
	res, errs, abs = make([]float64, m), make([]float64, m), make([]float64, m)
	for _, iv := range sorted {
		for k := 0; k < m; k++ {
			res[k] += iv.res[k]
			errs[k] += iv.err[k]
			abs[k] += iv.absres[k]
		}
	}
	return res, errs, abs
}

func scale(x []float64, c float64) {
	for i := range x {
		x[i] *= c
	}
}

// workspace holds the values at the 21 nodes.
type workspace struct {
	m    int
	vals [21][]float64
}

func newWorkspace(m int) *workspace {
	w := &workspace{m: m}
	for i := range w.vals {
		w.vals[i] = make([]float64, m)
	}
	return w
}

// rule applies the 21-point Kronrod rule on [lo, hi] with QUADPACK's
// error estimate, per component.
func (w *workspace) rule(g func(t, tlo, thi, h, u float64, out []float64), lo, hi float64) *interval {
	m := w.m
	c, h := 0.5*(lo+hi), 0.5*(hi-lo)
	// node j < 10 at ±xgk[j] (vals[2j] at −, vals[2j+1] at +), the centre at vals[20]
	for j := 0; j < 10; j++ {
		g(c-h*xgk[j], lo, hi, h, -xgk[j], w.vals[2*j])
		g(c+h*xgk[j], lo, hi, h, xgk[j], w.vals[2*j+1])
	}
	g(c, lo, hi, h, 0, w.vals[20])
	iv := &interval{lo: lo, hi: hi, res: make([]float64, m), err: make([]float64, m), absres: make([]float64, m)}
	for k := 0; k < m; k++ {
		fc := w.vals[20][k]
		resk, resg, resabs := wgk[10]*fc, 0.0, wgk[10]*math.Abs(fc)
		for j := 0; j < 10; j++ {
			f1, f2 := w.vals[2*j][k], w.vals[2*j+1][k]
			resk += wgk[j] * (f1 + f2)
			resabs += wgk[j] * (math.Abs(f1) + math.Abs(f2))
			if j%2 == 1 {
				resg += wg[j/2] * (f1 + f2)
			}
		}
		mean := 0.5 * resk
		resasc := wgk[10] * math.Abs(fc-mean)
		for j := 0; j < 10; j++ {
			resasc += wgk[j] * (math.Abs(w.vals[2*j][k]-mean) + math.Abs(w.vals[2*j+1][k]-mean))
		}
		ah := math.Abs(h)
		resk, resabs, resasc = resk*h, resabs*ah, resasc*ah
		e := math.Abs((resk - resg*h))
		if resasc != 0 && e != 0 {
			e = resasc * math.Min(1, math.Pow(200*e/resasc, 1.5))
		}
		if lim := 50 * 2.220446049250313e-16 * resabs; resabs > 2.2250738585072014e-308/(50*2.220446049250313e-16) && e < lim {
			e = lim
		}
		if math.IsNaN(resk) || math.IsInf(resk, 0) {
			e = math.Inf(1)
		}
		iv.res[k], iv.err[k], iv.absres[k] = resk, e, resabs
	}
	return iv
}
