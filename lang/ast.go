// Package lang is the front of bayes: it turns the text of a .bym model into a
// checked abstract syntax tree (grammar, AST, checker) and prints that tree
// back as canonical source. What the statements mean at run time is the
// interpreter's (package simulate) and the compiler's; data files are bound
// by package data.
//
// Input: model source. Output: *Program (with every expression typed and
// every name resolved after Check), or an ErrorList of positioned messages.
package lang

import (
	"errors"
	"strings"
)

// Pos is a 1-based line and column in a model file.
type Pos struct {
	Line, Col int
}

// Position returns p itself, so that every node, and Pos, satisfies Node's method.
func (p Pos) Position() Pos { return p }

// Node is any element of the tree.
type Node interface {
	Position() Pos
}

// Program is a whole model file. A block that the file does not contain is nil.
type Program struct {
	File     string
	Src      []byte   // the text parsed, so that later passes can show errors in it
	Comments []string // comments before the first block, one per line, with their // or /* */
	// TrailingComments are the comments after the last block.
	TrailingComments []string

	Functions             *Block // its statements are *FuncDef
	Data                  *Block
	TransformedData       *Block
	Parameters            *Block
	TransformedParameters *Block
	Model                 *Block
	GeneratedQuantities   *Block
}

// InFile attaches the program's file and text to err when it is a positioned
// *Error or an ErrorList (from a later pass), so that it prints in the one
// layout; any other error is returned as it is.
func (p *Program) InFile(err error) error {
	var fe *FileError
	if err == nil || errors.As(err, &fe) {
		return err
	}
	var list ErrorList
	if errors.As(err, &list) {
		return &FileError{File: p.File, Src: p.Src, List: list}
	}
	var e *Error
	if errors.As(err, &e) {
		// Keep what the wrappers said ("chain 2, iteration 31: generated
		// quantities: "), after the position.
		context := strings.TrimSuffix(err.Error(), e.Error())
		return &FileError{File: p.File, Src: p.Src, List: ErrorList{{Pos: e.Pos, Msg: context + e.Msg}}}
	}
	return err
}

// Position is the start of the file.
func (p *Program) Position() Pos { return Pos{1, 1} }

// BlockKind names the seven program blocks, in their required order.
type BlockKind uint8

const (
	BlockFunctions BlockKind = iota
	BlockData
	BlockTransformedData
	BlockParameters
	BlockTransformedParameters
	BlockModel
	BlockGeneratedQuantities
	// BlockLocal marks a variable declared inside a statement block rather
	// than at the top level of a program block.
	BlockLocal
)

var blockNames = [...]string{
	"functions", "data", "transformed data", "parameters",
	"transformed parameters", "model", "generated quantities", "local",
}

func (k BlockKind) String() string { return blockNames[k] }

// Blocks returns the program's blocks in order, nil entries included, indexed by BlockKind.
func (p *Program) Blocks() [7]*Block {
	return [7]*Block{p.Functions, p.Data, p.TransformedData, p.Parameters,
		p.TransformedParameters, p.Model, p.GeneratedQuantities}
}

// Block is a program block or a braced statement block.
type Block struct {
	Pos
	Kind          BlockKind // BlockLocal for a braced statement block
	Comments      []string  // for a program block: comments on the lines before its keyword
	Stmts         []Stmt
	TrailingNotes []string // comments after the last statement, before the closing brace
	// OpenNote is the comment at the end of a program block's first line
	// (`model { // note`); a braced statement's is its Notes.Trailing.
	OpenNote string
	// CloseNote is the comment at the end of the line of the closing brace
	// (`} // note`).
	CloseNote string
}

// ---------------------------------------------------------------- types

// Kind is the shape class of a value: the checker's type without array dimensions.
type Kind uint8

const (
	KindInvalid Kind = iota // an earlier error; stops cascades
	KindInt
	KindReal
	KindVector
	KindRowVector
	KindMatrix
	KindString // only as an argument of print and reject
)

var kindNames = [...]string{"<invalid>", "int", "real", "vector", "row_vector", "matrix", "string"}

func (k Kind) String() string { return kindNames[k] }

// Type is the type of an expression: a kind and a number of array dimensions.
// Sizes are not part of the type; they are checked when data are bound.
type Type struct {
	Kind Kind
	Dims int // array dimensions: 0 for a plain int/real/vector/...
}

var (
	Invalid   = Type{Kind: KindInvalid}
	Int       = Type{Kind: KindInt}
	Real      = Type{Kind: KindReal}
	Vector    = Type{Kind: KindVector}
	RowVector = Type{Kind: KindRowVector}
	Matrix    = Type{Kind: KindMatrix}
)

// String writes a type as Stan does: int, vector, array[] real, array[,] matrix.
func (t Type) String() string {
	if t.Dims == 0 {
		return t.Kind.String()
	}
	return "array[" + strings.Repeat(",", t.Dims-1) + "] " + t.Kind.String()
}

// DeclKind is the written base type of a declaration, constrained kinds included.
type DeclKind uint8

const (
	DeclInt DeclKind = iota
	DeclReal
	DeclVector
	DeclRowVector
	DeclMatrix
	DeclSimplex
	DeclUnitVector
	DeclOrdered
	DeclPositiveOrdered
	DeclCholeskyFactorCorr
	DeclCholeskyFactorCov
	DeclCorrMatrix
	DeclCovMatrix
	DeclSumToZeroVector
	DeclRowStochasticMatrix
	DeclColumnStochasticMatrix
	DeclSumToZeroMatrix
)

var declNames = [...]string{"int", "real", "vector", "row_vector", "matrix", "simplex",
	"unit_vector", "ordered", "positive_ordered", "cholesky_factor_corr",
	"cholesky_factor_cov", "corr_matrix", "cov_matrix", "sum_to_zero_vector",
	"row_stochastic_matrix", "column_stochastic_matrix", "sum_to_zero_matrix"}

func (k DeclKind) String() string { return declNames[k] }

// DeclKinds lists every declared kind, in order, for the tables and tests
// that must cover each one.
func DeclKinds() []DeclKind {
	ks := make([]DeclKind, len(declNames))
	for i := range ks {
		ks[i] = DeclKind(i)
	}
	return ks
}

// TypeSpec is a declared type: `array[N] vector<lower=0>[K]`, `real<offset=mu, multiplier=tau>`.
// The old form `real y[N]` is parsed into ArrayDims too; the printer writes the modern form.
type TypeSpec struct {
	Pos
	Kind      DeclKind
	Sizes     []Expr // vector/simplex/...: [n]; matrix: [r, c]; cholesky_factor_cov: [m] or [m, n]; corr/cov/cholesky_factor_corr: [k]
	ArrayDims []Expr // outermost first; empty when not an array

	// Bounds; nil when absent. Lower/Upper and Offset/Multiplier are exclusive.
	Lower, Upper       Expr
	Offset, Multiplier Expr
}

// Type is the checker's type of a value of this declared type.
func (t *TypeSpec) Type() Type {
	var k Kind
	switch t.Kind {
	case DeclInt:
		k = KindInt
	case DeclReal:
		k = KindReal
	case DeclRowVector:
		k = KindRowVector
	case DeclMatrix, DeclCholeskyFactorCorr, DeclCholeskyFactorCov, DeclCorrMatrix, DeclCovMatrix,
		DeclRowStochasticMatrix, DeclColumnStochasticMatrix, DeclSumToZeroMatrix:
		k = KindMatrix
	default:
		k = KindVector
	}
	return Type{Kind: k, Dims: len(t.ArrayDims)}
}

// ---------------------------------------------------------------- statements

// Stmt is a statement; variable declarations are statements too.
type Stmt interface {
	Node
	notes() *Notes
}

// Notes are comments written on the lines just before a statement or declaration,
// kept so that the printer (and so `bayes reparam` and `bayes fmt`) can keep them.
type Notes struct {
	Comments []string
	// Trailing is the comment after the statement's code on its last line
	// (`real x; // note`), or on the line of its header (`for (...) // note`),
	// which the printer writes at the end of that line; comments at the end
	// of one line are joined by a space. For a loop's or an if's braced
	// body it is the body's (written after the `{`).
	Trailing string
}

func (n *Notes) notes() *Notes { return n }

// NotesOf is the comments attached to s (the Stmt interface keeps the method
// that gives them unexported, so that only this package's nodes are statements).
func NotesOf(s Stmt) *Notes { return s.notes() }

// VarDecl declares a variable, at the top of a program block or locally.
type VarDecl struct {
	Pos
	Notes
	Type  *TypeSpec
	Name  string
	Init  Expr      // nil when there is none
	Block BlockKind // set by the parser: where the declaration stands
}

// AssignOp is = or a compound assignment.
type AssignOp uint8

const (
	Assign AssignOp = iota
	AddAssign
	SubAssign
	MulAssign
	DivAssign
	EltMulAssign
	EltDivAssign
)

var assignOpNames = [...]string{"=", "+=", "-=", "*=", "/=", ".*=", "./="}

func (o AssignOp) String() string { return assignOpNames[o] }

// AssignStmt is `lhs op rhs;`, lhs a variable with optional indexes.
type AssignStmt struct {
	Pos
	Notes
	LHS Expr // *Ident or *IndexExpr over an *Ident
	Op  AssignOp
	RHS Expr
}

// TildeStmt is `lhs ~ dist(args) T[lo, hi];`.
type TildeStmt struct {
	Pos
	Notes
	LHS      Expr
	Dist     string // the family name, e.g. "normal"
	DistPos  Pos
	Args     []Expr
	TruncLo  Expr // truncation bounds; nil when absent
	TruncHi  Expr
	HasTrunc bool

	Sig *Signature // set by the checker: the resolved _lpdf/_lpmf overload
	// Fn is set instead of Sig when the distribution is user-defined: the
	// definition of NAME_lpdf or NAME_lpmf.
	Fn *FuncDef
}

// TargetStmt is `target += expr;`, or with Jacobian Stan 2.36's
// `jacobian += expr;`: the log absolute Jacobian determinant of a
// transform the user writes in transformed parameters (or in a NAME_jacobian
// function). Stan adds it whenever it samples, and bayes only samples, so
// both add to the log density alike; only where they may stand differs.
type TargetStmt struct {
	Pos
	Notes
	Value    Expr
	Jacobian bool
}

// ForStmt is `for (v in lo:hi) body`.
type ForStmt struct {
	Pos
	Notes
	Var    string
	Lo, Hi Expr
	Body   Stmt
}

// ForEachStmt is `for (v in collection) body`.
type ForEachStmt struct {
	Pos
	Notes
	Var        string
	Collection Expr
	Body       Stmt

	ElemType Type // set by the checker
}

// WhileStmt is `while (cond) body`.
type WhileStmt struct {
	Pos
	Notes
	Cond Expr
	Body Stmt
}

// IfStmt is `if (cond) then [else else]`.
type IfStmt struct {
	Pos
	Notes
	Cond Expr
	Then Stmt
	Else Stmt // nil when absent
}

// BlockStmt is a braced block of statements with its own scope.
type BlockStmt struct {
	Pos
	Notes
	Body *Block
	// Profile is the name of `profile("name") { ... }` (quotes included),
	// empty for a plain block. bayes runs the body as a block and times
	// nothing.
	Profile string
}

// PrintStmt is `print(...)` (Reject false) or `reject(...)` (Reject
// true), or `fatal_error(...)` (Reject and Fatal: Stan 2.33's error that
// stops the algorithm instead of rejecting one point).
type PrintStmt struct {
	Pos
	Notes
	Reject bool
	Fatal  bool
	Args   []Expr // *StringLit or any expression
}

// BreakStmt is `break;` (Continue false) or `continue;` (Continue true).
type BreakStmt struct {
	Pos
	Notes
	Continue bool
}

// EmptyStmt is a lone `;`.
type EmptyStmt struct {
	Pos
	Notes
}

// ---------------------------------------------------------------- expressions

// Expr is an expression. After Check, TypeOf gives its type.
type Expr interface {
	Node
	TypeOf() Type
	expr()
}

// Typed holds the type the checker gives an expression.
type Typed struct {
	T Type
}

func (t *Typed) TypeOf() Type { return t.T }

// IntLit is an integer literal; Text is as written.
type IntLit struct {
	Pos
	Typed
	Value int64
	Text  string
}

// RealLit is a real literal (`1.5`, `.5`, `1e-3`); Text is as written, so printing keeps it.
type RealLit struct {
	Pos
	Typed
	Value float64
	Text  string
}

// StringLit is a string literal, only valid in print and reject. Value excludes the quotes.
type StringLit struct {
	Pos
	Typed
	Value string
}

// Ident is a variable reference.
type Ident struct {
	Pos
	Typed
	Name string

	Decl *VarDecl // set by the checker; a loop variable gets a synthetic *VarDecl of type int (or its element type)
}

// BinOp is a binary operator.
type BinOp uint8

const (
	OpOr      BinOp = iota // ||
	OpAnd                  // &&
	OpEq                   // ==
	OpNe                   // !=
	OpLt                   // <
	OpLe                   // <=
	OpGt                   // >
	OpGe                   // >=
	OpAdd                  // +
	OpSub                  // -
	OpMul                  // *
	OpDiv                  // /
	OpMod                  // %
	OpIntDiv               // %/%
	OpLeftDiv              // \ (matrix left division)
	OpEltMul               // .*
	OpEltDiv               // ./
	OpPow                  // ^
	OpEltPow               // .^
)

var binOpNames = [...]string{"||", "&&", "==", "!=", "<", "<=", ">", ">=", "+", "-",
	"*", "/", "%", "%/%", "\\", ".*", "./", "^", ".^"}

func (o BinOp) String() string { return binOpNames[o] }

// Precedence follows the Stan Reference Manual, "Operator precedence and
// associativity": larger binds tighter. Unary prefix operators bind tighter
// than everything here except ^ and .^ (so -2^2 is -4), and the postfix
// transpose and indexing bind tightest.
func (o BinOp) Precedence() int {
	switch o {
	case OpOr:
		return 1
	case OpAnd:
		return 2
	case OpEq, OpNe:
		return 3
	case OpLt, OpLe, OpGt, OpGe:
		return 4
	case OpAdd, OpSub:
		return 5
	case OpMul, OpDiv, OpMod, OpIntDiv:
		return 6
	case OpLeftDiv:
		return 7
	case OpEltMul, OpEltDiv:
		return 8
	default: // ^ and .^, right associative, above unary prefix (9)
		return 10
	}
}

// PrecUnary is the precedence of prefix -, + and !.
const PrecUnary = 9

// RightAssoc reports whether o groups to the right (only ^ and .^).
func (o BinOp) RightAssoc() bool { return o == OpPow || o == OpEltPow }

// BinaryExpr is `X op Y`.
type BinaryExpr struct {
	Pos
	Typed
	Op   BinOp
	X, Y Expr
}

// UnaryOp is a prefix operator.
type UnaryOp uint8

const (
	UnaryNeg  UnaryOp = iota // -
	UnaryNot                 // !
	UnaryPlus                // +
)

var unaryOpNames = [...]string{"-", "!", "+"}

func (o UnaryOp) String() string { return unaryOpNames[o] }

// UnaryExpr is `op X`.
type UnaryExpr struct {
	Pos
	Typed
	Op UnaryOp
	X  Expr
}

// TransposeExpr is `X'`.
type TransposeExpr struct {
	Pos
	Typed
	X Expr
}

// CondExpr is `Cond ? Then : Else`.
type CondExpr struct {
	Pos
	Typed
	Cond, Then, Else Expr
}

// CallExpr is a function call. For `normal_lpdf(y | mu, sigma)` Bar is true and
// Args[0] is y.
type CallExpr struct {
	Pos
	Typed
	Name string
	Args []Expr
	Bar  bool

	Sig *Signature // set by the checker: the resolved overload
	// Fn is set instead of Sig for a call of a user-defined function: its
	// definition (for NAME_lupdf, that of NAME_lpdf).
	Fn *FuncDef
	// FnArg is set by the checker for a call of an ODE solver (LookupOde)
	// or of another higher-order function (LookupHigher): the user
	// function its first argument names, the system's f.
	FnArg *FuncDef
}

// Index is one index inside brackets: a single expression (an int, or an int
// array for multi-indexing), a range lo:hi with either side optional, or `:`.
type Index struct {
	Pos
	Range  bool // lo:hi, lo:, :hi or :
	Lo, Hi Expr // for a range, nil when omitted
	Single Expr // for a non-range index
}

// IndexExpr is `X[i, j, ...]`.
type IndexExpr struct {
	Pos
	Typed
	X       Expr
	Indices []Index
}

// ArrayExpr is `{a, b, c}`.
type ArrayExpr struct {
	Pos
	Typed
	Elems []Expr
}

// RowVectorExpr is `[a, b, c]` (a row vector, or a matrix when the elements are row vectors).
type RowVectorExpr struct {
	Pos
	Typed
	Elems []Expr
}

func (*IntLit) expr()        {}
func (*RealLit) expr()       {}
func (*StringLit) expr()     {}
func (*Ident) expr()         {}
func (*BinaryExpr) expr()    {}
func (*UnaryExpr) expr()     {}
func (*TransposeExpr) expr() {}
func (*CondExpr) expr()      {}
func (*CallExpr) expr()      {}
func (*IndexExpr) expr()     {}
func (*ArrayExpr) expr()     {}
func (*RowVectorExpr) expr() {}

// IsLiteral reports a literal, or a negated one: an expression whose value
// is written in it, which messages need not repeat.
func IsLiteral(e Expr) bool {
	switch e := e.(type) {
	case *IntLit, *RealLit:
		return true
	case *UnaryExpr:
		return IsLiteral(e.X)
	}
	return false
}

// Flat returns x[a][b] as x[a, b] when every index of the inner x[a] is a
// single int (not a range or an array of ints), so that the two select the
// same elements; otherwise ix itself. Assignments take it: `unA[t][j] = e`
// stores into element j of unA[t], as Stan's does.
func (ix *IndexExpr) Flat() *IndexExpr {
	inner, ok := ix.X.(*IndexExpr)
	if !ok {
		return ix
	}
	inner = inner.Flat()
	for _, i := range inner.Indices {
		if i.Range || i.Single.TypeOf() != Int {
			return ix
		}
	}
	flat := *ix
	flat.X, flat.Indices = inner.X, append(append([]Index(nil), inner.Indices...), ix.Indices...)
	return &flat
}
