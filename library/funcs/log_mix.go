package library

// log_mix (Stan Functions Reference, "Composed functions"):
// log_mix(θ, λ1, λ2) = log(θ e^λ1 + (1-θ) e^λ2), as log_sum_exp(log θ + λ1,
// log1m(θ) + λ2); log_mix(θ, λ) = log Σ θ_k e^λ_k, as log_sum_exp(log θ +
// λ), for a vector θ of mixing proportions and λ a vector or an array of
// the components' log densities.
var logMix = &Func{
	Name: "log_mix",
	Overloads: []Signature{
		{Params: []Arg{Exact("", TypeReal), Exact("", TypeReal), Exact("", TypeReal)}, Ret: TypeReal,
			Value: func(o Tensors, a []Value) Value {
				lt := o.Log(a[0])
				l1t := o.Log1p(o.Neg(a[0]))
				return o.LogSumExp2(o.Add(lt, a[1]), o.Add(l1t, a[2]))
			}},
		{Params: []Arg{Exact("", TypeVector), Exact("", TypeVector)}, Ret: TypeReal},
		{Params: []Arg{Exact("", TypeVector), Exact("", Type{Kind: KindReal, Dims: 1})}, Ret: TypeReal},
	},
	Sizes: sizeGroups(sameSize(SizeLen, 0, 1)),
	Value: func(o Tensors, a []Value) Value { return o.Reduce(ReduceLogSumExp, o.Add(o.Log(a[0]), a[1])) },
}

func init() { registerFunc(logMix) }
