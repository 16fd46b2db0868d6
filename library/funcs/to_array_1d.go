package library

// ToArray1d is to_array_1d(x): x's elements as a one-dimensional array, a
// matrix's read column-major, an array's row-major (Stan Functions
// Reference, "Matrix conversion", "Array conversion"); ints stay ints.
var ToArray1d = &Func{
	Name: "to_array_1d",
	Overloads: []Signature{
		{Params: []Arg{Exact("", TypeVector)}, Ret: Type{Kind: KindReal, Dims: 1}},
		{Params: []Arg{Exact("", TypeRowVector)}, Ret: Type{Kind: KindReal, Dims: 1}},
		{Params: []Arg{Exact("", TypeMatrix)}, Ret: Type{Kind: KindReal, Dims: 1},
			Value: func(o Tensors, a []Value) Value { return flat(o, transposed(o, a[0])) }},
		{Params: []Arg{{Class: ClassAnyArray}}, Result: ResultFlatten},
	},
	Sizes: independent(oneArg),
	Value: func(o Tensors, a []Value) Value { return flat(o, a[0]) },
}

func init() { registerFunc(ToArray1d) }
