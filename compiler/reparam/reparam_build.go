package reparam

// The nodes the non-centered rewrite (reparam.go) builds: theta's
// definition from theta_raw, and the helpers that read and write the AST
// for it.

import (
	"fmt"
	"strings"

	"github.com/bayes-dev/bayes/lang"
)

// ---------------------------------------------------------------- theta's definition

// typed is an expression of the definition with its type: the checker's for
// the prior's arguments, the element type for the indexed ones made here.
type typed struct {
	e lang.Expr
	t lang.Type
}

// defBuilder writes theta's definition.
type defBuilder struct {
	theta, raw string
	fam        *family
	dims       []lang.Expr     // theta's sizes, array dimensions first
	taken      map[string]bool // names a new loop variable must not take
	definition string          // the innermost assignment, for the note
}

// elements returns the assignment of theta[vars] (of type e), inside further
// loops when e or the location and scale need them: arithmetic does not
// apply to arrays, and a location held in an array does not add to a vector.
func (b *defBuilder) elements(vars []string, e lang.Type, loc, scale typed) (lang.Stmt, *lang.Error) {
	if compatible(e, loc.t, scale.t) {
		lhs := indexed(b.theta, vars)
		rhs := b.value(loc, scale, indexed(b.raw, vars))
		b.definition = lang.ExprString(lhs) + " = " + lang.ExprString(rhs)
		return &lang.AssignStmt{LHS: lhs, Op: lang.Assign, RHS: rhs}, nil
	}
	if isScalar(e) || len(vars) >= len(b.dims) {
		a := loc
		if isScalar(a.t) {
			a = scale
		}
		return nil, &lang.Error{Pos: a.e.Position(), Msg: fmt.Sprintf("the prior gives %s a %s argument, %s, where %s is %s; the rewrite needs a location and scale of its shape, or single values",
			indexedString(b.theta, vars), a.t, lang.ExprString(a.e), indexedString(b.theta, vars), e)}
	}
	v := b.fresh(b.dims[len(vars)])
	inner, err := b.elements(append(vars[:len(vars):len(vars)], v), elementType(e), elementOf(loc, v), elementOf(scale, v))
	if err != nil {
		return nil, err
	}
	return forLoop(v, intLit(1), CopyExpr(b.dims[len(vars)]), inner), nil
}

// value is loc + scale * raw (exp of it for lognormal), with a unit scale or
// a zero location left out and .* where the scale is a container.
func (b *defBuilder) value(loc, scale typed, raw lang.Expr) lang.Expr {
	v := raw
	if !isLiteral(scale.e, 1) {
		op := lang.OpMul
		if !isScalar(scale.t) {
			op = lang.OpEltMul
		}
		v = &lang.BinaryExpr{Op: op, X: CopyExpr(scale.e), Y: v}
	}
	if !isLiteral(loc.e, 0) {
		v = &lang.BinaryExpr{Op: lang.OpAdd, X: CopyExpr(loc.e), Y: v}
	}
	if b.fam.exp {
		v = &lang.CallExpr{Name: "exp", Args: []lang.Expr{v}}
	}
	return v
}

// fresh names a new loop variable over size: the size's name in lower case
// when it is one letter (j for J), else the first free of i, j, k, ...
func (b *defBuilder) fresh(size lang.Expr) string {
	var tries []string
	if id, ok := size.(*lang.Ident); ok && len(id.Name) == 1 {
		tries = append(tries, strings.ToLower(id.Name))
	}
	tries = append(tries, "i", "j", "k", "l", "m", "n")
	for n := 1; ; n++ {
		for _, v := range tries {
			if !b.taken[v] {
				b.taken[v] = true
				return v
			}
		}
		tries = []string{fmt.Sprintf("i%d", n)}
	}
}

// compatible reports whether theta's part of type e is loc + scale * raw as
// one expression: a scalar from scalars, or a vector, row_vector or matrix
// from scalars and values of its own type.
func compatible(e, loc, scale lang.Type) bool {
	if isScalar(e) {
		return isScalar(loc) && isScalar(scale)
	}
	if e.Dims > 0 || e.Kind < lang.KindVector || e.Kind > lang.KindMatrix {
		return false
	}
	return (isScalar(loc) || loc == e) && (isScalar(scale) || scale == e)
}

func isScalar(t lang.Type) bool {
	return t.Dims == 0 && (t.Kind == lang.KindInt || t.Kind == lang.KindReal)
}

// elementType is the type of one element of t: one array dimension less, or
// the real of a vector.
func elementType(t lang.Type) lang.Type {
	switch {
	case t.Dims > 0:
		return lang.Type{Kind: t.Kind, Dims: t.Dims - 1}
	case t.Kind == lang.KindMatrix:
		return lang.RowVector
	}
	return lang.Real
}

// elementOf is element v of a location or scale, or the value itself when
// it is a single value that every element shares (as Stan's vectorised
// densities broadcast it).
func elementOf(a typed, v string) typed {
	if isScalar(a.t) {
		return a
	}
	ix := lang.Index{Single: &lang.Ident{Name: v}}
	var e lang.Expr
	switch x := a.e.(type) {
	case *lang.Ident:
		e = &lang.IndexExpr{X: CopyExpr(x), Indices: []lang.Index{ix}}
	case *lang.IndexExpr:
		e = indexInto(x, v)
	}
	if e == nil {
		e = &lang.IndexExpr{X: CopyExpr(a.e), Indices: []lang.Index{ix}}
	}
	return typed{e, elementType(a.t)}
}

// indexInto writes element v of an indexed value so that it reads as a
// person writes it: mu[g] gives mu[g[v]], and mu[k] (a vector) gives
// mu[k, v]. It returns nil where neither applies (a range).
func indexInto(x *lang.IndexExpr, v string) lang.Expr {
	multi := -1
	for i, ix := range x.Indices {
		switch {
		case ix.Range:
			return nil
		case ix.Single.TypeOf() == lang.Int:
		case ix.Single.TypeOf() == lang.Type{Kind: lang.KindInt, Dims: 1}:
			if multi >= 0 {
				return nil
			}
			multi = i
		default:
			return nil
		}
	}
	c := CopyExpr(x).(*lang.IndexExpr)
	vid := &lang.Ident{Name: v}
	if multi >= 0 {
		c.Indices[multi].Single = &lang.IndexExpr{X: c.Indices[multi].Single, Indices: []lang.Index{{Single: vid}}}
	} else {
		c.Indices = append(c.Indices, lang.Index{Single: vid})
	}
	return c
}

// ---------------------------------------------------------------- helpers

// priorSite is a ~ statement with a parameter on the left, and the
// statements around it in the model block, outermost first.
type priorSite struct {
	stmt  *lang.TildeStmt
	outer []lang.Stmt
}

// priorSites finds the ~ statements of the model block with decl's variable
// (whole or indexed) on the left.
func priorSites(model *lang.Block, decl *lang.VarDecl) []priorSite {
	var out []priorSite
	var walk func(s lang.Stmt, outer []lang.Stmt)
	walk = func(s lang.Stmt, outer []lang.Stmt) {
		inner := append(outer[:len(outer):len(outer)], s)
		switch s := s.(type) {
		case *lang.TildeStmt:
			if r := rootOf(s.LHS); r != nil && r.Decl == decl {
				out = append(out, priorSite{s, outer})
			}
		case *lang.ForStmt:
			walk(s.Body, inner)
		case *lang.ForEachStmt:
			walk(s.Body, inner)
		case *lang.WhileStmt:
			walk(s.Body, inner)
		case *lang.IfStmt:
			walk(s.Then, inner)
			if s.Else != nil {
				walk(s.Else, inner)
			}
		case *lang.BlockStmt:
			for _, t := range s.Body.Stmts {
				walk(t, inner)
			}
		}
	}
	for _, s := range model.Stmts {
		walk(s, nil)
	}
	return out
}

// densityCall is the first density call of the model block with decl's
// variable as its outcome, normal_lpdf(theta | ...), or nil.
func densityCall(model *lang.Block, decl *lang.VarDecl) *lang.CallExpr {
	var found *lang.CallExpr
	lang.Inspect(model, func(n lang.Node) bool {
		if c, ok := n.(*lang.CallExpr); ok && c.Bar && len(c.Args) > 0 && found == nil {
			if r := rootOf(c.Args[0]); r != nil && r.Decl == decl {
				found = c
			}
		}
		return found == nil
	})
	return found
}

// familyName is the family of a density function: normal for normal_lpdf.
func familyName(fn string) string {
	if i := strings.LastIndex(fn, "_"); i > 0 {
		return fn[:i]
	}
	return fn
}

// describeStmt names a statement that can hold others, for messages.
func describeStmt(s lang.Stmt) string {
	switch s.(type) {
	case *lang.IfStmt:
		return "an if statement"
	case *lang.WhileStmt:
		return "a while loop"
	case *lang.ForEachStmt:
		return "a foreach loop"
	}
	return "a statement"
}

// declared is where a name is declared: a variable's declaration, or (decl nil) a loop's variable.
type declared struct {
	decl *lang.VarDecl // nil for a loop variable
	pos  lang.Pos
}

// declaredNames maps every name declared in p, variables and loop variables,
// to its first declaration.
func declaredNames(p *lang.Program) map[string]declared {
	names := map[string]declared{}
	add := func(name string, d declared) {
		if _, ok := names[name]; !ok {
			names[name] = d
		}
	}
	lang.Inspect(p, func(n lang.Node) bool {
		switch n := n.(type) {
		case *lang.VarDecl:
			add(n.Name, declared{decl: n, pos: n.Pos})
		case *lang.ForStmt:
			add(n.Var, declared{pos: n.Pos})
		case *lang.ForEachStmt:
			add(n.Var, declared{pos: n.Pos})
		}
		return true
	})
	return names
}

// roleOf names what kind of variable d is, in Stan's terms.
func roleOf(d *lang.VarDecl) string {
	switch {
	case d.Block == lang.BlockData:
		return "data variable"
	case d.Block == lang.BlockTransformedData:
		return "transformed data variable"
	case d.Block == lang.BlockGeneratedQuantities:
		return "generated quantity"
	}
	return "local variable"
}

// parameterList names the parameters of p for a message: "mu, tau, theta".
func parameterList(p *lang.Program) string {
	var names []string
	if p.Parameters != nil {
		for _, s := range p.Parameters.Stmts {
			if d, ok := s.(*lang.VarDecl); ok {
				names = append(names, d.Name)
			}
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// boundsString writes a declared type's bounds as in the source: <lower=0>.
func boundsString(t *lang.TypeSpec) string {
	var parts []string
	for _, b := range []struct {
		key string
		e   lang.Expr
	}{{"lower", t.Lower}, {"upper", t.Upper}, {"offset", t.Offset}, {"multiplier", t.Multiplier}} {
		if b.e != nil {
			parts = append(parts, b.key+"="+lang.ExprString(b.e))
		}
	}
	return "<" + strings.Join(parts, ", ") + ">"
}

// tildeString writes a ~ statement on one line, without its semicolon.
func tildeString(s *lang.TildeStmt) string {
	args := make([]string, len(s.Args))
	for i, a := range s.Args {
		args[i] = lang.ExprString(a)
	}
	return lang.ExprString(s.LHS) + " ~ " + s.Dist + "(" + strings.Join(args, ", ") + ")"
}

// elementDims lists a declared type's sizes in indexing order: the array
// dimensions, then a vector's length or a matrix's rows and columns.
func elementDims(t *lang.TypeSpec) []lang.Expr {
	dims := append([]lang.Expr{}, t.ArrayDims...)
	if t.Kind != lang.DeclReal {
		dims = append(dims, t.Sizes...)
	}
	return dims
}

// onePrior says, for messages, the forms of prior the rewrite takes.
func onePrior(name string, dims []lang.Expr) string {
	if len(dims) == 0 {
		return fmt.Sprintf("one prior statement, %s ~ ..., outside any loop", name)
	}
	return fmt.Sprintf("one prior for every element: %s ~ ... or for (j in 1:%s) %s[j] ~ ...", name, lang.ExprString(dims[0]), name)
}

func loopVarList(loops []*lang.ForStmt) string {
	if len(loops) == 0 {
		return "no loops"
	}
	vars := make([]string, len(loops))
	for i, l := range loops {
		vars[i] = l.Var
	}
	return strings.Join(vars, ", ")
}

// flattenIndex splits theta[i][j, k] into theta and its indexes i, j, k.
func flattenIndex(e lang.Expr) (*lang.Ident, []lang.Index) {
	switch x := e.(type) {
	case *lang.Ident:
		return x, nil
	case *lang.IndexExpr:
		root, idx := flattenIndex(x.X)
		return root, append(idx, x.Indices...)
	}
	return nil, nil
}

// rootOf is the variable at the root of an indexed expression, or nil.
func rootOf(e lang.Expr) *lang.Ident {
	root, _ := flattenIndex(e)
	return root
}

// firstUse is the first mention of decl's variable in n, or nil.
func firstUse(n lang.Node, decl *lang.VarDecl) *lang.Ident {
	var use *lang.Ident
	lang.Inspect(n, func(n lang.Node) bool {
		if id, ok := n.(*lang.Ident); ok && id.Decl == decl && use == nil {
			use = id
		}
		return use == nil
	})
	return use
}

// definesAny reports whether s declares or assigns one of the variables in vars.
func definesAny(s lang.Stmt, vars map[*lang.VarDecl]bool) bool {
	found := false
	lang.Inspect(s, func(n lang.Node) bool {
		switch n := n.(type) {
		case *lang.VarDecl:
			found = found || vars[n]
		case *lang.AssignStmt:
			if r := rootOf(n.LHS); r != nil {
				found = found || vars[r.Decl]
			}
		}
		return !found
	})
	return found
}

// isLiteral reports whether e is the int or real literal v.
func isLiteral(e lang.Expr, v float64) bool {
	switch x := e.(type) {
	case *lang.IntLit:
		return float64(x.Value) == v
	case *lang.RealLit:
		return x.Value == v
	}
	return false
}

func intLit(v int64) *lang.IntLit {
	return &lang.IntLit{Value: v, Text: fmt.Sprint(v)}
}

// indexed is name[vars...], or name alone when there are no indexes.
func indexed(name string, vars []string) lang.Expr {
	id := &lang.Ident{Name: name}
	if len(vars) == 0 {
		return id
	}
	ix := make([]lang.Index, len(vars))
	for i, v := range vars {
		ix[i] = lang.Index{Single: &lang.Ident{Name: v}}
	}
	return &lang.IndexExpr{X: id, Indices: ix}
}

func indexedString(name string, vars []string) string {
	return lang.ExprString(indexed(name, vars))
}

// forLoop is `for (v in lo:hi) { body }`.
func forLoop(v string, lo, hi lang.Expr, body lang.Stmt) *lang.ForStmt {
	return &lang.ForStmt{Var: v, Lo: lo, Hi: hi,
		Body: &lang.BlockStmt{Body: &lang.Block{Kind: lang.BlockLocal, Stmts: []lang.Stmt{body}}}}
}
