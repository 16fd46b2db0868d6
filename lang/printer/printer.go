package lang

import (
	"bytes"
	"io"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/lang/pretty"
)

// This file is the printer: it writes a Program back as canonical source in
// modern Stan syntax, the form `bayes fmt` prints and `bayes reparam` emits.
//
// Canonical form:
//   - two-space indentation; blocks in their required order, with no blank
//     lines, as stanc3's auto-formatter and posteriordb's programs lay them out;
//   - `array[N] real y;` for every array, the old `real y[N];` included;
//   - binary operators with a space on each side (^ too: `-2 ^ 2`), and the
//     fewest parentheses that parse back to the same tree, except where a
//     reader is helped: a compound bound (`upper=(1 - a)`), a compound end of
//     a range (`(K + 1):T`), a prefix operator under another (`-(-a)`) and a
//     conditional between ? and : (`a ? (b ? c : d) : e`);
//   - literals exactly as written (`1e-3`, `.5`);
//   - comments on lines of their own before the statement or block they
//     were attached to; a comment after code on its line stays at the end
//     of that line: of the statement, of a block's or a loop's first line
//     (after its `{`), or of a closing brace (`} // prior`);
//   - a body without braces printed without braces, and else-if chains flat;
//   - lines longer than pretty.Width broken greedily at the break points of
//     the outermost expressions that do not fit: before a binary operator of
//     a chain of equal precedence, after the commas of an argument list (not
//     after the | of `normal_lpdf(y | mu, sigma)`), before the ? and : of a
//     conditional, continuation lines aligned with the first operand or
//     argument; a right-hand side that fits only on a line of its own and a
//     truncation that does not fit go on the next line, indented twice.
//
// The layout reproduces posteriordb's programs byte for byte except where a
// human chose other line breaks than the greedy ones (printer_test.go lists them).

const indentUnit = "  "

// Print writes p as canonical source to w.
func Print(w io.Writer, p *Program) error {
	_, err := w.Write(Format(p))
	return err
}

// Format returns p as canonical source.
func Format(p *Program) []byte {
	pr := &printer{}
	pr.program(p)
	return pr.buf.Bytes()
}

// ExprString returns e on one line, parenthesised as Format would print it.
// Error messages and `bayes reparam` use it.
func ExprString(e Expr) string {
	if e == nil {
		return ""
	}
	return exprDoc(e).Flat()
}

// TypeString returns a declared type on one line: `array[N] vector<lower=0>[K]`.
func TypeString(t *TypeSpec) string {
	if t == nil {
		return ""
	}
	return typeDoc(t).Flat()
}

// ---------------------------------------------------------------- program and statements

type printer struct {
	buf    bytes.Buffer
	indent int
}

// line writes d as one statement's text at the current indentation, broken
// if it is too long, then eol (a trailing comment or nothing) and a newline.
func (p *printer) line(d *pretty.Doc, eol string) {
	ind := strings.Repeat(indentUnit, p.indent)
	p.buf.WriteString(ind)
	pretty.Write(&p.buf, len(ind), d)
	if eol != "" {
		p.buf.WriteString(" " + eol)
	}
	p.buf.WriteByte('\n')
}

func (p *printer) comments(cs []string) {
	for _, c := range cs {
		p.line(pretty.Text(c), "")
	}
}

func (p *printer) program(prog *Program) {
	p.comments(prog.Comments)
	for k, b := range prog.Blocks() {
		if b == nil {
			continue
		}
		p.comments(b.Comments)
		p.line(pretty.Text(BlockKind(k).String()+" {"), b.OpenNote)
		p.blockBody(b)
		p.line(pretty.Text("}"), b.CloseNote)
	}
	p.comments(prog.TrailingComments)
}

// blockBody writes a block's statements and trailing comments one level in.
func (p *printer) blockBody(b *Block) {
	p.indent++
	if b != nil {
		for _, s := range b.Stmts {
			p.stmt(s)
		}
		p.comments(b.TrailingNotes)
	}
	p.indent--
}

func (p *printer) stmt(s Stmt) {
	p.comments(s.notes().Comments)
	switch s := s.(type) {
	case *ForStmt:
		p.closeBody(p.compound(pretty.Group(pretty.Text("for ("+s.Var+" in "), rangeEnd(s.Lo), pretty.Text(":"), rangeEnd(s.Hi), pretty.Text(")")), s.Trailing, s.Body))
	case *ForEachStmt:
		p.closeBody(p.compound(pretty.Group(pretty.Text("for ("+s.Var+" in "), exprDoc(s.Collection), pretty.Text(")")), s.Trailing, s.Body))
	case *WhileStmt:
		p.closeBody(p.compound(pretty.Group(pretty.Text("while ("), exprDoc(s.Cond), pretty.Text(")")), s.Trailing, s.Body))
	case *IfStmt:
		p.ifStmt(s)
	case *BlockStmt:
		p.line(pretty.Text("{"), s.Trailing)
		p.blockBody(s.Body)
		p.line(pretty.Text("}"), s.Body.CloseNote)
	case *FuncDef:
		p.funcDef(s)
	default:
		p.line(simpleStmtDoc(s), s.notes().Trailing)
	}
}

// compound writes a loop's or an if's header, with the comment eol at the
// end of its line, and body. For a braced body it leaves the closing brace
// unwritten and returns the body, so that an if can write `} else`.
func (p *printer) compound(head *pretty.Doc, eol string, body Stmt) (open *Block) {
	b, ok := body.(*BlockStmt)
	if !ok {
		p.line(head, eol)
		p.indent++
		p.stmt(body)
		p.indent--
		return nil
	}
	eol = joinNotes(eol, b.Trailing)
	if len(b.Comments) == 0 {
		p.line(pretty.Group(head, pretty.Text(" {")), eol)
	} else {
		// Between the header and the brace, the only other place that
		// parses back onto the body.
		p.line(head, "")
		p.comments(b.Comments)
		p.line(pretty.Text("{"), eol)
	}
	p.blockBody(b.Body)
	return b.Body
}

// closeBody writes the closing brace of a body that compound left open.
func (p *printer) closeBody(open *Block) {
	if open != nil {
		p.line(pretty.Text("}"), open.CloseNote)
	}
}

// ifStmt writes an if and its else-if chain flat.
func (p *printer) ifStmt(s *IfStmt) {
	prefix := ""
	for {
		then := s.Then
		if s.Else != nil && openIf(then) {
			// Braces keep a following else from attaching to the inner if.
			then = &BlockStmt{Body: &Block{Kind: BlockLocal, Stmts: []Stmt{then}}}
		}
		open := p.compound(pretty.Group(pretty.Text(prefix+"if ("), exprDoc(s.Cond), pretty.Text(")")), s.Trailing, then)
		if s.Else == nil {
			p.closeBody(open)
			return
		}
		prefix = "else "
		eol := ""
		if open != nil {
			prefix = "} else "
			_, braced := s.Else.(*BlockStmt)
			_, elseIf := s.Else.(*IfStmt)
			switch {
			case open.CloseNote == "":
			case !braced && !elseIf:
				// `} else // note`: the brace's comment ends the else line,
				// whose body goes on the next.
				eol = open.CloseNote
			default:
				// A brace or an if after the else would take the comment.
				p.closeBody(open)
				prefix = "else "
			}
		}
		if elif, ok := s.Else.(*IfStmt); ok {
			if len(elif.Comments) > 0 {
				// A comment before `else` belongs to the else-if.
				if prefix == "} else " {
					p.closeBody(open)
				}
				p.comments(elif.Comments)
				prefix = "else "
			}
			s = elif
			continue
		}
		p.closeBody(p.compound(pretty.Text(strings.TrimSuffix(prefix, " ")), eol, s.Else))
		return
	}
}

// openIf reports whether s ends in an if without an else, which would take
// an else written after s.
func openIf(s Stmt) bool {
	switch s := s.(type) {
	case *IfStmt:
		if s.Else == nil {
			return true
		}
		return openIf(s.Else)
	case *ForStmt:
		return openIf(s.Body)
	case *ForEachStmt:
		return openIf(s.Body)
	case *WhileStmt:
		return openIf(s.Body)
	}
	return false
}

// simpleStmtDoc is the text of a statement that has no body.
func simpleStmtDoc(s Stmt) *pretty.Doc {
	switch s := s.(type) {
	case *VarDecl:
		d := pretty.Group(typeDoc(s.Type), pretty.Text(" "+s.Name))
		if s.Init != nil {
			d = assignment(d, "=", s.Init)
		}
		return pretty.Group(d, pretty.Text(";"))
	case *AssignStmt:
		return pretty.Group(assignment(exprDoc(s.LHS), s.Op.String(), s.RHS), pretty.Text(";"))
	case *TildeStmt:
		d := pretty.Group(exprDoc(s.LHS), pretty.Text(" ~ "+s.Dist+"("), argList(s.Args, false, ")"))
		if s.HasTrunc {
			lo, hi := pretty.Text(""), pretty.Text("")
			if s.TruncLo != nil {
				lo = exprDoc(s.TruncLo)
			}
			if s.TruncHi != nil {
				hi = exprDoc(s.TruncHi)
			}
			// A long truncation goes to a line of its own, indented twice.
			d = pretty.Group(d, pretty.Space(), pretty.Text("T["), pretty.Group(lo, pretty.Text(","), pretty.Space(), hi, pretty.Text("]")))
			d.Hang = 2 * len(indentUnit)
		}
		return pretty.Group(d, pretty.Text(";"))
	case *TargetStmt:
		return pretty.Group(pretty.Text("target += "), exprDoc(s.Value), pretty.Text(";"))
	case *PrintStmt:
		name := "print("
		if s.Reject {
			name = "reject("
		}
		return pretty.Group(pretty.Text(name), argList(s.Args, false, ")"), pretty.Text(";"))
	case *BreakStmt:
		if s.Continue {
			return pretty.Text("continue;")
		}
		return pretty.Text("break;")
	case *EmptyStmt:
		return pretty.Text(";")
	case *ReturnStmt, *CallStmt:
		return funcStmtDoc(s)
	}
	return pretty.Text(";")
}

// assignment is `lhs op rhs`. When rhs does not fit after lhs but fits on a
// line of its own, the line breaks before op, indented twice.
func assignment(lhs *pretty.Doc, op string, rhs Expr) *pretty.Doc {
	brk := pretty.Space()
	brk.LastResort = true
	d := pretty.Group(lhs, brk, pretty.Text(op+" "), exprDoc(rhs))
	d.Hang = 2 * len(indentUnit)
	return d
}

// ---------------------------------------------------------------- types

func typeDoc(t *TypeSpec) *pretty.Doc {
	if t == nil {
		return pretty.Text("<?>")
	}
	var items []*pretty.Doc
	if len(t.ArrayDims) > 0 {
		items = append(items, pretty.Text("array["), commaList(t.ArrayDims, exprDoc), pretty.Text("] "))
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
		return parens(exprDoc(e))
	}
	return operand(e, precAdd)
}

// sizeDoc writes a vector's or matrix's size, which the grammar reads as an
// additive expression.
func sizeDoc(e Expr) *pretty.Doc { return operand(e, precAdd) }

// rangeEnd writes one end of a range lo:hi, parenthesising a compound end,
// `(K + 1):T`, as Stan programs conventionally do; a conditional needs it.
func rangeEnd(e Expr) *pretty.Doc {
	switch e.(type) {
	case *BinaryExpr, *CondExpr:
		return parens(exprDoc(e))
	}
	return exprDoc(e)
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
		return parens(exprDoc(e))
	}
	return exprDoc(e)
}

func parens(d *pretty.Doc) *pretty.Doc { return pretty.Group(pretty.Text("("), d, pretty.Text(")")) }

func exprDoc(e Expr) *pretty.Doc {
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
		return pretty.Group(operand(e.Cond, 1), pretty.Space(), pretty.Text("? "), operand(e.Then, 1), pretty.Space(), pretty.Text(": "), exprDoc(e.Else))
	case *CallExpr:
		return pretty.Group(pretty.Text(e.Name+"("), argList(e.Args, e.Bar, ")"))
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
		return pretty.Group(pretty.Text("{"), argList(e.Elems, false, "}"))
	case *RowVectorExpr:
		return pretty.Group(pretty.Text("["), argList(e.Elems, false, "]"))
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
		return exprDoc(ix.Single)
	}
	var items []*pretty.Doc
	if ix.Lo != nil {
		items = append(items, rangeEnd(ix.Lo))
	}
	items = append(items, pretty.Text(":"))
	if ix.Hi != nil {
		items = append(items, rangeEnd(ix.Hi))
	}
	return pretty.Group(items...)
}

// argList is the group of a call's arguments, breakable after each comma,
// with the closing bracket in it so that it is measured with the last
// argument. With bar, the first argument is the outcome: `y | mu, sigma`.
func argList(args []Expr, bar bool, closing string) *pretty.Doc {
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
		items = append(items, exprDoc(a))
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
