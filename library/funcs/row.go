package library

// Row is row(x, m): the m'th row of the matrix x, 1-based, as a row vector
// (Stan Functions Reference, "Slicing and blocking functions").
var Row = &Func{
	Name:      "row",
	Overloads: []Signature{{Params: []Arg{Exact("", TypeMatrix), Exact("", TypeInt)}, Ret: TypeRowVector}},
	Sizes:     independent(rangeArgs),
	Value: func(o Tensors, a []Value) Value {
		cols := o.Dims(a[0])[1]
		return subMatrix(o, "row", a[0], sizeArg(o, a[1]), 1, 1, cols, []int{cols})
	},
}

func init() { registerFunc(Row) }
