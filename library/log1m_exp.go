package library

import "math"

// Log1mExp is log(1 - exp(x)) for x <= 0: log(-expm1(x)) for x > -log 2,
// else log1p(-exp(x)) (Mächler 2012, "Accurately computing
// log(1-exp(-|a|))", eq. 7). Log1mExp(0) = -Inf; x > 0 gives NaN.
func Log1mExp(x float64) float64 {
	if x > -Ln2 {
		return math.Log(-math.Expm1(x))
	}
	return math.Log1p(-math.Exp(x))
}

func init() {
	registerC("log1m_exp", `
/* Log1mExp (library/log1m_exp.go): log(1 - exp(x)) (Mächler 2012, eq. 7). */
BAYES_FN bayes_real bayes_log1m_exp(bayes_real x)
{
	if (x > -BAYES_LN2) return BAYES_M(log)(-BAYES_M(expm1)(x));
	return BAYES_M(log1p)(-BAYES_M(exp)(x));
}`)
}
