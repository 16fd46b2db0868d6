package library

import "math"

// Lgamma is log|Γ(x)|, Stan's lgamma.
func Lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

func init() {
	registerC("lgamma", `
/* Lgamma (library/lgamma.go) is Go's math.Lgamma, which differs from C's
   lgamma only at -Inf: Go gives -Inf (log|Γ(x)| falls without bound along
   non-integer x), C99 +Inf. The macro makes every lgamma after it, and the
   templates' lgamma($0) (lgammaf($0) in float), Go's. */
BAYES_FN bayes_real bayes_lgamma(bayes_real x)
{
	if (isinf(x) && x < 0) return -BAYES_INF;
	return BAYES_M(lgamma)(x);
}
#ifdef BAYES_FLOAT32
#define lgammaf(x) bayes_lgamma(x)
#else
#define lgamma(x) bayes_lgamma(x)
#endif`)
}
