package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// RepMatrix is rep_matrix(x, m, n), an m x n matrix of x; rep_matrix(v, n),
// n columns v; rep_matrix(rv, m), m rows rv (Stan Functions Reference,
// "Matrix and vector constructors"): each element is picked from x, no
// arithmetic.
var RepMatrix = &library.Func{
	Name: "rep_matrix",
	Doc:  "a matrix filled with one value, or a vector repeated as rows or columns",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeReal), library.Exact("", library.TypeInt), library.Exact("", library.TypeInt)}, Ret: library.TypeMatrix,
			Value: func(o library.Tensors, a []library.Value) library.Value {
				return repMatrix(o, a[0], sizeArg(o, a[1]), sizeArg(o, a[2]), func(int, int) int { return 0 })
			}},
		{Params: []library.Arg{library.Exact("", library.TypeVector), library.Exact("", library.TypeInt)}, Ret: library.TypeMatrix,
			Value: func(o library.Tensors, a []library.Value) library.Value {
				return repMatrix(o, a[0], o.Dims(a[0])[0], sizeArg(o, a[1]), func(i, _ int) int { return i })
			}},
		{Params: []library.Arg{library.Exact("", library.TypeRowVector), library.Exact("", library.TypeInt)}, Ret: library.TypeMatrix,
			Value: func(o library.Tensors, a []library.Value) library.Value {
				return repMatrix(o, a[0], sizeArg(o, a[1]), o.Dims(a[0])[0], func(_, j int) int { return j })
			}},
	},
	Sizes: library.Independent(intSizes),
}

func init() { registerFunc(RepMatrix) }

// repMatrix is the rows x cols matrix whose element (i, j) is x's element
// src(i, j).
func repMatrix(o library.Tensors, x library.Value, rows, cols int, src func(i, j int) int) library.Value {
	checkMatrixSize(o, "rep_matrix", rows, cols)
	off := make([]int, 0, rows*cols)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			off = append(off, src(i, j))
		}
	}
	return o.Reshape(o.Pick(x, off), []int{rows, cols})
}

// checkMatrixSize refuses a negative size of a matrix.
func checkMatrixSize(o library.Tensors, name string, rows, cols int) {
	if rows < 0 || cols < 0 {
		o.Fail("%s: a matrix cannot be %d x %d: sizes must not be negative", name, rows, cols)
	}
}
