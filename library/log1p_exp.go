package library

import "math"

// Log1pExp is log(1+exp(x)) = max(x,0) + log1p(exp(-|x|)) (Mächler 2012,
// "Accurately computing log(1-exp(-|a|))", eq. 10).
func Log1pExp(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

// LogInvLogit is log(inv_logit(x)) = -log1p_exp(-x).
func LogInvLogit(x float64) float64 { return -Log1pExp(-x) }

// Log1mInvLogit is log(1 - inv_logit(x)) = -log1p_exp(x).
func Log1mInvLogit(x float64) float64 { return -Log1pExp(x) }

func init() {
	registerC("log1p_exp", `
/* Log1pExp (library/log1p_exp.go): log(1+exp(x)) (Mächler 2012, eq. 10). */
BAYES_FN bayes_real bayes_log1p_exp(bayes_real x)
{
	if (x > 0) return x + BAYES_M(log1p)(BAYES_M(exp)(-x));
	return BAYES_M(log1p)(BAYES_M(exp)(x));
}

BAYES_FN bayes_real bayes_log_inv_logit(bayes_real x) { return -bayes_log1p_exp(-x); }
BAYES_FN bayes_real bayes_log1m_inv_logit(bayes_real x) { return -bayes_log1p_exp(x); }`)
}
