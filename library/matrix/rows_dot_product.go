package matrix

import (
	"github.com/bayes-dev/bayes/library"
)

// rows_dot_product(x, y) is the vector of the dot products of x's and y's
// rows (Stan Functions Reference, "Dot products and specialized
// products"): of two matrices, one sum per row of their elementwise
// product; of two vectors (a row each element), their elementwise product;
// of two row vectors (one row), their dot product, one element.
var rowsDotProduct = &library.Func{
	Name: "rows_dot_product",
	Doc:  "the dot product of each row of x with the same row of y",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeVector), library.Exact("", library.TypeVector)}, Ret: library.TypeVector,
			Value: func(o library.Tensors, a []library.Value) library.Value { return o.Mul(a[0], a[1]) }},
		{Params: []library.Arg{library.Exact("", library.TypeRowVector), library.Exact("", library.TypeRowVector)}, Ret: library.TypeVector, Value: oneDot},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeMatrix)}, Ret: library.TypeVector,
			Value: func(o library.Tensors, a []library.Value) library.Value {
				return rowSums(o, o.Mul(a[0], a[1]), o.Dims(a[0]))
			}},
	},
	Sizes: library.SizeGroups(library.SameSize(library.SizeRows, 0, 1), library.SameSize(library.SizeCols, 0, 1)),
}

func init() { registerFunc(rowsDotProduct) }

// oneDot is the dot product of two vectors as a container of one element.
func oneDot(o library.Tensors, a []library.Value) library.Value {
	return o.FromElems([]int{1}, []library.Value{o.Dot(a[0], a[1])})
}

// rowSums is the vector of the sums of each row of the r x c matrix p (d is
// {r, c}), built from min(r, c) picks of p: with no more rows than
// columns, each row picked and summed; with more, each column picked (a
// vector of r) and the columns added, left to right, as the sum of a row
// adds its elements. The adjoint of each pick is a scatter of all r·c
// elements, so a pick per row of a tall matrix made the gradient cost
// r²c (BenchmarkVectorised/rows_dot_product: 100 times the loop written
// out at 500 x 10); a pick per column costs rc².
func rowSums(o library.Tensors, p library.Value, d []int) library.Value {
	r, c := d[0], d[1]
	if r > c {
		acc := library.NoValue
		for j := range c {
			off := make([]int, r)
			for i := range off {
				off[i] = i*c + j
			}
			if col := o.Pick(p, off); acc == library.NoValue {
				acc = col
			} else {
				acc = o.Add(acc, col)
			}
		}
		return acc
	}
	xs := make([]library.Value, r)
	for i := range xs {
		off := make([]int, c)
		for j := range off {
			off[j] = i*c + j
		}
		xs[i] = o.Sum(o.Pick(p, off))
	}
	return o.FromElems([]int{r}, xs)
}
