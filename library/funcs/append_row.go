package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// AppendRow is append_row(x, y): y's rows below x's (Stan Functions
// Reference, "Matrix concatenation"); a vector is one column, a row vector
// one row and a real one element, so the columns agree.
var AppendRow = &library.Func{
	Name: "append_row",
	Doc:  "the rows of x then those of y, as one matrix or vector",
	Overloads: []library.Signature{
		appendRowOverload(shapeVector, shapeVector, shapeVector),
		appendRowOverload(shapeScalar, shapeVector, shapeVector),
		appendRowOverload(shapeVector, shapeScalar, shapeVector),
		appendRowOverload(shapeMatrix, shapeMatrix, shapeMatrix),
		appendRowOverload(shapeRowVector, shapeMatrix, shapeMatrix),
		appendRowOverload(shapeMatrix, shapeRowVector, shapeMatrix),
		appendRowOverload(shapeRowVector, shapeRowVector, shapeMatrix),
	},
	Sizes: library.SizeGroups(library.SameSize(library.SizeCols, 0, 1)),
}

func init() { registerFunc(AppendRow) }

// appendRowOverload: row-major, stacking rows is concatenation.
func appendRowOverload(x, y, ret shape) library.Signature {
	return library.Signature{Params: []library.Arg{x.arg(), y.arg()}, Ret: ret.arg().Type,
		Value: func(o library.Tensors, a []library.Value) library.Value {
			xr, xc := x.matrix(o.Dims(a[0]))
			yr, _ := y.matrix(o.Dims(a[1]))
			return o.Reshape(o.Concat(a[0], a[1]), ret.dims(xr+yr, xc))
		}}
}

// shape is the kind of an argument or result of the functions that see
// their arguments as matrices.
type shape uint8

const (
	shapeScalar shape = iota
	shapeVector
	shapeRowVector
	shapeMatrix
)

func (s shape) arg() library.Arg {
	return library.Exact("", [...]library.Type{library.TypeReal, library.TypeVector, library.TypeRowVector, library.TypeMatrix}[s])
}

// matrix is the rows and columns of a value of dimensions d seen as a
// matrix: a real 1 x 1, a vector one column, a row vector one row.
func (s shape) matrix(d []int) (rows, cols int) {
	switch s {
	case shapeMatrix:
		return d[0], d[1]
	case shapeRowVector:
		return 1, d[0]
	case shapeVector:
		return d[0], 1
	}
	return 1, 1
}

// dims are the dimensions of a result of this shape with rows and cols.
func (s shape) dims(rows, cols int) []int {
	switch s {
	case shapeVector:
		return []int{rows}
	case shapeRowVector:
		return []int{cols}
	}
	return []int{rows, cols}
}
