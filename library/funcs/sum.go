package library

// sum(x) is Σ x_i, added in order, of an array of ints (an int), of reals,
// a vector, a row vector or a matrix (Stan Functions Reference, "Sum,
// product, and log sum of exp"); 0 for no elements.
var sumFunc = &Func{
	Name:      "sum",
	Overloads: append([]Signature{{Params: []Arg{Exact("", TypeInts)}, Ret: TypeInt}}, reductions(TypeReal)...),
	Sizes:     independent(oneArg),
	Value:     func(o Tensors, a []Value) Value { return o.Sum(a[0]) },
}

func init() { registerFunc(sumFunc) }

// reductions are the overloads of a reduction of reals to ret: an array of
// reals, a vector, a row vector, a matrix.
func reductions(ret Type) []Signature {
	var out []Signature
	for _, t := range []Type{{Kind: KindReal, Dims: 1}, TypeVector, TypeRowVector, TypeMatrix} {
		out = append(out, Signature{Params: []Arg{Exact("", t)}, Ret: ret})
	}
	return out
}
