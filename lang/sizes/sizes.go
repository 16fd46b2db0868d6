// Package sizes holds the size rules: which sizes of the arguments of a
// built-in function, a distribution or an operator must agree (the rules of
// the library's functions and families are stated in their files, and read
// here through CallRule; the operators' are here), and the messages for a
// call, a ~ statement, an operator or an assignment that breaks them. Types
// do not hold sizes, so lang's checker cannot apply them; the compiler
// applies them when it lowers a call with the data bound, and the
// interpreter (package simulate) when it evaluates one, both through
// CallError, TildeError, BinaryError and AssignError, so that a mismatch is
// the same message, at the call, in every block. The conditions are Stan's
// (Stan Functions Reference, "Vectorization" for vectorised arguments, and
// each matrix function's section, e.g. "Dot products and specialized
// products", "Linear algebra functions and solvers").
package sizes

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/library"
)

// Of names one size of an argument: the library's vocabulary, in which
// its families and functions state their rules.
type Of = library.SizeOf

// The sizes an argument has (see library.SizeOf).
const (
	Len  = library.SizeLen
	Rows = library.SizeRows
	Cols = library.SizeCols
	// DesignRows is a matrix's rows, absent for a row vector (a GLM's
	// design row, broadcast)
	DesignRows = library.SizeDesignRows
	Outer      = library.SizeOuter
	Elems      = library.SizeElems
	Value      = library.SizeValue
	Area       = library.SizeArea
	// Axis+k is entry k of the full shape (a vectorised binary function's
	// arguments: library.SameShape)
	Axis = library.SizeAxis
)

// Size is one size of the argument Arg (0-based; for an operator, 0 is the
// left operand).
type Size struct {
	Arg int
	Of  Of
}

// Group lists sizes that must be equal. A size that an argument does not
// have (the length of a scalar, the array size of a plain vector) is left
// out, so one group serves every overload: {Len 0, Len 1} relates two
// vectorised arguments when both are containers and asks nothing when one is
// a scalar.
type Group []Size

// Rule is what a function or operator asks of its arguments' sizes: its
// groups, or, for a function that takes containers whose sizes are
// unrelated, the reason (Independent).
type Rule struct {
	Groups      []Group
	Independent string
}

// Arg is an argument as the size rules see it: its type, as the checker
// gave it; its full shape (array dimensions, then a vector's length or a
// matrix's rows and columns, as Value lays data out); and, for an int, its
// value when Known.
type Arg struct {
	Type  lang.Type
	Shape []int
	Int   int
	Known bool
}

// ---------------------------------------------------------------- the table

// same is the group of one size of several arguments.
func same(of Of, args ...int) Group {
	g := make(Group, len(args))
	for i, a := range args {
		g[i] = Size{a, of}
	}
	return g
}

// square is the group that makes argument a a square matrix, with any
// further sizes that must equal its order.
func square(a int, more ...Size) Group {
	return append(Group{{a, Rows}, {a, Cols}}, more...)
}

func groups(gs ...Group) Rule { return Rule{Groups: gs} }

// sameShape: elementwise operands and arguments have equal rows and columns.
var sameShape = groups(same(Rows, 0, 1), same(Cols, 0, 1))

// binaryRules are the rules of the operators on containers ("Matrix
// operations"): elementwise ones need equal shapes; a product, the left
// operand's columns equal to the right's rows; B / A = B A⁻¹ and A \ B = A⁻¹ B
// a square A that fits B.
var binaryRules = map[lang.BinOp]Rule{
	lang.OpAdd: sameShape, lang.OpSub: sameShape, lang.OpEltMul: sameShape, lang.OpEltDiv: sameShape, lang.OpEltPow: sameShape,
	lang.OpMul:     groups(Group{{0, Cols}, {1, Rows}}),
	lang.OpDiv:     groups(square(1, Size{0, Cols})),
	lang.OpLeftDiv: groups(square(0, Size{1, Rows})),
}

// binaryWhat names each operator's operation in messages.
var binaryWhat = map[lang.BinOp]string{
	lang.OpAdd: "an addition", lang.OpSub: "a subtraction", lang.OpMul: "a product", lang.OpDiv: "a division",
	lang.OpLeftDiv: "a left division", lang.OpEltMul: "an elementwise product", lang.OpEltDiv: "an elementwise division",
	lang.OpEltPow: "an elementwise power",
}

// ---------------------------------------------------------------- rules

// CallRule is the rule of a call of s, and of a ~ statement when s is
// the family's _lpdf: the family's or the function's row, after the
// vectorisation rule, one group of the lengths of every vectorised ("reals",
// "ints") argument (Stan Functions Reference, "Vectorization": the
// containers among them have one size, the scalars are broadcast).
func CallRule(s *lang.Signature) Rule {
	if r, ok := callRules[s]; ok {
		return r
	}
	return callRule(s)
}

// callRules holds the rule of every signature of the table, worked out once:
// the interpreter asks for one at each call of every draw.
var callRules = func() map[*lang.Signature]Rule {
	m := map[*lang.Signature]Rule{}
	for _, name := range lang.FuncNames() {
		for _, s := range lang.LookupFunc(name).Overloads {
			m[s] = callRule(s)
		}
	}
	return m
}()

func callRule(s *lang.Signature) Rule {
	var r Rule
	switch {
	case s.Dist != nil && s.Dist.Mv != nil && s.Suffix == lang.SuffixRng:
		r = libRule(s.Dist.Mv.RngSizes)
	case s.Dist != nil && s.Dist.Mv != nil:
		r = libRule(s.Dist.Mv.Sizes)
	case s.Dist != nil: // a univariate family: the vectorisation rule only
	case s.Func.Lib != nil:
		r = libRule(s.Func.Lib.SizesOf(s.Index))
	}
	var vec Group
	for i, p := range s.Params {
		if p.Class == lang.ClassReals || p.Class == lang.ClassInts {
			vec = append(vec, Size{i, Len})
		}
	}
	if len(vec) > 1 && !coveredBy(vec, r.Groups) {
		r.Groups = append([]Group{vec}, r.Groups...)
		r.Independent = ""
	}
	return r
}

// coveredBy reports whether one of groups holds every size of g, which then
// adds nothing to it (a GLM's group of the outcomes, the design matrix's
// rows and the intercepts holds the vectorisation group of the first and
// the last).
func coveredBy(g Group, groups []Group) bool {
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

// libRule is a rule stated in the library.
func libRule(r library.SizeRule) Rule {
	out := Rule{Independent: r.Independent}
	for _, g := range r.Groups {
		sg := make(Group, len(g))
		for i, sz := range g {
			sg[i] = Size{Arg: sz.Arg, Of: sz.Of}
		}
		out.Groups = append(out.Groups, sg)
	}
	return out
}

// BinaryRule is the rule of the operator op.
func BinaryRule(op lang.BinOp) Rule { return binaryRules[op] }

// needsRule reports whether an overload must have a row of its own: it
// takes a container that is neither vectorised nor the argument of an
// elementwise function.
func needsRule(s *lang.Signature) bool {
	if s.Elementwise {
		return false
	}
	for _, p := range s.Params {
		switch p.Class {
		case lang.ClassExact:
			if p.Type.Dims > 0 || p.Type.Kind == lang.KindVector || p.Type.Kind == lang.KindRowVector || p.Type.Kind == lang.KindMatrix {
				return true
			}
		case lang.ClassVectors, lang.ClassAny, lang.ClassAnyArray, lang.ClassDesign:
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------- checking

// CallError is the message for a call of s whose arguments' sizes break
// its rule, naming the sizes; empty when they agree.
func CallError(s *lang.Signature, args []Arg) string {
	return CallRule(s).check(s.Name(), paramSubject(s.Params), args)
}

// TildeError is CallError for `y ~ family(...)`, s the family's
// _lpdf and args[0] the left side.
func TildeError(s *lang.Signature, args []Arg) string {
	return CallRule(s).check("~ "+s.Dist.Name, paramSubject(s.Params), args)
}

// BinaryError is the message for x op y when their sizes break op's
// rule; empty when they agree.
func BinaryError(op lang.BinOp, x, y Arg) string {
	what := binaryWhat[op]
	if what == "" {
		what = "`" + op.String() + "`"
	}
	return BinaryRule(op).check(what, operandSubject, []Arg{x, y})
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
func paramSubject(ps []lang.Param) subject {
	return func(i int) string {
		if i < len(ps) && ps[i].Name != "" {
			return "the " + ps[i].Name
		}
		return "argument " + strconv.Itoa(i+1)
	}
}

// Holds reports whether the sizes of g that args have are equal.
func (g Group) Holds(args []Arg) bool {
	_, _, ok := g.first(args)
	return ok
}

// first returns the first present size of g and the first present one that
// differs from it, or ok when none does.
func (g Group) first(args []Arg) (a, b Size, ok bool) {
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
func (r Rule) check(what string, name subject, args []Arg) string {
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
		if a.Arg == b.Arg && a.Of != Area && b.Of != Area {
			return fmt.Sprintf("size mismatch in %s: %s (%s) has %s but %s",
				what, name(a.Arg), TypeString(args[a.Arg]), sizeText(args, a, na), sizeText(args, b, nb))
		}
		return fmt.Sprintf("size mismatch in %s: %s, but %s", what, clause(name, args, a, na), clause(name, args, b, nb))
	}
	return ""
}

// clause says what size s of its argument is: "the location (vector[2]) has length 2".
func clause(name subject, args []Arg, s Size, n int) string {
	if s.Of == Area {
		both := name(s.Arg) + " and " + name(s.Arg+1)
		if a, b, ok := strings.Cut(both, " and argument "); ok && strings.HasPrefix(a, "argument ") {
			both = "arguments " + strings.TrimPrefix(a, "argument ") + " and " + b
		}
		return fmt.Sprintf("%s ask for %d x %d = %d elements", both, args[s.Arg].Int, args[s.Arg+1].Int, n)
	}
	return fmt.Sprintf("%s (%s) has %s", name(s.Arg), TypeString(args[s.Arg]), sizeText(args, s, n))
}

// sizeText names size s, of value n, in the words of its argument's kind:
// "length 3", "2 columns", "vectors of length 3" (in an array).
func sizeText(args []Arg, s Size, n int) string {
	t := args[s.Arg].Type
	if t.Dims > 0 && t.Kind >= lang.KindVector && (s.Of == Len || s.Of == Rows || s.Of == Cols) {
		one := Arg{Type: lang.Type{Kind: t.Kind}, Shape: args[s.Arg].Shape[t.Dims:]}
		kinds := t.Kind.String() + "s"
		if t.Kind == lang.KindMatrix {
			kinds = "matrices"
		}
		return kinds + " of " + sizeText([]Arg{one}, Size{0, s.Of}, n)
	}
	if s.Of >= Axis {
		return axisText(t, int(s.Of-Axis), n)
	}
	k := t.Kind
	switch s.Of {
	case Len:
		if k == lang.KindVector || k == lang.KindRowVector {
			return fmt.Sprintf("length %d", n)
		}
		return fmt.Sprintf("size %d", n)
	case Rows, DesignRows:
		if k == lang.KindVector {
			return fmt.Sprintf("length %d", n)
		}
		return count(n, "row")
	case Cols:
		if k == lang.KindRowVector {
			return fmt.Sprintf("length %d", n)
		}
		return count(n, "column")
	case Outer:
		return fmt.Sprintf("array size %d", n)
	case Elems:
		return count(n, "element")
	}
	return fmt.Sprintf("the value %d", n)
}

// axisText names entry k, of value n, of the full shape of a value of
// type t: "array size 3", "size 2 in array dimension 2", "length 4", "3 rows".
func axisText(t lang.Type, k, n int) string {
	switch {
	case k == 0 && t.Dims > 0:
		return fmt.Sprintf("array size %d", n)
	case k < t.Dims:
		return fmt.Sprintf("size %d in array dimension %d", n, k+1)
	case t.Kind == lang.KindVector || t.Kind == lang.KindRowVector:
		return fmt.Sprintf("length %d", n)
	case k == t.Dims:
		return count(n, "row")
	}
	return count(n, "column")
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// sizeOf is size s of its argument, and false when the argument lacks it.
func sizeOf(args []Arg, s Size) (int, bool) {
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
	if s.Of >= Axis {
		if k := int(s.Of - Axis); k < len(shape) {
			return shape[k], true
		}
		return 0, false
	}
	switch s.Of {
	case Len:
		switch {
		case t.Kind == lang.KindVector || t.Kind == lang.KindRowVector:
			if in, ok := inner(); ok && len(in) == 1 {
				return in[0], true
			}
		case (t.Kind == lang.KindInt || t.Kind == lang.KindReal) && t.Dims == 1 && len(shape) == 1:
			return shape[0], true
		}
	case Rows, Cols:
		in, ok := inner()
		if !ok {
			return 0, false
		}
		switch {
		case t.Kind == lang.KindMatrix && len(in) == 2:
			if s.Of == Rows {
				return in[0], true
			}
			return in[1], true
		case t.Kind == lang.KindVector && len(in) == 1:
			if s.Of == Rows {
				return in[0], true
			}
			return 1, true
		case t.Kind == lang.KindRowVector && len(in) == 1:
			if s.Of == Rows {
				return 1, true
			}
			return in[0], true
		}
	case DesignRows:
		if in, ok := inner(); ok && t.Kind == lang.KindMatrix && len(in) == 2 {
			return in[0], true
		}
	case Outer:
		if t.Dims > 0 && len(shape) > 0 {
			return shape[0], true
		}
	case Elems:
		if len(shape) > 0 {
			n := 1
			for _, d := range shape {
				n *= d
			}
			return n, true
		}
	case Value:
		if t == lang.Int && a.Known {
			return a.Int, true
		}
	case Area:
		if s.Arg+1 < len(args) {
			b := args[s.Arg+1]
			if t == lang.Int && a.Known && b.Type == lang.Int && b.Known {
				return a.Int * b.Int, true
			}
		}
	}
	return 0, false
}

// AssignError is the message for storing v into target (a variable, or
// the elements an index selects) of type and shape to, when their shapes
// differ; empty when they agree.
func AssignError(target string, to, v Arg) string {
	if SameShape(to.Shape, v.Shape) {
		return ""
	}
	return fmt.Sprintf("size mismatch assigning to %s: it is %s, the value is %s", target, TypeString(to), TypeString(v))
}

// SameShape says whether a value of shape b fits a target of shape a:
// AssignError's test, for callers that write the target's name only for
// the message.
func SameShape(a, b []int) bool { return slices.Equal(a, b) }

// TypeString writes a's type with its sizes, as a Stan declaration
// would: "vector[3]", "matrix[3, 2]", "array[2] vector[3]", "array[4] real";
// an int with its known value: "int (5)".
func TypeString(a Arg) string {
	t, shape := a.Type, a.Shape
	if t.Dims == 0 && len(shape) == 0 {
		if t == lang.Int && a.Known {
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
