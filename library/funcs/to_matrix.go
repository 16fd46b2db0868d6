package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// ToMatrix is to_matrix (Stan Functions Reference, "Matrix conversion"): of
// a matrix, itself; of a vector, one column; of a row vector, one row; of an
// array[,], its rows; to_matrix(x, m, n), x's elements (a matrix's read
// column-major) filling an m x n matrix column-major.
var ToMatrix = &library.Func{
	Name: "to_matrix",
	Doc:  "a matrix of the elements, column-major",
	Overloads: []library.Signature{
		{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix,
			Value: func(o library.Tensors, a []library.Value) library.Value { return a[0] }},
		{Params: []library.Arg{library.Exact("", library.TypeVector)}, Ret: library.TypeMatrix,
			Value: func(o library.Tensors, a []library.Value) library.Value {
				return o.Reshape(a[0], []int{o.Dims(a[0])[0], 1})
			}},
		{Params: []library.Arg{library.Exact("", library.TypeRowVector)}, Ret: library.TypeMatrix,
			Value: func(o library.Tensors, a []library.Value) library.Value {
				return o.Reshape(a[0], []int{1, o.Dims(a[0])[0]})
			}},
		{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeInt), library.Exact("", library.TypeInt)}, Ret: library.TypeMatrix,
			Value: func(o library.Tensors, a []library.Value) library.Value {
				return fillColMajor(o, Transposed(o, a[0]), a[1], a[2])
			}},
		{Params: []library.Arg{library.Exact("", library.TypeVector), library.Exact("", library.TypeInt), library.Exact("", library.TypeInt)}, Ret: library.TypeMatrix, Value: toMatrixFill},
		{Params: []library.Arg{library.Exact("", library.TypeRowVector), library.Exact("", library.TypeInt), library.Exact("", library.TypeInt)}, Ret: library.TypeMatrix, Value: toMatrixFill},
		{Params: []library.Arg{library.Exact("", library.Type{Kind: library.KindReal, Dims: 1}), library.Exact("", library.TypeInt), library.Exact("", library.TypeInt)}, Ret: library.TypeMatrix, Value: toMatrixFill},
		{Params: []library.Arg{library.Exact("", library.Type{Kind: library.KindInt, Dims: 2})}, Ret: library.TypeMatrix, Value: arrayRows},
		{Params: []library.Arg{library.Exact("", library.Type{Kind: library.KindReal, Dims: 2})}, Ret: library.TypeMatrix, Value: arrayRows},
	},
	// the size rules make rows x cols the number of elements
	Sizes: library.SizeGroups([]library.Size{{Arg: 0, Of: library.SizeElems}, {Arg: 1, Of: library.SizeArea}}),
}

func init() { registerFunc(ToMatrix) }

func toMatrixFill(o library.Tensors, a []library.Value) library.Value {
	return fillColMajor(o, a[0], a[1], a[2])
}

func arrayRows(o library.Tensors, a []library.Value) library.Value {
	d := o.Dims(a[0])
	return o.Reshape(a[0], []int{d[0], d[1]})
}

// fillColMajor is the rows x cols matrix whose element (i, j) is x's
// element j*rows + i, the sizes given by the int arguments.
func fillColMajor(o library.Tensors, x, rows, cols library.Value) library.Value {
	r, c := sizeArg(o, rows), sizeArg(o, cols)
	checkMatrixSize(o, "to_matrix", r, c)
	off := make([]int, 0, r*c)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			off = append(off, j*r+i)
		}
	}
	return o.Reshape(o.Pick(x, off), []int{r, c})
}

// Transposed is the matrix x transposed, its elements picked: read
// row-major, it is x read column-major.
func Transposed(o library.Tensors, x library.Value) library.Value {
	d := o.Dims(x)
	r, c := d[0], d[1]
	off := make([]int, r*c)
	for i := 0; i < c; i++ {
		for j := 0; j < r; j++ {
			off[i*r+j] = j*c + i
		}
	}
	return o.Reshape(o.Pick(x, off), []int{c, r})
}
