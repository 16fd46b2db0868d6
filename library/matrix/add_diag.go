package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// add_diag(m, d) is m with d added to its diagonal (Stan Functions
// Reference, "Diagonal matrix functions"): a scalar to each of the
// min(rows, cols) diagonal elements, or a vector's or row vector's
// elements in order to a square m's (Stan allows a vector of min(rows,
// cols) beside a matrix that is not square; bayes's size rules, which
// relate sizes by equality, ask for a square one).
var addDiag = &library.Func{
	Name: "add_diag",
	Doc:  "m with d added to its diagonal (d a real or a vector)",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeReal)}, Ret: library.TypeMatrix},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeVector)}, Ret: library.TypeMatrix, Sizes: &squareDiag},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeRowVector)}, Ret: library.TypeMatrix, Sizes: &squareDiag},
	},
	Sizes: library.Independent("a scalar is added to the diagonal, whatever the matrix's sizes"),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		m, d := a[0], a[1]
		dims := o.Dims(m)
		diag := diagOffsets(dims)
		if dd := o.Dims(d); len(dd) == 1 && dd[0] != len(diag) {
			o.Fail("add_diag: the diagonal has %d elements, the vector to add %d", len(diag), dd[0])
		}
		xs := elems(o, m)
		for i, off := range diag {
			if len(o.Dims(d)) == 0 {
				xs[off] = o.Add(xs[off], d)
			} else {
				xs[off] = o.Add(xs[off], o.Elem(d, i))
			}
		}
		return o.FromElems(dims, xs)
	},
}

// squareDiag is the size rule of add_diag of a vector: m square, of d's
// length.
var squareDiag = library.SizeGroups(library.Square(0, library.Size{Arg: 1, Of: library.SizeLen}))

func init() { registerFunc(addDiag) }
