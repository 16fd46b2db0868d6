package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// symmetrize_from_lower_tri(A) is the symmetric matrix of A's lower
// triangle, each element above the diagonal the one it mirrors (Stan
// Functions Reference, "Linear algebra functions and solvers"): one pick
// of A's elements.
var symmetrizeFromLowerTri = &library.Func{
	Name:      "symmetrize_from_lower_tri",
	Doc:       "the symmetric matrix whose lower triangle is that of A",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix}},
	Sizes:     library.SizeGroups(library.Square(0)),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		n := o.Dims(a[0])[0]
		off := make([]int, n*n)
		for i := range n {
			for j := range n {
				off[i*n+j] = max(i, j)*n + min(i, j)
			}
		}
		return o.Reshape(o.Pick(a[0], off), []int{n, n})
	},
}

func init() { registerFunc(symmetrizeFromLowerTri) }
