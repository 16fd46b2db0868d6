package lang

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/library"
)

// This file holds the size rules: which sizes of the arguments of a
// built-in function, a distribution or an operator must agree (the rules of
// the library's functions and families are stated in their files, and read
// here through CallSizeRule; the operators' are here). Types do not
// hold sizes, so the checker cannot apply them; the compiler applies them
// when it lowers a call with the data bound, and the interpreter (package
// simulate) when it evaluates one, both through CallSizeError, TildeSizeError
// and BinarySizeError, so that a mismatch is the same message, at the call,
// in every block. The conditions are Stan's (Stan Functions Reference,
// "Vectorization" for vectorised arguments, and each matrix function's
// section, e.g. "Dot products and specialized products", "Linear algebra
// functions and solvers").

// SizeOf names one size of an argument: the library's vocabulary, in which
// its families and functions state their rules.
type SizeOf = library.SizeOf

// The sizes an argument has (see library.SizeOf).
const (
	SizeLen   = library.SizeLen
	SizeRows  = library.SizeRows
	SizeCols  = library.SizeCols
	SizeOuter = library.SizeOuter
	SizeElems = library.SizeElems
	SizeValue = library.SizeValue
	SizeArea  = library.SizeArea
)

// Size is one size of the argument Arg (0-based; for an operator, 0 is the
// left operand).
type Size struct {
	Arg int
	Of  SizeOf
}

// SizeGroup lists sizes that must be equal. A size that an argument does not
// have (the length of a scalar, the array size of a plain vector) is left
// out, so one group serves every overload: {Len 0, Len 1} relates two
// vectorised arguments when both are containers and asks nothing when one is
// a scalar.
type SizeGroup []Size

// SizeRule is what a function or operator asks of its arguments' sizes: its
// groups, or, for a function that takes containers whose sizes are
// unrelated, the reason (Independent).
type SizeRule struct {
	Groups      []SizeGroup
	Independent string
}

// SizedArg is an argument as the size rules see it: its type, as the checker
// gave it; its full shape (array dimensions, then a vector's length or a
// matrix's rows and columns, as Value lays data out); and, for an int, its
// value when Known.
type SizedArg struct {
	Type  Type
	Shape []int
	Int   int
	Known bool
}

// ---------------------------------------------------------------- the table

// same is the group of one size of several arguments.
func same(of SizeOf, args ...int) SizeGroup {
	g := make(SizeGroup, len(args))
	for i, a := range args {
		g[i] = Size{a, of}
	}
	return g
}

// square is the group that makes argument a a square matrix, with any
// further sizes that must equal its order.
func square(a int, more ...Size) SizeGroup {
	return append(SizeGroup{{a, SizeRows}, {a, SizeCols}}, more...)
}

func groups(gs ...SizeGroup) SizeRule { return SizeRule{Groups: gs} }

// sameShape: elementwise operands and arguments have equal rows and columns.
var sameShape = groups(same(SizeRows, 0, 1), same(SizeCols, 0, 1))

// binarySizeRules are the rules of the operators on containers ("Matrix
// operations"): elementwise ones need equal shapes; a product, the left
// operand's columns equal to the right's rows; B / A = B A⁻¹ and A \ B = A⁻¹ B
// a square A that fits B.
var binarySizeRules = map[BinOp]SizeRule{
	OpAdd: sameShape, OpSub: sameShape, OpEltMul: sameShape, OpEltDiv: sameShape, OpEltPow: sameShape,
	OpMul:     groups(SizeGroup{{0, SizeCols}, {1, SizeRows}}),
	OpDiv:     groups(square(1, Size{0, SizeCols})),
	OpLeftDiv: groups(square(0, Size{1, SizeRows})),
}

// binaryWhat names each operator's operation in messages.
var binaryWhat = map[BinOp]string{
	OpAdd: "an addition", OpSub: "a subtraction", OpMul: "a product", OpDiv: "a division",
	OpLeftDiv: "a left division", OpEltMul: "an elementwise product", OpEltDiv: "an elementwise division",
	OpEltPow: "an elementwise power",
}

// ---------------------------------------------------------------- rules

// CallSizeRule is the rule of a call of s, and of a ~ statement when s is
// the family's _lpdf: the family's or the function's row, after the
// vectorisation rule, one group of the lengths of every vectorised ("reals",
// "ints") argument (Stan Functions Reference, "Vectorization": the
// containers among them have one size, the scalars are broadcast).
func CallSizeRule(s *Signature) SizeRule {
	if r, ok := callRules[s]; ok {
		return r
	}
	return callSizeRule(s)
}

// callRules holds the rule of every signature of the table, worked out once:
// the interpreter asks for one at each call of every draw.
var callRules = func() map[*Signature]SizeRule {
	m := map[*Signature]SizeRule{}
	for _, f := range builtins {
		for _, s := range f.Overloads {
			m[s] = callSizeRule(s)
		}
	}
	return m
}()

func callSizeRule(s *Signature) SizeRule {
	var r SizeRule
	switch {
	case s.Dist != nil && s.Dist.Mv != nil && s.Suffix == SuffixRng:
		r = libSizeRule(s.Dist.Mv.RngSizes)
	case s.Dist != nil && s.Dist.Mv != nil:
		r = libSizeRule(s.Dist.Mv.Sizes)
	case s.Dist != nil: // a univariate family: the vectorisation rule only
	case s.Func.Lib != nil:
		r = libSizeRule(s.Func.Lib.SizesOf(s.Index))
	}
	var vec SizeGroup
	for i, p := range s.Params {
		if p.Class == ClassReals || p.Class == ClassInts {
			vec = append(vec, Size{i, SizeLen})
		}
	}
	if len(vec) > 1 && !coveredBy(vec, r.Groups) {
		r.Groups = append([]SizeGroup{vec}, r.Groups...)
		r.Independent = ""
	}
	return r
}

// coveredBy reports whether one of groups holds every size of g, which then
// adds nothing to it (a GLM's group of the outcomes, the design matrix's
// rows and the intercepts holds the vectorisation group of the first and
// the last).
func coveredBy(g SizeGroup, groups []SizeGroup) bool {
	for _, h := range groups {
		all := true
		for _, s := range g {
			all = all && slices.Contains(h, s)
		}
		if all {
			return true
		}
	}
	return false
}

// libSizeRule is a rule stated in the library.
func libSizeRule(r library.SizeRule) SizeRule {
	out := SizeRule{Independent: r.Independent}
	for _, g := range r.Groups {
		sg := make(SizeGroup, len(g))
		for i, sz := range g {
			sg[i] = Size{Arg: sz.Arg, Of: sz.Of}
		}
		out.Groups = append(out.Groups, sg)
	}
	return out
}

// BinarySizeRule is the rule of the operator op.
func BinarySizeRule(op BinOp) SizeRule { return binarySizeRules[op] }

// needsSizeRule reports whether an overload must have a row of its own: it
// takes a container that is neither vectorised nor the argument of an
// elementwise function.
func needsSizeRule(s *Signature) bool {
	if s.Elementwise {
		return false
	}
	for _, p := range s.Params {
		switch p.Class {
		case ClassExact:
			if p.Type.Dims > 0 || p.Type.Kind == KindVector || p.Type.Kind == KindRowVector || p.Type.Kind == KindMatrix {
				return true
			}
		case ClassVectors, ClassAny, ClassAnyArray:
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------- checking

// CallSizeError is the message for a call of s whose arguments' sizes break
// its rule, naming the sizes; empty when they agree.
func CallSizeError(s *Signature, args []SizedArg) string {
	return CallSizeRule(s).check(s.Name(), paramSubject(s.Params), args)
}

// TildeSizeError is CallSizeError for `y ~ family(...)`, s the family's
// _lpdf and args[0] the left side.
func TildeSizeError(s *Signature, args []SizedArg) string {
	return CallSizeRule(s).check("~ "+s.Dist.Name, paramSubject(s.Params), args)
}

// BinarySizeError is the message for x op y when their sizes break op's
// rule; empty when they agree.
func BinarySizeError(op BinOp, x, y SizedArg) string {
	what := binaryWhat[op]
	if what == "" {
		what = "`" + op.String() + "`"
	}
	return BinarySizeRule(op).check(what, operandSubject, []SizedArg{x, y})
}

// A subject names argument i in a message: "the location", "argument 2".
type subject func(i int) string

func operandSubject(i int) string {
	if i == 0 {
		return "the left operand"
	}
	return "the right operand"
}

// paramSubject names an argument by its parameter's name, when it has one.
func paramSubject(ps []Param) subject {
	return func(i int) string {
		if i < len(ps) && ps[i].Name != "" {
			return "the " + ps[i].Name
		}
		return "argument " + strconv.Itoa(i+1)
	}
}

// Holds reports whether the sizes of g that args have are equal.
func (g SizeGroup) Holds(args []SizedArg) bool {
	_, _, ok := g.first(args)
	return ok
}

// first returns the first present size of g and the first present one that
// differs from it, or ok when none does.
func (g SizeGroup) first(args []SizedArg) (a, b Size, ok bool) {
	have := false
	var want int
	for _, s := range g {
		n, present := sizeOf(args, s)
		switch {
		case !present:
		case !have:
			a, want, have = s, n, true
		case n != want:
			return a, s, false
		}
	}
	return Size{}, Size{}, true
}

// check returns the message for the first group of r that args break.
func (r SizeRule) check(what string, name subject, args []SizedArg) string {
	for _, g := range r.Groups {
		a, b, ok := g.first(args)
		if ok {
			continue
		}
		if b.Arg < a.Arg { // name the arguments in the order of the call
			a, b = b, a
		}
		na, _ := sizeOf(args, a)
		nb, _ := sizeOf(args, b)
		if a.Arg == b.Arg && a.Of != SizeArea && b.Of != SizeArea {
			return fmt.Sprintf("size mismatch in %s: %s (%s) has %s but %s",
				what, name(a.Arg), SizedTypeString(args[a.Arg]), sizeText(args, a, na), sizeText(args, b, nb))
		}
		return fmt.Sprintf("size mismatch in %s: %s, but %s", what, clause(name, args, a, na), clause(name, args, b, nb))
	}
	return ""
}

// clause says what size s of its argument is: "the location (vector[2]) has length 2".
func clause(name subject, args []SizedArg, s Size, n int) string {
	if s.Of == SizeArea {
		both := name(s.Arg) + " and " + name(s.Arg+1)
		if a, b, ok := strings.Cut(both, " and argument "); ok && strings.HasPrefix(a, "argument ") {
			both = "arguments " + strings.TrimPrefix(a, "argument ") + " and " + b
		}
		return fmt.Sprintf("%s ask for %d x %d = %d elements", both, args[s.Arg].Int, args[s.Arg+1].Int, n)
	}
	return fmt.Sprintf("%s (%s) has %s", name(s.Arg), SizedTypeString(args[s.Arg]), sizeText(args, s, n))
}

// sizeText names size s, of value n, in the words of its argument's kind:
// "length 3", "2 columns", "vectors of length 3" (in an array).
func sizeText(args []SizedArg, s Size, n int) string {
	t := args[s.Arg].Type
	if t.Dims > 0 && t.Kind >= KindVector && (s.Of == SizeLen || s.Of == SizeRows || s.Of == SizeCols) {
		one := SizedArg{Type: Type{Kind: t.Kind}, Shape: args[s.Arg].Shape[t.Dims:]}
		kinds := t.Kind.String() + "s"
		if t.Kind == KindMatrix {
			kinds = "matrices"
		}
		return kinds + " of " + sizeText([]SizedArg{one}, Size{0, s.Of}, n)
	}
	k := t.Kind
	switch s.Of {
	case SizeLen:
		if k == KindVector || k == KindRowVector {
			return fmt.Sprintf("length %d", n)
		}
		return fmt.Sprintf("size %d", n)
	case SizeRows:
		if k == KindVector {
			return fmt.Sprintf("length %d", n)
		}
		return count(n, "row")
	case SizeCols:
		if k == KindRowVector {
			return fmt.Sprintf("length %d", n)
		}
		return count(n, "column")
	case SizeOuter:
		return fmt.Sprintf("array size %d", n)
	case SizeElems:
		return count(n, "element")
	}
	return fmt.Sprintf("the value %d", n)
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// sizeOf is size s of its argument, and false when the argument lacks it.
func sizeOf(args []SizedArg, s Size) (int, bool) {
	if s.Arg >= len(args) {
		return 0, false
	}
	a := args[s.Arg]
	t, shape := a.Type, a.Shape
	// inner is the shape of one element of the array (all of a plain value)
	inner := func() ([]int, bool) {
		if len(shape) < t.Dims {
			return nil, false
		}
		return shape[t.Dims:], true
	}
	switch s.Of {
	case SizeLen:
		switch {
		case t.Kind == KindVector || t.Kind == KindRowVector:
			if in, ok := inner(); ok && len(in) == 1 {
				return in[0], true
			}
		case (t.Kind == KindInt || t.Kind == KindReal) && t.Dims == 1 && len(shape) == 1:
			return shape[0], true
		}
	case SizeRows, SizeCols:
		in, ok := inner()
		if !ok {
			return 0, false
		}
		switch {
		case t.Kind == KindMatrix && len(in) == 2:
			if s.Of == SizeRows {
				return in[0], true
			}
			return in[1], true
		case t.Kind == KindVector && len(in) == 1:
			if s.Of == SizeRows {
				return in[0], true
			}
			return 1, true
		case t.Kind == KindRowVector && len(in) == 1:
			if s.Of == SizeRows {
				return 1, true
			}
			return in[0], true
		}
	case SizeOuter:
		if t.Dims > 0 && len(shape) > 0 {
			return shape[0], true
		}
	case SizeElems:
		if len(shape) > 0 {
			n := 1
			for _, d := range shape {
				n *= d
			}
			return n, true
		}
	case SizeValue:
		if t == Int && a.Known {
			return a.Int, true
		}
	case SizeArea:
		if s.Arg+1 < len(args) {
			b := args[s.Arg+1]
			if t == Int && a.Known && b.Type == Int && b.Known {
				return a.Int * b.Int, true
			}
		}
	}
	return 0, false
}

// AssignSizeError is the message for storing v into target (a variable, or
// the elements an index selects) of type and shape to, when their shapes
// differ; empty when they agree.
func AssignSizeError(target string, to, v SizedArg) string {
	same := len(to.Shape) == len(v.Shape)
	for i := 0; same && i < len(to.Shape); i++ {
		same = to.Shape[i] == v.Shape[i]
	}
	if same {
		return ""
	}
	return fmt.Sprintf("size mismatch assigning to %s: it is %s, the value is %s", target, SizedTypeString(to), SizedTypeString(v))
}

// SizedTypeString writes a's type with its sizes, as a Stan declaration
// would: "vector[3]", "matrix[3, 2]", "array[2] vector[3]", "array[4] real";
// an int with its known value: "int (5)".
func SizedTypeString(a SizedArg) string {
	t, shape := a.Type, a.Shape
	if t.Dims == 0 && len(shape) == 0 {
		if t == Int && a.Known {
			return fmt.Sprintf("int (%d)", a.Int)
		}
		return t.Kind.String()
	}
	dims := func(ds []int) string {
		parts := make([]string, len(ds))
		for i, d := range ds {
			parts[i] = strconv.Itoa(d)
		}
		return strings.Join(parts, ", ")
	}
	if len(shape) < t.Dims {
		return t.String()
	}
	elem := t.Kind.String()
	if in := shape[t.Dims:]; len(in) > 0 {
		elem += "[" + dims(in) + "]"
	}
	if t.Dims == 0 {
		return elem
	}
	return "array[" + dims(shape[:t.Dims]) + "] " + elem
}
