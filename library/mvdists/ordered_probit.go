package mvdists

import (
	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/dists"
)

// OrderedProbit is ordered_probit(η, c): outcome k in 1:K, K-1 ordered
// cutpoints c, with P(y = k) = Φ(η - c_{k-1}) - Φ(η - c_k), c_0 = -∞ and
// c_K = +∞ (Stan Functions Reference, "Ordered probit distribution"); η is
// vectorised over the outcomes.
var OrderedProbit = orderedDist("ordered_probit", library.Phi, orderedProbitLpmf)

func init() { registerMv(OrderedProbit) }

// orderedProbitLpmf, as Stan Math's ordered_probit_lpmf: with K-1
// cutpoints c and η for each outcome y, log Φ(c_1 - η) for y = 1,
// log Φ(η - c_{K-1}) for y = K, else log_diff_exp(log Φ(η - c_{y-1}),
// log Φ(η - c_y)), each log Φ normal_lcdf's kernel (finite in the tails);
// the outcomes grouped as ordered_logistic's.
func orderedProbitLpmf(o library.Tensors, a []library.Value, _ bool) library.Value {
	logPhi := func(x library.Value) library.Value { return o.Call(dists.Normal.Lcdf, x, o.Const(0), o.Const(1)) }
	return orderedLpmf(o, a, "ordered_probit", func(e, lo, hi library.Value, first, last bool) library.Value {
		switch {
		case first:
			return logPhi(o.Sub(hi, e))
		case last:
			return logPhi(o.Sub(e, lo))
		}
		x, z := logPhi(o.Sub(e, lo)), logPhi(o.Sub(e, hi))
		return o.Add(x, o.Log1mExp(o.Sub(z, x)))
	})
}
