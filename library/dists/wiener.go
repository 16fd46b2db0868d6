package dists

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// The series of the Wiener first passage time density (Stan Functions
// Reference, "Wiener First Passage Time Distribution"; Navarro and Fuss
// 2009, "Fast and accurate calculations for first-passage times in Wiener
// diffusion models", J. Math. Psych. 53, 222-230), which the family wiener
// (library/mvdists/wiener.go) is built from. Its density has five
// arguments, one more than a Kernel takes, but reads y and τ only through
// t = y - τ and scales time by α²: with u = t/α²,
//
//	wiener(y | α, τ, β, δ) = α⁻² exp(δα(1-β) - δ²t/2) h(u, β),
//
// h(u, β) the density at time u of the first passage to the upper
// boundary of a Wiener process without drift, of unit variance, started at
// β between absorbing boundaries 0 and 1 (Navarro and Fuss's f(u|0,1,w)
// at the lower boundary, w = 1 - β). So the family's formula builds the
// elementary part and calls two kernels of (u, β): log h, and the scaled
// ratios (∂ⁿh/∂βⁿ)/(πⁿh) that its partials (and theirs) are made of.
//
// h has two series (Navarro and Fuss, eqs. 3 and 6, w = 1 - β):
//
//	large time: h = π Σ_{k≥1} k exp(-k²π²u/2) sin(kπw)
//	small time: h = (2πu³)^(-1/2) Σ_{k∈Z} (w+2k) exp(-(w+2k)²/(2u)),
//
// the first fast for large u, the second for small u. Both are summed here
// relative to their leading term, with enough terms for a truncation
// error below e^-50 of it (Navarro and Fuss bound the error absolutely,
// which says nothing of log h where h is small), and switch at u = 0.3,
// where both are well conditioned (the large-time terms fall by e^-4.4
// from the first, the small-time ones by e^-3). In the small-time series
// the images k and -(k+1) are paired, m = 2k+1:
//
//	(m-β) e^(-(m-β)²/2u) - (m+β) e^(-(m+β)²/2u)
//	  = e^(-(m-β)²/2u) (m(1 - E) - β(1 + E)),  E = e^(-2mβ/u),
//
// each pair positive for u < 1, so that the sum does not cancel when β is
// small (the start near the far boundary, where the unpaired terms nearly
// cancel), with 1 - E = -expm1(-2mβ/u).
//
// The derivatives follow from two facts. h satisfies the heat equation
// ∂h/∂u = ½ ∂²h/∂β² (the backward equation of the process: each term
// exp(-k²π²u/2) sin(kπw) does), so every derivative is a β-derivative and
// every partial is a ratio R_n = (∂ⁿh/∂βⁿ)/h, which the kernel gives
// scaled, S_n = R_n/πⁿ (of order 1 for large u, where R_n ~ πⁿ):
//
//	∂ log h/∂u = ½ R_2 = ½π² S_2,   ∂ log h/∂β = R_1 = π S_1,
//	∂S_n/∂β = π (S_{n+1} - S_n S_1),   ∂S_n/∂u = ½π² (S_{n+2} - S_n S_2).
//
// For large u the first large-time term dominates and S_{n+2} ≈ -S_n,
// S_2 ≈ -1, so the last difference cancels down to e^(-3π²u/2) of its
// terms: S_n's partial in u (a second derivative of log h, which the
// sampler never takes) is accurate to about 1e-15 absolutely, not
// relatively; the scaling keeps that error of the order of the
// rounding of numbers of order 1 whatever n.
//
// and each series differentiates term by term: the large-time one through
// ∂ⁿ sin(θ)/∂θⁿ = sin(θ + nπ/2); the small-time one through
// ∂ⁿ/∂βⁿ [a e^(-a²/2u)] = u⁻ⁿ q_{n+1}(a) e^(-a²/2u), a = w + 2k, with q_m(a)
// = u^(m/2) He_m(a/√u) (He the probabilists' Hermite polynomials, by
// Rodrigues' formula), q_0 = 1, q_1 = a, q_{m+1} = a q_m - m u q_{m-1}.
//
// Special cases: NaN in, NaN out; β outside [0, 1] is NaN; u <= 0 (y <=
// τ), β = 0 or β = 1 give log h = -Inf (no density there); u = +Inf gives
// -Inf. The order n of the ratio must be an integer in [0, 20] (the
// partials use n <= 4), else NaN.

// WienerLogFPT is log h(u, β), the kernel wiener's formula calls.
var WienerLogFPT = &library.Kernel{Name: "wiener_log_fpt", Args: []library.Domain{library.Positive, library.Probability},
	Value: wienerLogFPT, Partial: wienerLogFPTPartial, C: `
/* wienerLogFPT, wienerSmall, wienerLarge (library/dists/wiener.go): log h(u, beta)
   of the Wiener first passage time, and the sums its scaled ratios share. */
BAYES_FN bayes_real bayes_wiener_small(bayes_real u, bayes_real beta, int n)
{
	bayes_real w = 1 - beta, s = 0, num = 0, un = 1, a, e, m, big, q0, q1, q2;
	int kmax = 4 + n / 2, k, j, i;
	for (k = 0; k < kmax; k++) {
		m = (bayes_real)(2 * k + 1);
		big = BAYES_M(exp)(-2 * m * beta / u);
		s += BAYES_M(exp)(-(m - 1) * (m + 1 - 2 * beta) / (2 * u)) * (-m * BAYES_M(expm1)(-2 * m * beta / u) - beta * (1 + big));
	}
	if (n == 0) return s;
	for (k = -kmax; k < kmax; k++) {
		if (k >= 0) {
			a = 2 * (bayes_real)k + w;
			e = BAYES_M(exp)(-2 * (bayes_real)k * ((bayes_real)k + w) / u);
		} else {
			j = -k;
			a = -(2 * (bayes_real)j - 1 + beta);
			e = BAYES_M(exp)(-2 * (bayes_real)j * ((bayes_real)j - 1 + beta) / u);
		}
		if (e == 0) continue;
		q0 = 1;
		q1 = a;
		for (i = 1; i <= n; i++) {
			q2 = a * q1 - (bayes_real)i * u * q0;
			q0 = q1;
			q1 = q2;
		}
		num += q1 * e;
	}
	for (i = 0; i < n; i++) un *= BAYES_PI * u;
	return num / (un * s);
}

BAYES_FN bayes_real bayes_wiener_large(bayes_real u, bayes_real beta, int n)
{
	bayes_real c = BAYES_PI * BAYES_PI * u / 2, x = beta, s = 0, fk, kpn, th, trig, term;
	int hi = beta > BAYES_R(0.5), kmax = 1, k, i;
	if (hi) x = 1 - beta;
	while (kmax < 200) {
		fk = (bayes_real)(kmax + 1);
		if ((fk * fk - 1) * c - (bayes_real)(n + 2) * BAYES_M(log)(fk) > 50) break;
		kmax++;
	}
	for (k = 1; k <= kmax; k++) {
		fk = (bayes_real)k;
		kpn = fk;
		for (i = 0; i < n; i++) kpn *= fk;
		th = fk * BAYES_PI * x;
		switch (n % 4) {
		case 0: trig = BAYES_M(sin)(th); break;
		case 1: trig = BAYES_M(cos)(th); break;
		case 2: trig = -BAYES_M(sin)(th); break;
		default: trig = -BAYES_M(cos)(th); break;
		}
		if (hi) {
			if (n % 2 == 1) trig = -trig;
		} else if (k % 2 == 0) {
			trig = -trig;
		}
		term = kpn * trig;
		if (k > 1) term *= BAYES_M(exp)(-(fk * fk - 1) * c);
		s += term;
	}
	return s;
}

BAYES_FN bayes_real bayes_wiener_log_fpt(bayes_real u, bayes_real beta)
{
	bayes_real w = 1 - beta;
	if (isnan(u) || isnan(beta) || beta < 0 || beta > 1) return BAYES_NAN;
	if (u <= 0 || beta == 0 || beta == 1) return -BAYES_INF;
	if (u < BAYES_R(0.3))
		return -BAYES_R(0.5) * BAYES_M(log)(2 * BAYES_PI) - BAYES_R(1.5) * BAYES_M(log)(u) - w * w / (2 * u) + BAYES_M(log)(bayes_wiener_small(u, beta, 0));
	return BAYES_M(log)(BAYES_PI) - BAYES_PI * BAYES_PI * u / 2 + BAYES_M(log)(bayes_wiener_large(u, beta, 0));
}`}

// wienerRatio is S_n(u, β) = (∂ⁿh/∂βⁿ)/(πⁿh), n data, the partials' kernel
// (set in init: its partials call it).
var wienerRatio *library.Kernel

func init() {
	wienerRatio = &library.Kernel{Name: "wiener_fpt_ratio", Args: []library.Domain{library.Positive, library.Probability, library.Count},
		Value: wienerRatioValue, Partial: wienerRatioPartial, C: `
/* wienerRatioValue (library/dists/wiener.go): (d^n h/d beta^n) / (pi^n h). */
BAYES_FN bayes_real bayes_wiener_fpt_ratio(bayes_real u, bayes_real beta, bayes_real n)
{
	int m;
	if (isnan(u) || isnan(beta) || isnan(n) || !(n >= 0 && n <= 20) || n != BAYES_M(floor)(n) || !(beta > 0 && beta < 1) || !(u > 0))
		return BAYES_NAN;
	m = (int)n;
	if (u < BAYES_R(0.3)) return bayes_wiener_small(u, beta, m);
	return bayes_wiener_large(u, beta, m) / bayes_wiener_large(u, beta, 0);
}`}
	library.RegisterKernel("dists", WienerLogFPT)
	library.RegisterKernel("dists", wienerRatio)
}

// wienerPi is π as a variable, so that π² is rounded as C rounds M_PI *
// M_PI (a constant product is exact before it rounds).
var wienerPi = math.Pi

// wienerSwitch is the u below which h is summed by its small-time series.
const wienerSwitch = 0.3

// wienerLogFPT is log h(u, β).
func wienerLogFPT(u, beta, _, _ float64, _ int) float64 {
	w := 1 - beta
	switch {
	case math.IsNaN(u) || math.IsNaN(beta) || beta < 0 || beta > 1:
		return math.NaN()
	case u <= 0 || beta == 0 || beta == 1:
		return math.Inf(-1)
	case u < wienerSwitch:
		return -0.5*math.Log(2*math.Pi) - 1.5*math.Log(u) - w*w/(2*u) + math.Log(wienerSmall(u, beta, 0))
	}
	return math.Log(wienerPi) - wienerPi*wienerPi*u/2 + math.Log(wienerLarge(u, beta, 0))
}

// wienerRatioValue is S_n(u, β), NaN outside u > 0, 0 < β < 1 and n an
// integer in [0, 20].
func wienerRatioValue(u, beta, n, _ float64, _ int) float64 {
	if math.IsNaN(u) || math.IsNaN(beta) || math.IsNaN(n) || !(n >= 0 && n <= 20) || n != math.Floor(n) || !(beta > 0 && beta < 1) || !(u > 0) {
		return math.NaN()
	}
	m := int(n)
	if u < wienerSwitch {
		return wienerSmall(u, beta, m)
	}
	return wienerLarge(u, beta, m) / wienerLarge(u, beta, 0)
}

// wienerSmall is, for n = 0, the small-time sum of h relative to its
// leading factor, (2πu³)^(1/2) e^(w²/2u) h, by pairs of images; for n > 0
// the scaled ratio S_n, the images' n-th derivatives (summed unpaired)
// over (πu)^n times that sum. 4 + n/2 pairs: the first left out is below e^-100 of the
// first for u < 0.3.
func wienerSmall(u, beta float64, n int) float64 {
	w := 1 - beta
	kmax := 4 + n/2
	s := 0.0
	for k := range kmax {
		m := float64(2*k + 1)
		big := math.Exp(-2 * m * beta / u)
		s += math.Exp(-(m-1)*(m+1-2*beta)/(2*u)) * (-m*math.Expm1(-2*m*beta/u) - beta*(1+big))
	}
	if n == 0 {
		return s
	}
	num := 0.0
	for k := -kmax; k < kmax; k++ {
		var a, e float64
		if k >= 0 {
			a = 2*float64(k) + w
			e = math.Exp(-2 * float64(k) * (float64(k) + w) / u)
		} else {
			j := float64(-k)
			a = -(2*j - 1 + beta)
			e = math.Exp(-2 * j * (j - 1 + beta) / u)
		}
		if e == 0 {
			continue
		}
		q0, q1 := 1.0, a
		for i := 1; i <= n; i++ {
			q0, q1 = q1, a*q1-float64(i)*u*q0
		}
		num += q1 * e
	}
	un := 1.0
	for range n {
		un *= wienerPi * u
	}
	return num / (un * s)
}

// wienerLarge is the large-time sum of ∂ⁿh/∂βⁿ relative to the first
// term's factor π e^(-π²u/2): Σ k (kπ)ⁿ e^(-(k²-1)π²u/2) ∂ⁿ/∂βⁿ sin(kπw)
// / (kπ)ⁿ, written in sin and cos of kπβ (β <= 1/2) or of kπw (β > 1/2),
// whichever is exact near 0. Its terms run to the first k past which
// (k²-1)π²u/2 - (n+2) log k > 50, the log of a bound of each term's
// magnitude relative to the first's.
func wienerLarge(u, beta float64, n int) float64 {
	c := wienerPi * wienerPi * u / 2
	x, hi := beta, beta > 0.5
	if hi {
		x = 1 - beta
	}
	kmax := 1
	for kmax < 200 {
		fk := float64(kmax + 1)
		if (fk*fk-1)*c-float64(n+2)*math.Log(fk) > 50 {
			break
		}
		kmax++
	}
	s := 0.0
	for k := 1; k <= kmax; k++ {
		fk := float64(k)
		kpn := fk
		for range n {
			kpn *= fk
		}
		th := fk * wienerPi * x
		var trig float64
		switch n % 4 {
		case 0:
			trig = math.Sin(th)
		case 1:
			trig = math.Cos(th)
		case 2:
			trig = -math.Sin(th)
		default:
			trig = -math.Cos(th)
		}
		// β > 1/2: in w, where ∂/∂β = -∂/∂w; else sin(kπw) = (-1)^(k+1) sin(kπβ)
		if hi {
			if n%2 == 1 {
				trig = -trig
			}
		} else if k%2 == 0 {
			trig = -trig
		}
		term := kpn * trig
		if k > 1 {
			term *= math.Exp(-(fk*fk - 1) * c)
		}
		s += term
	}
	return s
}

// wienerLogFPTPartial: ∂/∂u = ½π² S_2 (the heat equation), ∂/∂β = π S_1.
func wienerLogFPTPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	u, beta := b.Arg(n, 0), b.Arg(n, 1)
	if i == 0 {
		return b.Mul(adj, b.Mul(b.Const(0.5*math.Pi*math.Pi), b.Call(wienerRatio, u, beta, b.Const(2))))
	}
	return b.Mul(adj, b.Mul(b.Const(math.Pi), b.Call(wienerRatio, u, beta, b.Const(1))))
}

// wienerRatioPartial: ∂S_n/∂u = ½π² (S_{n+2} - S_n S_2), ∂S_n/∂β =
// π (S_{n+1} - S_n S_1); none in n.
func wienerRatioPartial(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
	u, beta, m := b.Arg(n, 0), b.Arg(n, 1), b.Arg(n, 2)
	switch i {
	case 0:
		r2 := b.Call(wienerRatio, u, beta, b.Add(m, b.Const(2)))
		return b.Mul(adj, b.Mul(b.Const(0.5*math.Pi*math.Pi), b.Sub(r2, b.Mul(n, b.Call(wienerRatio, u, beta, b.Const(2))))))
	case 1:
		r1 := b.Call(wienerRatio, u, beta, b.Add(m, b.Const(1)))
		return b.Mul(adj, b.Mul(b.Const(math.Pi), b.Sub(r1, b.Mul(n, b.Call(wienerRatio, u, beta, b.Const(1))))))
	}
	return library.NoValue
}
