package funcs

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// choose(n, k) is the binomial coefficient C(n, k), an int (Stan Functions
// Reference, "Combinatorial functions"): 0 when k > n, as Stan's. One
// kernel of ints, with no derivative: the product Π_{i<=k'} (n-k'+i)/i, k'
// = min(k, n-k), each partial product i C(n-k'+i, i) exact in a double
// below 2⁵³, and so each division. A result past the largest int (2³¹ -
// 1) fails the call, as Stan's does; a negative or infinite argument gives NaN, which
// the formula refuses too. The product stops once it passes 1e30 (a
// bound float holds) with +Inf, a result that fails anyway, so a huge n
// returns at once.
var chooseKernel = &library.Kernel{Name: "choose", Args: []library.Domain{library.Count, library.Count},
	Value: func(n, k, _, _ float64, _ int) float64 { return chooseOf(n, k) },
	Partial: func(library.Builder, library.Value, int, library.Value) library.Value {
		return library.NoValue
	}, C: `
BAYES_FN bayes_real bayes_choose(bayes_real n, bayes_real k)
{
	bayes_real r = 1, i;
	if (isnan(n) || isnan(k) || isinf(n) || isinf(k) || n < 0 || k < 0) return BAYES_NAN;
	if (k > n) return 0;
	if (n - k < k) k = n - k;
	for (i = 1; i <= k; i++) {
		if (r > BAYES_R(1e30)) return BAYES_INF;
		r = r * (n - k + i) / i;
	}
	return r;
}`}

func chooseOf(n, k float64) float64 {
	switch {
	case math.IsNaN(n) || math.IsNaN(k) || math.IsInf(n, 0) || math.IsInf(k, 0) || n < 0 || k < 0:
		return math.NaN()
	case k > n:
		return 0
	}
	k = math.Min(k, n-k)
	r := 1.0
	for i := 1.0; i <= k; i++ {
		if r > 1e30 {
			return math.Inf(1)
		}
		r = r * (n - k + i) / i
	}
	return r
}

var choose = &library.Func{
	Name:      "choose",
	Doc:       "the binomial coefficient C(n, k), an int",
	Overloads: ints2,
	Value: func(o library.Tensors, a []library.Value) library.Value {
		c := o.Call(chooseKernel, a[0], a[1])
		if x, ok := o.Known(c); ok {
			n, _ := o.Known(a[0])
			k, _ := o.Known(a[1])
			// element i of each argument: a scalar is broadcast (vectorised.go)
			at := func(v []float64, i int) float64 { return v[min(i, len(v)-1)] }
			for i, x := range x {
				n, k := at(n, i), at(k, i)
				switch {
				case math.IsNaN(x):
					o.Fail("choose(%g, %g): n and k must be non-negative", n, k)
				case math.IsInf(x, 1):
					o.Fail("choose(%g, %g) overflows int (at most %d)", n, k, math.MaxInt32)
				case x > math.MaxInt32:
					o.Fail("choose(%g, %g) = %g overflows int (at most %d)", n, k, x, math.MaxInt32)
				}
			}
		}
		return c
	},
}

func init() {
	registerKernel(chooseKernel)
	registerFunc(choose)
}
