package matrix

import (
	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/funcs"
)

// quad_form_sym(A, v) = v' A v and quad_form_sym(A, B) = B' A B for a
// symmetric A (Stan Functions Reference, "Quadratic forms"): quad_form's
// products, the matrix result made symmetric to the bit as Stan's, (M +
// M')/2. The interpreter checks A symmetric (relative 1e-8,
// symmetricInterp); the compiler cannot on values unknown when the model
// is compiled.
var quadFormSym = &library.Func{
	Name: "quad_form_sym",
	Doc:  "B' A B of a symmetric A, made exactly symmetric",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeVector)}, Ret: library.TypeReal},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix},
	},
	Sizes:  library.SizeGroups(library.Square(0, library.Size{Arg: 1, Of: library.SizeRows})),
	Value:  quadFormSymValue,
	Interp: symmetricInterp("quad_form_sym", 0, quadFormSymValue),
}

func init() { registerFunc(quadFormSym) }

func quadFormSymValue(o library.Tensors, a []library.Value) library.Value {
	if len(o.Dims(a[1])) == 1 {
		return o.Dot(a[1], o.MatVec(a[0], a[1]))
	}
	m := o.MatMat(funcs.Transposed(o, a[1]), o.MatMat(a[0], a[1]))
	return o.Mul(o.Const(0.5), o.Add(m, funcs.Transposed(o, m)))
}
