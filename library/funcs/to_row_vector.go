package library

// ToRowVector is to_row_vector(x): x's elements as a row vector, a
// matrix's read column-major (Stan Functions Reference, "Matrix
// conversion").
var ToRowVector = &Func{
	Name: "to_row_vector",
	Overloads: []Signature{
		{Params: []Arg{Exact("", TypeVector)}, Ret: TypeRowVector},
		{Params: []Arg{Exact("", TypeRowVector)}, Ret: TypeRowVector},
		{Params: []Arg{Exact("", TypeMatrix)}, Ret: TypeRowVector,
			Value: func(o Tensors, a []Value) Value { return flat(o, transposed(o, a[0])) }},
		{Params: []Arg{Exact("", TypeInts)}, Ret: TypeRowVector},
		{Params: []Arg{Exact("", Type{Kind: KindReal, Dims: 1})}, Ret: TypeRowVector},
	},
	Sizes: independent(oneArg),
	Value: func(o Tensors, a []Value) Value { return flat(o, a[0]) },
}

func init() { registerFunc(ToRowVector) }

// flat is x's elements, in their order, in one dimension.
func flat(o Tensors, x Value) Value { return o.Reshape(x, []int{numElems(o.Dims(x))}) }
