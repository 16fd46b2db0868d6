package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// AppendCol is append_col(x, y): y's columns right of x's (Stan Functions
// Reference, "Matrix concatenation"), so the rows agree.
var AppendCol = &library.Func{
	Name: "append_col",
	Doc:  "the columns of x then those of y, as one matrix or row vector",
	Overloads: []library.Signature{
		appendColOverload(shapeRowVector, shapeRowVector, shapeRowVector),
		appendColOverload(shapeScalar, shapeRowVector, shapeRowVector),
		appendColOverload(shapeRowVector, shapeScalar, shapeRowVector),
		appendColOverload(shapeMatrix, shapeMatrix, shapeMatrix),
		appendColOverload(shapeVector, shapeMatrix, shapeMatrix),
		appendColOverload(shapeMatrix, shapeVector, shapeMatrix),
		appendColOverload(shapeVector, shapeVector, shapeMatrix),
	},
	Sizes: library.SizeGroups(library.SameSize(library.SizeRows, 0, 1)),
}

func init() { registerFunc(AppendCol) }

// appendColOverload: row r of the result is x's row r, then y's.
func appendColOverload(x, y, ret shape) library.Signature {
	return library.Signature{Params: []library.Arg{x.arg(), y.arg()}, Ret: ret.arg().Type,
		Value: func(o library.Tensors, a []library.Value) library.Value {
			xr, xc := x.matrix(o.Dims(a[0]))
			_, yc := y.matrix(o.Dims(a[1]))
			both := o.Concat(a[0], a[1])
			cols := xc + yc
			off := make([]int, 0, xr*cols)
			for r := 0; r < xr; r++ {
				for j := 0; j < xc; j++ {
					off = append(off, r*xc+j)
				}
				for j := 0; j < yc; j++ {
					off = append(off, xr*xc+r*yc+j)
				}
			}
			return o.Reshape(o.Pick(both, off), ret.dims(xr, cols))
		}}
}
