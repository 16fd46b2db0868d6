package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// log_mix (Stan Functions Reference, "Composed functions"):
// log_mix(θ, λ1, λ2) = log(θ e^λ1 + (1-θ) e^λ2), as log_sum_exp(log θ + λ1,
// log1m(θ) + λ2); log_mix(θ, λ) = log Σ θ_k e^λ_k, as log_sum_exp(log θ +
// λ), for a vector θ of mixing proportions and λ a vector or an array of
// the components' log densities.
var logMix = &library.Func{
	Name: "log_mix",
	Doc:  "log of a mixture of densities given on the log scale: log Σ θ_k exp(λ_k)",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeReal), library.Exact("", library.TypeReal), library.Exact("", library.TypeReal)}, Ret: library.TypeReal,
			Value: func(o library.Tensors, a []library.Value) library.Value {
				lt := o.Log(a[0])
				l1t := o.Log1p(o.Neg(a[0]))
				return o.LogSumExp2(o.Add(lt, a[1]), o.Add(l1t, a[2]))
			}},
		{Params: []library.Arg{library.Exact("", library.TypeVector), library.Exact("", library.TypeVector)}, Ret: library.TypeReal},
		{Params: []library.Arg{library.Exact("", library.TypeVector), library.Exact("", library.Type{Kind: library.KindReal, Dims: 1})}, Ret: library.TypeReal},
	},
	Sizes: library.SizeGroups(library.SameSize(library.SizeLen, 0, 1)),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return o.Reduce(library.ReduceLogSumExp, o.Add(o.Log(a[0]), a[1]))
	},
}

func init() { registerFunc(logMix) }
