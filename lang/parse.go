package lang

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/bayes-dev/bayes/lang/internal/grammar"
)

// Parse reads a model. It returns the program, or an ErrorList whose errors
// say where the text stops being the language and what was expected there.
// Comments are kept on the statements that follow them.
func Parse(file string, src []byte) (prog *Program, err error) {
	defer func() {
		// The grammar library must not turn a malformed model into a crash;
		// an internal failure is reported as an error at the start of the file.
		if r := recover(); r != nil {
			prog, err = nil, ErrorList{{Pos: Pos{1, 1}, Msg: fmt.Sprintf("internal parser error: %v", r)}}
		}
	}()
	var errs ErrorList
	if msg, pos := badCharacter(src); msg != "" {
		errs.Add(pos, "%s", msg)
		return nil, errs.Err()
	}
	toks := grammar.Tokens(file, src)
	for _, refuse := range []func([]lexer.Token) (string, lexer.Position){grammar.TooDeep, grammar.Unsupported} {
		if msg, at := refuse(toks); msg != "" {
			errs.Add(pos(at), "%s", msg)
			return nil, errs.Err()
		}
	}
	g, perr := grammar.Parse(file, src)
	if perr != nil {
		errs = append(errs, syntaxError(perr, toks))
		return nil, errs.Err()
	}
	c := converter{closes: map[*Block]Pos{}}
	prog = c.program(g)
	prog.File, prog.Src = file, src
	if len(c.errs) > 0 {
		return nil, c.errs.Err()
	}
	attachComments(prog, src, c.closes)
	return prog, nil
}

// badCharacter finds a character no token can start with, so that the message
// names it instead of the lexer's generic complaint.
func badCharacter(src []byte) (string, Pos) {
	line, col := 1, 1
	inLine, inBlock, inString := false, false, false
	s := string(src)
	for i, r := range s {
		switch {
		case inLine:
			inLine = r != '\n'
		case inBlock:
			if r == '/' && i > 0 && s[i-1] == '*' {
				inBlock = false
			}
		case inString:
			inString = r != '"' && r != '\n'
		case r == '/' && strings.HasPrefix(s[i:], "//"):
			inLine = true
		case r == '/' && strings.HasPrefix(s[i:], "/*"):
			inBlock = true
		case r == '"':
			inString = true
		case r == '#':
			return "'#' is not part of the language: write comments with // or /* */ (and #include is not supported)", Pos{line, col}
		case r == '@' || r == '$' || r == '`' || r == '&' && !strings.HasPrefix(s[i:], "&&") && (i == 0 || s[i-1] != '&'):
			return fmt.Sprintf("unexpected character %q", r), Pos{line, col}
		case r > 127 || r < 32 && r != '\n' && r != '\t' && r != '\r':
			return fmt.Sprintf("unexpected character %q: model text must be plain ASCII outside comments", r), Pos{line, col}
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	if inBlock {
		return "comment /* is never closed with */", Pos{line, col}
	}
	return "", Pos{}
}

// syntaxError turns the grammar library's error into one positioned message
// in the language's terms: what was found, and what the context says was
// expected (the library itself rarely knows).
func syntaxError(err error, toks []lexer.Token) *Error {
	var perr participle.Error
	if !errors.As(err, &perr) {
		return &Error{Pos: Pos{1, 1}, Msg: "syntax error: " + err.Error()}
	}
	lp := perr.Position()
	at := Pos{Line: lp.Line, Col: lp.Column}
	if at.Line == 0 {
		at = Pos{1, 1}
	}
	var ut *participle.UnexpectedTokenError
	if !errors.As(err, &ut) {
		return &Error{Pos: at, Msg: "syntax error: " + perr.Message()}
	}
	tok := ut.Unexpected
	found := fmt.Sprintf("%q", tok.Value)
	if tok.EOF() {
		found = "the end of the file"
	}
	// Where the unexpected token stands: its index, the one before it, and the
	// brace depth there.
	k, depth := len(toks), 0
	for i, t := range toks {
		if t.Pos.Offset >= tok.Pos.Offset && !tok.EOF() {
			k = i
			break
		}
		switch t.Value {
		case "{":
			depth++
		case "}":
			depth--
		}
	}
	var prev lexer.Token
	if k > 0 {
		prev = toks[k-1]
	}
	switch {
	case tok.EOF() && depth > 0:
		return &Error{Pos: at, Msg: fmt.Sprintf("syntax error: the file ends inside a block: expected \"}\" (%d still open)", depth)}
	case depth == 0 && !tok.EOF():
		if blockWords[tok.Value] {
			return &Error{Pos: at, Msg: fmt.Sprintf("syntax error: block %q is repeated or out of order; blocks come in the order %s", blockName(toks, k), blockOrder)}
		}
		msg := fmt.Sprintf("syntax error: expected a program block (%s), found %s", blockOrder, found)
		if s := Nearest(tok.Value, []string{"functions", "data", "transformed", "parameters", "model", "generated", "quantities"}); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return &Error{Pos: at, Msg: msg}
	case endsOperand(prev) && (tok.Value == "}" || tok.EOF() || tok.Pos.Line > prev.Pos.Line):
		p := Pos{prev.Pos.Line, prev.Pos.Column + len(prev.Value)}
		return &Error{Pos: p, Msg: fmt.Sprintf("syntax error: expected \";\" after %q, found %s", prev.Value, found)}
	case prev.Value != "" && !endsOperand(prev) && prev.Value != "{" && prev.Value != "}" && prev.Value != ";":
		return &Error{Pos: at, Msg: fmt.Sprintf("syntax error: expected an expression after %q, found %s", prev.Value, found)}
	}
	if ut.Expect != "" {
		return &Error{Pos: at, Msg: fmt.Sprintf("syntax error: expected %s, found %s", describeExpected(ut.Expect), found)}
	}
	return &Error{Pos: at, Msg: fmt.Sprintf("syntax error: unexpected %s", found)}
}

const blockOrder = "functions, data, transformed data, parameters, transformed parameters, model, generated quantities"

var blockWords = map[string]bool{"functions": true, "data": true, "transformed": true,
	"parameters": true, "model": true, "generated": true}

// blockName is the full block name starting at token k ("transformed data").
func blockName(toks []lexer.Token, k int) string {
	name := toks[k].Value
	if (name == "transformed" || name == "generated") && k+1 < len(toks) {
		name += " " + toks[k+1].Value
	}
	return name
}

// endsOperand reports whether a token can end an expression, so that a
// statement could have ended there.
func endsOperand(t lexer.Token) bool {
	if t.Value == "" {
		return false
	}
	switch t.Value {
	case ")", "]", "'":
		return true
	}
	c := t.Value[0]
	return c == '.' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '"'
}

// converter builds the AST from the grammar's tree, collecting the errors the
// grammar cannot express (sizes, bounds, reserved names).
type converter struct {
	errs   ErrorList
	closes map[*Block]Pos // each block's closing brace, where trailing comments attach
}

func pos(p lexer.Position) Pos { return Pos{Line: p.Line, Col: p.Column} }

func (c *converter) program(g *grammar.Program) *Program {
	p := &Program{}
	p.Functions = c.functions(g.Functions)
	p.Data = c.block(g.Data, BlockData)
	p.TransformedData = c.block(g.TData, BlockTransformedData)
	p.Parameters = c.block(g.Params, BlockParameters)
	p.TransformedParameters = c.block(g.TParams, BlockTransformedParameters)
	p.Model = c.block(g.Model, BlockModel)
	p.GeneratedQuantities = c.block(g.GenQuant, BlockGeneratedQuantities)
	return p
}

func (c *converter) block(g *grammar.Block, kind BlockKind) *Block {
	if g == nil {
		return nil
	}
	b := &Block{Pos: pos(g.Pos), Kind: kind}
	c.closes[b] = pos(g.Close.Pos)
	for _, s := range g.Stmts {
		b.Stmts = append(b.Stmts, c.stmt(s, kind))
	}
	return b
}

// stmt converts one statement; where is the program block it stands in
// (declarations record it; nested blocks make their declarations local).
func (c *converter) stmt(g *grammar.Stmt, where BlockKind) Stmt {
	p := pos(g.Pos)
	switch {
	case g.Block != nil:
		return &BlockStmt{Pos: p, Body: c.block(g.Block, BlockLocal)}
	case g.Profile != nil:
		return &BlockStmt{Pos: p, Body: c.block(g.Profile.Body, BlockLocal), Profile: *g.Profile.Name}
	case g.Decl != nil:
		return c.decl(g.Decl, where)
	case g.For != nil:
		return c.forStmt(g.For)
	case g.While != nil:
		return &WhileStmt{Pos: p, Cond: c.expr(g.While.Cond), Body: c.stmt(g.While.Body, BlockLocal)}
	case g.If != nil:
		s := &IfStmt{Pos: p, Cond: c.expr(g.If.Cond), Then: c.stmt(g.If.Then, BlockLocal)}
		if g.If.Else != nil {
			s.Else = c.stmt(g.If.Else, BlockLocal)
		}
		return s
	case g.Break != "":
		return &BreakStmt{Pos: p, Continue: g.Break == "continue"}
	case g.Print != nil:
		s := &PrintStmt{Pos: p, Reject: g.Print.Kind != "print", Fatal: g.Print.Kind == "fatal_error"}
		for _, a := range g.Print.Args {
			s.Args = append(s.Args, c.expr(a))
		}
		return s
	case g.Target != nil:
		return &TargetStmt{Pos: p, Value: c.expr(g.Target)}
	case g.Jacobian != nil:
		return &TargetStmt{Pos: p, Value: c.expr(g.Jacobian), Jacobian: true}
	case g.Simple != nil:
		return c.simple(g.Simple)
	case g.Return != nil:
		s := &ReturnStmt{Pos: p}
		if g.Return.Value != nil {
			s.Value = c.expr(g.Return.Value)
		}
		return s
	default:
		return &EmptyStmt{Pos: p}
	}
}

// name returns a declared name, reporting it at its place when Stan
// reserves it; the name is kept, so that its uses do not cascade.
func (c *converter) name(g *grammar.Name) string {
	if why := reservedName(g.Name); why != "" {
		c.errs.Add(pos(g.Pos), "%s", why)
	}
	return g.Name
}

func (c *converter) decl(g *grammar.Decl, where BlockKind) *VarDecl {
	d := &VarDecl{Pos: pos(g.Pos), Name: c.name(g.Name), Block: where, Type: c.typeSpec(g.Type)}
	if len(g.OldDims) > 0 {
		if len(d.Type.ArrayDims) > 0 {
			c.errs.Add(pos(g.OldDims[0].Pos), "%q has array sizes both before (array[...]) and after its name; use array[...] only", d.Name)
		}
		for _, e := range g.OldDims {
			d.Type.ArrayDims = append(d.Type.ArrayDims, c.expr(e))
		}
	}
	if g.Init != nil {
		d.Init = c.expr(g.Init)
	}
	return d
}

// sizeCounts says how many sizes each declared kind takes: min and max.
var sizeCounts = [...][2]int{
	DeclInt: {0, 0}, DeclReal: {0, 0}, DeclVector: {1, 1}, DeclRowVector: {1, 1},
	DeclMatrix: {2, 2}, DeclSimplex: {1, 1}, DeclUnitVector: {1, 1}, DeclOrdered: {1, 1},
	DeclPositiveOrdered: {1, 1}, DeclCholeskyFactorCorr: {1, 1}, DeclCholeskyFactorCov: {1, 2},
	DeclCorrMatrix: {1, 1}, DeclCovMatrix: {1, 1}, DeclSumToZeroVector: {1, 1},
	DeclRowStochasticMatrix: {2, 2}, DeclColumnStochasticMatrix: {2, 2}, DeclSumToZeroMatrix: {2, 2},
}

func (c *converter) typeSpec(g *grammar.Type) *TypeSpec {
	// The grammar admits only the names of declNames.
	t := &TypeSpec{Pos: pos(g.Pos), Kind: DeclKind(slices.Index(declNames[:], g.Base))}
	for _, e := range g.ArrayDims {
		t.ArrayDims = append(t.ArrayDims, c.expr(e))
	}
	for _, e := range g.Sizes {
		t.Sizes = append(t.Sizes, c.expr(e))
	}
	n := sizeCounts[t.Kind]
	switch {
	case len(t.Sizes) < n[0] || len(t.Sizes) > n[1]:
		want := fmt.Sprintf("%d size", n[0])
		if n[0] != n[1] {
			want = fmt.Sprintf("%d or %d sizes", n[0], n[1])
		} else if n[0] != 1 {
			want += "s"
		}
		if n[1] == 0 {
			c.errs.Add(t.Pos, "%s takes no size in brackets, found %d; for an array write array[...] %s", g.Base, len(t.Sizes), g.Base)
		} else {
			c.errs.Add(t.Pos, "%s takes %s in brackets, found %d", g.Base, want, len(t.Sizes))
		}
	}
	for _, b := range g.Bounds {
		v := c.addExpr(b.Value)
		dup := func(e Expr) {
			if e != nil {
				c.errs.Add(pos(b.Pos), "%s= is given twice", b.Key)
			}
		}
		switch b.Key {
		case "lower":
			dup(t.Lower)
			t.Lower = v
		case "upper":
			dup(t.Upper)
			t.Upper = v
		case "offset":
			dup(t.Offset)
			t.Offset = v
		case "multiplier":
			dup(t.Multiplier)
			t.Multiplier = v
		}
	}
	if (t.Lower != nil || t.Upper != nil) && (t.Offset != nil || t.Multiplier != nil) {
		c.errs.Add(t.Pos, "lower/upper bounds cannot be combined with offset/multiplier")
	}
	if len(g.Bounds) > 0 {
		switch t.Kind {
		case DeclInt, DeclReal, DeclVector, DeclRowVector, DeclMatrix:
		default:
			c.errs.Add(t.Pos, "%s cannot have bounds or offset/multiplier; only int, real, vector, row_vector and matrix can", g.Base)
		}
		if t.Kind == DeclInt && (t.Offset != nil || t.Multiplier != nil) {
			c.errs.Add(t.Pos, "int cannot have offset/multiplier")
		}
	}
	return t
}

func (c *converter) forStmt(g *grammar.For) Stmt {
	p := pos(g.Pos)
	body := c.stmt(g.Body, BlockLocal)
	if g.Hi == nil {
		return &ForEachStmt{Pos: p, Var: c.name(g.Var), Collection: c.expr(g.Lo), Body: body}
	}
	return &ForStmt{Pos: p, Var: c.name(g.Var), Lo: c.expr(g.Lo), Hi: c.expr(g.Hi), Body: body}
}

var assignSpellings = map[string]AssignOp{
	"=": Assign, "+=": AddAssign, "-=": SubAssign, "*=": MulAssign,
	"/=": DivAssign, ".*=": EltMulAssign, "./=": EltDivAssign,
}

func (c *converter) simple(g *grammar.Simple) Stmt {
	p := pos(g.Pos)
	lhs := c.expr(g.LHS)
	if g.Tilde != nil {
		t := g.Tilde
		s := &TildeStmt{Pos: p, LHS: lhs, Dist: t.Dist, DistPos: pos(t.Pos)}
		for _, a := range t.Args {
			s.Args = append(s.Args, c.expr(a))
		}
		if t.Trunc != nil {
			s.HasTrunc = true
			if t.Trunc.Lo != nil {
				s.TruncLo = c.expr(t.Trunc.Lo)
			}
			if t.Trunc.Hi != nil {
				s.TruncHi = c.expr(t.Trunc.Hi)
			}
		}
		return s
	}
	if g.AssignO == "" {
		// A call statement: the checker accepts only a void function's.
		if call, ok := lhs.(*CallExpr); ok {
			return &CallStmt{Pos: p, Call: call}
		}
		c.errs.Add(p, "syntax error: a statement is an assignment, a ~ statement or a call of a void function; found `%s` on its own", ExprString(lhs))
		return &EmptyStmt{Pos: p}
	}
	if !assignable(lhs) {
		c.errs.Add(p, "the left of %s must be a variable, optionally indexed; found %s", g.AssignO, describeExpr(lhs))
	}
	return &AssignStmt{Pos: p, LHS: lhs, Op: assignSpellings[g.AssignO], RHS: c.expr(g.RHS)}
}

// assignable reports whether e is a variable with zero or more index lists.
func assignable(e Expr) bool {
	for {
		switch x := e.(type) {
		case *Ident:
			return true
		case *IndexExpr:
			e = x.X
		default:
			return false
		}
	}
}

// describeExpr names the kind of an expression for messages.
func describeExpr(e Expr) string {
	switch e.(type) {
	case *IntLit, *RealLit:
		return "a number"
	case *StringLit:
		return "a string"
	case *CallExpr:
		return "a function call"
	case *BinaryExpr, *UnaryExpr:
		return "an arithmetic expression"
	case *CondExpr:
		return "a conditional expression"
	case *TransposeExpr:
		return "a transpose"
	default:
		return "an expression"
	}
}

// ---------------------------------------------------------------- expressions

func (c *converter) expr(g *grammar.Expr) Expr {
	e := c.or(g.Cond)
	if g.Then == nil {
		return e
	}
	return &CondExpr{Pos: e.Position(), Cond: e, Then: c.expr(g.Then), Else: c.expr(g.Else)}
}

var binSpellings = map[string]BinOp{
	"||": OpOr, "&&": OpAnd, "==": OpEq, "!=": OpNe, "<": OpLt, "<=": OpLe, ">": OpGt,
	">=": OpGe, "+": OpAdd, "-": OpSub, "*": OpMul, "/": OpDiv, "%": OpMod, "%/%": OpIntDiv,
	"\\": OpLeftDiv, ".*": OpEltMul, "./": OpEltDiv, "^": OpPow, ".^": OpEltPow,
}

func (c *converter) or(g *grammar.Or) Expr {
	e := c.and(g.Head)
	for _, t := range g.Tail {
		e = &BinaryExpr{Pos: e.Position(), Op: OpOr, X: e, Y: c.and(t.X)}
	}
	return e
}

func (c *converter) and(g *grammar.And) Expr {
	e := c.eq(g.Head)
	for _, t := range g.Tail {
		e = &BinaryExpr{Pos: e.Position(), Op: OpAnd, X: e, Y: c.eq(t.X)}
	}
	return e
}

func (c *converter) eq(g *grammar.Eq) Expr {
	e := c.cmp(g.Head)
	for _, t := range g.Tail {
		e = &BinaryExpr{Pos: e.Position(), Op: binSpellings[t.Op], X: e, Y: c.cmp(t.X)}
	}
	return e
}

func (c *converter) cmp(g *grammar.Cmp) Expr {
	e := c.addExpr(g.Head)
	for _, t := range g.Tail {
		e = &BinaryExpr{Pos: e.Position(), Op: binSpellings[t.Op], X: e, Y: c.addExpr(t.X)}
	}
	return e
}

func (c *converter) addExpr(g *grammar.AddExp) Expr {
	e := c.mul(g.Head)
	for _, t := range g.Tail {
		e = &BinaryExpr{Pos: e.Position(), Op: binSpellings[t.Op], X: e, Y: c.mul(t.X)}
	}
	return e
}

func (c *converter) mul(g *grammar.Mul) Expr {
	e := c.ldiv(g.Head)
	for _, t := range g.Tail {
		e = &BinaryExpr{Pos: e.Position(), Op: binSpellings[t.Op], X: e, Y: c.ldiv(t.X)}
	}
	return e
}

func (c *converter) ldiv(g *grammar.LDiv) Expr {
	e := c.elt(g.Head)
	for _, t := range g.Tail {
		e = &BinaryExpr{Pos: e.Position(), Op: OpLeftDiv, X: e, Y: c.elt(t.X)}
	}
	return e
}

func (c *converter) elt(g *grammar.Elt) Expr {
	e := c.unary(g.Head)
	for _, t := range g.Tail {
		e = &BinaryExpr{Pos: e.Position(), Op: binSpellings[t.Op], X: e, Y: c.unary(t.X)}
	}
	return e
}

var unarySpellings = map[string]UnaryOp{"-": UnaryNeg, "!": UnaryNot, "+": UnaryPlus}

func (c *converter) unary(g *grammar.Unary) Expr {
	if g.Pow != nil {
		return c.pow(g.Pow)
	}
	return &UnaryExpr{Pos: pos(g.Pos), Op: unarySpellings[g.Op], X: c.unary(g.X)}
}

func (c *converter) pow(g *grammar.Pow) Expr {
	base := c.postfix(g.Base)
	if g.Exponent == nil {
		return base
	}
	return &BinaryExpr{Pos: base.Position(), Op: binSpellings[g.Op], X: base, Y: c.unary(g.Exponent)}
}

func (c *converter) postfix(g *grammar.Postfix) Expr {
	e := c.primary(g.Primary)
	for _, s := range g.Ops {
		if s.Transpose {
			e = &TransposeExpr{Pos: e.Position(), X: e}
			continue
		}
		ix := &IndexExpr{Pos: e.Position(), X: e}
		for _, i := range s.Indices {
			ix.Indices = append(ix.Indices, c.index(i))
		}
		e = ix
	}
	return e
}

func (c *converter) index(g *grammar.Index) Index {
	i := Index{Pos: pos(g.Pos)}
	switch {
	case g.Colon:
		i.Range = true
		if g.Lo != nil {
			i.Lo = c.expr(g.Lo)
		}
		if g.Hi != nil {
			i.Hi = c.expr(g.Hi)
		}
	case g.Lo != nil:
		i.Single = c.expr(g.Lo)
	default:
		c.errs.Add(i.Pos, "empty index: write an expression, a range lo:hi, or : for all")
		i.Range = true
	}
	return i
}

func (c *converter) primary(g *grammar.Primary) Expr {
	p := pos(g.Pos)
	switch {
	case g.Real != nil:
		v, err := strconv.ParseFloat(*g.Real, 64)
		if err != nil && !math.IsInf(v, 0) {
			c.errs.Add(p, "malformed real literal %s", *g.Real)
		}
		return &RealLit{Pos: p, Value: v, Text: *g.Real}
	case g.Int != nil:
		v, err := strconv.ParseInt(*g.Int, 10, 32)
		if err != nil {
			c.errs.Add(p, "integer literal %s is too large: ints are 32-bit, at most 2147483647", *g.Int)
		}
		return &IntLit{Pos: p, Value: v, Text: *g.Int}
	case g.String != nil:
		return &StringLit{Pos: p, Value: strings.Trim(*g.String, `"`)}
	case g.Call != nil:
		return c.call(g.Call)
	case g.Ident != nil:
		return &Ident{Pos: p, Name: *g.Ident}
	case g.Paren != nil:
		return c.expr(g.Paren)
	case g.Array != nil:
		a := &ArrayExpr{Pos: p}
		for _, e := range g.Array {
			a.Elems = append(a.Elems, c.expr(e))
		}
		return a
	default:
		r := &RowVectorExpr{Pos: p}
		for _, e := range g.RowVec {
			r.Elems = append(r.Elems, c.expr(e))
		}
		return r
	}
}

func (c *converter) call(g *grammar.Call) *CallExpr {
	e := &CallExpr{Pos: pos(g.Pos), Name: g.Name, Bar: g.Bar}
	if g.Bar && len(g.Args) != 1 {
		c.errs.Add(e.Pos, "%s: exactly one argument (the outcome) goes before |, found %d", g.Name, len(g.Args))
	}
	for _, a := range g.Args {
		e.Args = append(e.Args, c.expr(a))
	}
	for _, a := range g.Rest {
		e.Args = append(e.Args, c.expr(a))
	}
	return e
}

// describeExpected rewrites the grammar library's description of what it
// wanted (struct names, token classes) into words a model author knows.
func describeExpected(expect string) string {
	return strings.NewReplacer(
		"<ident>", "a name", "<int>", "an integer", "<real>", "a number", "<string>", "a string",
		"grammar.Stmt", "a statement", "grammar.Expr", "an expression", "grammar.AddExp", "an expression",
		"grammar.Type", "a type", "grammar.Block", "a block", "grammar.Index", "an index",
		"grammar.Bound", "lower=, upper=, offset= or multiplier=", "grammar.Tilde", "a distribution",
		"grammar.Close", `"}"`,
	).Replace(expect)
}
