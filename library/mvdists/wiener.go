package mvdists

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/dists"
)

// Wiener is wiener(α, τ, β, δ), the Wiener first passage time (the drift
// diffusion model of response times; Stan Functions Reference, "Wiener
// First Passage Time Distribution"): the density of the time y at which a
// Wiener process of unit variance and drift δ, started at βα between
// absorbing boundaries 0 and α, first reaches the upper one, shifted by the
// non-decision time τ. With t = y - τ and u = t/α²,
//
//	log wiener(y | α, τ, β, δ) = -2 log α + δα(1-β) - δ²t/2 + log h(u, β),
//
// h the density of the standard process (no drift, boundaries 0 and 1),
// the kernel dists.WienerLogFPT (library/dists/wiener.go, Navarro and
// Fuss 2009). The lower boundary's density is wiener(y | α, τ, 1-β, -δ),
// which Stan users write by hand. It is univariate and vectorised over
// every argument, but a family of five arguments, one more than a
// univariate family's Kernel takes, so it is written here as a formula.
// `~` drops nothing unless every argument is data (Stan Math's
// wiener_lpdf has no constant summand). Stan has no wiener_rng; the rng
// here, for prior predictive sampling, draws each time given the upper
// boundary by inverting its conditional CDF (wienerDraw).
var Wiener = &library.MvDist{
	Name:    "wiener",
	Variate: library.Arg{Class: library.ClassReals},
	Params:  wienerParams,
	Support: "(tau, inf)",
	Sizes:   library.SizeGroups(library.SameSize(library.SizeLen, 0, 1, 2, 3, 4)),
	Lpdf:    wienerLpdf,

	RngParams: wienerParams,
	RngRet:    library.TypeVector,
	RngSizes:  library.SizeGroups(library.SameSize(library.SizeLen, 0, 1, 2, 3)),
	NoRngFunc: "Stan has no wiener_rng",
	Rng:       wienerRng,
}

var wienerParams = []library.Arg{{Name: "boundary separation", Class: library.ClassReals},
	{Name: "non-decision time", Class: library.ClassReals}, {Name: "a-priori bias", Class: library.ClassReals},
	{Name: "drift rate", Class: library.ClassReals}}

func init() { registerMv(Wiener) }

// wienerDomains are the parameters' domains (Stan Math's checks: α
// positive and finite, τ non-negative and finite, 0 < β < 1, δ finite),
// for the density's checks of data and the rng's.
var wienerDomains = []struct {
	must string
	ok   func(float64) bool
}{
	{"positive and finite", library.Positive.OK},
	{"non-negative and finite", library.NonNegative.OK},
	{"in (0, 1)", func(x float64) bool { return x > 0 && x < 1 }},
	{"finite", library.Finite.OK},
}

// wienerLpdf is Σ_i -2 log α + δα(1-β) - δ²t/2 + log h(t/α², β), t = y -
// τ, after the checks of the arguments that are data.
func wienerLpdf(o library.Tensors, a []library.Value, propto bool) library.Value {
	y, alpha, tau, beta, delta := a[0], a[1], a[2], a[3], a[4]
	checkKnown(o, "wiener", "the outcome", "not NaN", y, library.AnyReal.OK)
	for i, d := range wienerDomains {
		checkKnown(o, "wiener", "the "+wienerParams[i].Name, d.must, a[i+1], d.ok)
	}
	ys, yKnown := o.Known(y)
	taus, tauKnown := o.Known(tau)
	if yKnown && tauKnown && (len(ys) == len(taus) || len(ys) == 1 || len(taus) == 1) {
		for i := range max(len(ys), len(taus)) {
			if yi, ti := ys[min(i, len(ys)-1)], taus[min(i, len(taus)-1)]; !(yi > ti) {
				o.Fail("wiener: the outcome is %v at position %d, but must be greater than the non-decision time %v", yi, i+1, ti)
			}
		}
	}
	if propto && allData(o, a...) {
		return o.Const(0)
	}
	t := o.Sub(y, tau)
	lp := o.Mul(o.Const(-2), o.Log(alpha))
	lp = o.Add(lp, o.Mul(o.Mul(delta, alpha), o.Sub(o.Const(1), beta)))
	lp = o.Sub(lp, o.Mul(o.Mul(o.Const(0.5), o.Square(delta)), t))
	lp = o.Add(lp, o.Call(dists.WienerLogFPT, o.Div(t, o.Square(alpha)), beta))
	return o.Sum(lp)
}

// wienerRng draws one time for each element of the vectorised arguments
// (one when all are scalars), after their checks.
func wienerRng(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
	n := 1
	for i, x := range a {
		if len(x.Dims) == 0 {
			continue
		}
		if n > 1 && len(x.X) != n {
			return library.Tensor{}, fmt.Errorf("wiener: the %s has %d elements, another argument %d", wienerParams[i].Name, len(x.X), n)
		}
		n = len(x.X)
	}
	out := make([]float64, n)
	var p [4]float64
	for j := range out {
		for i, x := range a {
			p[i] = x.X[min(j, len(x.X)-1)]
			if !wienerDomains[i].ok(p[i]) {
				return library.Tensor{}, fmt.Errorf("wiener: the %s is %v, but must be %s", wienerParams[i].Name, p[i], wienerDomains[i].must)
			}
		}
		out[j] = wienerDraw(r, p[0], p[1], p[2], p[3])
	}
	return library.Tensor{Dims: []int{n}, X: out}, nil
}

// wienerDraw is τ + α²u, u a draw of the standardised time given the upper
// boundary, by inversion of its conditional survival function Q(u) = P(T
// > u | upper) (bisection to Q(u) = U, U uniform on (0, 1)). Integrating
// the large-time series term by term from u to ∞, with V = δα and
// μ_k = (V² + k²π²)/2,
//
//	P(T > u, upper) = π e^(V(1-β)) Σ_{k≥1} k (-1)^(k+1) sin(kπβ) e^(-μ_k u) / μ_k,
//
// and P(upper) = e^(V(1-β)) sinh(Vβ)/sinh(V) (its value at u = 0, by the
// Fourier series of sinh; β when V = 0).
func wienerDraw(r *rand.Rand, alpha, tau, beta, delta float64) float64 {
	q := wienerSurvival(delta*alpha, beta)
	var v float64
	for v <= 0 || v >= 1 {
		v = r.Float64()
	}
	hi := 1.0
	for i := 0; i < 64 && q(hi) > v; i++ {
		hi *= 2
	}
	lo := 0.0
	for range 200 {
		mid := 0.5 * (lo + hi)
		if mid <= lo || mid >= hi {
			break
		}
		if q(mid) > v {
			lo = mid
		} else {
			hi = mid
		}
	}
	return tau + alpha*alpha*0.5*(lo+hi)
}

// wienerSurvival is Q(u) = P(T > u | upper) at V = δα and β; the terms run
// while k²π²u/2 < 40 + 2 log k (the rest below e^-40 of the first), so
// that near u = 0 they are many.
func wienerSurvival(v, beta float64) func(u float64) float64 {
	av := math.Abs(v)
	// log(sinh|V| / sinh(|V|β)) = log(e^(V(1-β)) / P(upper)), sinh odd
	logRatio := av*(1-beta) + math.Log(math.Expm1(-2*av)/math.Expm1(-2*av*beta))
	if av == 0 {
		logRatio = -math.Log(beta)
	}
	return func(u float64) float64 {
		if u <= 0 {
			return 1
		}
		kmax := min(int(math.Ceil(math.Sqrt(2*(40+2*math.Log(1/u+1))/(math.Pi*math.Pi*u))))+2, 1<<20)
		s := 0.0
		for k := 1; k <= kmax; k++ {
			fk := float64(k)
			mu := (v*v + fk*fk*math.Pi*math.Pi) / 2
			term := fk * math.Sin(fk*math.Pi*beta) / mu * math.Exp(logRatio-mu*u)
			if k%2 == 0 {
				term = -term
			}
			s += term
		}
		return math.Pi * s
	}
}
