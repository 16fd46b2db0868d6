package library

// Col is col(x, n): the n'th column of the matrix x, 1-based, as a vector
// (Stan Functions Reference, "Slicing and blocking functions").
var Col = &Func{
	Name:      "col",
	Overloads: []Signature{{Params: []Arg{Exact("", TypeMatrix), Exact("", TypeInt)}, Ret: TypeVector}},
	Sizes:     independent(rangeArgs),
	Value: func(o Tensors, a []Value) Value {
		rows := o.Dims(a[0])[0]
		return subMatrix(o, "col", a[0], 1, sizeArg(o, a[1]), rows, 1, []int{rows})
	},
}

func init() { registerFunc(Col) }
