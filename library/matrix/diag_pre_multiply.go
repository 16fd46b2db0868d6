package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// diag_pre_multiply(v, M) = diag_matrix(v) M: element (i, j) is v_i M_ij
// (Stan Functions Reference, "Diagonal matrix functions"), for v of M's
// rows.
var diagPreMultiply = &library.Func{
	Name: "diag_pre_multiply",
	Doc:  "diag(v) m: each row i of m times v[i]",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeVector), library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix},
		{Params: []library.Arg{library.Exact("", library.TypeRowVector), library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix},
	},
	Sizes: library.SizeGroups([]library.Size{{Arg: 0, Of: library.SizeLen}, {Arg: 1, Of: library.SizeRows}}),
	Value: func(o library.Tensors, a []library.Value) library.Value { return diagMultiply(o, a[1], a[0], true) },
}

func init() { registerFunc(diagPreMultiply) }

// diagMultiply scales the rows of m by v (pre) or its columns: element (i,
// j) is v_i m_ij, or v_j m_ij, v's element read first.
func diagMultiply(o library.Tensors, m, v library.Value, pre bool) library.Value {
	d := o.Dims(m)
	r, c := d[0], d[1]
	xs := make([]library.Value, r*c)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			k := j
			if pre {
				k = i
			}
			vk := o.Elem(v, k)
			xs[i*c+j] = o.Mul(vk, o.Elem(m, i*c+j))
		}
	}
	return o.FromElems([]int{r, c}, xs)
}
