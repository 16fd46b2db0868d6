package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// matrix_power(A, n) = Aⁿ of a square A (Stan Functions Reference, "Linear
// algebra functions and solvers"), n ≥ 0 known when the call is built: the
// identity for n = 0, else A times itself n - 1 times, each a matrix
// product (Stan Math multiplies so too).
var matrixPower = &library.Func{
	Name:      "matrix_power",
	Doc:       "A to the int power n (n >= 0), by repeated products",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeInt)}, Ret: library.TypeMatrix}},
	Sizes:     library.SizeGroups(library.Square(0)),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		A := a[0]
		k := knownInt(o, "matrix_power", a[1])
		if k == 0 {
			n := o.Dims(A)[0]
			xs := make([]float64, n*n)
			for i := range n {
				xs[i*n+i] = 1
			}
			return o.FromKnown([]int{n, n}, xs)
		}
		p := A
		for range k - 1 {
			p = o.MatMat(p, A)
		}
		return p
	},
}

func init() { registerFunc(matrixPower) }
