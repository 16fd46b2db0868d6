package library

// size(x) is an array's size, its first dimension, a vector's or a row
// vector's length, or a matrix's rows times its columns (Stan Functions
// Reference, "Array size and dimension function", "Matrix size
// functions"): an int known when the model is compiled.
var size = &Func{
	Name: "size",
	Overloads: []Signature{
		{Params: []Arg{{Class: ClassAnyArray}}, Ret: TypeInt},
		{Params: []Arg{Exact("", TypeVector)}, Ret: TypeInt},
		{Params: []Arg{Exact("", TypeRowVector)}, Ret: TypeInt},
		{Params: []Arg{Exact("", TypeMatrix)}, Ret: TypeInt, Value: numElements.Value},
	},
	Sizes: independent(oneArg),
	Value: func(o Tensors, a []Value) Value { return o.Const(float64(o.Dims(a[0])[0])) },
}

func init() { registerFunc(size) }
