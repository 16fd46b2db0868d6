package library

// rows_dot_product(x, y) is the vector of the dot products of x's and y's
// rows (Stan Functions Reference, "Dot products and specialized
// products"): of two matrices, one sum per row of their elementwise
// product; of two vectors (a row each element), their elementwise product;
// of two row vectors (one row), their dot product, one element.
var rowsDotProduct = &Func{
	Name: "rows_dot_product",
	Overloads: []Signature{
		{Params: []Arg{Exact("", TypeVector), Exact("", TypeVector)}, Ret: TypeVector,
			Value: func(o Tensors, a []Value) Value { return o.Mul(a[0], a[1]) }},
		{Params: []Arg{Exact("", TypeRowVector), Exact("", TypeRowVector)}, Ret: TypeVector, Value: oneDot},
		{Params: []Arg{Exact("", TypeMatrix), Exact("", TypeMatrix)}, Ret: TypeVector,
			Value: func(o Tensors, a []Value) Value { return rowSums(o, o.Mul(a[0], a[1]), o.Dims(a[0])) }},
	},
	Sizes: sizeGroups(sameSize(SizeRows, 0, 1), sameSize(SizeCols, 0, 1)),
}

func init() { registerFunc(rowsDotProduct) }

// oneDot is the dot product of two vectors as a container of one element.
func oneDot(o Tensors, a []Value) Value { return o.FromElems([]int{1}, []Value{o.Dot(a[0], a[1])}) }

// rowSums is the vector of the sums of each row of the r x c matrix p (d is
// {r, c}), each a sum of its picked elements.
func rowSums(o Tensors, p Value, d []int) Value {
	r, c := d[0], d[1]
	xs := make([]Value, r)
	for i := range xs {
		off := make([]int, c)
		for j := range off {
			off[j] = i*c + j
		}
		xs[i] = o.Sum(o.Pick(p, off))
	}
	return o.FromElems([]int{r}, xs)
}
