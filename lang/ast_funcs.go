package lang

import "strings"

// The nodes of user-defined functions (Stan Reference Manual, "User-defined
// functions"): a definition or forward declaration in the functions block,
// and the two statements only functions give a meaning to, return and a
// call of a void function.

// FuncDef is one function of the functions block: a definition, or a
// forward declaration when Body is nil.
type FuncDef struct {
	Pos // where its return type starts
	Notes
	Void    bool // returns nothing; Ret is then Invalid
	Ret     Type
	Name    string
	NamePos Pos
	Params  []*FuncParam
	Body    *Block // nil for a forward declaration `real f(real x);`

	// Def is set by the checker: the definition that calls of this name
	// resolve to (a definition's own pointer; a declaration's later
	// definition, or nil when there is none).
	Def *FuncDef
}

// FuncParam is one argument of a function. Its Decl is the variable the
// body reads (Block BlockFunctions, a TypeSpec without sizes).
type FuncParam struct {
	// Data marks `data real x`: the argument must not depend on
	// parameters, as Stan requires of arguments that become double.
	Data bool
	Decl *VarDecl
}

// Suffix names the kind of function its name makes it (Stan Reference
// Manual, "Function names"): "_lpdf", "_lpmf", "_lcdf", "_lccdf", "_cdf",
// "_rng", "_lp", "_jacobian" (Stan 2.36), or "".
func (f *FuncDef) Suffix() string { return funcSuffix(f.Name) }

// funcSuffix is the suffix that gives a function name its kind, or "".
func funcSuffix(name string) string {
	for _, s := range []string{"_lpdf", "_lpmf", "_lupdf", "_lupmf", "_lcdf", "_lccdf", "_cdf", "_rng", "_lp", "_jacobian"} {
		if strings.HasSuffix(name, s) && len(name) > len(s) {
			return s
		}
	}
	return ""
}

// IsDensity reports whether f is a user-defined density (NAME_lpdf or
// NAME_lpmf), which `~ NAME(...)` and NAME_lupdf call.
func (f *FuncDef) IsDensity() bool {
	s := f.Suffix()
	return s == "_lpdf" || s == "_lpmf"
}

// ReturnStmt is `return;` (Value nil) or `return expr;`, only inside a function.
type ReturnStmt struct {
	Pos
	Notes
	Value Expr
}

// CallStmt is a call of a void function as a statement: `add_prior_lp(mu);`.
type CallStmt struct {
	Pos
	Notes
	Call *CallExpr
}
