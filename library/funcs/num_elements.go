package library

// num_elements(x) is the number of x's scalar elements, an int known when
// the model is compiled (Stan Functions Reference, "Array size and
// dimension function", "Matrix size functions").
var numElements = &Func{
	Name: "num_elements",
	Overloads: []Signature{
		{Params: []Arg{{Class: ClassAnyArray}}, Ret: TypeInt},
		{Params: []Arg{Exact("", TypeVector)}, Ret: TypeInt},
		{Params: []Arg{Exact("", TypeRowVector)}, Ret: TypeInt},
		{Params: []Arg{Exact("", TypeMatrix)}, Ret: TypeInt},
	},
	Sizes: independent(oneArg),
	Value: func(o Tensors, a []Value) Value { return o.Const(float64(numElems(o.Dims(a[0])))) },
}

func init() { registerFunc(numElements) }
