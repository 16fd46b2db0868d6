// Package printer writes a lang.Program back as canonical source in modern
// Stan syntax, the form `bayes fmt` prints and `bayes reparam` emits. It lays
// out programs, blocks and statements; the expressions and types in them are
// lang's documents (lang.ExprDoc, lang.TypeDoc), which lang's own messages
// write on one line, so that an expression reads the same in both.
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
package printer

import (
	"bytes"
	"io"
	"strings"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/lang/pretty"
)

const indentUnit = "  "

// Fprint writes p as canonical source to w.
func Fprint(w io.Writer, p *lang.Program) error {
	_, err := w.Write(Format(p))
	return err
}

// Format returns p as canonical source.
func Format(p *lang.Program) []byte {
	pr := &printer{}
	pr.program(p)
	return pr.buf.Bytes()
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

func (p *printer) program(prog *lang.Program) {
	p.comments(prog.Comments)
	for k, b := range prog.Blocks() {
		if b == nil {
			continue
		}
		p.comments(b.Comments)
		p.line(pretty.Text(lang.BlockKind(k).String()+" {"), b.OpenNote)
		p.blockBody(b)
		p.line(pretty.Text("}"), b.CloseNote)
	}
	p.comments(prog.TrailingComments)
}

// blockBody writes a block's statements and trailing comments one level in.
func (p *printer) blockBody(b *lang.Block) {
	p.indent++
	if b != nil {
		for _, s := range b.Stmts {
			p.stmt(s)
		}
		p.comments(b.TrailingNotes)
	}
	p.indent--
}

func (p *printer) stmt(s lang.Stmt) {
	p.comments(lang.NotesOf(s).Comments)
	switch s := s.(type) {
	case *lang.ForStmt:
		p.closeBody(p.compound(pretty.Group(pretty.Text("for ("+s.Var+" in "), lang.RangeEndDoc(s.Lo), pretty.Text(":"), lang.RangeEndDoc(s.Hi), pretty.Text(")")), s.Trailing, s.Body))
	case *lang.ForEachStmt:
		p.closeBody(p.compound(pretty.Group(pretty.Text("for ("+s.Var+" in "), lang.ExprDoc(s.Collection), pretty.Text(")")), s.Trailing, s.Body))
	case *lang.WhileStmt:
		p.closeBody(p.compound(pretty.Group(pretty.Text("while ("), lang.ExprDoc(s.Cond), pretty.Text(")")), s.Trailing, s.Body))
	case *lang.IfStmt:
		p.ifStmt(s)
	case *lang.BlockStmt:
		open := "{"
		if s.Profile != "" {
			open = "profile(" + s.Profile + ") {"
		}
		p.line(pretty.Text(open), s.Trailing)
		p.blockBody(s.Body)
		p.line(pretty.Text("}"), s.Body.CloseNote)
	case *lang.FuncDef:
		p.funcDef(s)
	default:
		p.line(simpleStmtDoc(s), lang.NotesOf(s).Trailing)
	}
}

// compound writes a loop's or an if's header, with the comment eol at the
// end of its line, and body. For a braced body it leaves the closing brace
// unwritten and returns the body, so that an if can write `} else`.
func (p *printer) compound(head *pretty.Doc, eol string, body lang.Stmt) (open *lang.Block) {
	b, ok := body.(*lang.BlockStmt)
	if !ok || b.Profile != "" {
		p.line(head, eol)
		p.indent++
		p.stmt(body)
		p.indent--
		return nil
	}
	eol = lang.JoinNotes(eol, b.Trailing)
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
func (p *printer) closeBody(open *lang.Block) {
	if open != nil {
		p.line(pretty.Text("}"), open.CloseNote)
	}
}

// ifStmt writes an if and its else-if chain flat.
func (p *printer) ifStmt(s *lang.IfStmt) {
	prefix := ""
	for {
		then := s.Then
		if s.Else != nil && openIf(then) {
			// Braces keep a following else from attaching to the inner if.
			then = &lang.BlockStmt{Body: &lang.Block{Kind: lang.BlockLocal, Stmts: []lang.Stmt{then}}}
		}
		open := p.compound(pretty.Group(pretty.Text(prefix+"if ("), lang.ExprDoc(s.Cond), pretty.Text(")")), s.Trailing, then)
		if s.Else == nil {
			p.closeBody(open)
			return
		}
		prefix = "else "
		eol := ""
		if open != nil {
			prefix = "} else "
			_, braced := s.Else.(*lang.BlockStmt)
			_, elseIf := s.Else.(*lang.IfStmt)
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
		if elif, ok := s.Else.(*lang.IfStmt); ok {
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
func openIf(s lang.Stmt) bool {
	switch s := s.(type) {
	case *lang.IfStmt:
		if s.Else == nil {
			return true
		}
		return openIf(s.Else)
	case *lang.ForStmt:
		return openIf(s.Body)
	case *lang.ForEachStmt:
		return openIf(s.Body)
	case *lang.WhileStmt:
		return openIf(s.Body)
	}
	return false
}

// simpleStmtDoc is the text of a statement that has no body.
func simpleStmtDoc(s lang.Stmt) *pretty.Doc {
	switch s := s.(type) {
	case *lang.VarDecl:
		d := pretty.Group(lang.TypeDoc(s.Type), pretty.Text(" "+s.Name))
		if s.Init != nil {
			d = assignment(d, "=", s.Init)
		}
		return pretty.Group(d, pretty.Text(";"))
	case *lang.AssignStmt:
		return pretty.Group(assignment(lang.ExprDoc(s.LHS), s.Op.String(), s.RHS), pretty.Text(";"))
	case *lang.TildeStmt:
		d := pretty.Group(lang.ExprDoc(s.LHS), pretty.Text(" ~ "+s.Dist+"("), lang.ArgsDoc(s.Args, false, ")"))
		if s.HasTrunc {
			lo, hi := pretty.Text(""), pretty.Text("")
			if s.TruncLo != nil {
				lo = lang.ExprDoc(s.TruncLo)
			}
			if s.TruncHi != nil {
				hi = lang.ExprDoc(s.TruncHi)
			}
			// A long truncation goes to a line of its own, indented twice.
			d = pretty.Group(d, pretty.Space(), pretty.Text("T["), pretty.Group(lo, pretty.Text(","), pretty.Space(), hi, pretty.Text("]")))
			d.Hang = 2 * len(indentUnit)
		}
		return pretty.Group(d, pretty.Text(";"))
	case *lang.TargetStmt:
		kw := "target += "
		if s.Jacobian {
			kw = "jacobian += "
		}
		return pretty.Group(pretty.Text(kw), lang.ExprDoc(s.Value), pretty.Text(";"))
	case *lang.PrintStmt:
		name := "print("
		switch {
		case s.Fatal:
			name = "fatal_error("
		case s.Reject:
			name = "reject("
		}
		return pretty.Group(pretty.Text(name), lang.ArgsDoc(s.Args, false, ")"), pretty.Text(";"))
	case *lang.BreakStmt:
		if s.Continue {
			return pretty.Text("continue;")
		}
		return pretty.Text("break;")
	case *lang.EmptyStmt:
		return pretty.Text(";")
	case *lang.ReturnStmt, *lang.CallStmt:
		return funcStmtDoc(s)
	}
	return pretty.Text(";")
}

// assignment is `lhs op rhs`. When rhs does not fit after lhs but fits on a
// line of its own, the line breaks before op, indented twice.
func assignment(lhs *pretty.Doc, op string, rhs lang.Expr) *pretty.Doc {
	brk := pretty.Space()
	brk.LastResort = true
	d := pretty.Group(lhs, brk, pretty.Text(op+" "), lang.ExprDoc(rhs))
	d.Hang = 2 * len(indentUnit)
	return d
}
