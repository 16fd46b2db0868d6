package library

import "math"

// Lchoose is log C(n, k) = -log1p(n) - lbeta(n-k+1, k+1) (Stan's
// binomial_coefficient_log), accurate where the three lgammas cancel;
// exactly 0 at k = 0 and k = n, as Stan's.
func Lchoose(n, k float64) float64 {
	if k == 0 || k == n {
		return 0
	}
	return -math.Log1p(n) - Lbeta(n-k+1, k+1)
}

func init() {
	registerC("lchoose", `
/* Lchoose (library/lchoose.go): log C(n, k) = -log1p(n) - lbeta(n-k+1, k+1). */
BAYES_FN bayes_real bayes_lchoose(bayes_real n, bayes_real k)
{
	if (k == 0 || k == n) return BAYES_R(0.0);
	return -BAYES_M(log1p)(n) - bayes_lbeta(n - k + 1, k + 1);
}`)
}
