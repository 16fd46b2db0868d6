package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// log_mix (Stan Functions Reference, "Composed functions"):
// log_mix(θ, λ1, λ2) = log(θ e^λ1 + (1-θ) e^λ2), as log_sum_exp(log θ + λ1,
// log1m(θ) + λ2); log_mix(θ, λ) = log Σ θ_k e^λ_k, as log_sum_exp(log θ +
// λ), for θ the mixing proportions and λ the components' log densities,
// each a vector, a row vector or an array of reals; and, for λ an array of
// N vectors or row vectors (one per observation), Σ_n log_mix(θ, λ_n).
var logMix = &library.Func{
	Name:      "log_mix",
	Doc:       "log of a mixture of densities given on the log scale: log Σ θ_k exp(λ_k)",
	Overloads: logMixOverloads(),
	Sizes:     library.SizeGroups(library.SameSize(library.SizeLen, 0, 1)),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		lt := o.Log(a[0])
		d := o.Dims(a[1])
		if len(d) == 1 {
			return o.Reduce(library.ReduceLogSumExp, o.Add(lt, a[1]))
		}
		n, k := d[0], d[1]
		if n == 0 {
			return o.Const(0)
		}
		x := o.Add(o.Repeat(lt, []int{n}), a[1])
		var lp library.Value
		for i := range n {
			off := make([]int, k)
			for j := range off {
				off[j] = i*k + j
			}
			l := o.Reduce(library.ReduceLogSumExp, o.Pick(x, off))
			if i == 0 {
				lp = l
			} else {
				lp = o.Add(lp, l)
			}
		}
		return lp
	},
}

// logMixOverloads are log_mix's: the two-component one, then θ of each
// one-dimensional type with λ of each, then with λ an array of vectors or
// of row vectors.
func logMixOverloads() []library.Signature {
	re := library.TypeReal
	out := []library.Signature{{Params: []library.Arg{library.Exact("", re), library.Exact("", re), library.Exact("", re)}, Ret: re,
		Value: func(o library.Tensors, a []library.Value) library.Value {
			lt := o.Log(a[0])
			l1t := o.Log1p(o.Neg(a[0]))
			return o.LogSumExp2(o.Add(lt, a[1]), o.Add(l1t, a[2]))
		}}}
	oneDim := []library.Type{library.TypeVector, library.TypeRowVector, {Kind: library.KindReal, Dims: 1}}
	lambdas := append(oneDim, library.Type{Kind: library.KindVector, Dims: 1}, library.Type{Kind: library.KindRowVector, Dims: 1})
	for _, l := range lambdas {
		for _, t := range oneDim {
			out = append(out, library.Signature{Params: []library.Arg{library.Exact("", t), library.Exact("", l)}, Ret: re})
		}
	}
	return out
}

func init() { registerFunc(logMix) }
