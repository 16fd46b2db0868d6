package library

// SubCol is sub_col(x, i, j, n_rows): n_rows elements of column j of the
// matrix x from row i, 1-based, as a vector (Stan Functions Reference,
// "Slicing and blocking functions").
var SubCol = &Func{
	Name: "sub_col",
	Overloads: []Signature{{Params: []Arg{Exact("", TypeMatrix), Exact("", TypeInt), Exact("", TypeInt),
		Exact("", TypeInt)}, Ret: TypeVector}},
	Sizes: independent(rangeArgs),
	Value: func(o Tensors, a []Value) Value {
		n := sizeArg(o, a[3])
		return subMatrix(o, "sub_col", a[0], sizeArg(o, a[1]), sizeArg(o, a[2]), n, 1, []int{n})
	},
}

func init() { registerFunc(SubCol) }
