package library

// columns_dot_product(x, y) is the row vector of the dot products of x's
// and y's columns (Stan Functions Reference, "Dot products and specialized
// products"): of two matrices, rows_dot_product of their transposes; of two
// vectors (one column), their dot product, one element; of two row vectors
// (a column each element), their elementwise product.
var columnsDotProduct = &Func{
	Name: "columns_dot_product",
	Overloads: []Signature{
		{Params: []Arg{Exact("", TypeVector), Exact("", TypeVector)}, Ret: TypeRowVector, Value: oneDot},
		{Params: []Arg{Exact("", TypeRowVector), Exact("", TypeRowVector)}, Ret: TypeRowVector,
			Value: func(o Tensors, a []Value) Value { return o.Mul(a[0], a[1]) }},
		{Params: []Arg{Exact("", TypeMatrix), Exact("", TypeMatrix)}, Ret: TypeRowVector,
			Value: func(o Tensors, a []Value) Value {
				x, y := transposed(o, a[0]), transposed(o, a[1])
				return rowSums(o, o.Mul(x, y), o.Dims(x))
			}},
	},
	Sizes: sizeGroups(sameSize(SizeRows, 0, 1), sameSize(SizeCols, 0, 1)),
}

func init() { registerFunc(columnsDotProduct) }
