package funcs

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// lmgamma(k, x) is the log of the multivariate gamma function Γ_k(x)
// (Stan Functions Reference, "Combinatorial functions"; Muirhead 1982,
// Aspects of Multivariate Statistical Theory, Definition 2.1.10):
//
//	log Γ_k(x) = k(k-1)/4 log π + Σ_{j=1}^k lgamma(x + (1-j)/2),
//
// k an int known when the model is compiled (it sets the number of terms).
var lmgamma = &library.Func{
	Name:      "lmgamma",
	Doc:       "log Γ_k(x), the log multivariate gamma function",
	Overloads: intReal,
	Value: func(o library.Tensors, a []library.Value) library.Value {
		ks, ok := o.Known(a[0])
		if !ok {
			o.Fail("lmgamma: the dimension k must be known when the model is compiled")
		}
		k := ks[0]
		if k < 1 {
			o.Fail("lmgamma: the dimension k is %g, but must be at least 1", k)
		}
		s := o.Const(k * (k - 1) / 4 * math.Log(math.Pi))
		for j := 1.0; j <= k; j++ {
			s = o.Add(s, o.Lgamma(o.Add(a[1], o.Const((1-j)/2))))
		}
		return s
	},
}

func init() { registerFunc(lmgamma) }
