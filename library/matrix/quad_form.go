package matrix

import (
	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/funcs"
)

// quad_form (Stan Functions Reference, "Quadratic forms"): quad_form(A, v)
// = v' A v, the dot product of v with A v; quad_form(A, B) = B' A B, A B
// then B' times it, each matrix product column by column. A is square.
var quadForm = &library.Func{
	Name: "quad_form",
	Doc:  "B' A B (a matrix B) or b' A b (a vector b)",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeVector)}, Ret: library.TypeReal,
			Value: func(o library.Tensors, a []library.Value) library.Value { return o.Dot(a[1], o.MatVec(a[0], a[1])) }},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix,
			Value: func(o library.Tensors, a []library.Value) library.Value {
				return o.MatMat(funcs.Transposed(o, a[1]), o.MatMat(a[0], a[1]))
			}},
	},
	Sizes: library.SizeGroups(library.Square(0, library.Size{Arg: 1, Of: library.SizeRows})),
}

func init() { registerFunc(quadForm) }
