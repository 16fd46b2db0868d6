package compiler

// The nodes the non-centered rewrite (reparam.go) builds: theta's
// definition from theta_raw, and the helpers that read and write the AST
// for it.

import (
	"fmt"
	"strings"

	"github.com/bayes-dev/bayes/lang"
)

// ---------------------------------------------------------------- theta's definition

// ncTyped is an expression of the definition with its type: the checker's for
// the prior's arguments, the element type for the indexed ones made here.
type ncTyped struct {
	e lang.Expr
	t lang.Type
}

// ncDefBuilder writes theta's definition.
type ncDefBuilder struct {
	theta, raw string
	fam        *ncFamily
	dims       []lang.Expr     // theta's sizes, array dimensions first
	taken      map[string]bool // names a new loop variable must not take
	definition string          // the innermost assignment, for the note
}

// elements returns the assignment of theta[vars] (of type e), inside further
// loops when e or the location and scale need them: arithmetic does not
// apply to arrays, and a location held in an array does not add to a vector.
func (b *ncDefBuilder) elements(vars []string, e lang.Type, loc, scale ncTyped) (lang.Stmt, *lang.Error) {
	if ncCompatible(e, loc.t, scale.t) {
		lhs := ncIndexed(b.theta, vars)
		rhs := b.value(loc, scale, ncIndexed(b.raw, vars))
		b.definition = lang.ExprString(lhs) + " = " + lang.ExprString(rhs)
		return &lang.AssignStmt{LHS: lhs, Op: lang.Assign, RHS: rhs}, nil
	}
	if ncIsScalar(e) || len(vars) >= len(b.dims) {
		a := loc
		if ncIsScalar(a.t) {
			a = scale
		}
		return nil, &lang.Error{Pos: a.e.Position(), Msg: fmt.Sprintf("the prior gives %s a %s argument, %s, where %s is %s; the rewrite needs a location and scale of its shape, or single values",
			ncIndexedString(b.theta, vars), a.t, lang.ExprString(a.e), ncIndexedString(b.theta, vars), e)}
	}
	v := b.fresh(b.dims[len(vars)])
	inner, err := b.elements(append(vars[:len(vars):len(vars)], v), ncElementType(e), ncElementOf(loc, v), ncElementOf(scale, v))
	if err != nil {
		return nil, err
	}
	return ncForLoop(v, ncIntLit(1), CopyExpr(b.dims[len(vars)]), inner), nil
}

// value is loc + scale * raw (exp of it for lognormal), with a unit scale or
// a zero location left out and .* where the scale is a container.
func (b *ncDefBuilder) value(loc, scale ncTyped, raw lang.Expr) lang.Expr {
	v := raw
	if !ncIsLiteral(scale.e, 1) {
		op := lang.OpMul
		if !ncIsScalar(scale.t) {
			op = lang.OpEltMul
		}
		v = &lang.BinaryExpr{Op: op, X: CopyExpr(scale.e), Y: v}
	}
	if !ncIsLiteral(loc.e, 0) {
		v = &lang.BinaryExpr{Op: lang.OpAdd, X: CopyExpr(loc.e), Y: v}
	}
	if b.fam.exp {
		v = &lang.CallExpr{Name: "exp", Args: []lang.Expr{v}}
	}
	return v
}

// fresh names a new loop variable over size: the size's name in lower case
// when it is one letter (j for J), else the first free of i, j, k, ...
func (b *ncDefBuilder) fresh(size lang.Expr) string {
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

// ncCompatible reports whether theta's part of type e is loc + scale * raw as
// one expression: a scalar from scalars, or a vector, row_vector or matrix
// from scalars and values of its own type.
func ncCompatible(e, loc, scale lang.Type) bool {
	if ncIsScalar(e) {
		return ncIsScalar(loc) && ncIsScalar(scale)
	}
	if e.Dims > 0 || e.Kind < lang.KindVector || e.Kind > lang.KindMatrix {
		return false
	}
	return (ncIsScalar(loc) || loc == e) && (ncIsScalar(scale) || scale == e)
}

func ncIsScalar(t lang.Type) bool {
	return t.Dims == 0 && (t.Kind == lang.KindInt || t.Kind == lang.KindReal)
}

// ncElementType is the type of one element of t: one array dimension less, or
// the real of a vector.
func ncElementType(t lang.Type) lang.Type {
	switch {
	case t.Dims > 0:
		return lang.Type{Kind: t.Kind, Dims: t.Dims - 1}
	case t.Kind == lang.KindMatrix:
		return lang.RowVector
	}
	return lang.Real
}

// ncElementOf is element v of a location or scale, or the value itself when
// it is a single value that every element shares (as Stan's vectorised
// densities broadcast it).
func ncElementOf(a ncTyped, v string) ncTyped {
	if ncIsScalar(a.t) {
		return a
	}
	ix := lang.Index{Single: &lang.Ident{Name: v}}
	var e lang.Expr
	switch x := a.e.(type) {
	case *lang.Ident:
		e = &lang.IndexExpr{X: CopyExpr(x), Indices: []lang.Index{ix}}
	case *lang.IndexExpr:
		e = ncIndexInto(x, v)
	}
	if e == nil {
		e = &lang.IndexExpr{X: CopyExpr(a.e), Indices: []lang.Index{ix}}
	}
	return ncTyped{e, ncElementType(a.t)}
}

// ncIndexInto writes element v of an indexed value so that it reads as a
// person writes it: mu[g] gives mu[g[v]], and mu[k] (a vector) gives
// mu[k, v]. It returns nil where neither applies (a range).
func ncIndexInto(x *lang.IndexExpr, v string) lang.Expr {
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

// ncPriorSite is a ~ statement with a parameter on the left, and the
// statements around it in the model block, outermost first.
type ncPriorSite struct {
	stmt  *lang.TildeStmt
	outer []lang.Stmt
}

// ncPriorSites finds the ~ statements of the model block with decl's variable
// (whole or indexed) on the left.
func ncPriorSites(model *lang.Block, decl *lang.VarDecl) []ncPriorSite {
	var out []ncPriorSite
	var walk func(s lang.Stmt, outer []lang.Stmt)
	walk = func(s lang.Stmt, outer []lang.Stmt) {
		inner := append(outer[:len(outer):len(outer)], s)
		switch s := s.(type) {
		case *lang.TildeStmt:
			if r := ncRootOf(s.LHS); r != nil && r.Decl == decl {
				out = append(out, ncPriorSite{s, outer})
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

// ncDensityCall is the first density call of the model block with decl's
// variable as its outcome, normal_lpdf(theta | ...), or nil.
func ncDensityCall(model *lang.Block, decl *lang.VarDecl) *lang.CallExpr {
	var found *lang.CallExpr
	lang.Inspect(model, func(n lang.Node) bool {
		if c, ok := n.(*lang.CallExpr); ok && c.Bar && len(c.Args) > 0 && found == nil {
			if r := ncRootOf(c.Args[0]); r != nil && r.Decl == decl {
				found = c
			}
		}
		return found == nil
	})
	return found
}

// ncFamilyName is the family of a density function: normal for normal_lpdf.
func ncFamilyName(fn string) string {
	if i := strings.LastIndex(fn, "_"); i > 0 {
		return fn[:i]
	}
	return fn
}

// ncDescribeStmt names a statement that can hold others, for messages.
func ncDescribeStmt(s lang.Stmt) string {
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

// ncDeclared is where a name is declared: a variable's declaration, or (decl nil) a loop's variable.
type ncDeclared struct {
	decl *lang.VarDecl // nil for a loop variable
	pos  lang.Pos
}

// ncDeclaredNames maps every name declared in p, variables and loop variables,
// to its first declaration.
func ncDeclaredNames(p *lang.Program) map[string]ncDeclared {
	names := map[string]ncDeclared{}
	add := func(name string, d ncDeclared) {
		if _, ok := names[name]; !ok {
			names[name] = d
		}
	}
	lang.Inspect(p, func(n lang.Node) bool {
		switch n := n.(type) {
		case *lang.VarDecl:
			add(n.Name, ncDeclared{decl: n, pos: n.Pos})
		case *lang.ForStmt:
			add(n.Var, ncDeclared{pos: n.Pos})
		case *lang.ForEachStmt:
			add(n.Var, ncDeclared{pos: n.Pos})
		}
		return true
	})
	return names
}

// ncRoleOf names what kind of variable d is, in Stan's terms.
func ncRoleOf(d *lang.VarDecl) string {
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

// ncParameterList names the parameters of p for a message: "mu, tau, theta".
func ncParameterList(p *lang.Program) string {
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

// ncBoundsString writes a declared type's bounds as in the source: <lower=0>.
func ncBoundsString(t *lang.TypeSpec) string {
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

// ncTildeString writes a ~ statement on one line, without its semicolon.
func ncTildeString(s *lang.TildeStmt) string {
	args := make([]string, len(s.Args))
	for i, a := range s.Args {
		args[i] = lang.ExprString(a)
	}
	return lang.ExprString(s.LHS) + " ~ " + s.Dist + "(" + strings.Join(args, ", ") + ")"
}

// ncElementDims lists a declared type's sizes in indexing order: the array
// dimensions, then a vector's length or a matrix's rows and columns.
func ncElementDims(t *lang.TypeSpec) []lang.Expr {
	dims := append([]lang.Expr{}, t.ArrayDims...)
	if t.Kind != lang.DeclReal {
		dims = append(dims, t.Sizes...)
	}
	return dims
}

// ncOnePrior says, for messages, the forms of prior the rewrite takes.
func ncOnePrior(name string, dims []lang.Expr) string {
	if len(dims) == 0 {
		return fmt.Sprintf("one prior statement, %s ~ ..., outside any loop", name)
	}
	return fmt.Sprintf("one prior for every element: %s ~ ... or for (j in 1:%s) %s[j] ~ ...", name, lang.ExprString(dims[0]), name)
}

func ncLoopVarList(loops []*lang.ForStmt) string {
	if len(loops) == 0 {
		return "no loops"
	}
	vars := make([]string, len(loops))
	for i, l := range loops {
		vars[i] = l.Var
	}
	return strings.Join(vars, ", ")
}

// ncFlattenIndex splits theta[i][j, k] into theta and its indexes i, j, k.
func ncFlattenIndex(e lang.Expr) (*lang.Ident, []lang.Index) {
	switch x := e.(type) {
	case *lang.Ident:
		return x, nil
	case *lang.IndexExpr:
		root, idx := ncFlattenIndex(x.X)
		return root, append(idx, x.Indices...)
	}
	return nil, nil
}

// ncRootOf is the variable at the root of an indexed expression, or nil.
func ncRootOf(e lang.Expr) *lang.Ident {
	root, _ := ncFlattenIndex(e)
	return root
}

// ncFirstUse is the first mention of decl's variable in n, or nil.
func ncFirstUse(n lang.Node, decl *lang.VarDecl) *lang.Ident {
	var use *lang.Ident
	lang.Inspect(n, func(n lang.Node) bool {
		if id, ok := n.(*lang.Ident); ok && id.Decl == decl && use == nil {
			use = id
		}
		return use == nil
	})
	return use
}

// ncDefinesAny reports whether s declares or assigns one of the variables in vars.
func ncDefinesAny(s lang.Stmt, vars map[*lang.VarDecl]bool) bool {
	found := false
	lang.Inspect(s, func(n lang.Node) bool {
		switch n := n.(type) {
		case *lang.VarDecl:
			found = found || vars[n]
		case *lang.AssignStmt:
			if r := ncRootOf(n.LHS); r != nil {
				found = found || vars[r.Decl]
			}
		}
		return !found
	})
	return found
}

// ncIsLiteral reports whether e is the int or real literal v.
func ncIsLiteral(e lang.Expr, v float64) bool {
	switch x := e.(type) {
	case *lang.IntLit:
		return float64(x.Value) == v
	case *lang.RealLit:
		return x.Value == v
	}
	return false
}

func ncIntLit(v int64) *lang.IntLit {
	return &lang.IntLit{Value: v, Text: fmt.Sprint(v)}
}

// ncIndexed is name[vars...], or name alone when there are no indexes.
func ncIndexed(name string, vars []string) lang.Expr {
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

func ncIndexedString(name string, vars []string) string {
	return lang.ExprString(ncIndexed(name, vars))
}

// ncForLoop is `for (v in lo:hi) { body }`.
func ncForLoop(v string, lo, hi lang.Expr, body lang.Stmt) *lang.ForStmt {
	return &lang.ForStmt{Var: v, Lo: lo, Hi: hi,
		Body: &lang.BlockStmt{Body: &lang.Block{Kind: lang.BlockLocal, Stmts: []lang.Stmt{body}}}}
}
