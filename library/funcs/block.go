package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// Block is block(x, i, j, n_rows, n_cols): the n_rows x n_cols submatrix of
// x whose top-left element is x[i, j], 1-based (Stan Functions Reference,
// "Slicing and blocking functions").
var Block = &library.Func{
	Name: "block",
	Doc:  "the nr x nc block of a matrix from row i, column j",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeInt), library.Exact("", library.TypeInt),
		library.Exact("", library.TypeInt), library.Exact("", library.TypeInt)}, Ret: library.TypeMatrix}},
	Sizes: library.Independent(rangeArgs),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		i, j := sizeArg(o, a[1]), sizeArg(o, a[2])
		nr, nc := sizeArg(o, a[3]), sizeArg(o, a[4])
		return subMatrix(o, "block", a[0], i, j, nr, nc, []int{nr, nc})
	},
}

func init() { registerFunc(Block) }

// subMatrix is the nr x nc submatrix of the matrix x from x[i, j] (1-based)
// as a value of dims, after Stan's range checks (check_row_index,
// check_column_index): a call of name whose indexes or counts fall outside
// x fails, saying so.
func subMatrix(o library.Tensors, name string, x library.Value, i, j, nr, nc int, dims []int) library.Value {
	d := o.Dims(x)
	rows, cols := d[0], d[1]
	if i < 1 || i > rows || j < 1 || j > cols || nr < 0 || nc < 0 || i-1+nr > rows || j-1+nc > cols {
		o.Fail("%s: rows %d to %d and columns %d to %d are out of range: the matrix is %d x %d",
			name, i, i-1+nr, j, j-1+nc, rows, cols)
	}
	off := make([]int, 0, nr*nc)
	for r := i - 1; r < i-1+nr; r++ {
		for c := j - 1; c < j-1+nc; c++ {
			off = append(off, r*cols+c)
		}
	}
	return o.Reshape(o.Pick(x, off), dims)
}
