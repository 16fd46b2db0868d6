package library

// rep_array(x, n), rep_array(x, m, n) and rep_array(x, k, m, n) are the
// arrays of one, two or three dimensions of copies of x, which may be any
// value (Stan Functions Reference, "Array broadcasting").
var repArray = &Func{
	Name: "rep_array",
	Overloads: []Signature{
		{Params: []Arg{{Class: ClassAny}, Exact("", TypeInt)}, Result: ResultArrayOf},
		{Params: []Arg{{Class: ClassAny}, Exact("", TypeInt), Exact("", TypeInt)}, Result: ResultArrayOf},
		{Params: []Arg{{Class: ClassAny}, Exact("", TypeInt), Exact("", TypeInt), Exact("", TypeInt)}, Result: ResultArrayOf},
	},
	Sizes: independent(intSizes),
	Value: func(o Tensors, a []Value) Value { return o.Repeat(a[0], repSizes(o, "rep_array", a[1:])) },
}

func init() { registerFunc(repArray) }
