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

// lchoose(n, k) is Stan's function of Lchoose (Stan Functions Reference,
// "Combinatorial functions"), built from its ops: -log1p(n) - lbeta(n-k+1,
// k+1), without Lchoose's exact 0 at k = 0 and k = n (there it is within
// an ulp of log(n+1) of 0).
var lchoose = &Func{
	Name:      "lchoose",
	Overloads: realsOverload(2),
	Value: func(o Tensors, a []Value) Value {
		n, k := a[0], a[1]
		lb := o.Lbeta(o.Add(o.Sub(n, k), o.Const(1)), o.Add(k, o.Const(1)))
		return o.Sub(o.Neg(o.Log1p(n)), lb)
	},
}

func init() { registerFunc(lchoose) }
