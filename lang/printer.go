package lang

import (
	"bytes"
	"io"
	"strconv"
	"strings"
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
//   - lines longer than maxLineWidth broken greedily at the break points of
//     the outermost expressions that do not fit: before a binary operator of
//     a chain of equal precedence, after the commas of an argument list (not
//     after the | of `normal_lpdf(y | mu, sigma)`), before the ? and : of a
//     conditional, continuation lines aligned with the first operand or
//     argument; a right-hand side that fits only on a line of its own and a
//     truncation that does not fit go on the next line, indented twice.
//
// The layout reproduces posteriordb's programs byte for byte except where a
// human chose other line breaks than the greedy ones (printer_test.go lists them).

// maxLineWidth is the widest line the printer writes when it can break the
// line. posteriordb's programs keep an 80-column line whole and break one of 82.
const maxLineWidth = 80

// maxAlignColumn is the rightmost column a continuation line may start at: a
// group that starts further right (an argument list deep in a long line) is
// not broken, since its continuation lines would hold only a few columns
// each. OCaml's Format, which stanc3's formatter uses, has a similar limit
// (max_indent).
const maxAlignColumn = 60

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
	return flat(exprDoc(e))
}

// TypeString returns a declared type on one line: `array[N] vector<lower=0>[K]`.
func TypeString(t *TypeSpec) string {
	if t == nil {
		return ""
	}
	return flat(typeDoc(t))
}

// ---------------------------------------------------------------- documents

// A doc is a piece of one statement's text with the places where a line may
// break: a tree of texts, breaks and groups. A group's continuation lines
// start at the column where the group starts, so that broken operands line up
// under the first operand and broken arguments under the first argument.
type doc struct {
	kind  docKind
	text  string // docText: the text; docBreak: what it prints when the line does not break
	items []*doc // docGroup
	width int    // the width of the doc printed on one line
	hang  int    // docGroup: continuation lines start this far right of the group's start

	// lastResort marks the break before the = of an assignment or a
	// declaration: taken only when the right-hand side overflows where it
	// stands and fits on a line of its own.
	lastResort bool
}

type docKind uint8

const (
	docText docKind = iota
	docBreak
	docGroup
)

func text(s string) *doc { return &doc{kind: docText, text: s, width: len(s)} }

// space is a break that prints one space when the line does not break there.
func space() *doc { return &doc{kind: docBreak, text: " ", width: 1} }

func group(items ...*doc) *doc {
	g := &doc{kind: docGroup, items: items}
	for _, it := range items {
		g.width += it.width
	}
	return g
}

// flat returns d on one line.
func flat(d *doc) string {
	var b strings.Builder
	writeFlat(&b, d)
	return b.String()
}

func writeFlat(b *strings.Builder, d *doc) {
	switch d.kind {
	case docGroup:
		for _, it := range d.items {
			writeFlat(b, it)
		}
	default:
		b.WriteString(d.text)
	}
}

// layout writes docs to buf, breaking lines at the breaks of the outermost
// groups that do not fit (Oppen 1980, "Prettyprinting", with the greedy
// filling of every group that stanc3's Format boxes give).
type layout struct {
	buf  *bytes.Buffer
	col  int
	over bool // a line went past maxLineWidth
}

// group writes g starting at the current column; trail is the width of the
// text that must follow g on the same line (up to the next break outside g).
func (l *layout) group(g *doc, trail int) {
	if g.kind != docGroup || l.col+g.width+trail <= maxLineWidth {
		l.write(flat(g))
		return
	}
	start := l.col + g.hang
	for i, it := range g.items {
		switch it.kind {
		case docText:
			l.write(it.text)
		case docGroup:
			l.group(it, trailAfter(g, i, trail))
		case docBreak:
			if it.lastResort {
				rest := group(g.items[i+1:]...)
				if !overflows(rest, l.col+it.width, trail) || overflows(rest, start, trail) {
					l.write(it.text)
					continue
				}
			} else if l.col+it.width+trailAfter(g, i, trail) <= maxLineWidth || start >= l.col || start > maxAlignColumn {
				// Break only when the rest up to the next break does not fit
				// and breaking moves it left.
				l.write(it.text)
				continue
			}
			l.buf.WriteByte('\n')
			l.buf.WriteString(strings.Repeat(" ", start))
			l.col = start
		}
	}
}

// trailAfter is the width of the items after g.items[i] up to g's next break,
// plus trail when g ends first.
func trailAfter(g *doc, i, trail int) int {
	w := 0
	for _, it := range g.items[i+1:] {
		if it.kind == docBreak {
			return w
		}
		w += it.width
	}
	return w + trail
}

func (l *layout) write(s string) {
	l.buf.WriteString(s)
	l.col += len(s)
	l.over = l.over || l.col > maxLineWidth
}

// overflows reports whether d, laid out from column col and followed by
// trail columns, has a line wider than maxLineWidth.
func overflows(d *doc, col, trail int) bool {
	l := layout{buf: &bytes.Buffer{}, col: col}
	l.group(d, trail)
	return l.over || l.col+trail > maxLineWidth
}

// ---------------------------------------------------------------- program and statements

type printer struct {
	buf    bytes.Buffer
	indent int
}

// line writes d as one statement's text at the current indentation, broken
// if it is too long, then eol (a trailing comment or nothing) and a newline.
func (p *printer) line(d *doc, eol string) {
	ind := strings.Repeat(indentUnit, p.indent)
	p.buf.WriteString(ind)
	l := layout{buf: &p.buf, col: len(ind)}
	l.group(d, 0)
	if eol != "" {
		p.buf.WriteString(" " + eol)
	}
	p.buf.WriteByte('\n')
}

func (p *printer) comments(cs []string) {
	for _, c := range cs {
		p.line(text(c), "")
	}
}

func (p *printer) program(prog *Program) {
	p.comments(prog.Comments)
	for k, b := range prog.Blocks() {
		if b == nil {
			continue
		}
		p.comments(b.Comments)
		p.line(text(BlockKind(k).String()+" {"), b.OpenNote)
		p.blockBody(b)
		p.line(text("}"), b.CloseNote)
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
		p.closeBody(p.compound(group(text("for ("+s.Var+" in "), rangeEnd(s.Lo), text(":"), rangeEnd(s.Hi), text(")")), s.Trailing, s.Body))
	case *ForEachStmt:
		p.closeBody(p.compound(group(text("for ("+s.Var+" in "), exprDoc(s.Collection), text(")")), s.Trailing, s.Body))
	case *WhileStmt:
		p.closeBody(p.compound(group(text("while ("), exprDoc(s.Cond), text(")")), s.Trailing, s.Body))
	case *IfStmt:
		p.ifStmt(s)
	case *BlockStmt:
		p.line(text("{"), s.Trailing)
		p.blockBody(s.Body)
		p.line(text("}"), s.Body.CloseNote)
	default:
		p.line(simpleStmtDoc(s), s.notes().Trailing)
	}
}

// compound writes a loop's or an if's header, with the comment eol at the
// end of its line, and body. For a braced body it leaves the closing brace
// unwritten and returns the body, so that an if can write `} else`.
func (p *printer) compound(head *doc, eol string, body Stmt) (open *Block) {
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
		p.line(group(head, text(" {")), eol)
	} else {
		// Between the header and the brace, the only other place that
		// parses back onto the body.
		p.line(head, "")
		p.comments(b.Comments)
		p.line(text("{"), eol)
	}
	p.blockBody(b.Body)
	return b.Body
}

// closeBody writes the closing brace of a body that compound left open.
func (p *printer) closeBody(open *Block) {
	if open != nil {
		p.line(text("}"), open.CloseNote)
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
		open := p.compound(group(text(prefix+"if ("), exprDoc(s.Cond), text(")")), s.Trailing, then)
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
		p.closeBody(p.compound(text(strings.TrimSuffix(prefix, " ")), eol, s.Else))
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
func simpleStmtDoc(s Stmt) *doc {
	switch s := s.(type) {
	case *VarDecl:
		d := group(typeDoc(s.Type), text(" "+s.Name))
		if s.Init != nil {
			d = assignment(d, "=", s.Init)
		}
		return group(d, text(";"))
	case *AssignStmt:
		return group(assignment(exprDoc(s.LHS), s.Op.String(), s.RHS), text(";"))
	case *TildeStmt:
		d := group(exprDoc(s.LHS), text(" ~ "+s.Dist+"("), argList(s.Args, false, ")"))
		if s.HasTrunc {
			lo, hi := text(""), text("")
			if s.TruncLo != nil {
				lo = exprDoc(s.TruncLo)
			}
			if s.TruncHi != nil {
				hi = exprDoc(s.TruncHi)
			}
			// A long truncation goes to a line of its own, indented twice.
			d = group(d, space(), text("T["), group(lo, text(","), space(), hi, text("]")))
			d.hang = 2 * len(indentUnit)
		}
		return group(d, text(";"))
	case *TargetStmt:
		return group(text("target += "), exprDoc(s.Value), text(";"))
	case *PrintStmt:
		name := "print("
		if s.Reject {
			name = "reject("
		}
		return group(text(name), argList(s.Args, false, ")"), text(";"))
	case *BreakStmt:
		if s.Continue {
			return text("continue;")
		}
		return text("break;")
	case *EmptyStmt:
		return text(";")
	}
	return text(";")
}

// assignment is `lhs op rhs`. When rhs does not fit after lhs but fits on a
// line of its own, the line breaks before op, indented twice.
func assignment(lhs *doc, op string, rhs Expr) *doc {
	brk := space()
	brk.lastResort = true
	d := group(lhs, brk, text(op+" "), exprDoc(rhs))
	d.hang = 2 * len(indentUnit)
	return d
}

// ---------------------------------------------------------------- types

func typeDoc(t *TypeSpec) *doc {
	if t == nil {
		return text("<?>")
	}
	var items []*doc
	if len(t.ArrayDims) > 0 {
		items = append(items, text("array["), commaList(t.ArrayDims, exprDoc), text("] "))
	}
	items = append(items, text(t.Kind.String()))
	var bounds []*doc
	bound := func(key string, e Expr) {
		if e == nil {
			return
		}
		if len(bounds) > 0 {
			bounds = append(bounds, text(", "))
		}
		bounds = append(bounds, text(key+"="), boundDoc(e))
	}
	bound("lower", t.Lower)
	bound("upper", t.Upper)
	bound("offset", t.Offset)
	bound("multiplier", t.Multiplier)
	if len(bounds) > 0 {
		items = append(items, text("<"), group(bounds...), text(">"))
	}
	if len(t.Sizes) > 0 {
		items = append(items, text("["), commaList(t.Sizes, sizeDoc), text("]"))
	}
	return group(items...)
}

// commaList joins expressions with ", " and no breaks (sizes, dimensions, indexes).
func commaList(es []Expr, f func(Expr) *doc) *doc {
	var items []*doc
	for i, e := range es {
		if i > 0 {
			items = append(items, text(", "))
		}
		items = append(items, f(e))
	}
	return group(items...)
}

// boundDoc parenthesises a compound bound, `upper=(1 - alpha1)`: the grammar
// requires it below the comparisons (the closing > ends the bounds), and the
// parentheses make the end of the bound plain to a reader.
func boundDoc(e Expr) *doc {
	switch e.(type) {
	case *BinaryExpr, *CondExpr:
		return parens(exprDoc(e))
	}
	return operand(e, precAdd)
}

// sizeDoc writes a vector's or matrix's size, which the grammar reads as an
// additive expression.
func sizeDoc(e Expr) *doc { return operand(e, precAdd) }

// rangeEnd writes one end of a range lo:hi, parenthesising a compound end,
// `(K + 1):T`, as Stan programs conventionally do; a conditional needs it.
func rangeEnd(e Expr) *doc {
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
func operand(e Expr, min int) *doc {
	if precedence(e) < min {
		return parens(exprDoc(e))
	}
	return exprDoc(e)
}

func parens(d *doc) *doc { return group(text("("), d, text(")")) }

func exprDoc(e Expr) *doc {
	switch e := e.(type) {
	case *IntLit:
		if e.Text != "" {
			return text(e.Text)
		}
		return text(strconv.FormatInt(e.Value, 10))
	case *RealLit:
		if e.Text != "" {
			return text(e.Text)
		}
		return text(realText(e.Value))
	case *StringLit:
		return text(`"` + e.Value + `"`)
	case *Ident:
		return text(e.Name)
	case *BinaryExpr:
		return binaryDoc(e)
	case *UnaryExpr:
		// A nested prefix operator gets parentheses: -(-a) reads better than --a.
		return group(text(e.Op.String()), operand(e.X, precPow))
	case *TransposeExpr:
		return group(operand(e.X, precPostfix), text("'"))
	case *CondExpr:
		return group(operand(e.Cond, 1), space(), text("? "), operand(e.Then, 1), space(), text(": "), exprDoc(e.Else))
	case *CallExpr:
		return group(text(e.Name+"("), argList(e.Args, e.Bar, ")"))
	case *IndexExpr:
		var items []*doc
		for i, ix := range e.Indices {
			if i > 0 {
				items = append(items, text(", "))
			}
			items = append(items, indexDoc(ix))
		}
		return group(operand(e.X, precPostfix), text("["), group(items...), text("]"))
	case *ArrayExpr:
		return group(text("{"), argList(e.Elems, false, "}"))
	case *RowVectorExpr:
		return group(text("["), argList(e.Elems, false, "]"))
	}
	return text("<?>")
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

func indexDoc(ix Index) *doc {
	if !ix.Range {
		if ix.Single == nil {
			return text("")
		}
		return exprDoc(ix.Single)
	}
	var items []*doc
	if ix.Lo != nil {
		items = append(items, rangeEnd(ix.Lo))
	}
	items = append(items, text(":"))
	if ix.Hi != nil {
		items = append(items, rangeEnd(ix.Hi))
	}
	return group(items...)
}

// argList is the group of a call's arguments, breakable after each comma,
// with the closing bracket in it so that it is measured with the last
// argument. With bar, the first argument is the outcome: `y | mu, sigma`.
func argList(args []Expr, bar bool, closing string) *doc {
	var items []*doc
	for i, a := range args {
		switch {
		case i == 1 && bar:
			// No break after the bar: the outcome and the first parameter
			// stay together, as in stanc3's layout of a conditional density.
			items = append(items, text(" | "))
		case i > 0:
			items = append(items, text(","), space())
		}
		items = append(items, exprDoc(a))
	}
	if bar && len(args) == 1 {
		items = append(items, text(" |"))
	}
	items = append(items, text(closing))
	return group(items...)
}

// binaryDoc writes a chain of operators of one precedence, a + b - c, as one
// group that breaks before its operators.
func binaryDoc(e *BinaryExpr) *doc {
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
	items := []*doc{operand(head, leftMin)}
	for i := len(ops) - 1; i >= 0; i-- {
		items = append(items, space(), text(ops[i].Op.String()+" "), operand(ops[i].Y, rightMin))
	}
	return group(items...)
}
