package lang

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// This file evaluates int and real scalar expressions over data that are
// already bound: the sizes and bounds of data declarations (`vector[N - 1]`,
// `array[N] int<lower=1, upper=K>`) and, later, the scalar statements of
// `transformed data`. It follows Stan's arithmetic (Stan Reference Manual,
// "Expressions"): int op int is int (division truncates), `^` is always real,
// comparisons and logical operators give the int 0 or 1, and an int mixed with
// a real is promoted. Ints are 32-bit, as in Stan, and overflow is an error.
//
// Only what sizes and bounds need is supported: literals, names of data,
// unary and binary arithmetic, comparison, logic, `?:`, single indexes into
// data and the functions in evalFuncs. Anything else gives an *Error saying so.

// Scalar is the value of a scalar expression: an int or a real.
type Scalar struct {
	IsInt bool
	Int   int     // the value when IsInt
	Real  float64 // the value when !IsInt
}

// IntScalar and RealScalar build Scalars.
func IntScalar(i int) Scalar      { return Scalar{IsInt: true, Int: i} }
func RealScalar(x float64) Scalar { return Scalar{Real: x} }

// Float is the value as a real (an int promoted).
func (s Scalar) Float() float64 {
	if s.IsInt {
		return float64(s.Int)
	}
	return s.Real
}

// String writes an int as an int and a real in Go's shortest form ("0.5", "1e-08").
func (s Scalar) String() string {
	if s.IsInt {
		return fmt.Sprint(s.Int)
	}
	return formatReal(s.Real)
}

// Stan's int is a 32-bit C++ int (Stan Reference Manual, "Integer data type").
const (
	maxStanInt = math.MaxInt32
	minStanInt = math.MinInt32
)

// Eval evaluates the scalar expression e over the values in env (data by name).
// Names are looked up in env, not through Ident.Decl, so an unchecked tree
// evaluates too.
// The error, an *Error at the position in the model of the part that failed,
// says what went wrong: an unknown name, an index out of range, integer
// overflow or division by zero, or a construct the evaluator does not support.
func Eval(e Expr, env map[string]*Value) (Scalar, error) {
	o, err := evalExpr(e, env)
	if err != nil {
		return Scalar{}, err
	}
	if o.v != nil {
		return Scalar{}, errAt(e, "%s is %s, not a scalar", exprText(e), o.describe())
	}
	return o.s, nil
}

// evalValue is an intermediate value: a scalar, or (v non-nil) a part of a data
// value left after indexing, such as a row of a matrix.
type evalValue struct {
	s Scalar

	v         *Value
	off       int   // flat offset of the part's first element in v
	shape     []int // the part's shape
	arrayDims int   // how many leading entries of shape are array dimensions
}

// kind is the part's Stan kind when it is not an array.
func (o evalValue) kind() Kind {
	nonArray := len(o.shape) - o.arrayDims
	switch {
	case nonArray == 2:
		return KindMatrix
	case nonArray == 1 && o.v.Decl != nil && o.v.Decl.Type.Type().Kind != KindVector:
		return KindRowVector // a row_vector, or a row of a matrix
	case nonArray == 1:
		return KindVector
	case o.v.Ints != nil:
		return KindInt
	}
	return KindReal
}

func (o evalValue) describe() string {
	if o.arrayDims > 0 {
		return fmt.Sprintf("a %d-dimensional array", o.arrayDims)
	}
	return "a " + o.kind().String()
}

func (o evalValue) count() int {
	n := 1
	for _, d := range o.shape {
		n *= d
	}
	return n
}

// elem is the i'th (0-based) scalar of the part in row-major order.
func (o evalValue) elem(i int) Scalar {
	if o.v.Ints != nil {
		return IntScalar(o.v.Ints[o.off+i])
	}
	return RealScalar(o.v.Reals[o.off+i])
}

func errAt(n Node, format string, args ...any) *Error {
	return &Error{Pos: n.Position(), Msg: fmt.Sprintf(format, args...)}
}

func evalExpr(e Expr, env map[string]*Value) (evalValue, error) {
	switch e := e.(type) {
	case *IntLit:
		if e.Value > maxStanInt {
			return evalValue{}, errAt(e, "%s is too large for an int (Stan ints are 32-bit, at most %d)", e.Text, maxStanInt)
		}
		return evalValue{s: IntScalar(int(e.Value))}, nil
	case *RealLit:
		return evalValue{s: RealScalar(e.Value)}, nil
	case *Ident:
		v, ok := env[e.Name]
		if !ok {
			return evalValue{}, &Error{Pos: e.Pos, Msg: fmt.Sprintf("%s is not known here: only data declared earlier can be used", e.Name)}
		}
		o := evalValue{v: v, shape: v.Shape}
		if v.Decl != nil {
			o.arrayDims = len(v.Decl.Type.ArrayDims)
		} else {
			o.arrayDims = len(v.Shape)
		}
		if len(o.shape) == 0 {
			return evalValue{s: o.elem(0)}, nil
		}
		return o, nil
	case *UnaryExpr:
		x, err := evalScalar(e.X, env)
		if err != nil {
			return evalValue{}, err
		}
		return evalUnary(e, x)
	case *BinaryExpr:
		return evalBinary(e, env)
	case *CondExpr:
		c, err := evalScalar(e.Cond, env)
		if err != nil {
			return evalValue{}, err
		}
		if !c.IsInt {
			return evalValue{}, errAt(e.Cond, "the condition of ?: must be an int, but %s is real", exprText(e.Cond))
		}
		a, err := evalScalar(e.Then, env)
		if err != nil {
			return evalValue{}, err
		}
		b, err := evalScalar(e.Else, env)
		if err != nil {
			return evalValue{}, err
		}
		r := b
		if c.Int != 0 {
			r = a
		}
		if a.IsInt != b.IsInt { // Stan promotes both branches to the common type
			r = RealScalar(r.Float())
		}
		return evalValue{s: r}, nil
	case *IndexExpr:
		return evalIndex(e, env)
	case *CallExpr:
		return evalCall(e, env)
	}
	return evalValue{}, errAt(e, "cannot evaluate %s here: %s", exprText(e), supported())
}

// supported says what the evaluator can do, for the message about what it cannot.
func supported() string {
	names := make([]string, 0, len(evalFuncs))
	for n := range evalFuncs {
		names = append(names, n)
	}
	sort.Strings(names)
	return "sizes and bounds of data may use int and real literals, earlier data, arithmetic, " +
		"comparisons, && || !, ?:, single indexes and the functions " + strings.Join(names, ", ")
}

// evalScalar evaluates e and requires a scalar.
func evalScalar(e Expr, env map[string]*Value) (Scalar, error) {
	o, err := evalExpr(e, env)
	if err != nil {
		return Scalar{}, err
	}
	if o.v != nil {
		return Scalar{}, errAt(e, "%s is %s where a scalar is needed", exprText(e), o.describe())
	}
	return o.s, nil
}

// checkedInt returns i as an int evalValue, or an overflow error.
func checkedInt(n Node, i int64) (evalValue, error) {
	if i > maxStanInt || i < minStanInt {
		return evalValue{}, errAt(n, "integer overflow: %d does not fit in a Stan int (32-bit)", i)
	}
	return evalValue{s: IntScalar(int(i))}, nil
}

func boolInt(b bool) evalValue {
	if b {
		return evalValue{s: IntScalar(1)}
	}
	return evalValue{s: IntScalar(0)}
}

func evalUnary(e *UnaryExpr, x Scalar) (evalValue, error) {
	switch e.Op {
	case UnaryNeg:
		if x.IsInt {
			return checkedInt(e, -int64(x.Int))
		}
		return evalValue{s: RealScalar(-x.Real)}, nil
	case UnaryNot:
		return boolInt(x.Float() == 0), nil
	}
	return evalValue{s: x}, nil
}

func evalBinary(e *BinaryExpr, env map[string]*Value) (evalValue, error) {
	x, err := evalScalar(e.X, env)
	if err != nil {
		return evalValue{}, err
	}
	// && and || do not evaluate their right side when the left decides (Stan
	// Reference Manual, "Logical functions and operators").
	switch e.Op {
	case OpAnd:
		if x.Float() == 0 {
			return boolInt(false), nil
		}
	case OpOr:
		if x.Float() != 0 {
			return boolInt(true), nil
		}
	}
	y, err := evalScalar(e.Y, env)
	if err != nil {
		return evalValue{}, err
	}
	return binaryScalar(e, e.Op, x, y)
}

// BinaryScalar computes x op y with Stan's scalar arithmetic (described at
// the top of this file): int op int is int with 32-bit overflow an error,
// division truncating and by zero an error, ^ real, comparisons and logic the
// int 0 or 1. It is the one implementation of that arithmetic; the simulate
// package's interpreter calls it too. Errors point at e.
func BinaryScalar(e Expr, op BinOp, x, y Scalar) (Scalar, error) {
	o, err := binaryScalar(e, op, x, y)
	return o.s, err
}

func binaryScalar(e Expr, op BinOp, x, y Scalar) (evalValue, error) {
	ints := x.IsInt && y.IsInt
	a, b := x.Float(), y.Float()
	switch op {
	case OpAnd, OpOr:
		return boolInt(b != 0), nil
	case OpEq:
		return boolInt(a == b), nil
	case OpNe:
		return boolInt(a != b), nil
	case OpLt:
		return boolInt(a < b), nil
	case OpLe:
		return boolInt(a <= b), nil
	case OpGt:
		return boolInt(a > b), nil
	case OpGe:
		return boolInt(a >= b), nil
	case OpAdd, OpSub, OpMul, OpEltMul:
		if ints {
			i, j := int64(x.Int), int64(y.Int)
			switch op {
			case OpAdd:
				return checkedInt(e, i+j)
			case OpSub:
				return checkedInt(e, i-j)
			}
			return checkedInt(e, i*j)
		}
		switch op {
		case OpAdd:
			return evalValue{s: RealScalar(a + b)}, nil
		case OpSub:
			return evalValue{s: RealScalar(a - b)}, nil
		}
		return evalValue{s: RealScalar(a * b)}, nil
	case OpDiv, OpEltDiv, OpIntDiv, OpMod:
		if !ints {
			if op == OpIntDiv || op == OpMod {
				return evalValue{}, errAt(e, "%s needs two ints", op)
			}
			return evalValue{s: RealScalar(a / b)}, nil
		}
		if y.Int == 0 {
			return evalValue{}, errAt(e, "integer division by zero in %s", exprText(e))
		}
		if op == OpMod {
			return evalValue{s: IntScalar(x.Int % y.Int)}, nil // C++ %: the sign of the dividend
		}
		return checkedInt(e, int64(x.Int)/int64(y.Int)) // C++ division truncates towards zero
	case OpPow, OpEltPow:
		return evalValue{s: RealScalar(math.Pow(a, b))}, nil
	}
	return evalValue{}, errAt(e, "cannot evaluate the operator %s here: %s", op, supported())
}

func evalIndex(e *IndexExpr, env map[string]*Value) (evalValue, error) {
	o, err := evalExpr(e.X, env)
	if err != nil {
		return evalValue{}, err
	}
	for _, ix := range e.Indices {
		if o.v == nil {
			return evalValue{}, errAt(ix, "%s has too many indexes", exprText(e))
		}
		if ix.Range || ix.Single == nil {
			return evalValue{}, errAt(ix, "cannot evaluate the range index in %s here: only single int indexes are supported in sizes and bounds", exprText(e))
		}
		i, err := evalScalar(ix.Single, env)
		if err != nil {
			return evalValue{}, err
		}
		if !i.IsInt {
			return evalValue{}, errAt(ix.Single, "an index must be an int, but %s = %s", exprText(ix.Single), i)
		}
		if i.Int < 1 || i.Int > o.shape[0] {
			which := exprText(ix.Single)
			if !isLiteral(ix.Single) {
				which += fmt.Sprintf(" = %d", i.Int)
			}
			return evalValue{}, errAt(ix.Single, "index %s is out of range in %s: the size is %d (Stan indexes from 1)", which, exprText(e), o.shape[0])
		}
		stride := 1
		for _, d := range o.shape[1:] {
			stride *= d
		}
		o.off += (i.Int - 1) * stride
		o.shape = o.shape[1:]
		if o.arrayDims > 0 {
			o.arrayDims--
		}
		if len(o.shape) == 0 {
			o = evalValue{s: o.elem(0)}
		}
	}
	return o, nil
}

// evalFunc computes one function from its evaluated arguments.
type evalFunc func(call *CallExpr, args []evalValue) (evalValue, error)

// evalFuncs is the table of the functions the evaluator knows, by Stan name.
// Each entry states its own argument rules; Stan Functions Reference sections
// are in the comments.
var evalFuncs map[string]evalFunc

func init() {
	evalFuncs = map[string]evalFunc{
		// "Array size and dimension function", "Matrix size functions".
		"size": containerFunc(func(o evalValue) Scalar {
			if o.arrayDims > 0 || len(o.shape) == 1 {
				return IntScalar(o.shape[0])
			}
			return IntScalar(o.count()) // size(matrix) is rows * cols
		}),
		"num_elements": containerFunc(func(o evalValue) Scalar { return IntScalar(o.count()) }),
		"rows": containerFunc(func(o evalValue) Scalar {
			if o.arrayDims == 0 && o.kind() == KindRowVector {
				return IntScalar(1)
			}
			return IntScalar(o.shape[0])
		}),
		"cols": containerFunc(func(o evalValue) Scalar {
			switch {
			case o.arrayDims > 0 || o.kind() == KindVector:
				return IntScalar(1)
			case o.kind() == KindRowVector:
				return IntScalar(o.shape[0])
			}
			return IntScalar(o.shape[1])
		}),
		// "Reductions": of two scalars or of all elements of one container.
		"min":  reduceFunc(func(a, b float64) bool { return a < b }),
		"max":  reduceFunc(func(a, b float64) bool { return a > b }),
		"sum":  sumFunc,
		"abs":  absFunc,
		"fabs": absFunc,
		// Real functions of one real ("Step-like functions", "Exponents and logs", "Powers").
		"floor":  realFunc(math.Floor),
		"ceil":   realFunc(math.Ceil),
		"round":  realFunc(math.Round), // halves away from zero, like C++ round
		"trunc":  realFunc(math.Trunc),
		"sqrt":   realFunc(math.Sqrt),
		"exp":    realFunc(math.Exp),
		"log":    realFunc(math.Log),
		"log2":   realFunc(math.Log2),
		"log10":  realFunc(math.Log10),
		"square": realFunc(func(x float64) float64 { return x * x }),
		"inv":    realFunc(func(x float64) float64 { return 1 / x }),
		"pow":    realFunc2(math.Pow),
		"fmin":   realFunc2(math.Min),
		"fmax":   realFunc2(math.Max),
		// "Integer-valued basic functions".
		"int_step": func(c *CallExpr, args []evalValue) (evalValue, error) {
			s, err := scalarArgs(c, args, 1)
			if err != nil {
				return evalValue{}, err
			}
			return boolInt(s[0].Float() > 0), nil
		},
	}
}

func evalCall(c *CallExpr, env map[string]*Value) (evalValue, error) {
	f, ok := evalFuncs[c.Name]
	if !ok || c.Bar {
		return evalValue{}, errAt(c, "cannot evaluate %s here: %s", c.Name, supported())
	}
	args := make([]evalValue, len(c.Args))
	for i, a := range c.Args {
		o, err := evalExpr(a, env)
		if err != nil {
			return evalValue{}, err
		}
		args[i] = o
	}
	return f(c, args)
}

func scalarArgs(c *CallExpr, args []evalValue, n int) ([]Scalar, error) {
	if len(args) != n {
		return nil, errAt(c, "%s takes %d argument(s) here, not %d", c.Name, n, len(args))
	}
	s := make([]Scalar, n)
	for i, a := range args {
		if a.v != nil {
			return nil, errAt(c.Args[i], "%s needs a scalar here, but %s is %s", c.Name, exprText(c.Args[i]), a.describe())
		}
		s[i] = a.s
	}
	return s, nil
}

func containerFunc(f func(evalValue) Scalar) evalFunc {
	return func(c *CallExpr, args []evalValue) (evalValue, error) {
		if len(args) != 1 || args[0].v == nil {
			return evalValue{}, errAt(c, "%s takes one array, vector or matrix", c.Name)
		}
		return evalValue{s: f(args[0])}, nil
	}
}

func realFunc(f func(float64) float64) evalFunc {
	return func(c *CallExpr, args []evalValue) (evalValue, error) {
		s, err := scalarArgs(c, args, 1)
		if err != nil {
			return evalValue{}, err
		}
		return evalValue{s: RealScalar(f(s[0].Float()))}, nil
	}
}

func realFunc2(f func(a, b float64) float64) evalFunc {
	return func(c *CallExpr, args []evalValue) (evalValue, error) {
		s, err := scalarArgs(c, args, 2)
		if err != nil {
			return evalValue{}, err
		}
		return evalValue{s: RealScalar(f(s[0].Float(), s[1].Float()))}, nil
	}
}

// reduceFunc is min or max: of two scalars (int when both are), or of the
// elements of one container (Stan's min of an empty int array is an error here;
// Stan returns the largest int, which no size should use).
func reduceFunc(better func(a, b float64) bool) evalFunc {
	return func(c *CallExpr, args []evalValue) (evalValue, error) {
		var xs []Scalar
		switch {
		case len(args) == 1 && args[0].v != nil:
			for i := range args[0].count() {
				xs = append(xs, args[0].elem(i))
			}
			if len(xs) == 0 {
				return evalValue{}, errAt(c, "%s of an empty container", c.Name)
			}
		default:
			s, err := scalarArgs(c, args, 2)
			if err != nil {
				return evalValue{}, err
			}
			xs = s
		}
		best, allInt := xs[0], xs[0].IsInt
		for _, x := range xs[1:] {
			allInt = allInt && x.IsInt
			if better(x.Float(), best.Float()) {
				best = x
			}
		}
		if !allInt {
			best = RealScalar(best.Float())
		}
		return evalValue{s: best}, nil
	}
}

func sumFunc(c *CallExpr, args []evalValue) (evalValue, error) {
	if len(args) != 1 || args[0].v == nil {
		return evalValue{}, errAt(c, "sum takes one array, vector or matrix")
	}
	o := args[0]
	if o.v.Ints != nil {
		var t int64
		for i := range o.count() {
			t += int64(o.elem(i).Int)
		}
		return checkedInt(c, t)
	}
	var t float64
	for i := range o.count() {
		t += o.elem(i).Real
	}
	return evalValue{s: RealScalar(t)}, nil
}

func absFunc(c *CallExpr, args []evalValue) (evalValue, error) {
	s, err := scalarArgs(c, args, 1)
	if err != nil {
		return evalValue{}, err
	}
	if s[0].IsInt {
		return checkedInt(c, max(int64(s[0].Int), -int64(s[0].Int)))
	}
	return evalValue{s: RealScalar(math.Abs(s[0].Real))}, nil
}

// exprText is e as the printer writes it, for messages.
func exprText(e Expr) string { return ExprString(e) }
