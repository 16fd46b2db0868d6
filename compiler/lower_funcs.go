package compiler

import (
	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
)

// User-defined functions are inlined: each call lowers the function's
// body in place, with its arguments bound to the values of the call.
//
// Why inline rather than emit a call: lowering already evaluates the
// program with the data bound, so an inlined body is differentiated,
// simplified and emitted like the rest of the model with no new IR
// (no call op, no calling convention in the kernel or the C emitter, no
// adjoint of a call), and a call with data arguments folds to constants:
// an int argument is known, so the body's loops and ifs on it resolve
// and a recursion on data unrolls to the depth the data give. What it
// costs is IR size for a function called at many sites with parameter
// arguments; hash-consing shares what repeats, and a vectorised loop
// lowers its body, calls included, once for all its iterations.
//
// The rules, with Stan's meaning (Stan Reference Manual, "User-defined
// functions"):
//   - a body sees only its arguments and locals (a frame of its own), and
//     its locals are autodiff variables exactly when an argument is, as
//     Stan's local_scalar_t__ makes them, so that ~ in an _lp function
//     drops what Stan drops;
//   - `return` ends the body (a jump, like break); a return under an if
//     whose condition depends on parameters becomes a select of the two
//     branches' values, which must both return (an if whose branch
//     returns and that has no else takes the statements after it as its
//     else, which means the same);
//   - NAME_lupdf, and ~ NAME, run NAME_lpdf with the constants of its
//     _lupdf calls dropped; NAME_lpdf keeps them (Stan's propto__);
//   - a recursion unrolls; past maxInlineDepth nested calls the compile
//     stops with a message at the call (a recursion whose end depends on
//     parameters cannot end when both branches of its if are lowered).

// maxInlineDepth bounds the nesting of inlined calls.
const maxInlineDepth = 1000

// funcState is the lowerer's state for user functions.
type funcState struct {
	frame  *inlineFrame                  // the innermost call being inlined; nil outside functions
	bodies map[*lang.FuncDef][]lang.Stmt // each body with its returns made explicit (elseAfterReturn)
}

// inlineFrame is one call being inlined.
type inlineFrame struct {
	fn     *lang.FuncDef
	depth  int
	ret    *val // the value of the return that ended the body
	propto bool // _lupdf calls in the body drop their constants
	ad     bool // the body's locals are autodiff variables
	lanes  int  // the lanes of the vectorised loop the call is made in, 0 outside one
}

// dropsConstants reports whether a _lupdf call here drops its constants:
// outside functions always (the model's log density is up to a
// constant), inside one as the call of the density said.
func (l *lowerer) dropsConstants() bool {
	return l.fn.frame == nil || l.fn.frame.propto
}

// localsAD reports whether a real local declared here is an autodiff
// variable for the rule of which summands ~ drops.
func (l *lowerer) localsAD() bool {
	if l.fn.frame != nil {
		return l.fn.frame.ad
	}
	return true
}

// userCall lowers a call of a user function.
func (l *lowerer) userCall(c *lang.CallExpr) *val {
	args := make([]*val, len(c.Args))
	for i, a := range c.Args {
		args[i] = l.expr(a)
	}
	propto := false
	f := c.Fn
	if f.Suffix() == "_lp" || f.IsDensity() && c.Name != f.Name { // NAME_lupdf
		propto = l.dropsConstants()
	}
	v := l.inline(c, f, args, propto)
	if v == nil {
		l.fail(c, "%s is a void function: it returns no value", c.Name)
	}
	return v
}

// userTilde lowers `y ~ NAME(...)` for a user density: target gains
// NAME_lupdf(y | ...).
func (l *lowerer) userTilde(s *lang.TildeStmt) {
	args := []*val{l.expr(s.LHS)}
	for _, a := range s.Args {
		args = append(args, l.expr(a))
	}
	v := l.inline(s, s.Fn, args, l.dropsConstants())
	varying := v.lanes > 0 // one value per iteration of a vectorised loop
	if varying {
		v = l.sum(v)
	}
	l.addTarget(l.perIteration(l.node(v), varying))
}

// callStmt lowers a call of a void function standing as a statement.
func (l *lowerer) callStmt(s *lang.CallStmt) {
	args := make([]*val, len(s.Call.Args))
	for i, a := range s.Call.Args {
		args[i] = l.expr(a)
	}
	propto := false
	if s.Call.Fn.Suffix() == "_lp" {
		propto = l.dropsConstants()
	}
	l.inline(s, s.Call.Fn, args, propto)
}

// inline lowers f's body for one call, at, with the arguments' values;
// it returns the value returned, nil for a void function.
func (l *lowerer) inline(at lang.Node, f *lang.FuncDef, args []*val, propto bool) *val {
	depth := 1
	if l.fn.frame != nil {
		depth = l.fn.frame.depth + 1
	}
	if depth > maxInlineDepth {
		l.fail(at, "%s: calls of user-defined functions nest more than %d deep here; bayes inlines each call where it is made, so a recursion must end within %d calls on the data given (a deeper one can be written as a loop; one whose end depends on parameters cannot be compiled)", f.Name, maxInlineDepth, maxInlineDepth)
	}
	if l.lanes > 0 && !laneSafe(f) {
		l.vectorFail()
	}
	ad := false
	for _, a := range args {
		ad = ad || !a.constant()
	}
	vars, loops, jump, frame := l.vars, l.loops, l.jump, l.fn.frame
	defer func() { l.vars, l.loops, l.jump, l.fn.frame = vars, loops, jump, frame }()
	l.vars = make(map[*lang.VarDecl]*val, len(f.Params))
	l.loops = map[loopKey]*val{}
	l.jump = noJump
	l.fn.frame = &inlineFrame{fn: f, depth: depth, propto: propto, ad: ad, lanes: l.lanes}
	for i, p := range f.Params {
		l.vars[p.Decl] = bindArg(p.Decl.Type.Type(), args[i])
	}
	l.stmts(l.body(f))
	ret, returned := l.fn.frame.ret, l.jump == returnJump
	if f.Void {
		return nil
	}
	if !returned {
		l.fail(at, "%s reached the end of its body without returning a value, with the data given", f.Name)
	}
	return bindArg(f.Ret, ret)
}

// bindArg gives v the type t it is passed or returned as: an int where
// real is declared becomes real. The value is shared, not owned.
func bindArg(t lang.Type, v *val) *val {
	out := *v
	out.owned = false
	if t.Kind == lang.KindReal && v.isInt {
		out.isInt, out.kind = false, lang.KindReal
	}
	return &out
}

// returnStmt lowers `return`: the frame keeps the value and the body stops.
func (l *lowerer) returnStmt(s *lang.ReturnStmt) {
	if l.fn.frame == nil {
		l.fail(s, "return outside a function")
	}
	if l.lanes != l.fn.frame.lanes {
		l.vectorFail() // a loop of the body that returns is unrolled
	}
	if s.Value != nil {
		l.fn.frame.ret = l.expr(s.Value)
	}
	l.jump = returnJump
}

// laneSafe reports whether f's body can be lowered once for all the
// iterations of a vectorised loop: it holds only scalar locals assigned
// whole, returns, target += and ~, prints and calls; no if, loop or
// container local, whose lowering over lanes the loop's own check
// (vectorisable) has not vetted.
func laneSafe(f *lang.FuncDef) bool {
	scalars := map[*lang.VarDecl]bool{}
	for _, s := range f.Body.Stmts {
		switch s := s.(type) {
		case *lang.VarDecl:
			if len(s.Type.ArrayDims) > 0 || s.Type.Kind != lang.DeclInt && s.Type.Kind != lang.DeclReal {
				return false
			}
			scalars[s] = true
		case *lang.AssignStmt:
			id, ok := s.LHS.(*lang.Ident)
			if !ok || !scalars[id.Decl] {
				return false
			}
		case *lang.PrintStmt:
			if s.Reject {
				return false
			}
		case *lang.ReturnStmt, *lang.TargetStmt, *lang.TildeStmt, *lang.CallStmt, *lang.EmptyStmt:
		default:
			return false
		}
	}
	return true
}

// body returns f's statements with every `if (c) A` whose A always
// returns, and that has no else, given the statements after it as its
// else (elseAfterReturn), made once per function.
func (l *lowerer) body(f *lang.FuncDef) []lang.Stmt {
	if l.fn.bodies == nil {
		l.fn.bodies = map[*lang.FuncDef][]lang.Stmt{}
	}
	ss, ok := l.fn.bodies[f]
	if !ok {
		ss = elseAfterReturn(f.Body.Stmts)
		l.fn.bodies[f] = ss
	}
	return ss
}

// elseAfterReturn rewrites a statement list so that an if that returns
// in its then branch and has no else holds the rest of the list as its
// else: `if (c) return a; return b;` becomes `if (c) return a; else
// return b;`, the same program, whose if the lowering can turn into a
// select when c depends on parameters. The tree is not changed: rewritten
// nodes are copies that share the statements they hold.
func elseAfterReturn(ss []lang.Stmt) []lang.Stmt {
	out := make([]lang.Stmt, 0, len(ss))
	for i, s := range ss {
		s = elseAfterReturnIn(s)
		if is, ok := s.(*lang.IfStmt); ok && is.Else == nil && alwaysReturns(is.Then) && i+1 < len(ss) {
			c := *is
			c.Else = &lang.BlockStmt{Pos: ss[i+1].Position(), Body: &lang.Block{Pos: ss[i+1].Position(), Kind: lang.BlockLocal, Stmts: elseAfterReturn(ss[i+1:])}}
			return append(out, &c)
		}
		out = append(out, s)
	}
	return out
}

// elseAfterReturnIn applies elseAfterReturn to the lists inside s.
func elseAfterReturnIn(s lang.Stmt) lang.Stmt {
	switch x := s.(type) {
	case *lang.BlockStmt:
		c := *x
		b := *x.Body
		b.Stmts = elseAfterReturn(x.Body.Stmts)
		c.Body = &b
		return &c
	case *lang.IfStmt:
		c := *x
		c.Then = elseAfterReturnIn(x.Then)
		if x.Else != nil {
			c.Else = elseAfterReturnIn(x.Else)
		}
		return &c
	case *lang.ForStmt:
		c := *x
		c.Body = elseAfterReturnIn(x.Body)
		return &c
	case *lang.ForEachStmt:
		c := *x
		c.Body = elseAfterReturnIn(x.Body)
		return &c
	case *lang.WhileStmt:
		c := *x
		c.Body = elseAfterReturnIn(x.Body)
		return &c
	}
	return s
}

// alwaysReturns reports whether every path through s ends in return.
func alwaysReturns(s lang.Stmt) bool {
	switch x := s.(type) {
	case *lang.ReturnStmt:
		return true
	case *lang.BlockStmt:
		for _, t := range x.Body.Stmts {
			if alwaysReturns(t) {
				return true
			}
			if _, jumps := t.(*lang.BreakStmt); jumps {
				return false
			}
		}
	case *lang.IfStmt:
		return x.Else != nil && alwaysReturns(x.Then) && alwaysReturns(x.Else)
	}
	return false
}

// hasReturn reports whether s holds a return.
func hasReturn(s lang.Stmt) bool {
	found := false
	lang.Inspect(s, func(n lang.Node) bool {
		_, found = n.(*lang.ReturnStmt)
		return !found
	})
	return found
}

// returnIf lowers, inside a function, an if on a parameter-dependent
// condition whose branches return: both branches are lowered and the
// value returned, and what they add to target, are selected by the
// condition. Both branches must return: the statements after such an if
// without else are its else already (elseAfterReturn), so a branch that
// does not return falls through to code the other branch would skip.
func (l *lowerer) returnIf(s *lang.IfStmt) {
	cv := l.expr(s.Cond)
	cond := l.ewise(s, ir.OpNe, 0, cv, knownScalar(0, true))
	saved, savedT := l.snapshot()
	paths := l.branchPaths(s, cond)
	frame := l.fn.frame
	var rets [2]*val
	var terms [2][]ir.Value
	for i, br := range []lang.Stmt{s.Then, s.Else} {
		l.jump, frame.ret = noJump, nil
		_, terms[i] = l.arm(s, br, paths[i], saved)
		if l.jump != returnJump {
			l.fail(s, "bayes cannot compile this if on the parameter-dependent condition `%s`: it becomes a select of its branches, so in a function either both branches return or neither does", lang.ExprString(s.Cond))
		}
		rets[i] = frame.ret
	}
	l.vars, l.target = copyVars(saved), savedT
	sum := func(ts []ir.Value) *val {
		if len(ts) == 0 {
			return knownScalar(0, false)
		}
		acc := ts[0]
		for _, t := range ts[1:] {
			acc = l.b.Add(acc, t)
		}
		return symbolic(nil, lang.KindReal, acc)
	}
	if len(terms[0])+len(terms[1]) > 0 {
		l.addTarget(l.node(l.ewise(s, ir.OpSelect, 0, cond, sum(terms[0]), sum(terms[1]))))
	}
	if !frame.fn.Void {
		frame.ret = l.ewise(s, ir.OpSelect, 0, cond, rets[0], rets[1])
	}
	l.jump = returnJump
}
