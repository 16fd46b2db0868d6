package matrix

import (
	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/funcs"
)

// multiply_lower_tri_self_transpose(M) = L L', L the lower triangle of M,
// zeros above its diagonal (Stan Functions Reference, "Dot products and
// specialized products"), the product column by column.
var multiplyLowerTriSelfTranspose = &library.Func{
	Name:      "multiply_lower_tri_self_transpose",
	Doc:       "L L' of the lower triangle L of a matrix",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix}},
	// Stan Math documents "@throw If the input matrix is not square"
	Sizes: library.SizeGroups(library.Square(0)),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		l := lowerTriangle(o, a[0])
		return o.MatMat(l, funcs.Transposed(o, l))
	},
}

func init() { registerFunc(multiplyLowerTriSelfTranspose) }

// lowerTriangle is m with the elements above the diagonal 0.
func lowerTriangle(o library.Tensors, m library.Value) library.Value {
	d := o.Dims(m)
	r, c := d[0], d[1]
	xs := make([]library.Value, r*c)
	zero := o.Const(0)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			xs[i*c+j] = zero
			if j <= i {
				xs[i*c+j] = o.Elem(m, i*c+j)
			}
		}
	}
	return o.FromElems([]int{r, c}, xs)
}
