package lang

import (
	"fmt"
	"strings"
)

// Check type-checks a parsed program. It gives every expression its type
// (Typed.T), resolves every name (Ident.Decl; a loop variable gets a
// synthetic *VarDecl), and resolves every call and ~ statement to a
// built-in signature (CallExpr.Sig, TildeStmt.Sig). It returns nil, or an
// ErrorList with every error of the file, sorted by position.
//
// The rules are the Stan Reference Manual's ("Program blocks", "Statements",
// "Expressions"): data and transformed data are read-only after their block,
// parameters are never assigned, transformed parameters and generated
// quantities only in their own block; ~ and target += only in the model
// block; _rng functions only in transformed data and generated quantities;
// the sizes of block-level variables use only data. An expression of an
// earlier error has the invalid type, which silences errors that would only
// repeat it.
func Check(p *Program) error {
	c := &checker{loopVars: map[*VarDecl]Type{}, seen: map[string]*VarDecl{}, ad: map[*VarDecl]bool{}}
	c.program(p)
	return c.errs.Err()
}

type checker struct {
	errs     ErrorList
	scope    *scope
	block    BlockKind           // the program block being checked
	loops    int                 // depth of enclosing loops, for break and continue
	loopVars map[*VarDecl]Type   // loop variables and their types (invalid after an error in the collection)
	seen     map[string]*VarDecl // the first declaration of each name, for "not visible here" hints

	// sizeOf is the variable whose block-level size is being checked: its
	// sizes may use only data and transformed data.
	sizeOf *VarDecl

	// User-defined functions (check_funcs.go): each name's definition
	// (or declaration), the function whose body is being checked, the call
	// that stands as a statement, and which variables are autodiff.
	funcs    map[string]*FuncDef
	fn       *FuncDef
	stmtCall *CallExpr
	ad       map[*VarDecl]bool
}

func (c *checker) push() { c.scope = newScope(c.scope) }
func (c *checker) pop()  { c.scope = c.scope.parent }

func (c *checker) program(p *Program) {
	c.functions(p.Functions)
	c.push()
	for k, b := range p.Blocks() {
		if b == nil || BlockKind(k) == BlockFunctions {
			continue
		}
		c.block = BlockKind(k)
		// Variables of the model block are local to it: generated quantities cannot see them.
		if c.block == BlockModel {
			c.push()
		}
		for _, s := range b.Stmts {
			if _, ok := s.(*VarDecl); !ok && (c.block == BlockData || c.block == BlockParameters) {
				c.errs.Add(s.Position(), "the %s block may hold only declarations; found %s", c.block, describeStmt(s))
				continue
			}
			c.stmt(s)
		}
		if c.block == BlockModel {
			c.pop()
		}
	}
	c.pop()
}

// describeStmt names a statement's kind for messages.
func describeStmt(s Stmt) string {
	switch s.(type) {
	case *AssignStmt:
		return "an assignment"
	case *TildeStmt:
		return "a ~ statement"
	case *TargetStmt:
		if s.(*TargetStmt).Jacobian {
			return "a jacobian += statement"
		}
		return "a target += statement"
	case *ForStmt, *ForEachStmt, *WhileStmt:
		return "a loop"
	case *IfStmt:
		return "an if statement"
	case *PrintStmt:
		return "a print or reject statement"
	}
	return "a statement"
}

// ---------------------------------------------------------------- declarations

// role names what kind of variable d is, in Stan's terms.
func (c *checker) role(d *VarDecl) string {
	if c.isLoopVar(d) {
		return "loop variable"
	}
	switch d.Block {
	case BlockData:
		return "data variable"
	case BlockTransformedData:
		return "transformed data variable"
	case BlockParameters:
		return "parameter"
	case BlockTransformedParameters:
		return "transformed parameter"
	case BlockGeneratedQuantities:
		return "generated quantity"
	case BlockFunctions:
		return "function argument"
	}
	return "local variable"
}

func (c *checker) isLoopVar(d *VarDecl) bool {
	_, ok := c.loopVars[d]
	return ok
}

// isLocal reports whether d is declared inside a statement block or the model
// block, where variables can have neither constraints nor a data-only size rule.
func isLocal(d *VarDecl) bool { return d.Block == BlockLocal || d.Block == BlockModel }

func (c *checker) varDecl(d *VarDecl) {
	t := d.Type
	if !isLocal(d) {
		c.sizeOf = d
	}
	for _, e := range t.ArrayDims {
		c.size(d, e)
	}
	for _, e := range t.Sizes {
		c.size(d, e)
	}
	c.sizeOf = nil

	bounded := t.Lower != nil || t.Upper != nil || t.Offset != nil || t.Multiplier != nil
	switch {
	case isLocal(d) && t.Kind >= DeclSimplex:
		c.errs.Add(t.Pos, "local variable %q cannot have a constrained type; expected int, real, vector, row_vector or matrix, found %s", d.Name, t.Kind)
	case isLocal(d) && bounded:
		c.errs.Add(t.Pos, "local variable %q cannot have bounds or offset/multiplier; constraints are only allowed on block-level variables", d.Name)
	case d.Block == BlockParameters && t.Kind == DeclInt:
		c.errs.Add(t.Pos, "parameter %q cannot be int; parameters must be real, vector, row_vector, matrix or a constrained type", d.Name)
	}
	for _, b := range []struct {
		name string
		e    Expr
	}{{"lower bound", t.Lower}, {"upper bound", t.Upper}, {"offset", t.Offset}, {"multiplier", t.Multiplier}} {
		if b.e != nil {
			c.bound(d, b.name, b.e)
		}
	}

	if d.Init != nil {
		it := c.expr(d.Init)
		if d.Block == BlockData || d.Block == BlockParameters {
			c.errs.Add(d.Init.Position(), "%s %q cannot have a value in its declaration; the %s block only declares", c.role(d), d.Name, d.Block)
		} else {
			c.assignable(d.Init.Position(), "declaration of", d.Name, t.Type(), it)
		}
	}
	c.declare(d)
}

// size checks one size or array dimension of d's type.
func (c *checker) size(d *VarDecl, e Expr) {
	t := c.expr(e)
	if t != Int && t != Invalid {
		c.errs.Add(e.Position(), "size of %q must be int; found %s", d.Name, t.String())
	}
}

// bound checks a lower/upper/offset/multiplier expression: a scalar, or for
// an elementwise bound a value of the declared type or of its element type
// (Reference Manual, "Vector and matrix data types with bounds").
func (c *checker) bound(d *VarDecl, name string, e Expr) {
	t := c.expr(e)
	decl := d.Type.Type()
	elem := Type{Kind: decl.Kind}
	switch {
	case t == Invalid:
	case decl.Kind == KindInt:
		if t != Int && t != decl {
			c.errs.Add(e.Position(), "%s of int %q must be int; found %s", name, d.Name, t.String())
		}
	case t == Int || t == Real:
	case t == elem || t == decl:
	case decl.Kind == KindReal:
		c.errs.Add(e.Position(), "%s of %q must be int or real; found %s", name, d.Name, t.String())
	default:
		c.errs.Add(e.Position(), "%s of %q must be int, real or %s; found %s", name, d.Name, elem.String(), t.String())
	}
}

// declare adds d to the current scope. Stan forbids reusing a name that is
// visible, even from an enclosing scope.
func (c *checker) declare(d *VarDecl) {
	if prev := c.scope.lookup(d.Name); prev != nil {
		c.errs.Add(d.Pos, "%q is already declared, at line %d; expected a new name", d.Name, prev.Pos.Line)
		return
	}
	c.scope.vars[d.Name] = d
	c.noteLocal(d)
	if c.seen[d.Name] == nil {
		c.seen[d.Name] = d
	}
}

// loopVar declares a loop's variable, of type t, in a new scope.
func (c *checker) loopVar(pos Pos, name string, t Type) {
	d := &VarDecl{Pos: pos, Name: name, Block: BlockLocal, Type: typeSpecOf(pos, t)}
	c.loopVars[d] = t
	c.declare(d)
}

// typeSpecOf makes the declared type of a synthetic variable of type t; its
// sizes are unknown (nil expressions).
func typeSpecOf(pos Pos, t Type) *TypeSpec {
	return &TypeSpec{Pos: pos, Kind: declKindOf[t.Kind], ArrayDims: make([]Expr, t.Dims)}
}

// declKindOf is the unconstrained declared kind of each value kind (int for invalid).
var declKindOf = [...]DeclKind{KindInt: DeclInt, KindReal: DeclReal, KindVector: DeclVector,
	KindRowVector: DeclRowVector, KindMatrix: DeclMatrix, KindString: DeclInt}

// assignable reports an error unless a value of type src can be stored in a
// variable of type dst: the same type, or int where real is wanted (arrays too).
func (c *checker) assignable(pos Pos, what, name string, dst, src Type) {
	if dst == src || dst == Invalid || src == Invalid {
		return
	}
	if dst.Kind == KindReal && src.Kind == KindInt && dst.Dims == src.Dims {
		return
	}
	c.errs.Add(pos, "type mismatch in %s %q: expected %s, found %s", what, name, dst.String(), src.String())
}

// ---------------------------------------------------------------- statements

func (c *checker) stmt(s Stmt) {
	switch s := s.(type) {
	case *VarDecl:
		c.varDecl(s)
	case *AssignStmt:
		c.assign(s)
	case *TildeStmt:
		c.tilde(s)
	case *TargetStmt:
		t := c.expr(s.Value)
		kw := "target"
		if s.Jacobian {
			kw = "jacobian"
			c.jacobianAllowed(s.Pos)
		} else {
			c.targetAllowed(s.Pos, "target += is")
		}
		if t != Invalid && !(t.Kind >= KindInt && t.Kind <= KindMatrix) {
			c.errs.Add(s.Value.Position(), "%s += expects int, real or a container of them; found %s", kw, t.String())
		}
	case *ForStmt:
		for _, e := range []Expr{s.Lo, s.Hi} {
			if t := c.expr(e); t != Int && t != Invalid {
				c.errs.Add(e.Position(), "loop bound must be int; found %s", t.String())
			}
		}
		c.loop(s.Pos, s.Var, Int, s.Body)
	case *ForEachStmt:
		t := c.expr(s.Collection)
		switch {
		case t == Invalid:
			s.ElemType = Invalid
		case t.Dims > 0:
			s.ElemType = Type{Kind: t.Kind, Dims: t.Dims - 1}
		case t.Kind == KindVector || t.Kind == KindRowVector || t.Kind == KindMatrix:
			s.ElemType = Real
		default:
			s.ElemType = Invalid
			c.errs.Add(s.Collection.Position(), "foreach loop needs an array, vector, row_vector or matrix to iterate over; found %s", t.String())
		}
		c.loop(s.Pos, s.Var, s.ElemType, s.Body)
	case *WhileStmt:
		c.cond(s.Cond)
		c.loops++
		c.body(s.Body)
		c.loops--
	case *IfStmt:
		c.cond(s.Cond)
		c.body(s.Then)
		if s.Else != nil {
			c.body(s.Else)
		}
	case *BlockStmt:
		c.push()
		for _, t := range s.Body.Stmts {
			c.stmt(t)
		}
		c.pop()
	case *PrintStmt:
		for _, a := range s.Args {
			if str, ok := a.(*StringLit); ok {
				str.T = Type{Kind: KindString}
				continue
			}
			c.expr(a)
		}
	case *BreakStmt:
		if c.loops == 0 {
			word := "break"
			if s.Continue {
				word = "continue"
			}
			c.errs.Add(s.Pos, "%s is only allowed inside a for or while loop; found outside any loop", word)
		}
	case *ReturnStmt:
		c.returnStmt(s)
	case *CallStmt:
		c.callStmt(s)
	case *EmptyStmt:
	}
}

// body checks a statement that forms its own scope.
func (c *checker) body(s Stmt) {
	c.push()
	c.stmt(s)
	c.pop()
}

func (c *checker) loop(pos Pos, name string, t Type, body Stmt) {
	c.push()
	c.loopVar(pos, name, t)
	c.loops++
	c.stmt(body)
	c.loops--
	c.pop()
}

// cond checks the condition of an if or while, or of ?:.
func (c *checker) cond(e Expr) {
	if t := c.expr(e); t != Int && t != Real && t != Invalid {
		c.errs.Add(e.Position(), "condition must be int or real; found %s", t.String())
	}
}

// compoundOps maps a compound assignment to its operator.
var compoundOps = map[AssignOp]BinOp{AddAssign: OpAdd, SubAssign: OpSub, MulAssign: OpMul,
	DivAssign: OpDiv, EltMulAssign: OpEltMul, EltDivAssign: OpEltDiv}

func (c *checker) assign(s *AssignStmt) {
	lt := c.expr(s.LHS)
	rt := c.expr(s.RHS)
	root := rootIdent(s.LHS)
	if root == nil || root.Decl == nil {
		return
	}
	d := root.Decl
	switch {
	case c.isLoopVar(d):
		c.errs.Add(root.Pos, "cannot assign to loop variable %q; copy it to a local variable to change it", d.Name)
	case d.Block == BlockFunctions:
		c.errs.Add(root.Pos, "cannot assign to function argument %q; arguments are read-only (copy it to a local variable to change it)", d.Name)
	case d.Block == BlockData:
		c.errs.Add(root.Pos, "cannot assign to data variable %q; data are read-only (compute changed values in transformed data)", d.Name)
	case d.Block == BlockParameters:
		c.errs.Add(root.Pos, "cannot assign to parameter %q; parameters are read-only (compute changed values in transformed parameters)", d.Name)
	case !isLocal(d) && d.Block != c.block:
		c.errs.Add(root.Pos, "cannot assign to %s %q outside the %s block; found in the %s block", c.role(d), d.Name, d.Block, c.block)
	}
	if s.Op == Assign {
		c.assignable(s.RHS.Position(), "assignment to", d.Name, lt, rt)
		return
	}
	if lt == Invalid || rt == Invalid {
		return
	}
	op := compoundOps[s.Op]
	if r, ok := BinaryResult(op, lt, rt); ok && r == lt {
		return
	}
	// Say which right-hand sides keep the left's type.
	var want []string
	for k := KindInt; k <= KindMatrix; k++ {
		if r, ok := BinaryResult(op, lt, Type{Kind: k}); ok && r == lt {
			want = append(want, k.String())
		}
	}
	if len(want) == 0 {
		c.errs.Add(s.Pos, "operator %s cannot be applied to %s %q; it needs an int, real, vector, row_vector or matrix on the left", s.Op, lt.String(), d.Name)
		return
	}
	c.errs.Add(s.RHS.Position(), "operator %s on %s %q needs %s on the right; found %s", s.Op, lt.String(), d.Name, joinWith(want, "or"), rt.String())
}

// rootIdent is the variable at the root of an indexed expression.
func rootIdent(e Expr) *Ident {
	for {
		switch x := e.(type) {
		case *Ident:
			return x
		case *IndexExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// densitySuffixes are the function suffixes that ~ leaves out.
var densitySuffixes = []string{"_lpdf", "_lpmf", "_lupdf", "_lupmf"}

func (c *checker) tilde(s *TildeStmt) {
	lt := c.expr(s.LHS)
	args := c.exprs(s.Args)
	for _, e := range []Expr{s.TruncLo, s.TruncHi} {
		if e != nil {
			if t := c.expr(e); t != Int && t != Real && t != Invalid {
				c.errs.Add(e.Position(), "truncation bound must be int or real; found %s", t.String())
			}
		}
	}
	c.targetAllowed(s.Pos, "~ statements are")
	if s.DistPos == (Pos{}) {
		s.DistPos = s.Pos // a parser that does not record the name's place
	}
	d := LookupDist(s.Dist)
	if d == nil && c.userTilde(s, lt, args) {
		return
	}
	if d == nil {
		if f, _ := c.lookupUser(s.Dist); f != nil && f.IsDensity() {
			c.errs.Add(s.DistPos, "~ takes a distribution's name without a suffix: expected %q, found %q", strings.TrimSuffix(f.Name, f.Suffix()), s.Dist)
			return
		}
		for _, suf := range densitySuffixes {
			if base := strings.TrimSuffix(s.Dist, suf); base != s.Dist && LookupDist(base) != nil {
				c.errs.Add(s.DistPos, "~ takes a distribution's name without a suffix: expected %q, found %q", base, s.Dist)
				return
			}
		}
		c.errs.Add(s.DistPos, "unknown distribution %q%s", s.Dist, suggest(s.Dist, distNames()))
		return
	}
	sig := d.Lpdf.Overloads[0]
	s.Sig = sig
	c.distArgs(d.Name, sig, append([]Expr{s.LHS}, s.Args...), append([]Type{lt}, args...), s.DistPos, true)
	if !s.HasTrunc {
		return
	}
	if !d.CDF {
		c.errs.Add(s.DistPos, "truncation T[...] needs a distribution with a CDF; %q has none", d.Name)
	}
	if lt != Invalid && lt != Int && lt != Real {
		c.errs.Add(s.LHS.Position(), "a truncated distribution needs an int or real outcome; found %s", lt.String())
	}
}

// densityTwins pairs each density suffix with the one for the other kind of outcome.
var densityTwins = map[string]string{"_lpdf": "_lpmf", "_lpmf": "_lpdf", "_lupdf": "_lupmf", "_lupmf": "_lupdf"}

// suggestFunc suggests a known function for an unknown name: for a density
// with the suffix of the wrong outcome kind (poisson_lpdf), the right one;
// else the nearest name.
func suggestFunc(name string) string {
	for suf, twin := range densityTwins {
		if base, ok := strings.CutSuffix(name, suf); ok && LookupDist(base) != nil {
			kind := "discrete"
			if LookupDist(base).Outcome == OutcomeReal {
				kind = "continuous"
			}
			return fmt.Sprintf("; %s is %s: did you mean %q?", base, kind, base+twin)
		}
	}
	return suggest(name, FuncNames())
}

func distNames() []string {
	names := make([]string, len(dists))
	for i, d := range dists {
		names[i] = d.Name
	}
	return names
}

// suggest returns `; did you mean "x"?` for the nearest candidate, or "".
func suggest(name string, candidates []string) string {
	if n := Nearest(name, candidates); n != "" {
		return fmt.Sprintf("; did you mean %q?", n)
	}
	return ""
}

// ---------------------------------------------------------------- expressions

func (c *checker) exprs(es []Expr) []Type {
	ts := make([]Type, len(es))
	for i, e := range es {
		ts[i] = c.expr(e)
	}
	return ts
}

// expr checks e, records its type in it, and returns the type.
func (c *checker) expr(e Expr) Type {
	var t Type
	switch e := e.(type) {
	case *IntLit:
		t = Int
		e.T = t
	case *RealLit:
		t = Real
		e.T = t
	case *StringLit:
		c.errs.Add(e.Pos, "a string is only allowed as an argument of print or reject")
		e.T = Invalid
	case *Ident:
		t = c.ident(e)
		e.T = t
	case *BinaryExpr:
		t = c.binary(e)
		e.T = t
	case *UnaryExpr:
		x := c.expr(e.X)
		t = Invalid
		if x != Invalid {
			if k, ok := unaryOps[e.Op][x.Kind]; ok && x.Dims == 0 {
				t = Type{Kind: k}
			} else {
				c.errs.Add(e.Pos, "operator %s cannot be applied to %s", e.Op, x.String())
			}
		}
		e.T = t
	case *TransposeExpr:
		x := c.expr(e.X)
		t = Invalid
		if x != Invalid {
			if k, ok := transposes[x.Kind]; ok && x.Dims == 0 {
				t = Type{Kind: k}
			} else {
				c.errs.Add(e.Pos, "transpose (') needs a vector, row_vector or matrix; found %s", x.String())
			}
		}
		e.T = t
	case *CondExpr:
		c.cond(e.Cond)
		a, b := c.expr(e.Then), c.expr(e.Else)
		t = c.unify(e.Else.Position(), "the branches of ?:", a, b)
		e.T = t
	case *CallExpr:
		t = c.call(e)
		e.T = t
	case *IndexExpr:
		t = c.index(e)
		e.T = t
	case *ArrayExpr:
		t = c.arrayExpr(e)
		e.T = t
	case *RowVectorExpr:
		t = c.rowVectorExpr(e)
		e.T = t
	}
	return t
}

func (c *checker) ident(e *Ident) Type {
	d := c.scope.lookup(e.Name)
	if d == nil {
		if LookupFunc(e.Name) != nil || c.funcs[e.Name] != nil {
			c.errs.Add(e.Pos, "%q is a function, not a variable; call it as %s(...)", e.Name, e.Name)
		} else if prev := c.seen[e.Name]; prev != nil {
			c.errs.Add(e.Pos, "unknown variable %q: the %s declared at line %d is not visible here", e.Name, c.role(prev), prev.Pos.Line)
		} else {
			c.errs.Add(e.Pos, "unknown variable %q%s", e.Name, suggest(e.Name, c.scope.names()))
		}
		return Invalid
	}
	e.Decl = d
	if c.sizeOf != nil && d.Block != BlockData && d.Block != BlockTransformedData {
		c.errs.Add(e.Pos, "size of %q may use only data and transformed data; found %s %q", c.sizeOf.Name, c.role(d), d.Name)
	}
	if t, ok := c.loopVars[d]; ok {
		return t
	}
	return d.Type.Type()
}

// unify is the common type of two values that must agree (the branches of
// ?:, the elements of an array expression): equal, or int and real giving real.
func (c *checker) unify(pos Pos, what string, a, b Type) Type {
	switch {
	case a == Invalid || b == Invalid:
		return Invalid
	case a == b:
		return a
	case a.Dims == b.Dims && realKind(a.Kind) == KindReal && realKind(b.Kind) == KindReal:
		return Type{Kind: KindReal, Dims: a.Dims}
	}
	c.errs.Add(pos, "%s must have the same type; found %s and %s", what, a.String(), b.String())
	return Invalid
}

func (c *checker) binary(e *BinaryExpr) Type {
	x, y := c.expr(e.X), c.expr(e.Y)
	if x == Invalid || y == Invalid {
		return Invalid
	}
	if t, ok := BinaryResult(e.Op, x, y); ok {
		return t
	}
	switch {
	case e.Op <= OpGe:
		c.errs.Add(e.Pos, "operator %s needs int or real operands; found %s and %s", e.Op, x.String(), y.String())
	case e.Op == OpMod || e.Op == OpIntDiv:
		c.errs.Add(e.Pos, "operator %s needs int operands; found %s and %s", e.Op, x.String(), y.String())
	case e.Op == OpMul && x == y && (x == Vector || x == RowVector):
		c.errs.Add(e.Pos, "operator * cannot be applied to %s and %s; use .* for elementwise multiplication, or transpose one side for a dot product", x.String(), y.String())
	case x.Dims > 0 || y.Dims > 0:
		c.errs.Add(e.Pos, "operator %s cannot be applied to %s and %s; arithmetic takes int, real, vector, row_vector or matrix, not arrays", e.Op, x.String(), y.String())
	default:
		c.errs.Add(e.Pos, "operator %s cannot be applied to %s and %s", e.Op, x.String(), y.String())
	}
	return Invalid
}

func (c *checker) index(e *IndexExpr) Type {
	base := c.expr(e.X)
	// multi[i] is true when index i keeps its dimension (a range or an int array).
	multi := make([]bool, len(e.Indices))
	bad := false
	for i, ix := range e.Indices {
		if ix.Range {
			multi[i] = true
			for _, b := range []Expr{ix.Lo, ix.Hi} {
				if b == nil {
					continue
				}
				if t := c.expr(b); t != Int && t != Invalid {
					c.errs.Add(b.Position(), "range bound must be int; found %s", t.String())
				}
			}
			continue
		}
		switch t := c.expr(ix.Single); t {
		case Int:
		case Type{Kind: KindInt, Dims: 1}:
			multi[i] = true
		case Invalid:
			bad = true
		default:
			c.errs.Add(ix.Single.Position(), "index must be int, array of ints or a range; found %s", t.String())
			bad = true
		}
	}
	if base == Invalid || bad {
		return Invalid
	}
	most := base.Dims
	switch base.Kind {
	case KindVector, KindRowVector:
		most++
	case KindMatrix:
		most += 2
	}
	if len(e.Indices) > most {
		c.errs.Add(e.Indices[most].Pos, "too many indexes for %s: expected at most %d, found %d", describeIndexed(e.X, base), most, len(e.Indices))
		return Invalid
	}
	// Array dimensions first: each single index drops one.
	dims := base.Dims
	n := min(len(e.Indices), base.Dims)
	for i := 0; i < n; i++ {
		if !multi[i] {
			dims--
		}
	}
	rest := multi[n:]
	kind := base.Kind
	switch {
	case len(rest) == 0:
	case kind == KindVector || kind == KindRowVector:
		if !rest[0] {
			kind = KindReal
		}
	case kind == KindMatrix && len(rest) == 1:
		if !rest[0] {
			kind = KindRowVector
		}
	case kind == KindMatrix:
		switch {
		case !rest[0] && !rest[1]:
			kind = KindReal
		case !rest[0]:
			kind = KindRowVector
		case !rest[1]:
			kind = KindVector
		}
	}
	return Type{Kind: kind, Dims: dims}
}

// describeIndexed names the indexed value for messages: `"x" (array[] real)`.
func describeIndexed(e Expr, t Type) string {
	if id, ok := e.(*Ident); ok {
		return fmt.Sprintf("%q (%s)", id.Name, t.String())
	}
	return "an expression of type " + t.String()
}

func (c *checker) arrayExpr(e *ArrayExpr) Type {
	ts := c.exprs(e.Elems)
	if len(ts) == 0 {
		c.errs.Add(e.Pos, "an array expression needs at least one element")
		return Invalid
	}
	t := ts[0]
	for i := 1; i < len(ts) && t != Invalid; i++ {
		t = c.unify(e.Elems[i].Position(), "the elements of an array expression", t, ts[i])
	}
	if t == Invalid {
		return Invalid
	}
	return Type{Kind: t.Kind, Dims: t.Dims + 1}
}

func (c *checker) rowVectorExpr(e *RowVectorExpr) Type {
	ts := c.exprs(e.Elems)
	scalars, rows := 0, 0
	for i, t := range ts {
		switch t {
		case Invalid:
			return Invalid
		case Int, Real:
			scalars++
		case RowVector:
			rows++
		default:
			c.errs.Add(e.Elems[i].Position(), "a [...] expression needs int or real elements (a row_vector) or row_vector elements (a matrix); found %s", t.String())
			return Invalid
		}
	}
	switch {
	case rows == 0:
		return RowVector
	case scalars == 0:
		return Matrix
	}
	c.errs.Add(e.Pos, "a [...] expression must hold only scalars (a row_vector) or only row_vectors (a matrix); found both")
	return Invalid
}
