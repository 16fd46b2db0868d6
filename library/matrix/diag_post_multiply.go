package library

// diag_post_multiply(M, v) = M diag_matrix(v): element (i, j) is M_ij v_j
// (Stan Functions Reference, "Diagonal matrix functions"), for v of M's
// columns.
var diagPostMultiply = &Func{
	Name: "diag_post_multiply",
	Overloads: []Signature{
		{Params: []Arg{Exact("", TypeMatrix), Exact("", TypeVector)}, Ret: TypeMatrix},
		{Params: []Arg{Exact("", TypeMatrix), Exact("", TypeRowVector)}, Ret: TypeMatrix},
	},
	Sizes: sizeGroups([]Size{{Arg: 0, Of: SizeCols}, {Arg: 1, Of: SizeLen}}),
	Value: func(o Tensors, a []Value) Value { return diagMultiply(o, a[0], a[1], false) },
}

func init() { registerFunc(diagPostMultiply) }
