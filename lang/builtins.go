package lang

import (
	"strings"

	"github.com/bayes-dev/bayes/library"
)

// This file holds the language's own rules about calls and operators, as
// opposed to the functions of the library (library.go): target(), how an
// argument matches a parameter (int to real promotion, Stan's vectorised
// classes), a call's result type, and the operators' result types.

// ---------------------------------------------------------------- target()

// targetFunc is target(), the log density accumulated so far (Stan
// Reference Manual, "Program blocks"): the one built-in that is the
// language's own, not a function of the library, since it reads the
// sampler's state, not its arguments; only the blocks that accumulate the
// log density may call it.
func targetFunc() *Func {
	f := &Func{Name: "target", Blocks: blocks(BlockTransformedParameters, BlockModel), What: "target() is"}
	f.addOverload(&Signature{Ret: Real})
	return f
}

// ---------------------------------------------------------------- matching

// match reports whether an argument of type t can be passed for p, and
// whether it needs an int to real promotion.
func (p Param) match(t Type) (ok, promoted bool) {
	switch p.Class {
	case ClassExact:
		if t == p.Type {
			return true, false
		}
		return t.Kind == KindInt && p.Type.Kind == KindReal && t.Dims == p.Type.Dims, true
	case ClassReals:
		switch {
		case t.Dims == 0 && (t.Kind == KindInt || t.Kind == KindReal || t.Kind == KindVector || t.Kind == KindRowVector):
			return true, t.Kind == KindInt
		case t.Dims == 1 && (t.Kind == KindInt || t.Kind == KindReal):
			return true, t.Kind == KindInt
		}
	case ClassInts:
		return t.Kind == KindInt && t.Dims <= 1, false
	case ClassVectors:
		return (t.Kind == KindVector || t.Kind == KindRowVector) && t.Dims <= 1, false
	case ClassDesign:
		return t.Dims == 0 && (t.Kind == KindMatrix || t.Kind == KindRowVector), false
	case ClassAny:
		return t.Kind >= KindInt && t.Kind <= KindMatrix, false
	case ClassAnyArray:
		return t.Dims >= 1 && t.Kind >= KindInt && t.Kind <= KindMatrix, false
	case ClassElements:
		if p.Type.Kind == KindInt {
			return t.Kind == KindInt, false
		}
		return t.Kind >= KindInt && t.Kind <= KindMatrix, t.Kind == KindInt
	}
	return false, false
}

// Pairs reports whether the arguments of a vectorised binary function (its
// parameters ClassElements) go together: a scalar goes with anything; two
// containers must be of one type, an array of ints promoted to reals (Stan
// Functions Reference, "Binary function vectorization"), except that an
// array of ints for an int parameter (a Bessel order, a factorial's n)
// goes with any real container of as many dimensions (stanc3's
// add_binary_vec_int_real and _real_int).
func (s *Signature) Pairs(args []Type) bool {
	if s.Result != ResultBinaryElementwise || isScalar(args[0]) || isScalar(args[1]) {
		return true
	}
	a, b := args[0], args[1]
	if s.Params[0].Type.Kind == KindInt || s.Params[1].Type.Kind == KindInt {
		return rank(a) == rank(b)
	}
	return a.Dims == b.Dims && realKind(a.Kind) == realKind(b.Kind)
}

// shallow reports whether a call of s has at most library.MaxAxes
// dimensions in each container whose shape it must compare with another's
// (library.SameShape relates that many): true but for a vectorised binary
// function of two deeper containers.
func (s *Signature) shallow(args []Type) bool {
	return s.Result != ResultBinaryElementwise || isScalar(args[0]) || isScalar(args[1]) ||
		rank(args[0]) <= library.MaxAxes && rank(args[1]) <= library.MaxAxes
}

func isScalar(t Type) bool { return t.Dims == 0 && (t.Kind == KindInt || t.Kind == KindReal) }

// rank is the number of dimensions of t's full shape: its array
// dimensions, then one for a vector's length, two for a matrix's.
func rank(t Type) int {
	switch t.Kind {
	case KindVector, KindRowVector:
		return t.Dims + 1
	case KindMatrix:
		return t.Dims + 2
	}
	return t.Dims
}

// String says in words what p accepts, for messages.
func (p Param) String() string {
	switch p.Class {
	case ClassReals:
		return "real, vector, row_vector or array of reals"
	case ClassInts:
		return "int or array of ints"
	case ClassVectors:
		return "vector, row_vector or array of vectors or row_vectors"
	case ClassDesign:
		return "matrix or row_vector"
	case ClassAny:
		return "int, real, vector, row_vector, matrix or an array of them"
	case ClassAnyArray:
		return "an array"
	case ClassElements:
		if p.Type.Kind == KindInt {
			return "int or array of ints"
		}
		return "int, real, vector, row_vector, matrix or an array of them"
	}
	return p.Type.String()
}

// result is the type of a call of s with arguments of types args, which match s.
func (s *Signature) result(args []Type) Type {
	switch s.Result {
	case ResultElementwise:
		return Type{Kind: realKind(args[0].Kind), Dims: args[0].Dims}
	case ResultBinaryElementwise:
		// the vector, row vector or matrix (of an array) if one argument
		// is one, else the array of Ret's elements (int for choose)
		t := args[0]
		if isScalar(t) || (args[1].Kind >= KindVector && !isScalar(args[1])) {
			t = args[1]
		}
		if isScalar(t) {
			return s.Ret
		}
		if t.Kind <= KindReal {
			t.Kind = s.Ret.Kind
		}
		return t
	case ResultRng:
		for _, a := range args {
			if a.Dims > 0 || a.Kind == KindVector || a.Kind == KindRowVector {
				return Type{Kind: s.Ret.Kind, Dims: 1}
			}
		}
		return s.Ret
	case ResultArrayOf:
		return Type{Kind: args[0].Kind, Dims: args[0].Dims + len(args) - 1}
	case ResultSameAsArg:
		return args[0]
	case ResultFlatten:
		if args[0].Kind == KindInt {
			return Type{Kind: KindInt, Dims: 1}
		}
		return Type{Kind: KindReal, Dims: 1}
	}
	return s.Ret
}

// ResultType is the type of a call of s with arguments of types args, which
// match s: what the checker gives the call.
func (s *Signature) ResultType(args []Type) Type { return s.result(args) }

// realKind promotes int to real and leaves other kinds alone.
func realKind(k Kind) Kind {
	if k == KindInt {
		return KindReal
	}
	return k
}

// joinWith joins words as prose: "a", "a or b", "a, b or c".
func joinWith(words []string, conj string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + conj + " " + words[len(words)-1]
}

// ---------------------------------------------------------------- operators

// opKey is an operator applied to operands of two kinds (operators take no arrays).
type opKey struct {
	op   BinOp
	x, y Kind
}

// binaryOps gives the result kind of each operator on each pair of operand
// kinds it accepts (Stan Functions Reference, "Integer-valued basic
// functions", "Real-valued basic functions" and "Matrix operations").
// int op int is int for + - * / % %/% (so 7 / 2 is 3, as in Stan); ^ is always real.
var binaryOps = buildBinaryOps()

// unaryOps gives the result kind of prefix -, + and ! on each operand kind.
var unaryOps = map[UnaryOp]map[Kind]Kind{
	UnaryNeg:  {KindInt: KindInt, KindReal: KindReal, KindVector: KindVector, KindRowVector: KindRowVector, KindMatrix: KindMatrix},
	UnaryPlus: {KindInt: KindInt, KindReal: KindReal, KindVector: KindVector, KindRowVector: KindRowVector, KindMatrix: KindMatrix},
	UnaryNot:  {KindInt: KindInt, KindReal: KindInt},
}

// transposes gives the kind of x' for each kind that can be transposed.
var transposes = map[Kind]Kind{KindVector: KindRowVector, KindRowVector: KindVector, KindMatrix: KindMatrix}

func buildBinaryOps() map[opKey]Kind {
	m := map[opKey]Kind{}
	scalars := []Kind{KindInt, KindReal}
	containers := []Kind{KindVector, KindRowVector, KindMatrix}
	scalarPairs := func(op BinOp, intResult, realResult Kind) {
		for _, x := range scalars {
			for _, y := range scalars {
				r := realResult
				if x == KindInt && y == KindInt {
					r = intResult
				}
				m[opKey{op, x, y}] = r
			}
		}
	}
	withScalar := func(op BinOp, left, right bool) {
		for _, c := range containers {
			for _, s := range scalars {
				if left {
					m[opKey{op, s, c}] = c
				}
				if right {
					m[opKey{op, c, s}] = c
				}
			}
		}
	}
	same := func(op BinOp) {
		for _, c := range containers {
			m[opKey{op, c, c}] = c
		}
	}
	for _, op := range []BinOp{OpAdd, OpSub} {
		scalarPairs(op, KindInt, KindReal)
		same(op)
		withScalar(op, true, true)
	}
	scalarPairs(OpMul, KindInt, KindReal)
	withScalar(OpMul, true, true)
	m[opKey{OpMul, KindRowVector, KindVector}] = KindReal
	m[opKey{OpMul, KindVector, KindRowVector}] = KindMatrix
	m[opKey{OpMul, KindMatrix, KindVector}] = KindVector
	m[opKey{OpMul, KindRowVector, KindMatrix}] = KindRowVector
	m[opKey{OpMul, KindMatrix, KindMatrix}] = KindMatrix
	scalarPairs(OpDiv, KindInt, KindReal)
	withScalar(OpDiv, false, true)
	m[opKey{OpDiv, KindRowVector, KindMatrix}] = KindRowVector
	m[opKey{OpDiv, KindMatrix, KindMatrix}] = KindMatrix
	m[opKey{OpLeftDiv, KindMatrix, KindVector}] = KindVector
	m[opKey{OpLeftDiv, KindMatrix, KindMatrix}] = KindMatrix
	m[opKey{OpMod, KindInt, KindInt}] = KindInt
	m[opKey{OpIntDiv, KindInt, KindInt}] = KindInt
	for _, op := range []BinOp{OpEltMul, OpEltDiv, OpEltPow} {
		same(op)
		withScalar(op, true, true)
	}
	// on two scalars, .* and ./ are * and / (stanc3's elt_multiply and
	// elt_divide: int, int -> int; real, real -> real)
	scalarPairs(OpEltMul, KindInt, KindReal)
	scalarPairs(OpEltDiv, KindInt, KindReal)
	scalarPairs(OpPow, KindReal, KindReal)
	scalarPairs(OpEltPow, KindReal, KindReal)
	for _, op := range []BinOp{OpEq, OpNe, OpLt, OpLe, OpGt, OpGe, OpAnd, OpOr} {
		scalarPairs(op, KindInt, KindInt)
	}
	return m
}

// BinaryResult is the type of x op y, and false when op does not take those operands.
func BinaryResult(op BinOp, x, y Type) (Type, bool) {
	if x.Dims > 0 || y.Dims > 0 {
		return Invalid, false
	}
	k, ok := binaryOps[opKey{op, x.Kind, y.Kind}]
	return Type{Kind: k}, ok
}
