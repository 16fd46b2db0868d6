package mvdists

import (
	"errors"
	"math/rand/v2"
	"sort"

	"github.com/bayes-dev/bayes/library"
)

// OrderedLogistic is ordered_logistic(η, c): outcome k in 1:K, K-1 ordered
// cutpoints c, with P(y = k) = inv_logit(η - c_{k-1}) - inv_logit(η - c_k),
// c_0 = -∞ and c_K = +∞ (Stan Functions Reference, "Ordered logistic
// distribution"); η is vectorised over the outcomes.
var OrderedLogistic = orderedDist("ordered_logistic", library.InvLogit, orderedLogisticLpmf)

func init() { registerMv(OrderedLogistic) }

// orderedDist is an ordered family (ordered_logistic, ordered_probit):
// outcome k in 1:K with P(y = k) = F(η - c_{k-1}) - F(η - c_k) for the
// link's cdf F, and lpmf its log density.
func orderedDist(name string, cdf func(float64) float64, lpmf func(library.Tensors, []library.Value, bool) library.Value) *library.MvDist {
	return &library.MvDist{
		Name: name, Discrete: true,
		Variate: library.Arg{Class: library.ClassInts},
		Params:  []library.Arg{{Name: "location", Class: library.ClassReals}, library.Exact("cutpoints", library.TypeVector)},
		Support: "1:K",
		Sizes:   library.Independent("the K-1 cutpoints define K categories, whatever the number of outcomes (the outcomes and locations are vectorised)"),
		Lpdf:    lpmf,
		Check:   func(a []library.Tensor) error { return checkOrdered(a[2].X) },

		RngParams: []library.Arg{library.Exact("location", library.TypeReal), library.Exact("cutpoints", library.TypeVector)}, RngRet: library.TypeInt,
		RngSizes: library.Independent(library.OneArg),
		Rng: func(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
			c := a[1].X
			if err := checkOrdered(c); err != nil {
				return library.Tensor{}, err
			}
			return library.Scalar(float64(drawIndex(r, orderedProbs(a[0].X[0], c, cdf)))), nil
		},
	}
}

func checkOrdered(c []float64) error {
	if !sort.Float64sAreSorted(c) {
		return errors.New("the cutpoints are not ordered")
	}
	return nil
}

// orderedProbs are the chances of 1..K for location eta, cutpoints c and
// the link's cdf.
func orderedProbs(eta float64, c []float64, cdf func(float64) float64) []float64 {
	k := len(c) + 1
	p := make([]float64, k)
	prev := 1.0
	for i := range c {
		next := cdf(eta - c[i])
		p[i] = prev - next
		prev = next
	}
	p[k-1] = prev
	return p
}

// orderedLogisticLpmf: with K-1 cutpoints c and η for each outcome y,
// log1m_inv_logit(η - c_1) for y = 1, log_inv_logit(η - c_{K-1}) for y = K,
// else log(inv_logit(η - c_{y-1}) - inv_logit(η - c_y)), computed as
// Stan's log_inv_logit_diff(a, b) = a - log1p_exp(a) + log1m_exp(b - a)
// - log1p_exp(b). With a vector η the outcomes are grouped into the three
// cases, each one vector expression over gathered η and cutpoints, so the
// IR does not grow with the number of outcomes.
func orderedLogisticLpmf(o library.Tensors, a []library.Value, _ bool) library.Value {
	return orderedLpmf(o, a, "ordered_logistic", func(e, lo, hi library.Value, first, last bool) library.Value {
		switch {
		case first:
			return o.Log1mInvLogit(o.Sub(e, hi))
		case last:
			return o.LogInvLogit(o.Sub(e, lo))
		}
		x, z := o.Sub(e, lo), o.Sub(e, hi)
		t := o.Sub(x, o.Log1pExp(x))
		t = o.Add(t, o.Log1mExp(o.Sub(z, x)))
		return o.Sub(t, o.Log1pExp(z))
	})
}

// orderedTerm is the log probability of the outcomes of one case of an
// ordinal family, given η (scalar or vector) and the cutpoints below (lo)
// and above (hi); first and last are the outcomes 1 and K, which have one.
type orderedTerm func(e, lo, hi library.Value, first, last bool) library.Value

// orderedLpmf is the log pmf of the ordinal family name (ordered_logistic,
// ordered_probit) with outcomes a[0], locations a[1] and cutpoints a[2],
// its cases' terms given by term.
func orderedLpmf(o library.Tensors, a []library.Value, name string, termOf orderedTerm) library.Value {
	y, eta, cut := a[0], a[1], a[2]
	k := library.NumElems(o.Dims(cut)) + 1
	if k < 2 {
		o.Fail("%s needs at least one cutpoint", name)
	}
	ys := outcomes(o, name, y, k)
	scalar := len(o.Dims(eta)) == 0
	if n := library.NumElems(o.Dims(eta)); !scalar && n != len(ys) {
		o.Fail("%s: %d outcomes and %d locations", name, len(ys), n)
	}
	term := func(e, lo, hi library.Value, yi int) library.Value { return termOf(e, lo, hi, yi == 1, yi == k) }
	acc := o.Const(0)
	if scalar {
		counts := make([]int, k+1)
		for _, yi := range ys {
			counts[yi]++
		}
		for yi := 1; yi <= k; yi++ {
			if counts[yi] == 0 {
				continue
			}
			lo, hi := library.NoValue, library.NoValue
			if yi > 1 {
				lo = o.Elem(cut, yi-2)
			}
			if yi < k {
				hi = o.Elem(cut, yi-1)
			}
			acc = o.Add(acc, o.Mul(o.Const(float64(counts[yi])), term(eta, lo, hi, yi)))
		}
		return acc
	}
	var first, last, mid, midLo, midHi []int
	for i, yi := range ys {
		switch {
		case yi == 1:
			first = append(first, i)
		case yi == k:
			last = append(last, i)
		default:
			mid = append(mid, i)
			midLo, midHi = append(midLo, yi-2), append(midHi, yi-1)
		}
	}
	if len(first) > 0 {
		acc = o.Add(acc, o.Sum(term(o.Gather(eta, first), library.NoValue, o.Elem(cut, 0), 1)))
	}
	if len(last) > 0 {
		acc = o.Add(acc, o.Sum(term(o.Gather(eta, last), o.Elem(cut, k-2), library.NoValue, k)))
	}
	if len(mid) > 0 {
		e := o.Gather(eta, mid)
		acc = o.Add(acc, o.Sum(term(e, o.Gather(cut, midLo), o.Gather(cut, midHi), 2)))
	}
	return acc
}
