package library

import "math"

// Lbeta is log B(a, b) = lgamma(a) + lgamma(b) - lgamma(a+b) for a, b > 0.
// When the larger argument is 10 or more the sum of lgammas cancels badly,
// so, as Stan's lbeta does, the lgammas of the large arguments are written
// with Stirling's series lgamma(z) = (z-1/2) log z - z + log(2π)/2 + δ(z)
// and the large terms are combined analytically: with x <= y,
//
//	y >= 10, x < 10:  lgamma(x) + (y-1/2) log1p(-x/(x+y)) + x (1 - log(x+y)) + δ(y) - δ(x+y)
//	x >= 10:          log(2π)/2 - log(y)/2 + (x-1/2) log(x/(x+y)) + y log1p(-x/(x+y)) + δ(x) + δ(y) - δ(x+y)
//
// Special cases: Lbeta(0, b) = +Inf for b > 0; NaN arguments or negative
// ones give NaN.
func Lbeta(a, b float64) float64 {
	x, y := math.Min(a, b), math.Max(a, b)
	switch {
	case math.IsNaN(a) || math.IsNaN(b) || x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(1)
	case math.IsInf(y, 1):
		return math.Inf(-1)
	case y < 10:
		return Lgamma(x) + Lgamma(y) - Lgamma(x+y)
	}
	xy := x + y
	if x < 10 {
		return Lgamma(x) + (y-0.5)*math.Log1p(-x/xy) + x*(1-math.Log(xy)) +
			stirlingDiff(y) - stirlingDiff(xy)
	}
	return HalfLog2Pi - 0.5*math.Log(y) + (x-0.5)*math.Log(x/xy) + y*math.Log1p(-x/xy) +
		stirlingDiff(x) + stirlingDiff(y) - stirlingDiff(xy)
}

// stirlingDiff is δ(z) = lgamma(z) - [(z-1/2) log z - z + log(2π)/2] for
// z >= 10, from Stirling's series Σ B_2k / (2k(2k-1) z^(2k-1)) (Abramowitz &
// Stegun 6.1.40), seven terms: the first omitted one is below 1e-16 at z = 10.
func stirlingDiff(z float64) float64 {
	w := 1 / (z * z)
	s := 1.0 / 12
	s += w * (-1.0/360 + w*(1.0/1260+w*(-1.0/1680+w*(1.0/1188+w*(-691.0/360360+w*(1.0/156))))))
	return s / z
}

func init() {
	registerC("lbeta", `
/* stirlingDiff (library/lbeta.go): lgamma(z) - Stirling's approximation,
   z >= 10 (Abramowitz & Stegun 6.1.40). */
BAYES_FN bayes_real bayes_stirling_diff(bayes_real z)
{
	bayes_real w = 1 / (z * z);
	bayes_real s = BAYES_R(1.0) / 12;
	s += w * (-BAYES_R(1.0) / 360 + w * (BAYES_R(1.0) / 1260 + w * (-BAYES_R(1.0) / 1680 + w * (BAYES_R(1.0) / 1188 + w * (-BAYES_R(691.0) / 360360 + w * (BAYES_R(1.0) / 156))))));
	return s / z;
}

/* Lbeta (library/lbeta.go): log B(a, b), Stan's algorithm for large arguments. */
BAYES_FN bayes_real bayes_lbeta(bayes_real a, bayes_real b)
{
	bayes_real x = bayes_min(a, b), y = bayes_max(a, b);
	if (isnan(a) || isnan(b) || x < 0) return BAYES_NAN;
	if (x == 0) return BAYES_INF;
	if (isinf(y) && y > 0) return -BAYES_INF;
	if (y < 10) return BAYES_M(lgamma)(x) + BAYES_M(lgamma)(y) - BAYES_M(lgamma)(x + y);
	bayes_real xy = x + y;
	if (x < 10)
		return BAYES_M(lgamma)(x) + (y - BAYES_R(0.5)) * BAYES_M(log1p)(-x / xy) + x * (1 - BAYES_M(log)(xy)) +
		       bayes_stirling_diff(y) - bayes_stirling_diff(xy);
	return BAYES_HALF_LOG_2PI - BAYES_R(0.5) * BAYES_M(log)(y) + (x - BAYES_R(0.5)) * BAYES_M(log)(x / xy) + y * BAYES_M(log1p)(-x / xy) +
	       bayes_stirling_diff(x) + bayes_stirling_diff(y) - bayes_stirling_diff(xy);
}`)
}
