package library

import "math"

// InvLogit is 1/(1+exp(-x)), evaluated so that neither tail overflows.
func InvLogit(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

func init() {
	registerC("inv_logit", `
/* InvLogit (library/inv_logit.go): 1/(1+exp(-x)), neither tail overflows. */
BAYES_FN bayes_real bayes_inv_logit(bayes_real x)
{
	if (x >= 0) return BAYES_R(1.0) / (BAYES_R(1.0) + BAYES_M(exp)(-x));
	bayes_real e = BAYES_M(exp)(x);
	return e / (BAYES_R(1.0) + e);
}`)
}
