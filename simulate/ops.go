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

// binary computes e's x op y, once their sizes pass op's size rule.
func binary(e *lang.BinaryExpr, x, y *Value) (*Value, error) {
	n, op, t := e, e.Op, e.T
	if x.isScalar() && y.isScalar() {
		r, f := scalarOp(op, x.scalar(), y.scalar())
		if f.kind != faultNone {
			return nil, f.err(n, op)
		}
		return r.value(), nil
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

// scalarOp computes x op y of two scalars with Stan's scalar arithmetic
// (Stan Reference Manual, "Expressions"): int op int is int, with 32-bit
// overflow an error, division truncating towards zero as in C++ and by zero
// an error; ^ is always real; comparisons and logical operators give the int
// 0 or 1; an int mixed with a real is promoted. It allocates nothing: the
// interpreter's scalar fast path (fast.go) and binary both call it, and a
// failure comes back as a fault, which fault.err turns into the message.
func scalarOp(op lang.BinOp, x, y Scalar) (Scalar, fault) {
	ints := x.IsInt && y.IsInt
	a, b := x.Float(), y.Float()
	switch op {
	case lang.OpAnd, lang.OpOr:
		return boolScalar(b != 0), fault{} // the left side did not decide (eval)
	case lang.OpEq:
		return boolScalar(a == b), fault{}
	case lang.OpNe:
		return boolScalar(a != b), fault{}
	case lang.OpLt:
		return boolScalar(a < b), fault{}
	case lang.OpLe:
		return boolScalar(a <= b), fault{}
	case lang.OpGt:
		return boolScalar(a > b), fault{}
	case lang.OpGe:
		return boolScalar(a >= b), fault{}
	case lang.OpAdd, lang.OpSub, lang.OpMul, lang.OpEltMul:
		if ints {
			i, j := int64(x.Int), int64(y.Int)
			switch op {
			case lang.OpAdd:
				return fitInt(i + j)
			case lang.OpSub:
				return fitInt(i - j)
			}
			return fitInt(i * j)
		}
		switch op {
		case lang.OpAdd:
			return Scalar{Real: a + b}, fault{}
		case lang.OpSub:
			return Scalar{Real: a - b}, fault{}
		}
		return Scalar{Real: a * b}, fault{}
	case lang.OpDiv, lang.OpEltDiv, lang.OpIntDiv, lang.OpMod:
		if !ints {
			if op == lang.OpIntDiv || op == lang.OpMod {
				return Scalar{}, fault{kind: faultNeedInts}
			}
			return Scalar{Real: a / b}, fault{}
		}
		if y.Int == 0 {
			return Scalar{}, fault{kind: faultDivZero}
		}
		if op == lang.OpMod {
			return Scalar{IsInt: true, Int: x.Int % y.Int}, fault{} // C++ %: the sign of the dividend
		}
		return fitInt(int64(x.Int) / int64(y.Int)) // C++ division truncates towards zero
	case lang.OpPow, lang.OpEltPow:
		return Scalar{Real: math.Pow(a, b)}, fault{}
	}
	return Scalar{}, fault{kind: faultOp}
}

func boolScalar(b bool) Scalar {
	if b {
		return Scalar{IsInt: true, Int: 1}
	}
	return Scalar{IsInt: true}
}

// fitInt is i as an int, or an overflow fault when it does not fit in a
// Stan int (32-bit).
func fitInt(i int64) (Scalar, fault) {
	if i > maxStanInt || i < minStanInt {
		return Scalar{}, fault{kind: faultOverflow, value: i}
	}
	return Scalar{IsInt: true, Int: int(i)}, fault{}
}

// fault is why scalarOp failed; the zero fault is success.
type fault struct {
	kind  faultKind
	value int64 // the result that overflowed
}

type faultKind uint8

const (
	faultNone faultKind = iota
	faultOverflow
	faultDivZero
	faultNeedInts
	faultOp // an operator that scalars do not take
)

// err is the fault's message at n, the expression of op (for a compound
// assignment x op= y, the expression x op y).
func (f fault) err(n lang.Expr, op lang.BinOp) error {
	switch f.kind {
	case faultOverflow:
		return errAt(n, "integer overflow: %d does not fit in a Stan int (32-bit)", f.value)
	case faultDivZero:
		return errAt(n, "integer division by zero in %s", lang.ExprString(n))
	case faultNeedInts:
		return errAt(n, "%s needs two ints", op)
	}
	return errAt(n, "cannot evaluate the operator %s here: %s", op, sizesUse())
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
