package mvdists

import (
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/dists"
)

// OrderedProbit is ordered_probit(η, c): outcome k in 1:K, K-1 ordered
// cutpoints c, with P(y = k) = Φ(η - c_{k-1}) - Φ(η - c_k), c_0 = -∞ and
// c_K = +∞ (Stan Functions Reference, "Ordered probit distribution"); η is
// vectorised over the outcomes.
var OrderedProbit = &library.MvDist{
	Name: "ordered_probit", Discrete: true,
	Variate: library.Arg{Class: library.ClassInts},
	Params:  []library.Arg{{Name: "location", Class: library.ClassReals}, library.Exact("cutpoints", library.TypeVector)},
	Support: "1:K",
	Sizes:   library.Independent("the K-1 cutpoints define K categories, whatever the number of outcomes (the outcomes and locations are vectorised)"),
	Lpdf:    orderedProbitLpmf,
	Check:   func(a []library.Tensor) error { return checkOrdered(a[2].X) },

	RngParams: []library.Arg{library.Exact("location", library.TypeReal), library.Exact("cutpoints", library.TypeVector)}, RngRet: library.TypeInt,
	RngSizes: library.Independent(library.OneArg),
	Rng: func(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
		c := a[1].X
		if err := checkOrdered(c); err != nil {
			return library.Tensor{}, err
		}
		return library.Scalar(float64(drawIndex(r, orderedProbitProbs(a[0].X[0], c)))), nil
	},
}

func init() { registerMv(OrderedProbit) }

// orderedProbitProbs are the chances of 1..K for location eta and
// cutpoints c.
func orderedProbitProbs(eta float64, c []float64) []float64 {
	k := len(c) + 1
	p := make([]float64, k)
	prev := 1.0
	for i := range c {
		next := library.Phi(eta - c[i])
		p[i] = prev - next
		prev = next
	}
	p[k-1] = prev
	return p
}

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
