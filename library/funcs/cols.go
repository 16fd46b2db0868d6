package library

// cols(x) is the number of columns: 1 of a vector, a row vector's length,
// a matrix's columns (Stan Functions Reference, "Matrix size functions"),
// an int known when the model is compiled.
var cols = &Func{
	Name: "cols",
	Overloads: []Signature{
		{Params: []Arg{Exact("", TypeVector)}, Ret: TypeInt, Value: one},
		{Params: []Arg{Exact("", TypeRowVector)}, Ret: TypeInt, Value: dimension(0)},
		{Params: []Arg{Exact("", TypeMatrix)}, Ret: TypeInt, Value: dimension(1)},
	},
	Sizes: independent(oneArg),
}

func init() { registerFunc(cols) }
