package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// trace_quad_form(A, B) = trace(B' A B) (Stan Functions Reference,
// "Quadratic forms"), Σ_ij B_ij (A B)_ij: one matrix product, an
// elementwise product and a sum, not the whole B' A B.
var traceQuadForm = &library.Func{
	Name:      "trace_quad_form",
	Doc:       "trace(B' A B)",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeMatrix)}, Ret: library.TypeReal}},
	Sizes:     library.SizeGroups(library.Square(0, library.Size{Arg: 1, Of: library.SizeRows})),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return o.Sum(o.Mul(a[1], o.MatMat(a[0], a[1])))
	},
}

func init() { registerFunc(traceQuadForm) }
