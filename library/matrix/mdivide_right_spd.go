package matrix

import (
	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/funcs"
)

// mdivide_right_spd(B, A) = B A⁻¹ for a symmetric positive-definite A
// (Stan Functions Reference, "Linear algebra functions and solvers"), B a
// row vector or a matrix of A's columns: (A⁻¹ B')', A being symmetric, by
// solveSPD (spd.go).
var mdivideRightSpd = &library.Func{
	Name: "mdivide_right_spd",
	Doc:  "b A⁻¹ for a symmetric positive-definite A",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeRowVector), library.Exact("", library.TypeMatrix)}, Ret: library.TypeRowVector},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix},
	},
	Sizes:  library.SizeGroups(library.Square(1, library.Size{Arg: 0, Of: library.SizeCols})),
	Value:  mdivideRightSpdValue,
	Interp: symmetricInterp("mdivide_right_spd", 1, mdivideRightSpdValue),
}

func init() { registerFunc(mdivideRightSpd) }

func mdivideRightSpdValue(o library.Tensors, a []library.Value) library.Value {
	B, A := a[0], a[1]
	n := o.Dims(A)[0]
	r := library.NumElems(o.Dims(B)) / n
	x := solveSPD(o, "mdivide_right_spd", A, funcs.Transposed(o, o.Reshape(B, []int{r, n})))
	return o.Reshape(funcs.Transposed(o, x), o.Dims(B))
}
