package library

// toVector is to_vector(x): x's elements as a vector, a matrix's read
// column-major (Stan Functions Reference, "Matrix conversion").
var toVector = &Func{
	Name: "to_vector",
	Overloads: []Signature{
		{Params: []Arg{Exact("", TypeVector)}, Ret: TypeVector},
		{Params: []Arg{Exact("", TypeRowVector)}, Ret: TypeVector},
		{Params: []Arg{Exact("", TypeMatrix)}, Ret: TypeVector,
			Value: func(o Tensors, a []Value) Value { return flat(o, transposed(o, a[0])) }},
		{Params: []Arg{Exact("", TypeInts)}, Ret: TypeVector},
		{Params: []Arg{Exact("", Type{Kind: KindReal, Dims: 1})}, Ret: TypeVector},
	},
	Sizes: independent(oneArg),
	Value: func(o Tensors, a []Value) Value { return flat(o, a[0]) },
}

func init() { registerFunc(toVector) }
