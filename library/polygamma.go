package library

import "math"

// bernoulli2j holds B_2, B_4, ..., B_16 (Abramowitz & Stegun 23.2).
var bernoulli2j = [...]float64{1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6, -3617.0 / 510}

// Polygamma is ψ^(k)(x) for k >= 1 and x > 0 (NaN for x <= 0): the
// recurrence ψ^(k)(x) = ψ^(k)(x+1) + (-1)^(k+1) k!/x^(k+1) moves x above 20,
// then the asymptotic series (Abramowitz & Stegun 6.4.11)
// ψ^(k)(x) ~ (-1)^(k+1) [(k-1)!/x^k + k!/(2x^(k+1)) + Σ B_2j (2j+k-1)!/((2j)! x^(2j+k))].
func Polygamma(k int, x float64) float64 {
	if k < 1 || !(x > 0) || math.IsInf(x, 1) {
		if math.IsInf(x, 1) {
			return 0
		}
		return math.NaN()
	}
	sgn := 1.0
	if k%2 == 0 {
		sgn = -1
	}
	fact := func(n int) float64 {
		f := 1.0
		for i := 2; i <= n; i++ {
			f *= float64(i)
		}
		return f
	}
	kf := fact(k)
	acc := 0.0
	for x < 20 {
		acc += kf / math.Pow(x, float64(k+1))
		x++
	}
	s := fact(k-1)/math.Pow(x, float64(k)) + kf/(2*math.Pow(x, float64(k+1)))
	for j, b := range bernoulli2j {
		n := 2 * (j + 1)
		s += b * fact(n+k-1) / (fact(n) * math.Pow(x, float64(n+k)))
	}
	return sgn * (acc + s)
}

func init() {
	registerC("polygamma", `
BAYES_FN double bayes_fact(int n)
{
	double f = 1.0;
	for (int i = 2; i <= n; i++) f *= (double)i;
	return f;
}

/* B_2, ..., B_16 (Abramowitz & Stegun 23.2), as bernoulli2j in library/polygamma.go. */
BAYES_DATA double bayes_bernoulli2j[8] = {1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6, -3617.0 / 510};

/* Polygamma (library/polygamma.go): ψ^(k)(x), k >= 1, by recurrence above
   20 and the asymptotic series (Abramowitz & Stegun 6.4.11); in double in
   either precision (the factorials overflow float). */
BAYES_FN bayes_real bayes_polygamma(int k, bayes_real xr)
{
	double x = (double)xr;
	if (k < 1 || !(x > 0) || (isinf(x) && x > 0)) {
		if (isinf(x) && x > 0) return BAYES_R(0.0);
		return BAYES_NAN;
	}
	double sgn = k % 2 == 0 ? -1.0 : 1.0;
	double kf = bayes_fact(k);
	double acc = 0.0;
	while (x < 20) {
		acc += kf / pow(x, (double)(k + 1));
		x++;
	}
	double s = bayes_fact(k - 1) / pow(x, (double)k) + kf / (2 * pow(x, (double)(k + 1)));
	for (int j = 0; j < 8; j++) {
		int n = 2 * (j + 1);
		s += bayes_bernoulli2j[j] * bayes_fact(n + k - 1) / (bayes_fact(n) * pow(x, (double)(n + k)));
	}
	return (bayes_real)(sgn * (acc + s));
}`)
}
