package library

// multiply_lower_tri_self_transpose(M) = L L', L the lower triangle of M,
// zeros above its diagonal (Stan Functions Reference, "Dot products and
// specialized products"), the product column by column.
var multiplyLowerTriSelfTranspose = &Func{
	Name:      "multiply_lower_tri_self_transpose",
	Overloads: []Signature{{Params: []Arg{Exact("", TypeMatrix)}, Ret: TypeMatrix}},
	// Stan Math documents "@throw If the input matrix is not square"
	Sizes: sizeGroups(square(0)),
	Value: func(o Tensors, a []Value) Value {
		l := lowerTriangle(o, a[0])
		return o.MatMat(l, transposed(o, l))
	},
}

func init() { registerFunc(multiplyLowerTriSelfTranspose) }

// lowerTriangle is m with the elements above the diagonal 0.
func lowerTriangle(o Tensors, m Value) Value {
	d := o.Dims(m)
	r, c := d[0], d[1]
	xs := make([]Value, r*c)
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
