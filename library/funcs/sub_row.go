package library

// SubRow is sub_row(x, i, j, n_cols): n_cols elements of row i of the
// matrix x from column j, 1-based, as a row vector (Stan Functions
// Reference, "Slicing and blocking functions").
var SubRow = &Func{
	Name: "sub_row",
	Overloads: []Signature{{Params: []Arg{Exact("", TypeMatrix), Exact("", TypeInt), Exact("", TypeInt),
		Exact("", TypeInt)}, Ret: TypeRowVector}},
	Sizes: independent(rangeArgs),
	Value: func(o Tensors, a []Value) Value {
		n := sizeArg(o, a[3])
		return subMatrix(o, "sub_row", a[0], sizeArg(o, a[1]), sizeArg(o, a[2]), 1, n, []int{n})
	},
}

func init() { registerFunc(SubRow) }
