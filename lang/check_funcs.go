package lang

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// The checker's part for user-defined functions (Stan Reference Manual,
// "User-defined functions"; the rules are stanc3's Typechecker's): the
// functions block's signatures are collected before any body is checked,
// so that functions may call each other in any order and recursively, and
// a forward declaration is optional; each body is checked with its
// arguments in scope and the rules of its kind of function (an _lp
// function may use target += and ~, an _rng function may call _rng
// functions, a density may call _lupdf); every path through a non-void
// body must end in return (or reject); and calls of user functions, and ~
// with a user-defined density, are resolved here. User functions are not
// overloaded: a name has one signature.

// functions checks the functions block.
func (c *checker) functions(b *Block) {
	c.funcs = map[string]*FuncDef{}
	if b == nil {
		return
	}
	c.block = BlockFunctions
	for _, s := range b.Stmts {
		f, ok := s.(*FuncDef)
		if !ok {
			continue
		}
		c.signature(f)
		prev := c.funcs[f.Name]
		switch {
		case prev == nil:
			c.funcs[f.Name] = f
		case prev.Body == nil && f.Body != nil:
			if a, b := signatureText(prev), signatureText(f); a != b {
				c.errs.Add(f.NamePos, "the definition of %q does not match its declaration at line %d: declared %s, defined %s", f.Name, prev.Pos.Line, a, b)
			}
			c.funcs[f.Name] = f
		case f.Body == nil:
			c.errs.Add(f.NamePos, "function %q is already declared, at line %d; declare a function at most once, before its definition", f.Name, prev.Pos.Line)
		default:
			c.errs.Add(f.NamePos, "function %q is already defined, at line %d; bayes does not overload user-defined functions: give this one another name", f.Name, prev.Pos.Line)
		}
	}
	for _, s := range b.Stmts {
		if f, ok := s.(*FuncDef); ok {
			f.Def = c.funcs[f.Name]
			if f.Def.Body == nil {
				f.Def = nil
				c.errs.Add(f.NamePos, "function %q is declared but never defined; give it a body in braces", f.Name)
			}
		}
	}
	for _, s := range b.Stmts {
		if f, ok := s.(*FuncDef); ok && f.Body != nil {
			c.funcBody(f)
		}
	}
}

// signatureText writes a function's types: "(real, array[] vector) returning real".
func signatureText(f *FuncDef) string {
	parts := make([]string, len(f.Params))
	for i, a := range f.Params {
		parts[i] = a.Decl.Type.Type().String()
		if a.Data {
			parts[i] = "data " + parts[i]
		}
	}
	ret := "void"
	if !f.Void {
		ret = f.Ret.String()
	}
	return "(" + strings.Join(parts, ", ") + ") returning " + ret
}

// signature checks what a function's name says about its types.
func (c *checker) signature(f *FuncDef) {
	suffix := f.Suffix()
	base := strings.TrimSuffix(f.Name, suffix)
	switch {
	case LookupFunc(f.Name) != nil:
		c.errs.Add(f.NamePos, "%q is a built-in function; a user-defined function cannot redefine it: choose another name", f.Name)
		return
	case (suffix == "_lpdf" || suffix == "_lpmf") && LookupDist(base) != nil:
		c.errs.Add(f.NamePos, "%q would redefine the built-in distribution %q; choose another name", f.Name, base)
		return
	case suffix == "_lupdf" || suffix == "_lupmf":
		def := base + densityTwinOf[suffix]
		c.errs.Add(f.NamePos, "a function cannot be defined as %s: define %s; calls may then use either name (and %s drops its constants under ~)", f.Name, def, f.Name)
		return
	}
	switch suffix {
	case "_lpdf", "_lpmf", "_lcdf", "_lccdf", "_cdf":
		if f.Void || f.Ret != Real {
			c.errs.Add(f.Pos, "function %q must return real, as every %s function does; found %s", f.Name, suffix, retText(f))
		}
	}
	if suffix != "_lpdf" && suffix != "_lpmf" {
		return
	}
	if len(f.Params) == 0 {
		c.errs.Add(f.NamePos, "function %q needs an outcome as its first argument, as every %s function does", f.Name, suffix)
		return
	}
	first := f.Params[0].Decl
	isInt := first.Type.Type().Kind == KindInt
	switch {
	case suffix == "_lpdf" && isInt:
		c.errs.Add(first.Pos, "the first argument of %q (the outcome) must be real-valued, as a _lpdf function's is; for an int outcome name it %s_lpmf", f.Name, base)
	case suffix == "_lpmf" && !isInt:
		c.errs.Add(first.Pos, "the first argument of %q (the outcome) must be int-valued, as a _lpmf function's is; for a real outcome name it %s_lpdf", f.Name, base)
	}
}

// densityTwinOf maps the unnormalised suffix to the one a definition has.
var densityTwinOf = map[string]string{"_lupdf": "_lpdf", "_lupmf": "_lpmf", "_lpdf": "_lupdf", "_lpmf": "_lupmf"}

func retText(f *FuncDef) string {
	if f.Void {
		return "void"
	}
	return f.Ret.String()
}

// funcBody checks a definition's body, with its arguments in scope.
func (c *checker) funcBody(f *FuncDef) {
	c.fn = f
	c.push()
	for _, a := range f.Params {
		c.ad[a.Decl] = !a.Data && a.Decl.Type.Type().Kind != KindInt
		c.declare(a.Decl)
	}
	c.push()
	for _, s := range f.Body.Stmts {
		c.stmt(s)
	}
	c.pop()
	c.pop()
	c.fn = nil
	if !f.Void && blockEnding(f.Body.Stmts) != endsComplete {
		c.errs.Add(f.NamePos, "function %q does not return a value on every path: each way through the body of a function returning %s must end in return (or reject)", f.Name, f.Ret)
	}
}

// ending is how a statement leaves its block, for the rule that a non-void
// function returns on every path (stanc3's return types of statements).
type ending uint8

const (
	endsIncomplete ending = iota // execution may go on after it
	endsComplete                 // every path returns or rejects
	endsJump                     // a break may leave the enclosing loop
)

func stmtEnding(s Stmt) ending {
	switch s := s.(type) {
	case *ReturnStmt:
		return endsComplete
	case *PrintStmt:
		if s.Reject {
			return endsComplete
		}
	case *BreakStmt:
		if !s.Continue {
			return endsJump
		}
	case *BlockStmt:
		return blockEnding(s.Body.Stmts)
	case *IfStmt:
		a, b := stmtEnding(s.Then), endsIncomplete
		if s.Else != nil {
			b = stmtEnding(s.Else)
		}
		switch {
		case a == endsComplete && b == endsComplete:
			return endsComplete
		case a == endsJump || b == endsJump:
			return endsJump
		}
	case *WhileStmt:
		body := stmtEnding(s.Body)
		// A loop on a nonzero literal ends only by return or reject.
		if lit, ok := s.Cond.(*IntLit); body == endsComplete || body == endsIncomplete && ok && lit.Value != 0 {
			return endsComplete
		}
	case *ForStmt:
		if stmtEnding(s.Body) == endsComplete {
			return endsComplete
		}
	case *ForEachStmt:
		if stmtEnding(s.Body) == endsComplete {
			return endsComplete
		}
	}
	return endsIncomplete
}

// blockEnding combines a block's statements up to the first that leaves it.
func blockEnding(ss []Stmt) ending {
	acc := endsIncomplete
	for _, s := range ss {
		e := stmtEnding(s)
		switch {
		case e == endsJump || acc == endsJump:
			acc = endsJump
		case e == endsComplete:
			acc = endsComplete
		default:
			acc = endsIncomplete
		}
		if leaves(s) {
			break
		}
	}
	return acc
}

// leaves reports a statement after which the rest of its block never runs.
func leaves(s Stmt) bool {
	switch s := s.(type) {
	case *ReturnStmt, *BreakStmt:
		return true
	case *PrintStmt:
		return s.Reject
	}
	return false
}

// returnStmt checks `return` against the function it is in.
func (c *checker) returnStmt(s *ReturnStmt) {
	var t Type
	if s.Value != nil {
		t = c.expr(s.Value)
	}
	switch {
	case c.fn == nil:
		c.errs.Add(s.Pos, "return is only allowed in the body of a function; found in the %s block", c.block)
	case c.fn.Void && s.Value != nil:
		c.errs.Add(s.Value.Position(), "void function %q cannot return a value; write return; or give the function a return type", c.fn.Name)
	case !c.fn.Void && s.Value == nil:
		c.errs.Add(s.Pos, "function %q must return a %s; found return without a value", c.fn.Name, c.fn.Ret)
	case !c.fn.Void:
		c.assignable(s.Value.Position(), "return from", c.fn.Name, c.fn.Ret, t)
	}
}

// callStmt checks a call standing as a statement: only a void function's.
func (c *checker) callStmt(s *CallStmt) {
	c.stmtCall = s.Call
	t := c.expr(s.Call)
	c.stmtCall = nil
	if f := s.Call.Fn; f != nil && f.Void || t == Invalid {
		return
	}
	c.errs.Add(s.Pos, "a function call cannot stand alone as a statement: %s returns a value (assign it, or use it in an expression)", s.Call.Name)
}

// lookupUser finds the user function a call names: NAME itself, or for
// NAME_lupdf (_lupmf) the density NAME_lpdf (_lpmf); unnorm reports the latter.
func (c *checker) lookupUser(name string) (f *FuncDef, unnorm bool) {
	if f := c.funcs[name]; f != nil {
		return f, false
	}
	for _, suf := range []string{"_lupdf", "_lupmf"} {
		if base, ok := strings.CutSuffix(name, suf); ok {
			if f := c.funcs[base+densityTwinOf[suf]]; f != nil {
				return f, true
			}
		}
	}
	return nil, false
}

// userCall checks a call of a user function, whose arguments have types
// args; ok is false when name is not a user function's.
func (c *checker) userCall(e *CallExpr, args []Type) (t Type, ok bool) {
	f, unnorm := c.lookupUser(e.Name)
	if f == nil {
		return Invalid, false
	}
	e.Fn = f
	c.userAllowed(e.Pos, e.Name, f, unnorm)
	takesBar := bars[f.Suffix()]
	switch {
	case e.Bar && !takesBar:
		c.errs.Add(e.Pos, "%s takes no \"|\"; only density and distribution functions (_lpdf, _lpmf, _cdf, ...) separate the outcome with \"|\"", e.Name)
	case !e.Bar && takesBar && len(e.Args) > 1:
		c.errs.Add(e.Args[1].Position(), "%s needs \"|\" after the outcome, as in %s(y | ...); found \",\"", e.Name, e.Name)
	}
	if !c.userArgs(e.Name, e.Pos, f, e.Args, args, 0) {
		return Invalid, true
	}
	if f.Void {
		if c.stmtCall != e {
			c.errs.Add(e.Pos, "%s is a void function: it returns no value, so it cannot be used in an expression; call it as a statement, %s(...);", e.Name, e.Name)
		}
		return Invalid, true
	}
	return f.Ret, true
}

// bars are the suffixes whose functions take the outcome before "|".
var bars = map[string]bool{"_lpdf": true, "_lpmf": true, "_lcdf": true, "_lccdf": true, "_cdf": true}

// userArgs checks the arguments of a user function; for a ~ statement
// from is 1 (argument 0 is the outcome, on the left of ~), else 0.
func (c *checker) userArgs(name string, at Pos, f *FuncDef, es []Expr, ts []Type, from int) bool {
	if len(f.Params) < from {
		return false // a density without an outcome: its definition's error says so
	}
	if len(ts) != len(f.Params) {
		want := make([]string, len(f.Params)-from)
		for i, a := range f.Params[from:] {
			want[i] = a.Decl.Type.Type().String()
		}
		c.errs.Add(at, "%s: expected %s, found %d", name, countArgs(len(want), want), len(ts)-from)
		return false
	}
	ok := true
	for i, a := range f.Params {
		pt := a.Decl.Type.Type()
		switch {
		case ts[i] == Invalid:
			ok = false
		case !exactMatch(pt, ts[i]):
			ok = false
			if from == 1 && i == 0 {
				c.errs.Add(es[i].Position(), "%s: the outcome (left of ~) must be %s; found %s", name, pt, ts[i])
			} else {
				c.errs.Add(es[i].Position(), "%s: argument %d (%s) must be %s; found %s", name, i+1-from, a.Decl.Name, pt, ts[i])
			}
		case a.Data:
			if id := c.autodiffIdent(es[i]); id != nil {
				found := fmt.Sprintf("%s %q", c.role(id.Decl), id.Name)
				if es[i] != Expr(id) {
					found = fmt.Sprintf("`%s`, which uses %s", ExprString(es[i]), found)
				}
				c.errs.Add(es[i].Position(), "%s: argument %d (%s) is declared `data %s`, so it must not depend on parameters; found %s", name, i+1-from, a.Decl.Name, pt, found)
			}
		}
	}
	return ok
}

// exactMatch reports whether a value of type t may be passed for a
// parameter of type p: the same type, or ints where reals are expected.
func exactMatch(p, t Type) bool {
	m, _ := Param{Type: p}.match(t)
	return m
}

// userAllowed checks that a function of a restricted kind is called where
// Stan allows it: _rng functions in transformed data, generated
// quantities and _rng functions; _lp functions in transformed parameters,
// the model and _lp functions; NAME_lupdf in the model and in densities
// and _lp functions.
func (c *checker) userAllowed(at Pos, name string, f *FuncDef, unnorm bool) {
	var kind string
	var set blockSet
	var inFuncs []string
	switch {
	case unnorm:
		kind, set, inFuncs = name[strings.LastIndex(name, "_"):]+" functions are", blocks(BlockModel), []string{"_lpdf", "_lpmf", "_lp"}
	case f.Suffix() == "_rng":
		kind, set, inFuncs = "_rng functions are", blocks(BlockTransformedData, BlockGeneratedQuantities), []string{"_rng"}
	case f.Suffix() == "_lp":
		kind, set, inFuncs = "_lp functions are", blocks(BlockTransformedParameters, BlockModel), []string{"_lp"}
	case f.Suffix() == "_jacobian":
		kind, set, inFuncs = "_jacobian functions are", blocks(BlockTransformedParameters), []string{"_jacobian"}
	default:
		return
	}
	c.restricted(at, name, kind, set, inFuncs)
}

// restricted reports a call of name, of a kind allowed only in blocks and
// in the bodies of functions with the suffixes inFuncs, made elsewhere.
func (c *checker) restricted(at Pos, name, kind string, set blockSet, inFuncs []string) {
	if c.fn == nil {
		if !set.has(c.block) {
			c.errs.Add(at, "%s only allowed in the %s block%s; found %s in the %s block", kind, set, plural(set), name, c.block)
		}
		return
	}
	if !slices.Contains(inFuncs, c.fn.Suffix()) {
		c.errs.Add(at, "%s only allowed in the %s block%s and in functions whose names end in %s; found %s in function %q",
			kind, set, plural(set), joinWith(inFuncs, "or"), name, c.fn.Name)
	}
}

// builtinAllowed is the block rule of a restricted built-in seen from a
// function body: _rng built-ins in _rng functions, target() in _lp
// functions, _lupdf built-ins in densities and _lp functions.
func (c *checker) builtinAllowed(e *CallExpr, f *Func) {
	if c.fn == nil || f.Blocks == 0 {
		if !f.AllowedIn(c.block) {
			c.errs.Add(e.Pos, "%s only allowed in the %s block%s; found %s in the %s block",
				f.What, f.Blocks, plural(f.Blocks), e.Name, c.block)
		}
		return
	}
	in := []string{"_lpdf", "_lpmf", "_lp"} // _lupdf built-ins
	switch {
	case f.Overloads[0].Suffix == SuffixRng:
		in = []string{"_rng"}
	case f.Blocks.has(BlockTransformedParameters): // target()
		in = []string{"_lp"}
	}
	c.restricted(e.Pos, e.Name, f.What, f.Blocks, in)
}

// targetAllowed reports whether target += and ~ may stand here: in the
// model block and in _lp functions; else it reports what.
func (c *checker) targetAllowed(at Pos, what string) {
	switch {
	case c.fn != nil && c.fn.Suffix() != "_lp":
		c.errs.Add(at, "%s only allowed in the model block and in functions whose names end in _lp; found in function %q", what, c.fn.Name)
	case c.fn == nil && c.block != BlockModel:
		c.errs.Add(at, "%s only allowed in the model block; found in the %s block", what, c.block)
	}
}

// jacobianAllowed reports a `jacobian +=` made where Stan 2.36 refuses it:
// anywhere but the transformed parameters block and functions whose names
// end in _jacobian (which only those places may call), and where a
// variable named jacobian is in scope, whose `jacobian += e` older Stan
// read as a compound assignment.
func (c *checker) jacobianAllowed(at Pos) {
	if d := c.scope.lookup("jacobian"); d != nil {
		c.errs.Add(at, "jacobian += is the Jacobian statement (Stan 2.36), but a variable named jacobian is declared at %d:%d; rename the variable", d.Pos.Line, d.Pos.Col)
		return
	}
	if c.fn != nil && c.fn.Suffix() == "_jacobian" || c.fn == nil && c.block == BlockTransformedParameters {
		return
	}
	where := fmt.Sprintf("the %s block", c.block)
	if c.fn != nil {
		where = fmt.Sprintf("function %q", c.fn.Name)
	}
	c.errs.Add(at, "jacobian += is allowed only in transformed parameters or in functions ending _jacobian; found in %s", where)
}

// userTilde checks `y ~ NAME(...)` for a user density NAME_lpdf or
// NAME_lpmf; ok is false when there is none.
func (c *checker) userTilde(s *TildeStmt, lt Type, args []Type) bool {
	// An int outcome takes NAME_lpmf where both are defined.
	f, g := c.funcs[s.Dist+"_lpdf"], c.funcs[s.Dist+"_lpmf"]
	if f == nil || g != nil && lt.Kind == KindInt {
		f = g
	}
	if f == nil {
		return false
	}
	s.Fn = f
	c.userArgs(s.Dist, s.DistPos, f, append([]Expr{s.LHS}, s.Args...), append([]Type{lt}, args...), 1)
	if s.HasTrunc {
		c.errs.Add(s.DistPos, "truncation T[...] of the user-defined distribution %q is not supported yet", s.Dist)
	}
	return true
}

// autodiffIdent returns a variable in e that may depend on parameters (a
// parameter, a transformed parameter, a real local of the model or of a
// function, a function argument not declared data), or nil.
func (c *checker) autodiffIdent(e Expr) *Ident {
	var found *Ident
	Inspect(e, func(n Node) bool {
		if id, ok := n.(*Ident); ok && id.Decl != nil && found == nil && c.autodiff(id.Decl) {
			found = id
		}
		return found == nil
	})
	return found
}

// autodiff reports whether Stan holds d as an autodiff variable: a
// real-valued parameter, transformed parameter or variable of the model,
// a function's real local or an argument not declared data (stanc3,
// calculate_autodifftype).
func (c *checker) autodiff(d *VarDecl) bool {
	if ad, ok := c.ad[d]; ok {
		return ad
	}
	switch d.Block {
	case BlockParameters, BlockTransformedParameters, BlockModel:
		return d.Type.Type().Kind != KindInt
	}
	return false
}

// noteLocal records whether a local variable is an autodiff variable: a
// real one in the transformed parameters or model block or in a function.
func (c *checker) noteLocal(d *VarDecl) {
	if d.Block != BlockLocal {
		return
	}
	inAD := c.fn != nil || c.block == BlockTransformedParameters || c.block == BlockModel
	c.ad[d] = inAD && d.Type.Type().Kind != KindInt
}

// userFuncNames returns the user functions' names, sorted.
func (c *checker) userFuncNames() []string {
	names := make([]string, 0, len(c.funcs))
	for n := range c.funcs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// suggestCall suggests a function for an unknown name: a user function's
// name when one is near, else a built-in (suggestFunc).
func (c *checker) suggestCall(name string) string {
	if n := Nearest(name, c.userFuncNames()); n != "" {
		return fmt.Sprintf("; did you mean %q?", n)
	}
	return suggestFunc(name)
}
