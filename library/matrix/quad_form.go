package library

// quad_form (Stan Functions Reference, "Quadratic forms"): quad_form(A, v)
// = v' A v, the dot product of v with A v; quad_form(A, B) = B' A B, A B
// then B' times it, each matrix product column by column. A is square.
var quadForm = &Func{
	Name: "quad_form",
	Overloads: []Signature{
		{Params: []Arg{Exact("", TypeMatrix), Exact("", TypeVector)}, Ret: TypeReal,
			Value: func(o Tensors, a []Value) Value { return o.Dot(a[1], o.MatVec(a[0], a[1])) }},
		{Params: []Arg{Exact("", TypeMatrix), Exact("", TypeMatrix)}, Ret: TypeMatrix,
			Value: func(o Tensors, a []Value) Value { return o.MatMat(transposed(o, a[1]), o.MatMat(a[0], a[1])) }},
	},
	Sizes: sizeGroups(square(0, Size{Arg: 1, Of: SizeRows})),
}

func init() { registerFunc(quadForm) }
