package library

import "math"

// LogBesselI is log I_v(z), the modified Bessel function of the first kind
// of real order v >= 0 at z >= 0 (DLMF 10.25.2):
//
//	I_v(z) = (z/2)^v Σ_k (z²/4)^k / (k! Γ(v+k+1)),
//
// summed in the order of its terms (all positive, so nothing cancels),
// taken as v log(z/2) - lgamma(v+1) + log Σ_k t_k with t_0 = 1, the sum
// rescaled by 1e-30 whenever it passes 1e30 (a bound that float, the CUDA
// sampler's 32-bit precision, can hold); for z > max(30, v²), where
// the series would take many terms, the asymptotic expansion (DLMF
// 10.40.1)
//
//	I_v(z) ~ e^z / √(2πz) Σ_k (-1)^k a_k(v) / z^k,  a_k = Π_{j<=k} (4v² - (2j-1)²) / (k! 8^k),
//
// to its smallest term. Special cases: log I_0(0) = 0, log I_v(0) = -Inf
// for v > 0, log I_v(+Inf) = +Inf; v < 0, z < 0 and NaN give NaN.
func LogBesselI(v, z float64) float64 {
	switch {
	case math.IsNaN(v) || math.IsNaN(z) || v < 0 || z < 0:
		return math.NaN()
	case z == 0 && v == 0:
		return 0
	case z == 0:
		return math.Inf(-1)
	case math.IsInf(z, 1):
		return z
	}
	if z > math.Max(30, v*v) {
		mu, term, s := 4*v*v, 1.0, 1.0
		for k := 1; k < 1000; k++ {
			fk := float64(k)
			next := -term * (mu - (2*fk-1)*(2*fk-1)) / (8 * fk * z)
			if math.Abs(next) >= math.Abs(term) {
				break
			}
			term = next
			s += term
			if math.Abs(term) <= 0x1p-53*math.Abs(s) {
				break
			}
		}
		return z - 0.5*math.Log(2*math.Pi*z) + math.Log(s)
	}
	q := 0.25 * z * z
	t, s, scaled := 1.0, 1.0, 0.0
	for k := 1; k < 100000; k++ {
		fk := float64(k)
		t *= q / (fk * (fk + v))
		s += t
		if s > 1e30 {
			s, t, scaled = s*1e-30, t*1e-30, scaled+30*math.Ln10
		}
		if t <= 0x1p-53*s {
			break
		}
	}
	return v*math.Log(0.5*z) - Lgamma(v+1) + math.Log(s) + scaled
}

// BesselI is I_n(z) of an integer order: exp(LogBesselI(|n|, |z|)), as
// I_{-n} = I_n, negative for z < 0 and odd n (DLMF 10.27.1, 10.25.2).
func BesselI(n, z float64) float64 {
	i := math.Exp(LogBesselI(math.Abs(n), math.Abs(z)))
	if z < 0 && math.Mod(n, 2) != 0 {
		return -i
	}
	return i
}

// BesselJ is J_n(z), the Bessel function of the first kind of an integer
// order n. Where z² <= 4(|n|+1) it is the power series (DLMF 10.2.2),
// whose terms then shrink from the first and cancel little; elsewhere
// Bessel's integral J_n(z) = 1/(2π) ∫_0^2π cos(nτ - z sin τ) dτ (DLMF
// 10.9.2) by the trapezoidal rule on N = 2(|n| + ⌈|z|⌉) + 64 points,
// exact to rounding for a periodic integrand whose Fourier coefficients
// beyond N, J_{n±N}(z), are far below 1e-17 (Trefethen & Weideman 2014,
// "The exponentially convergent trapezoidal rule", SIAM Review 56): its
// error is absolute, about 1e-16 √N. Where |z| >= max(30, n²) the
// trapezoidal rule would need N ~ 2|z| points, so there Hankel's asymptotic
// expansion (DLMF 10.17.3) takes over, summed to its smallest term (below
// 1e-26 at |z| = 30). Between the two, when N would pass 10⁶ (|n| and
// |z| both in the hundreds of thousands), the value is NaN rather than a
// long wait. Special cases: J_n(±Inf) = 0, NaN gives NaN; J_0(0) = 1.
func BesselJ(n, z float64) float64 {
	switch {
	case math.IsNaN(n) || math.IsNaN(z):
		return math.NaN()
	case math.IsInf(z, 0):
		return 0
	case z == 0 && n == 0:
		return 1
	}
	if z*z <= 4*(math.Abs(n)+1) {
		m := math.Abs(n)
		q := -0.25 * z * z
		t := math.Exp(m*math.Log(0.5*math.Abs(z)) - Lgamma(m+1))
		if z < 0 && math.Mod(m, 2) != 0 {
			t = -t
		}
		s := t
		for k := 1; k < 1000 && t != 0; k++ {
			fk := float64(k)
			t *= q / (fk * (fk + m))
			s += t
			if math.Abs(t) <= 0x1p-53*math.Abs(s) {
				break
			}
		}
		if n < 0 && math.Mod(m, 2) != 0 {
			s = -s // J_{-n} = (-1)^n J_n
		}
		return s
	}
	if m := math.Abs(n); math.Abs(z) >= math.Max(30, m*m) {
		return besselJAsymptotic(n, z)
	}
	N := 2*(math.Abs(n)+math.Ceil(math.Abs(z))) + 64
	if N > 1e6 {
		return math.NaN()
	}
	s := 0.0
	for j := 0.0; j < N; j++ {
		tau := 2 * math.Pi * j / N
		s += math.Cos(n*tau - z*math.Sin(tau))
	}
	return s / N
}

// besselJAsymptotic is J_n(z) by DLMF 10.17.3: √(2/(π|z|)) (P cos ω - Q
// sin ω), ω = |z| - (2|n|+1)π/4, P = Σ (-1)^k a_2k/|z|^2k and Q = Σ
// (-1)^k a_2k+1/|z|^2k+1 with a_k/a_k-1 = (4n² - (2k-1)²)/(8k), summed
// while the terms shrink; cos ω and sin ω from cos |z| and sin |z| (the
// angle (2|n|+1)π/4 is an odd multiple of π/4), so a huge |z| loses
// nothing to the subtraction; times (-1)^n for each of z < 0 and n < 0
// (DLMF 10.4.1).
func besselJAsymptotic(n, z float64) float64 {
	m, x := math.Abs(n), math.Abs(z)
	mu := 4 * m * m
	p, q, term := 1.0, 0.0, 1.0
	for k := 1; k < 100; k++ {
		fk := float64(k)
		next := term * (mu - (2*fk-1)*(2*fk-1)) / (8 * fk * x)
		if math.Abs(next) >= math.Abs(term) {
			break
		}
		term = next
		switch k % 4 {
		case 1:
			q += term
		case 2:
			p -= term
		case 3:
			q -= term
		case 0:
			p += term
		}
		if math.Abs(term) < 0x1p-60 {
			break
		}
	}
	r := math.Mod(2*m+1, 8) // ω = x - rπ/4
	cphi, sphi := math.Sqrt2/2, math.Sqrt2/2
	if r == 3 || r == 5 {
		cphi = -cphi
	}
	if r == 5 || r == 7 {
		sphi = -sphi
	}
	sx, cx := math.Sincos(x)
	cw, sw := cx*cphi+sx*sphi, sx*cphi-cx*sphi
	j := math.Sqrt(2/(math.Pi*x)) * (p*cw - q*sw)
	if math.Mod(m, 2) != 0 && (z < 0) != (n < 0) {
		j = -j
	}
	return j
}

func init() {
	registerC("bessel", `
/* LogBesselI, BesselI and BesselJ (library/bessel.go): log I_v(z) by its
   power series or, for z > max(30, v²), its asymptotic expansion; J_n(z) by
   its power series or Bessel's integral by the trapezoidal rule. */
BAYES_FN bayes_real bayes_log_bessel_i(bayes_real v, bayes_real z)
{
	bayes_real q, t, s, scaled, fk;
	int k;
	if (isnan(v) || isnan(z) || v < 0 || z < 0) return BAYES_NAN;
	if (z == 0 && v == 0) return 0;
	if (z == 0) return -BAYES_INF;
	if (isinf(z)) return z;
	if (z > bayes_max(BAYES_R(30.0), v * v)) {
		bayes_real mu = 4 * v * v, term = 1, next;
		s = 1;
		for (k = 1; k < 1000; k++) {
			fk = (bayes_real)k;
			next = -term * (mu - (2 * fk - 1) * (2 * fk - 1)) / (8 * fk * z);
			if (BAYES_M(fabs)(next) >= BAYES_M(fabs)(term)) break;
			term = next;
			s += term;
			if (BAYES_M(fabs)(term) <= BAYES_R(1.1102230246251565e-16) * BAYES_M(fabs)(s)) break;
		}
		return z - BAYES_R(0.5) * BAYES_M(log)(2 * BAYES_PI * z) + BAYES_M(log)(s);
	}
	q = BAYES_R(0.25) * z * z;
	t = 1;
	s = 1;
	scaled = 0;
	for (k = 1; k < 100000; k++) {
		fk = (bayes_real)k;
		t *= q / (fk * (fk + v));
		s += t;
		if (s > BAYES_R(1e30)) {
			s *= BAYES_R(1e-30);
			t *= BAYES_R(1e-30);
			scaled += 30 * BAYES_R(2.302585092994046);
		}
		if (t <= BAYES_R(1.1102230246251565e-16) * s) break;
	}
	return v * BAYES_M(log)(BAYES_R(0.5) * z) - bayes_lgamma(v + 1) + BAYES_M(log)(s) + scaled;
}

BAYES_FN bayes_real bayes_bessel_i(bayes_real n, bayes_real z)
{
	bayes_real i = BAYES_M(exp)(bayes_log_bessel_i(BAYES_M(fabs)(n), BAYES_M(fabs)(z)));
	if (z < 0 && BAYES_M(fmod)(n, 2) != 0) return -i;
	return i;
}

/* besselJAsymptotic (library/bessel.go): Hankel's expansion of J_n(z). */
BAYES_FN bayes_real bayes_bessel_j_asymptotic(bayes_real n, bayes_real z)
{
	bayes_real m = BAYES_M(fabs)(n), x = BAYES_M(fabs)(z), mu = 4 * m * m;
	bayes_real p = 1, q = 0, term = 1, next, fk, r, cphi, sphi, sx, cx, cw, sw, j;
	int k;
	for (k = 1; k < 100; k++) {
		fk = (bayes_real)k;
		next = term * (mu - (2 * fk - 1) * (2 * fk - 1)) / (8 * fk * x);
		if (BAYES_M(fabs)(next) >= BAYES_M(fabs)(term)) break;
		term = next;
		switch (k % 4) {
		case 1: q += term; break;
		case 2: p -= term; break;
		case 3: q -= term; break;
		default: p += term; break;
		}
		if (BAYES_M(fabs)(term) < BAYES_R(8.673617379884035e-19)) break;
	}
	r = BAYES_M(fmod)(2 * m + 1, 8);
	cphi = BAYES_R(0.7071067811865476);
	sphi = cphi;
	if (r == 3 || r == 5) cphi = -cphi;
	if (r == 5 || r == 7) sphi = -sphi;
	sx = BAYES_M(sin)(x);
	cx = BAYES_M(cos)(x);
	cw = cx * cphi + sx * sphi;
	sw = sx * cphi - cx * sphi;
	j = BAYES_M(sqrt)(2 / (BAYES_PI * x)) * (p * cw - q * sw);
	if (BAYES_M(fmod)(m, 2) != 0 && ((z < 0) != (n < 0))) j = -j;
	return j;
}

BAYES_FN bayes_real bayes_bessel_j(bayes_real n, bayes_real z)
{
	bayes_real m, q, t, s, fk, N, j, tau;
	int k;
	if (isnan(n) || isnan(z)) return BAYES_NAN;
	if (isinf(z)) return 0;
	if (z == 0 && n == 0) return 1;
	if (z * z <= 4 * (BAYES_M(fabs)(n) + 1)) {
		m = BAYES_M(fabs)(n);
		q = BAYES_R(-0.25) * z * z;
		t = BAYES_M(exp)(m * BAYES_M(log)(BAYES_R(0.5) * BAYES_M(fabs)(z)) - bayes_lgamma(m + 1));
		if (z < 0 && BAYES_M(fmod)(m, 2) != 0) t = -t;
		s = t;
		for (k = 1; k < 1000 && t != 0; k++) {
			fk = (bayes_real)k;
			t *= q / (fk * (fk + m));
			s += t;
			if (BAYES_M(fabs)(t) <= BAYES_R(1.1102230246251565e-16) * BAYES_M(fabs)(s)) break;
		}
		if (n < 0 && BAYES_M(fmod)(m, 2) != 0) s = -s;
		return s;
	}
	m = BAYES_M(fabs)(n);
	if (BAYES_M(fabs)(z) >= BAYES_M(fmax)(30, m * m)) return bayes_bessel_j_asymptotic(n, z);
	N = 2 * (BAYES_M(fabs)(n) + BAYES_M(ceil)(BAYES_M(fabs)(z))) + 64;
	if (N > BAYES_R(1e6)) return BAYES_NAN;
	s = 0;
	for (j = 0; j < N; j++) {
		tau = 2 * BAYES_PI * j / N;
		s += BAYES_M(cos)(n * tau - z * BAYES_M(sin)(tau));
	}
	return s / N;
}`)
}
