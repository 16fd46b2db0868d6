package library

// rep_row_vector(x, n) is the row vector of n copies of x (Stan Functions
// Reference, "Matrix and vector constructors").
var repRowVector = &Func{
	Name:      "rep_row_vector",
	Overloads: []Signature{{Params: []Arg{Exact("", TypeReal), Exact("", TypeInt)}, Ret: TypeRowVector}},
	Sizes:     independent(intSizes),
	Value:     func(o Tensors, a []Value) Value { return o.Repeat(a[0], repSizes(o, "rep_row_vector", a[1:])) },
}

func init() { registerFunc(repRowVector) }
