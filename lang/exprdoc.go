package lang

import (
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/lang/pretty"
)

// This file writes expressions and declared types: on one line for error
// messages (ExprString, TypeString), and as pretty.Docs, breakable where the
// canonical layout breaks them, for the printer (package lang/printer),
// which lays out statements and programs. The parentheses are the fewest
// that parse back to the same tree, except where a reader is helped: a
// compound bound (`upper=(1 - a)`), a compound end of a range
// (`(K + 1):T`), a prefix operator under another (`-(-a)`) and a
// conditional between ? and : (`a ? (b ? c : d) : e`); literals are written
// exactly as in the source (`1e-3`, `.5`).

// ExprString returns e on one line, parenthesised as the printer prints it.
// Error messages and `bayes reparam` use it.
func ExprString(e Expr) string {
	if e == nil {
		return ""
	}
	return ExprDoc(e).Flat()
}

// TypeString returns a declared type on one line: `array[N] vector<lower=0>[K]`.
func TypeString(t *TypeSpec) string {
	if t == nil {
		return ""
	}
	return TypeDoc(t).Flat()
}

// ---------------------------------------------------------------- types

// TypeDoc is a declared type as a document, on one line.
func TypeDoc(t *TypeSpec) *pretty.Doc {
	if t == nil {
		return pretty.Text("<?>")
	}
	var items []*pretty.Doc
	if len(t.ArrayDims) > 0 {
		items = append(items, pretty.Text("array["), commaList(t.ArrayDims, ExprDoc), pretty.Text("] "))
	}
	items = append(items, pretty.Text(t.Kind.String()))
	var bounds []*pretty.Doc
	bound := func(key string, e Expr) {
		if e == nil {
			return
		}
		if len(bounds) > 0 {
			bounds = append(bounds, pretty.Text(", "))
		}
		bounds = append(bounds, pretty.Text(key+"="), boundDoc(e))
	}
	bound("lower", t.Lower)
	bound("upper", t.Upper)
	bound("offset", t.Offset)
	bound("multiplier", t.Multiplier)
	if len(bounds) > 0 {
		items = append(items, pretty.Text("<"), pretty.Group(bounds...), pretty.Text(">"))
	}
	if len(t.Sizes) > 0 {
		items = append(items, pretty.Text("["), commaList(t.Sizes, sizeDoc), pretty.Text("]"))
	}
	return pretty.Group(items...)
}

// commaList joins expressions with ", " and no breaks (sizes, dimensions, indexes).
func commaList(es []Expr, f func(Expr) *pretty.Doc) *pretty.Doc {
	var items []*pretty.Doc
	for i, e := range es {
		if i > 0 {
			items = append(items, pretty.Text(", "))
		}
		items = append(items, f(e))
	}
	return pretty.Group(items...)
}

// boundDoc parenthesises a compound bound, `upper=(1 - alpha1)`: the grammar
// requires it below the comparisons (the closing > ends the bounds), and the
// parentheses make the end of the bound plain to a reader.
func boundDoc(e Expr) *pretty.Doc {
	switch e.(type) {
	case *BinaryExpr, *CondExpr:
		return parens(ExprDoc(e))
	}
	return operand(e, precAdd)
}

// sizeDoc writes a vector's or matrix's size, which the grammar reads as an
// additive expression.
func sizeDoc(e Expr) *pretty.Doc { return operand(e, precAdd) }

// RangeEndDoc writes one end of a range lo:hi, parenthesising a compound end,
// `(K + 1):T`, as Stan programs conventionally do; a conditional needs it.
func RangeEndDoc(e Expr) *pretty.Doc {
	switch e.(type) {
	case *BinaryExpr, *CondExpr:
		return parens(ExprDoc(e))
	}
	return ExprDoc(e)
}

// ---------------------------------------------------------------- expressions

// Precedences beyond the binary operators' BinOp.Precedence: the conditional
// binds loosest, postfix operators and primaries tightest.
const (
	precCond    = 0
	precAdd     = 5 // OpAdd.Precedence(): the level of sizes and bounds
	precPow     = 10
	precPostfix = 11
)

func precedence(e Expr) int {
	switch e := e.(type) {
	case *CondExpr:
		return precCond
	case *BinaryExpr:
		return e.Op.Precedence()
	case *UnaryExpr:
		return PrecUnary
	case *IntLit:
		if e.Text == "" && e.Value < 0 {
			return PrecUnary // printed with a minus sign
		}
	case *RealLit:
		if e.Text == "" && (e.Value < 0 || e.Value == 0 && 1/e.Value < 0) {
			return PrecUnary
		}
	}
	return precPostfix
}

// operand writes e where the grammar needs an expression of at least the
// given precedence, in parentheses when e binds more loosely.
func operand(e Expr, min int) *pretty.Doc {
	if precedence(e) < min {
		return parens(ExprDoc(e))
	}
	return ExprDoc(e)
}

func parens(d *pretty.Doc) *pretty.Doc { return pretty.Group(pretty.Text("("), d, pretty.Text(")")) }

// ExprDoc is e as a document: parenthesised as ExprString writes it, with
// break points before the operators of a chain, after the commas of an
// argument list and before the ? and : of a conditional.
func ExprDoc(e Expr) *pretty.Doc {
	switch e := e.(type) {
	case *IntLit:
		if e.Text != "" {
			return pretty.Text(e.Text)
		}
		return pretty.Text(strconv.FormatInt(e.Value, 10))
	case *RealLit:
		if e.Text != "" {
			return pretty.Text(e.Text)
		}
		return pretty.Text(realText(e.Value))
	case *StringLit:
		return pretty.Text(`"` + e.Value + `"`)
	case *Ident:
		return pretty.Text(e.Name)
	case *BinaryExpr:
		return binaryDoc(e)
	case *UnaryExpr:
		// A nested prefix operator gets parentheses: -(-a) reads better than --a.
		return pretty.Group(pretty.Text(e.Op.String()), operand(e.X, precPow))
	case *TransposeExpr:
		return pretty.Group(operand(e.X, precPostfix), pretty.Text("'"))
	case *CondExpr:
		return pretty.Group(operand(e.Cond, 1), pretty.Space(), pretty.Text("? "), operand(e.Then, 1), pretty.Space(), pretty.Text(": "), ExprDoc(e.Else))
	case *CallExpr:
		return pretty.Group(pretty.Text(e.Name+"("), ArgsDoc(e.Args, e.Bar, ")"))
	case *IndexExpr:
		var items []*pretty.Doc
		for i, ix := range e.Indices {
			if i > 0 {
				items = append(items, pretty.Text(", "))
			}
			items = append(items, indexDoc(ix))
		}
		return pretty.Group(operand(e.X, precPostfix), pretty.Text("["), pretty.Group(items...), pretty.Text("]"))
	case *ArrayExpr:
		return pretty.Group(pretty.Text("{"), ArgsDoc(e.Elems, false, "}"))
	case *RowVectorExpr:
		return pretty.Group(pretty.Text("["), ArgsDoc(e.Elems, false, "]"))
	}
	return pretty.Text("<?>")
}

// realText writes a real that has no source text (a tree built by a pass) so
// that it reads back as a real: 1 becomes 1.0.
func realText(v float64) string {
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEnN") {
		s += ".0"
	}
	return s
}

func indexDoc(ix Index) *pretty.Doc {
	if !ix.Range {
		if ix.Single == nil {
			return pretty.Text("")
		}
		return ExprDoc(ix.Single)
	}
	var items []*pretty.Doc
	if ix.Lo != nil {
		items = append(items, RangeEndDoc(ix.Lo))
	}
	items = append(items, pretty.Text(":"))
	if ix.Hi != nil {
		items = append(items, RangeEndDoc(ix.Hi))
	}
	return pretty.Group(items...)
}

// ArgsDoc is the group of a call's arguments, breakable after each comma,
// with the closing bracket in it so that it is measured with the last
// argument. With bar, the first argument is the outcome: `y | mu, sigma`.
func ArgsDoc(args []Expr, bar bool, closing string) *pretty.Doc {
	var items []*pretty.Doc
	for i, a := range args {
		switch {
		case i == 1 && bar:
			// No break after the bar: the outcome and the first parameter
			// stay together, as in stanc3's layout of a conditional density.
			items = append(items, pretty.Text(" | "))
		case i > 0:
			items = append(items, pretty.Text(","), pretty.Space())
		}
		items = append(items, ExprDoc(a))
	}
	if bar && len(args) == 1 {
		items = append(items, pretty.Text(" |"))
	}
	items = append(items, pretty.Text(closing))
	return pretty.Group(items...)
}

// binaryDoc writes a chain of operators of one precedence, a + b - c, as one
// group that breaks before its operators.
func binaryDoc(e *BinaryExpr) *pretty.Doc {
	prec := e.Op.Precedence()
	// Collect the left-nested chain: ((a + b) - c) is a, + b, - c.
	var ops []*BinaryExpr
	head := Expr(e)
	for {
		b, ok := head.(*BinaryExpr)
		if !ok || b.Op.Precedence() != prec || len(ops) > 0 && b.Op.RightAssoc() {
			break
		}
		ops = append(ops, b)
		head = b.X
		if b.Op.RightAssoc() {
			break // a ^ b groups to the right: its left operand is not part of a chain
		}
	}
	leftMin, rightMin := prec, prec+1
	if e.Op.RightAssoc() {
		// The base of ^ is a postfix expression; the exponent may carry a
		// prefix operator, 2 ^ -1, or be another power, a ^ b ^ c.
		leftMin, rightMin = precPostfix, PrecUnary
	}
	items := []*pretty.Doc{operand(head, leftMin)}
	for i := len(ops) - 1; i >= 0; i-- {
		items = append(items, pretty.Space(), pretty.Text(ops[i].Op.String()+" "), operand(ops[i].Y, rightMin))
	}
	return pretty.Group(items...)
}
