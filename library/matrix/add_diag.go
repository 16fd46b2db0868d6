package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// add_diag(m, d) is m with d added to its diagonal (Stan Functions
// Reference, "Diagonal matrix functions"): a scalar to each diagonal
// element, or a vector's or row vector's elements in order, as many as
// the diagonal's min(rows, cols), checked where the call runs.
var addDiag = &library.Func{
	Name: "add_diag",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeReal)}, Ret: library.TypeMatrix},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeVector)}, Ret: library.TypeMatrix},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeRowVector)}, Ret: library.TypeMatrix},
	},
	Sizes: library.Independent("the diagonal's length is min(rows, cols), checked where the call runs"),
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

func init() { registerFunc(addDiag) }
