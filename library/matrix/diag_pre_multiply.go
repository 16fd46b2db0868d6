package library

// diag_pre_multiply(v, M) = diag_matrix(v) M: element (i, j) is v_i M_ij
// (Stan Functions Reference, "Diagonal matrix functions"), for v of M's
// rows.
var diagPreMultiply = &Func{
	Name: "diag_pre_multiply",
	Overloads: []Signature{
		{Params: []Arg{Exact("", TypeVector), Exact("", TypeMatrix)}, Ret: TypeMatrix},
		{Params: []Arg{Exact("", TypeRowVector), Exact("", TypeMatrix)}, Ret: TypeMatrix},
	},
	Sizes: sizeGroups([]Size{{Arg: 0, Of: SizeLen}, {Arg: 1, Of: SizeRows}}),
	Value: func(o Tensors, a []Value) Value { return diagMultiply(o, a[1], a[0], true) },
}

func init() { registerFunc(diagPreMultiply) }

// diagMultiply scales the rows of m by v (pre) or its columns: element (i,
// j) is v_i m_ij, or v_j m_ij, v's element read first.
func diagMultiply(o Tensors, m, v Value, pre bool) Value {
	d := o.Dims(m)
	r, c := d[0], d[1]
	xs := make([]Value, r*c)
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
