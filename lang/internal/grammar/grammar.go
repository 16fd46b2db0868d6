package lang

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The grammar is written as participle structs (the g* types below); parse.go
// converts their tree into the AST of ast.go, which is what every later pass
// reads. Keeping the two apart lets the AST be shaped for the passes (one
// BinaryExpr with an operator, not one struct per precedence level) while the
// grammar stays a direct transcription of the Stan Reference Manual's syntax.

var stanLexer = lexer.MustSimple([]lexer.SimpleRule{
	{Name: "Comment", Pattern: `//[^\n]*|/\*([^*]|\*+[^*/])*\*+/`},
	{Name: "Whitespace", Pattern: `[ \t\r\n]+`},
	{Name: "Real", Pattern: `(\d+\.\d*|\.\d+)([eE][+-]?\d+)?|\d+[eE][+-]?\d+`},
	{Name: "Int", Pattern: `\d+`},
	{Name: "String", Pattern: `"[^"\n]*"`},
	{Name: "Ident", Pattern: `[a-zA-Z][a-zA-Z0-9_]*|_[a-zA-Z0-9_]+`},
	{Name: "Op", Pattern: `\.\*=|\./=|%/%|\+=|-=|\*=|/=|\.\*|\./|\.\^|==|!=|<=|>=|&&|\|\||[-+*/%\\^'<>=!?:;,(){}\[\]|~]`},
})

var grammar = participle.MustBuild[gProgram](
	participle.Lexer(stanLexer),
	participle.Elide("Comment", "Whitespace"),
	participle.UseLookahead(4),
)

type gProgram struct {
	Functions *gFunctions `parser:"( @@ )?"`
	Data      *gBlock     `parser:"( \"data\" @@ )?"`
	TData     *gBlock     `parser:"( \"transformed\" \"data\" @@ )?"`
	Params    *gBlock     `parser:"( \"parameters\" @@ )?"`
	TParams   *gBlock     `parser:"( \"transformed\" \"parameters\" @@ )?"`
	Model     *gBlock     `parser:"( \"model\" @@ )?"`
	GenQuant  *gBlock     `parser:"( \"generated\" \"quantities\" @@ )?"`
}

// gFunctions is the functions block: definitions and forward
// declarations of user-defined functions (Stan Reference Manual,
// "User-defined functions").
type gFunctions struct {
	Pos   lexer.Position
	Kw    string      `parser:"@\"functions\" \"{\""`
	Defs  []*gFuncDef `parser:"@@*"`
	Close *gClose     `parser:"@@"`
}

// gFuncDef is `RET NAME(ARGS) { ... }`, or `RET NAME(ARGS);` for a forward declaration.
type gFuncDef struct {
	Pos    lexer.Position
	Ret    *gUType       `parser:"@@"`
	Name   *gName        `parser:"@@ \"(\""`
	Params []*gFuncParam `parser:"( @@ ( \",\" @@ )* )? \")\""`
	Body   *gBlock       `parser:"( @@"`
	Semi   bool          `parser:"| @\";\" )"`
}

// gFuncParam is one argument of a function: `data array[] real x`.
type gFuncParam struct {
	Pos  lexer.Position
	Data bool    `parser:"@\"data\"?"`
	Type *gUType `parser:"@@"`
	Name *gName  `parser:"@@"`
}

// gUType is an unsized type, as function arguments and results have:
// `void`, `real`, `array[,] vector`, or the older `real[]`. Array and Old
// capture "array" or "[" and then each comma, so that their length is the
// number of array dimensions.
type gUType struct {
	Pos   lexer.Position
	Void  bool     `parser:"  @\"void\""`
	Array []string `parser:"| ( @\"array\" \"[\" @\",\"* \"]\" )?"`
	Base  string   `parser:"  @( \"int\" | \"real\" | \"vector\" | \"row_vector\" | \"matrix\" )"`
	Old   []string `parser:"  ( @\"[\" @\",\"* \"]\" )?"`
}

type gBlock struct {
	Pos   lexer.Position
	Stmts []*gStmt `parser:"\"{\" @@*"`
	Close *gClose  `parser:"@@"`
}

// gClose records where a block's closing brace stands, so that comments just
// before it stay inside the block.
type gClose struct {
	Pos   lexer.Position
	Brace string `parser:"@\"}\""`
}

type gStmt struct {
	Pos    lexer.Position
	Block  *gBlock  `parser:"  @@"`
	Decl   *gDecl   `parser:"| @@"`
	For    *gFor    `parser:"| @@"`
	While  *gWhile  `parser:"| \"while\" \"(\" @@"`
	If     *gIf     `parser:"| \"if\" \"(\" @@"`
	Break  string   `parser:"| @( \"break\" | \"continue\" ) \";\""`
	Print  *gPrint  `parser:"| @@"`
	Return *gReturn `parser:"| @@"`
	Target *gExpr   `parser:"| \"target\" \"+=\" @@ \";\""`
	Simple *gSimple `parser:"| @@"`
	Empty  string   `parser:"| @\";\""`
}

type gDecl struct {
	Pos     lexer.Position
	Type    *gType   `parser:"@@"`
	Name    *gName   `parser:"@@"`
	OldDims []*gExpr `parser:"( \"[\" @@ ( \",\" @@ )* \"]\" )?"`
	Init    *gExpr   `parser:"( \"=\" @@ )? \";\""`
}

// gName is the name a declaration or a loop introduces, with its own
// position for the message when it is a reserved word.
type gName struct {
	Pos  lexer.Position
	Name string `parser:"@Ident"`
}

type gType struct {
	Pos       lexer.Position
	ArrayDims []*gExpr  `parser:"( \"array\" \"[\" @@ ( \",\" @@ )* \"]\" )?"`
	Base      string    `parser:"@( \"int\" | \"real\" | \"vector\" | \"row_vector\" | \"matrix\" | \"simplex\" | \"unit_vector\" | \"ordered\" | \"positive_ordered\" | \"cholesky_factor_corr\" | \"cholesky_factor_cov\" | \"corr_matrix\" | \"cov_matrix\" )"`
	Bounds    []*gBound `parser:"( \"<\" @@ ( \",\" @@ )* \">\" )?"`
	Sizes     []*gExpr  `parser:"( \"[\" @@ ( \",\" @@ )* \"]\" )?"`
}

// gBound is one of lower=, upper=, offset=, multiplier=. Its expression stops
// below the comparison operators so that the closing > ends the bounds.
type gBound struct {
	Pos   lexer.Position
	Key   string   `parser:"@( \"lower\" | \"upper\" | \"offset\" | \"multiplier\" ) \"=\""`
	Value *gAddExp `parser:"@@"`
}

type gFor struct {
	Pos  lexer.Position
	Var  *gName `parser:"\"for\" \"(\" @@ \"in\""`
	Lo   *gExpr `parser:"@@"`
	Hi   *gExpr `parser:"( \":\" @@ )? \")\""`
	Body *gStmt `parser:"@@"`
}

type gWhile struct {
	Cond *gExpr `parser:"@@ \")\""`
	Body *gStmt `parser:"@@"`
}

type gIf struct {
	Cond *gExpr `parser:"@@ \")\""`
	Then *gStmt `parser:"@@"`
	Else *gStmt `parser:"( \"else\" @@ )?"`
}

type gPrint struct {
	Pos  lexer.Position
	Kind string   `parser:"@( \"print\" | \"reject\" | \"fatal_error\" ) \"(\""`
	Args []*gExpr `parser:"( @@ ( \",\" @@ )* )? \")\" \";\""`
}

// gSimple is an assignment, a sampling statement or a call statement (an
// expression alone, which the converter requires to be a call); all start
// with an expression, so one rule reads them without backtracking.
type gSimple struct {
	Pos     lexer.Position
	LHS     *gExpr  `parser:"@@"`
	Tilde   *gTilde `parser:"( \"~\" @@"`
	AssignO string  `parser:"| @( \"=\" | \"+=\" | \"-=\" | \"*=\" | \"/=\" | \".*=\" | \"./=\" )"`
	RHS     *gExpr  `parser:"  @@ )? \";\""`
}

type gTilde struct {
	Pos   lexer.Position
	Dist  string   `parser:"@Ident \"(\""`
	Args  []*gExpr `parser:"( @@ ( \",\" @@ )* )? \")\""`
	Trunc *gTrunc  `parser:"( @@ )?"`
}

type gTrunc struct {
	Lo *gExpr `parser:"\"T\" \"[\" @@?"`
	Hi *gExpr `parser:"\",\" @@? \"]\""`
}

// gReturn is `return;` or `return EXPR;`.
type gReturn struct {
	Kw    string `parser:"@\"return\""`
	Value *gExpr `parser:"@@? \";\""`
}

// ---------------------------------------------------------------- expressions
//
// One struct per precedence level, loosest first, after the Stan Reference
// Manual's operator precedence table. Binary levels hold a head and a list of
// (operator, operand) pairs and are folded left to right in parse.go; ^ and
// .^ are right associative and bind tighter than unary minus.

type gExpr struct {
	Pos  lexer.Position
	Cond *gOr   `parser:"@@"`
	Then *gExpr `parser:"( \"?\" @@"`
	Else *gExpr `parser:"  \":\" @@ )?"`
}

type gOr struct {
	Head *gAnd     `parser:"@@"`
	Tail []*gOrOps `parser:"@@*"`
}
type gOrOps struct {
	Pos lexer.Position
	Op  string `parser:"@\"||\""`
	X   *gAnd  `parser:"@@"`
}

type gAnd struct {
	Head *gEq      `parser:"@@"`
	Tail []*gAndOp `parser:"@@*"`
}
type gAndOp struct {
	Pos lexer.Position
	Op  string `parser:"@\"&&\""`
	X   *gEq   `parser:"@@"`
}

type gEq struct {
	Head *gCmp    `parser:"@@"`
	Tail []*gEqOp `parser:"@@*"`
}
type gEqOp struct {
	Pos lexer.Position
	Op  string `parser:"@( \"==\" | \"!=\" )"`
	X   *gCmp  `parser:"@@"`
}

type gCmp struct {
	Head *gAddExp  `parser:"@@"`
	Tail []*gCmpOp `parser:"@@*"`
}
type gCmpOp struct {
	Pos lexer.Position
	Op  string   `parser:"@( \"<=\" | \">=\" | \"<\" | \">\" )"`
	X   *gAddExp `parser:"@@"`
}

type gAddExp struct {
	Pos  lexer.Position
	Head *gMul     `parser:"@@"`
	Tail []*gAddOp `parser:"@@*"`
}
type gAddOp struct {
	Pos lexer.Position
	Op  string `parser:"@( \"+\" | \"-\" )"`
	X   *gMul  `parser:"@@"`
}

type gMul struct {
	Head *gLDiv    `parser:"@@"`
	Tail []*gMulOp `parser:"@@*"`
}
type gMulOp struct {
	Pos lexer.Position
	Op  string `parser:"@( \"*\" | \"/\" | \"%/%\" | \"%\" )"`
	X   *gLDiv `parser:"@@"`
}

type gLDiv struct {
	Head *gElt      `parser:"@@"`
	Tail []*gLDivOp `parser:"@@*"`
}
type gLDivOp struct {
	Pos lexer.Position
	Op  string `parser:"@\"\\\\\""`
	X   *gElt  `parser:"@@"`
}

type gElt struct {
	Head *gUnary   `parser:"@@"`
	Tail []*gEltOp `parser:"@@*"`
}
type gEltOp struct {
	Pos lexer.Position
	Op  string  `parser:"@( \".*\" | \"./\" )"`
	X   *gUnary `parser:"@@"`
}

type gUnary struct {
	Pos lexer.Position
	Op  string  `parser:"( @( \"-\" | \"!\" | \"+\" )"`
	X   *gUnary `parser:"  @@ )"`
	Pow *gPow   `parser:"| @@"`
}

type gPow struct {
	Pos      lexer.Position
	Base     *gPostfix `parser:"@@"`
	Op       string    `parser:"( @( \"^\" | \".^\" )"`
	Exponent *gUnary   `parser:"  @@ )?"`
}

type gPostfix struct {
	Pos     lexer.Position
	Primary *gPrimary  `parser:"@@"`
	Ops     []*gSuffix `parser:"@@*"`
}

type gSuffix struct {
	Pos       lexer.Position
	Transpose bool      `parser:"  @\"'\""`
	Indices   []*gIndex `parser:"| \"[\" @@ ( \",\" @@ )* \"]\""`
}

// gIndex is `parser:"e"`, `parser:"lo:hi"`, `parser:"lo:"`, `parser:":hi"` or `parser:":"`.
type gIndex struct {
	Pos   lexer.Position
	Lo    *gExpr `parser:"@@?"`
	Colon bool   `parser:"( @\":\""`
	Hi    *gExpr `parser:"  @@? )?"`
}

type gPrimary struct {
	Pos    lexer.Position
	Real   *string  `parser:"  @Real"`
	Int    *string  `parser:"| @Int"`
	String *string  `parser:"| @String"`
	Call   *gCall   `parser:"| @@"`
	Ident  *string  `parser:"| @Ident"`
	Paren  *gExpr   `parser:"| \"(\" @@ \")\""`
	Array  []*gExpr `parser:"| \"{\" @@ ( \",\" @@ )* \"}\""`
	RowVec []*gExpr `parser:"| \"[\" @@ ( \",\" @@ )* \"]\""`
}

type gCall struct {
	Pos  lexer.Position
	Name string   `parser:"@Ident \"(\""`
	Args []*gExpr `parser:"( @@ ( \",\" @@ )* )?"`
	Bar  bool     `parser:"( @\"|\""`
	Rest []*gExpr `parser:"  @@ ( \",\" @@ )* )? \")\""`
}
