// Package grammar is the language's concrete syntax: its lexer, and its
// grammar written as participle structs (the types below). lang's parser
// (parse.go) converts their tree into the AST of lang/ast.go, which is what
// every later pass reads. Keeping the two apart lets the AST be shaped for
// the passes (one BinaryExpr with an operator, not one struct per precedence
// level) while the grammar stays a direct transcription of the Stan
// Reference Manual's syntax. Before the grammar runs, the token stream is
// searched for what the grammar would misreport: nesting too deep for its
// recursive descent (nesting.go) and Stan's complex numbers and tuples,
// which bayes does not support yet (unsupported.go).
package grammar

import (
	"sync"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// Lexer splits source into tokens; comments and whitespace are tokens of
// their own, which the grammar drops.
var Lexer = lexer.MustSimple([]lexer.SimpleRule{
	{Name: "Comment", Pattern: `//[^\n]*|/\*([^*]|\*+[^*/])*\*+/`},
	{Name: "Whitespace", Pattern: `[ \t\r\n]+`},
	{Name: "Real", Pattern: `(\d+\.\d*|\.\d+)([eE][+-]?\d+)?|\d+[eE][+-]?\d+`},
	{Name: "Int", Pattern: `\d+`},
	{Name: "String", Pattern: `"[^"\n]*"`},
	{Name: "Ident", Pattern: `[a-zA-Z][a-zA-Z0-9_]*|_[a-zA-Z0-9_]+`},
	{Name: "Op", Pattern: `\.\*=|\./=|%/%|\+=|-=|\*=|/=|\.\*|\./|\.\^|==|!=|<=|>=|&&|\|\||[-+*/%\\^'<>=!?:;,(){}\[\]|~]`},
})

// parser takes 7 ms to build. The build starts in the background at
// init, so that on a second core it overlaps the other packages' init and
// the command's start; the commands that read no model text (summary,
// plot, loo, devices) never wait for it, and a parse waits only for what
// is left of it.
var parser = sync.OnceValue(func() *participle.Parser[Program] {
	return participle.MustBuild[Program](
		participle.Lexer(Lexer),
		participle.Elide("Comment", "Whitespace"),
		participle.UseLookahead(4),
	)
})

func init() { go parser() }

// Parse parses src, a program's text, into the grammar's tree.
func Parse(file string, src []byte) (*Program, error) { return parser().ParseBytes(file, src) }

type Program struct {
	Functions *Functions `parser:"( @@ )?"`
	Data      *Block     `parser:"( \"data\" @@ )?"`
	TData     *Block     `parser:"( \"transformed\" \"data\" @@ )?"`
	Params    *Block     `parser:"( \"parameters\" @@ )?"`
	TParams   *Block     `parser:"( \"transformed\" \"parameters\" @@ )?"`
	Model     *Block     `parser:"( \"model\" @@ )?"`
	GenQuant  *Block     `parser:"( \"generated\" \"quantities\" @@ )?"`
}

// Functions is the functions block: definitions and forward
// declarations of user-defined functions (Stan Reference Manual,
// "User-defined functions").
type Functions struct {
	Pos   lexer.Position
	Kw    string     `parser:"@\"functions\" \"{\""`
	Defs  []*FuncDef `parser:"@@*"`
	Close *Close     `parser:"@@"`
}

// FuncDef is `RET NAME(ARGS) { ... }`, or `RET NAME(ARGS);` for a forward declaration.
type FuncDef struct {
	Pos    lexer.Position
	Ret    *UType       `parser:"@@"`
	Name   *Name        `parser:"@@ \"(\""`
	Params []*FuncParam `parser:"( @@ ( \",\" @@ )* )? \")\""`
	Body   *Block       `parser:"( @@"`
	Semi   bool         `parser:"| @\";\" )"`
}

// FuncParam is one argument of a function: `data array[] real x`.
type FuncParam struct {
	Pos  lexer.Position
	Data bool   `parser:"@\"data\"?"`
	Type *UType `parser:"@@"`
	Name *Name  `parser:"@@"`
}

// UType is an unsized type, as function arguments and results have:
// `void`, `real`, `array[,] vector`, or the older `real[]`. Array and Old
// capture "array" or "[" and then each comma, so that their length is the
// number of array dimensions.
type UType struct {
	Pos   lexer.Position
	Void  bool     `parser:"  @\"void\""`
	Array []string `parser:"| ( @\"array\" \"[\" @\",\"* \"]\" )?"`
	Base  string   `parser:"  @( \"int\" | \"real\" | \"vector\" | \"row_vector\" | \"matrix\" )"`
	Old   []string `parser:"  ( @\"[\" @\",\"* \"]\" )?"`
}

type Block struct {
	Pos   lexer.Position
	Stmts []*Stmt `parser:"\"{\" @@*"`
	Close *Close  `parser:"@@"`
}

// Close records where a block's closing brace stands, so that comments just
// before it stay inside the block.
type Close struct {
	Pos   lexer.Position
	Brace string `parser:"@\"}\""`
}

type Stmt struct {
	Pos     lexer.Position
	Block   *Block   `parser:"  @@"`
	Decl    *Decl    `parser:"| @@"`
	For     *For     `parser:"| @@"`
	While   *While   `parser:"| \"while\" \"(\" @@"`
	If      *If      `parser:"| \"if\" \"(\" @@"`
	Break   string   `parser:"| @( \"break\" | \"continue\" ) \";\""`
	Print   *Print   `parser:"| @@"`
	Profile *Profile `parser:"| @@"`
	Return  *Return  `parser:"| @@"`
	Target  *Expr    `parser:"| \"target\" \"+=\" @@ \";\""`
	// Jacobian is Stan 2.36's `jacobian += e;`; a variable named jacobian
	// assigned with = still reads as Simple, the alternative failing at +=.
	Jacobian *Expr   `parser:"| \"jacobian\" \"+=\" @@ \";\""`
	Simple   *Simple `parser:"| @@"`
	Empty    string  `parser:"| @\";\""`
}

type Decl struct {
	Pos     lexer.Position
	Type    *Type   `parser:"@@"`
	Name    *Name   `parser:"@@"`
	OldDims []*Expr `parser:"( \"[\" @@ ( \",\" @@ )* \"]\" )?"`
	Init    *Expr   `parser:"( \"=\" @@ )? \";\""`
}

// Name is the name a declaration or a loop introduces, with its own
// position for the message when it is a reserved word.
type Name struct {
	Pos  lexer.Position
	Name string `parser:"@Ident"`
}

type Type struct {
	Pos       lexer.Position
	ArrayDims []*Expr  `parser:"( \"array\" \"[\" @@ ( \",\" @@ )* \"]\" )?"`
	Base      string   `parser:"@( \"int\" | \"real\" | \"vector\" | \"row_vector\" | \"matrix\" | \"simplex\" | \"unit_vector\" | \"ordered\" | \"positive_ordered\" | \"cholesky_factor_corr\" | \"cholesky_factor_cov\" | \"corr_matrix\" | \"cov_matrix\" | \"sum_to_zero_vector\" | \"row_stochastic_matrix\" | \"column_stochastic_matrix\" | \"sum_to_zero_matrix\" )"`
	Bounds    []*Bound `parser:"( \"<\" @@ ( \",\" @@ )* \">\" )?"`
	Sizes     []*Expr  `parser:"( \"[\" @@ ( \",\" @@ )* \"]\" )?"`
}

// Bound is one of lower=, upper=, offset=, multiplier=. Its expression stops
// below the comparison operators so that the closing > ends the bounds.
type Bound struct {
	Pos   lexer.Position
	Key   string  `parser:"@( \"lower\" | \"upper\" | \"offset\" | \"multiplier\" ) \"=\""`
	Value *AddExp `parser:"@@"`
}

type For struct {
	Pos  lexer.Position
	Var  *Name `parser:"\"for\" \"(\" @@ \"in\""`
	Lo   *Expr `parser:"@@"`
	Hi   *Expr `parser:"( \":\" @@ )? \")\""`
	Body *Stmt `parser:"@@"`
}

type While struct {
	Cond *Expr `parser:"@@ \")\""`
	Body *Stmt `parser:"@@"`
}

type If struct {
	Cond *Expr `parser:"@@ \")\""`
	Then *Stmt `parser:"@@"`
	Else *Stmt `parser:"( \"else\" @@ )?"`
}

type Print struct {
	Pos  lexer.Position
	Kind string  `parser:"@( \"print\" | \"reject\" | \"fatal_error\" ) \"(\""`
	Args []*Expr `parser:"( @@ ( \",\" @@ )* )? \")\" \";\""`
}

// Simple is an assignment, a sampling statement or a call statement (an
// expression alone, which the converter requires to be a call); all start
// with an expression, so one rule reads them without backtracking.
type Simple struct {
	Pos     lexer.Position
	LHS     *Expr  `parser:"@@"`
	Tilde   *Tilde `parser:"( \"~\" @@"`
	AssignO string `parser:"| @( \"=\" | \"+=\" | \"-=\" | \"*=\" | \"/=\" | \".*=\" | \"./=\" )"`
	RHS     *Expr  `parser:"  @@ )? \";\""`
}

type Tilde struct {
	Pos   lexer.Position
	Dist  string  `parser:"@Ident \"(\""`
	Args  []*Expr `parser:"( @@ ( \",\" @@ )* )? \")\""`
	Trunc *Trunc  `parser:"( @@ )?"`
}

type Trunc struct {
	Lo *Expr `parser:"\"T\" \"[\" @@?"`
	Hi *Expr `parser:"\",\" @@? \"]\""`
}

// Profile is `profile("name") { ... }` (Stan 2.26+): a block timed under
// a name.
type Profile struct {
	Name *string `parser:"\"profile\" \"(\" @String \")\""`
	Body *Block  `parser:"@@"`
}

// Return is `return;` or `return EXPR;`.
type Return struct {
	Kw    string `parser:"@\"return\""`
	Value *Expr  `parser:"@@? \";\""`
}

// ---------------------------------------------------------------- expressions
//
// One struct per precedence level, loosest first, after the Stan Reference
// Manual's operator precedence table. Binary levels hold a head and a list of
// (operator, operand) pairs and are folded left to right in parse.go; ^ and
// .^ are right associative and bind tighter than unary minus.

type Expr struct {
	Pos  lexer.Position
	Cond *Or   `parser:"@@"`
	Then *Expr `parser:"( \"?\" @@"`
	Else *Expr `parser:"  \":\" @@ )?"`
}

type Or struct {
	Head *And     `parser:"@@"`
	Tail []*OrOps `parser:"@@*"`
}
type OrOps struct {
	Pos lexer.Position
	Op  string `parser:"@\"||\""`
	X   *And   `parser:"@@"`
}

type And struct {
	Head *Eq      `parser:"@@"`
	Tail []*AndOp `parser:"@@*"`
}
type AndOp struct {
	Pos lexer.Position
	Op  string `parser:"@\"&&\""`
	X   *Eq    `parser:"@@"`
}

type Eq struct {
	Head *Cmp    `parser:"@@"`
	Tail []*EqOp `parser:"@@*"`
}
type EqOp struct {
	Pos lexer.Position
	Op  string `parser:"@( \"==\" | \"!=\" )"`
	X   *Cmp   `parser:"@@"`
}

type Cmp struct {
	Head *AddExp  `parser:"@@"`
	Tail []*CmpOp `parser:"@@*"`
}
type CmpOp struct {
	Pos lexer.Position
	Op  string  `parser:"@( \"<=\" | \">=\" | \"<\" | \">\" )"`
	X   *AddExp `parser:"@@"`
}

type AddExp struct {
	Pos  lexer.Position
	Head *Mul     `parser:"@@"`
	Tail []*AddOp `parser:"@@*"`
}
type AddOp struct {
	Pos lexer.Position
	Op  string `parser:"@( \"+\" | \"-\" )"`
	X   *Mul   `parser:"@@"`
}

type Mul struct {
	Head *LDiv    `parser:"@@"`
	Tail []*MulOp `parser:"@@*"`
}
type MulOp struct {
	Pos lexer.Position
	Op  string `parser:"@( \"*\" | \"/\" | \"%/%\" | \"%\" )"`
	X   *LDiv  `parser:"@@"`
}

type LDiv struct {
	Head *Elt      `parser:"@@"`
	Tail []*LDivOp `parser:"@@*"`
}
type LDivOp struct {
	Pos lexer.Position
	Op  string `parser:"@\"\\\\\""`
	X   *Elt   `parser:"@@"`
}

type Elt struct {
	Head *Unary   `parser:"@@"`
	Tail []*EltOp `parser:"@@*"`
}
type EltOp struct {
	Pos lexer.Position
	Op  string `parser:"@( \".*\" | \"./\" )"`
	X   *Unary `parser:"@@"`
}

type Unary struct {
	Pos lexer.Position
	Op  string `parser:"( @( \"-\" | \"!\" | \"+\" )"`
	X   *Unary `parser:"  @@ )"`
	Pow *Pow   `parser:"| @@"`
}

type Pow struct {
	Pos      lexer.Position
	Base     *Postfix `parser:"@@"`
	Op       string   `parser:"( @( \"^\" | \".^\" )"`
	Exponent *Unary   `parser:"  @@ )?"`
}

type Postfix struct {
	Pos     lexer.Position
	Primary *Primary  `parser:"@@"`
	Ops     []*Suffix `parser:"@@*"`
}

type Suffix struct {
	Pos       lexer.Position
	Transpose bool     `parser:"  @\"'\""`
	Indices   []*Index `parser:"| \"[\" @@ ( \",\" @@ )* \"]\""`
}

// Index is `parser:"e"`, `parser:"lo:hi"`, `parser:"lo:"`, `parser:":hi"` or `parser:":"`.
type Index struct {
	Pos   lexer.Position
	Lo    *Expr `parser:"@@?"`
	Colon bool  `parser:"( @\":\""`
	Hi    *Expr `parser:"  @@? )?"`
}

type Primary struct {
	Pos    lexer.Position
	Real   *string `parser:"  @Real"`
	Int    *string `parser:"| @Int"`
	String *string `parser:"| @String"`
	Call   *Call   `parser:"| @@"`
	Ident  *string `parser:"| @Ident"`
	Paren  *Expr   `parser:"| \"(\" @@ \")\""`
	Array  []*Expr `parser:"| \"{\" @@ ( \",\" @@ )* \"}\""`
	RowVec []*Expr `parser:"| \"[\" @@ ( \",\" @@ )* \"]\""`
}

type Call struct {
	Pos  lexer.Position
	Name string  `parser:"@Ident \"(\""`
	Args []*Expr `parser:"( @@ ( \",\" @@ )* )?"`
	Bar  bool    `parser:"( @\"|\""`
	Rest []*Expr `parser:"  @@ ( \",\" @@ )* )? \")\""`
}
