package simulate

import (
	"math"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/lang/sizes"
	"gonum.org/v1/gonum/mat"
)

// This file computes Stan's operators on concrete values (Stan Functions
// Reference, "Integer-valued basic functions", "Real-valued basic functions",
// "Matrix operations"). The checker has already accepted the operand kinds
// (lang.BinaryResult) and binary checks the sizes by lang's size rules first
// (package lang/sizes), so each case here only computes.

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
			if r.Ints[i] == minStanInt {
				return nil, errAt(e, "integer overflow: %d does not fit in a Stan int (32-bit)", -int64(minStanInt))
			}
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
	if msg := sizes.BinaryError(op, sized(e.X, x), sized(e.Y, y)); msg != "" {
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

// scalarBinary computes x op y of two scalars with Stan's scalar
// arithmetic (Stan Reference Manual, "Expressions"): int op int is int, with
// 32-bit overflow an error, division truncating towards zero as in C++ and
// by zero an error; ^ is always real; comparisons and logical operators give
// the int 0 or 1; an int mixed with a real is promoted. Errors point at n.
func scalarBinary(n lang.Expr, op lang.BinOp, x, y *Value) (*Value, error) {
	ints := x.isInt() && y.isInt()
	a, b := x.float(), y.float()
	switch op {
	case lang.OpAnd, lang.OpOr:
		return boolValue(b != 0), nil // the left side did not decide (eval)
	case lang.OpEq:
		return boolValue(a == b), nil
	case lang.OpNe:
		return boolValue(a != b), nil
	case lang.OpLt:
		return boolValue(a < b), nil
	case lang.OpLe:
		return boolValue(a <= b), nil
	case lang.OpGt:
		return boolValue(a > b), nil
	case lang.OpGe:
		return boolValue(a >= b), nil
	case lang.OpAdd, lang.OpSub, lang.OpMul, lang.OpEltMul:
		if ints {
			i, j := int64(x.Ints[0]), int64(y.Ints[0])
			switch op {
			case lang.OpAdd:
				return checkedInt(n, i+j)
			case lang.OpSub:
				return checkedInt(n, i-j)
			}
			return checkedInt(n, i*j)
		}
		switch op {
		case lang.OpAdd:
			return realValue(a + b), nil
		case lang.OpSub:
			return realValue(a - b), nil
		}
		return realValue(a * b), nil
	case lang.OpDiv, lang.OpEltDiv, lang.OpIntDiv, lang.OpMod:
		if !ints {
			if op == lang.OpIntDiv || op == lang.OpMod {
				return nil, errAt(n, "%s needs two ints", op)
			}
			return realValue(a / b), nil
		}
		if y.Ints[0] == 0 {
			return nil, errAt(n, "integer division by zero in %s", lang.ExprString(n))
		}
		if op == lang.OpMod {
			return intValue(x.Ints[0] % y.Ints[0]), nil // C++ %: the sign of the dividend
		}
		return checkedInt(n, int64(x.Ints[0])/int64(y.Ints[0])) // C++ division truncates towards zero
	case lang.OpPow, lang.OpEltPow:
		return realValue(math.Pow(a, b)), nil
	}
	return nil, errAt(n, "cannot evaluate the operator %s here: %s", op, sizesUse())
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
	if r, k, c := x.rows(), x.cols(), y.cols(); r == 0 || k == 0 || c == 0 {
		return fromDense(t, zeroMatrix{r, c}) // gonum has no empty matrices; an empty sum is 0
	}
	var p mat.Dense
	p.Mul(toDense(x), toDense(y))
	return fromDense(t, &p)
}

// zeroMatrix is the r x c matrix of zeros, r or c possibly 0.
type zeroMatrix struct{ r, c int }

func (z zeroMatrix) Dims() (int, int)    { return z.r, z.c }
func (z zeroMatrix) At(int, int) float64 { return 0 }
func (z zeroMatrix) T() mat.Matrix       { return zeroMatrix{z.c, z.r} }

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
