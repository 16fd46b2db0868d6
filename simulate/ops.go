package simulate

import (
	"math"

	"github.com/bayes-dev/bayes/lang"
	"gonum.org/v1/gonum/mat"
)

// This file computes Stan's operators on concrete values (Stan Functions
// Reference, "Integer-valued basic functions", "Real-valued basic functions",
// "Matrix operations"). The checker has already accepted the operand kinds
// (lang.BinaryResult) and binary checks the sizes by lang's size rules first
// (lang/sizes.go), so each case here only computes.

func unary(e *lang.UnaryExpr, x *Value) (*Value, error) {
	switch e.Op {
	case lang.UnaryNot:
		if x.float() == 0 {
			return intValue(1), nil
		}
		return intValue(0), nil
	case lang.UnaryNeg:
		r := x.clone()
		for i := range r.Ints {
			r.Ints[i] = -r.Ints[i]
		}
		for i := range r.Reals {
			r.Reals[i] = -r.Reals[i]
		}
		return r, nil
	}
	return x, nil
}

func boolValue(b bool) *Value {
	if b {
		return intValue(1)
	}
	return intValue(0)
}

// checkedInt returns i as an int value, or an overflow error (for sums of int arrays).
func checkedInt(n lang.Node, i int64) (*Value, error) {
	if i > maxStanInt || i < minStanInt {
		return nil, errAt(n, "integer overflow: %d does not fit in a Stan int (32-bit)", i)
	}
	return intValue(int(i)), nil
}

// binary computes e's x op y, once their sizes pass op's size rule.
func binary(e *lang.BinaryExpr, x, y *Value) (*Value, error) {
	n, op, t := e, e.Op, e.T
	if x.isScalar() && y.isScalar() {
		return scalarBinary(n, op, x, y)
	}
	if msg := lang.BinarySizeError(op, sized(e.X, x), sized(e.Y, y)); msg != "" {
		return nil, errAt(e, "%s", msg)
	}
	switch op {
	case lang.OpAdd:
		return elementwise(x, y, t, func(a, b float64) float64 { return a + b }), nil
	case lang.OpSub:
		return elementwise(x, y, t, func(a, b float64) float64 { return a - b }), nil
	case lang.OpEltMul:
		return elementwise(x, y, t, func(a, b float64) float64 { return a * b }), nil
	case lang.OpEltDiv:
		return elementwise(x, y, t, func(a, b float64) float64 { return a / b }), nil
	case lang.OpEltPow:
		return elementwise(x, y, t, math.Pow), nil
	case lang.OpMul:
		if x.isScalar() || y.isScalar() {
			return elementwise(x, y, t, func(a, b float64) float64 { return a * b }), nil
		}
		return matMul(x, y, t), nil
	case lang.OpDiv:
		if y.isScalar() {
			return elementwise(x, y, t, func(a, b float64) float64 { return a / b }), nil
		}
		// B / A = B * inverse(A), computed as (A' \ B')'.
		var s mat.Dense
		if err := s.Solve(toDense(y).T(), toDense(x).T()); err != nil {
			return nil, errAt(n, "matrix division: %v", err)
		}
		return fromDense(t, s.T()), nil
	case lang.OpLeftDiv:
		var s mat.Dense
		if err := s.Solve(toDense(x), toDense(y)); err != nil {
			return nil, errAt(n, "matrix left division: %v", err)
		}
		return fromDense(t, &s), nil
	}
	return nil, errAt(n, "the operator %s does not take %s and %s", op, x.describe(), y.describe())
}

// scalarBinary is lang.BinaryScalar, the one implementation of Stan's
// scalar arithmetic, on Values.
func scalarBinary(n lang.Node, op lang.BinOp, x, y *Value) (*Value, error) {
	e, ok := n.(lang.Expr)
	if !ok {
		return nil, errAt(n, "internal error: an operator without its expression")
	}
	r, err := lang.BinaryScalar(e, op, scalarOf(x), scalarOf(y))
	if err != nil {
		return nil, err
	}
	if r.IsInt {
		return intValue(r.Int), nil
	}
	return realValue(r.Real), nil
}

func scalarOf(v *Value) lang.Scalar {
	if v.isInt() {
		return lang.IntScalar(v.Ints[0])
	}
	return lang.RealScalar(v.Reals[0])
}

// elementwise applies f to each pair of elements of x and y, either of
// which may be a scalar (two containers have one shape, by the size rules);
// the result has type t.
func elementwise(x, y *Value, t lang.Type, f func(a, b float64) float64) *Value {
	shape := x.Shape
	if x.isScalar() {
		shape = y.Shape
	}
	cnt := product(shape)
	r := &Value{Type: t, Shape: append([]int(nil), shape...), Reals: make([]float64, cnt)}
	for i := range cnt {
		a, b := 0.0, 0.0
		if x.isScalar() {
			a = x.float()
		} else {
			a = x.at(i)
		}
		if y.isScalar() {
			b = y.float()
		} else {
			b = y.at(i)
		}
		r.Reals[i] = f(a, b)
	}
	return r
}

// matMul is the matrix product of vectors (k x 1), row vectors (1 x k) and
// matrices (x's columns as many as y's rows, by the size rules); the
// result's type t gives its shape.
func matMul(x, y *Value, t lang.Type) *Value {
	var p mat.Dense
	p.Mul(toDense(x), toDense(y))
	return fromDense(t, &p)
}

// toDense views a vector, row vector or matrix as a matrix (a vector is a
// column). The data are shared when v holds reals.
func toDense(v *Value) *mat.Dense {
	r, c := v.rows(), v.cols()
	if r == 0 || c == 0 {
		return &mat.Dense{}
	}
	return mat.NewDense(r, c, v.reals())
}

// fromDense converts a matrix back to a value of type t (real, vector,
// row vector or matrix).
func fromDense(t lang.Type, d mat.Matrix) *Value {
	r, c := d.Dims()
	xs := make([]float64, 0, r*c)
	for i := range r {
		for j := range c {
			xs = append(xs, d.At(i, j))
		}
	}
	switch t.Kind {
	case lang.KindReal:
		return realValue(xs[0])
	case lang.KindVector, lang.KindRowVector:
		return realsValue(t, []int{len(xs)}, xs)
	}
	return realsValue(lang.Matrix, []int{r, c}, xs)
}

// transpose is x' of a vector, row vector or matrix.
func transpose(x *Value) *Value {
	switch x.Type.Kind {
	case lang.KindVector:
		return realsValue(lang.RowVector, x.Shape, x.reals())
	case lang.KindRowVector:
		return realsValue(lang.Vector, x.Shape, x.reals())
	}
	return fromDense(lang.Matrix, toDense(x).T())
}
