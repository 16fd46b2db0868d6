package compiler

import (
	"math"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
)

// structuralCalls lower the functions that only move elements: slices,
// concatenations, repetitions and reshapes. Each computes, at compile time,
// which source element every result element is, and picks them (a gather of
// a parameter vector, a copy of data); no arithmetic is lowered.
var structuralCalls = map[string]callFunc{
	"head": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		n := l.count(c, a[0], l.knownInt(c, a[1]))
		return l.outerSlice(a[0], 0, n)
	},
	"tail": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		n := l.count(c, a[0], l.knownInt(c, a[1]))
		return l.outerSlice(a[0], a[0].dims[0]-n, n)
	},
	"segment": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		i, n := l.knownInt(c, a[1]), l.knownInt(c, a[2])
		if i < 1 || n < 0 || i-1+n > a[0].dims[0] {
			l.fail(c, "segment(x, %d, %d) is out of range: x has %d elements", i, n, a[0].dims[0])
		}
		return l.outerSlice(a[0], i-1, n)
	},
	"append_row": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		x, y := asMatrix(a[0]), asMatrix(a[1]) // the size rules make x.cols == y.cols
		// Row-major, stacking rows is concatenation.
		both := l.concat(a[0], a[1])
		return l.reshape(both, resultDims(c.T.Kind, x.rows+y.rows, x.cols), c.T.Kind)
	},
	"append_col": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		x, y := asMatrix(a[0]), asMatrix(a[1]) // the size rules make x.rows == y.rows
		both := l.concat(a[0], a[1])
		cols := x.cols + y.cols
		off := make([]int, 0, x.rows*cols)
		for r := 0; r < x.rows; r++ {
			for j := 0; j < x.cols; j++ {
				off = append(off, r*x.cols+j)
			}
			for j := 0; j < y.cols; j++ {
				off = append(off, x.rows*x.cols+r*y.cols+j)
			}
		}
		return l.reshape(l.pick(both, off), resultDims(c.T.Kind, x.rows, cols), c.T.Kind)
	},
	"rep_matrix": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		x := a[0]
		var rows, cols int
		var src func(i, j int) int
		switch x.kind {
		case lang.KindVector: // rep_matrix(v, n): every column is v
			rows, cols = x.dims[0], l.knownInt(c, a[1])
			src = func(i, _ int) int { return i }
		case lang.KindRowVector: // rep_matrix(rv, m): every row is rv
			rows, cols = l.knownInt(c, a[1]), x.dims[0]
			src = func(_, j int) int { return j }
		default: // rep_matrix(x, m, n)
			rows, cols = l.knownInt(c, a[1]), l.knownInt(c, a[2])
			src = func(int, int) int { return 0 }
		}
		l.checkDims(c, rows, cols)
		off := make([]int, 0, rows*cols)
		for i := 0; i < rows; i++ {
			for j := 0; j < cols; j++ {
				off = append(off, src(i, j))
			}
		}
		return l.reshape(l.pick(x, off), []int{rows, cols}, lang.KindMatrix)
	},
	"to_matrix": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		x := a[0]
		switch {
		case len(a) == 1 && x.kind == lang.KindMatrix:
			return x
		case len(a) == 1 && x.kind == lang.KindVector: // a column
			return l.reshape(x, []int{x.dims[0], 1}, lang.KindMatrix)
		case len(a) == 1 && x.kind == lang.KindRowVector: // a row
			return l.reshape(x, []int{1, x.dims[0]}, lang.KindMatrix)
		case len(a) == 1: // array[,] real: its rows, as stored
			return l.reshape(x, []int{x.dims[0], x.dims[1]}, lang.KindMatrix)
		}
		rows, cols := l.knownInt(c, a[1]), l.knownInt(c, a[2])
		// the size rules make rows*cols == x.size()
		l.checkDims(c, rows, cols)
		if x.kind == lang.KindMatrix { // read column-major, as Stan does
			x = l.transpose(c, x)
		}
		// Fill column-major: element (i, j) is source element j*rows + i.
		off := make([]int, 0, rows*cols)
		for i := 0; i < rows; i++ {
			for j := 0; j < cols; j++ {
				off = append(off, j*rows+i)
			}
		}
		return l.reshape(l.pick(x, off), []int{rows, cols}, lang.KindMatrix)
	},
	"to_row_vector": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		x := a[0]
		if x.kind == lang.KindMatrix { // column-major, as Stan does
			x = l.transpose(c, x)
		}
		return l.reshape(x, []int{x.size()}, lang.KindRowVector)
	},
	"to_array_1d": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		x := a[0]
		if x.kind == lang.KindMatrix && len(x.dims) == 2 { // column-major, as Stan does
			x = l.transpose(c, x)
		}
		kind := lang.KindReal
		if c.T.Kind == lang.KindInt {
			kind = lang.KindInt
		}
		return l.reshape(x, []int{x.size()}, kind)
	},
	"floor": roundingCall(math.Floor),
	"ceil":  roundingCall(math.Ceil),
	"round": roundingCall(math.Round),
}

// roundingCall lowers floor, ceil or round of a known value. Of a parameter
// they would be steps, whose derivative is zero or undefined: NUTS could not
// use them, so that is an error.
func roundingCall(f func(float64) float64) callFunc {
	return func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		x := a[0]
		if x.known == nil {
			l.fail(c, "%s of a value that depends on parameters is a step function, which has no useful gradient; bayes compiles it only on data", c.Name)
		}
		out := &val{dims: x.dims, kind: x.kind, isInt: x.isInt, lanes: x.lanes, known: make([]float64, len(x.known))}
		for i, v := range x.known {
			out.known[i] = f(v)
		}
		return out
	}
}

// checkDims refuses a negative matrix size. An empty matrix (a zero size)
// is valid Stan but has no elements to compile: it is refused too, saying so.
func (l *lowerer) checkDims(c *lang.CallExpr, rows, cols int) {
	switch {
	case rows < 0 || cols < 0:
		l.fail(c, "%s: a matrix cannot be %d x %d: sizes must not be negative", c.Name, rows, cols)
	case rows == 0 || cols == 0:
		l.fail(c, "%s: a %d x %d matrix is empty; bayes cannot compile empty matrices yet", c.Name, rows, cols)
	}
}

// count checks a head/tail length against x's outer dimension.
func (l *lowerer) count(c *lang.CallExpr, x *val, n int) int {
	if n < 0 || len(x.dims) == 0 || n > x.dims[0] {
		have := 0
		if len(x.dims) > 0 {
			have = x.dims[0]
		}
		l.fail(c, "%s(x, %d) is out of range: x has %d elements", c.Name, n, have)
	}
	return n
}

// outerSlice takes n entries of x's outer dimension from start (0-based),
// each with all its inner elements (an array of vectors keeps its vectors).
func (l *lowerer) outerSlice(x *val, start, n int) *val {
	inner := size(x.dims[1:])
	off := make([]int, n*inner)
	for i := range off {
		off[i] = start*inner + i
	}
	dims := append([]int{n}, x.dims[1:]...)
	return l.reshape(l.pick(x, off), dims, x.kind)
}

// reshape gives v new dimensions and kind, its elements in the same order.
func (l *lowerer) reshape(v *val, dims []int, kind lang.Kind) *val {
	out := *v
	out.dims, out.kind, out.owned = dims, kind, false
	return &out
}

// concat joins the elements of x and then y, row-major.
func (l *lowerer) concat(x, y *val) *val {
	if x.lanes > 0 || y.lanes > 0 {
		l.vectorFail()
	}
	out := &val{dims: []int{x.size() + y.size()}, kind: lang.KindVector, isInt: x.isInt && y.isInt,
		autodiff: x.autodiff || y.autodiff}
	if x.known != nil && y.known != nil {
		out.known = append(append([]float64(nil), x.known...), y.known...)
		return out
	}
	return l.fromElemsKeep(out, append(append([]ir.Value(nil), l.elemsOf(x)...), l.elemsOf(y)...))
}

// fromElemsKeep is fromElems keeping out's flags.
func (l *lowerer) fromElemsKeep(out *val, xs []ir.Value) *val {
	v := l.fromElems(out.dims, out.kind, xs)
	v.isInt, v.autodiff = out.isInt, out.autodiff
	return v
}

// matrixShape is an argument of append_row or append_col seen as a matrix.
type matrixShape struct{ rows, cols int }

// asMatrix sees a scalar as 1x1, a row vector as one row, a vector as one
// column and a matrix as itself.
func asMatrix(v *val) matrixShape {
	switch v.kind {
	case lang.KindMatrix:
		return matrixShape{v.dims[0], v.dims[1]}
	case lang.KindRowVector:
		return matrixShape{1, v.dims[0]}
	case lang.KindVector:
		return matrixShape{v.dims[0], 1}
	}
	return matrixShape{1, 1}
}

// resultDims is a vector's, row vector's or matrix's dimensions.
func resultDims(kind lang.Kind, rows, cols int) []int {
	switch kind {
	case lang.KindVector:
		return []int{rows}
	case lang.KindRowVector:
		return []int{cols}
	}
	return []int{rows, cols}
}
