package simulate

import (
	"fmt"

	"github.com/bayes-dev/bayes/lang"
)

// This file runs user-defined functions (Stan Reference Manual,
// "User-defined functions"): a call evaluates its arguments, binds them
// to the function's argument declarations in a frame of its own (a
// function sees only its arguments and locals, so the frame replaces the
// caller's variables while the body runs), runs the body until a return
// and gives the returned value the declared return type (an int returned
// where real is declared becomes real). An _lp function's target += and ~
// add to the machine's target as the model block's do, and an _rng
// function draws from the machine's stream.

// MaxCallDepth bounds how deeply calls of user functions may nest: a
// recursion that does not end stops with an error at the call that goes
// too deep, not with a Go stack overflow (which no recover can catch).
// Stan itself has no such bound beyond the C++ stack, which a
// recursion 10 000 calls deep would rarely exhaust either.
const MaxCallDepth = 10_000

// callUser evaluates a call of a user function.
func (m *machine) callUser(c *lang.CallExpr) (*Value, error) {
	args := make([]*Value, len(c.Args))
	for i, a := range c.Args {
		v, err := m.eval(a)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	return m.invoke(c, c.Fn, args)
}

// invoke runs f on evaluated arguments; at is the call, for errors.
func (m *machine) invoke(at lang.Node, f *lang.FuncDef, args []*Value) (*Value, error) {
	if f.Body == nil {
		return nil, errAt(at, "function %s has no definition", f.Name)
	}
	if m.depth >= MaxCallDepth {
		return nil, errAt(at, "%s: user-defined functions are nested %d calls deep here; does a recursion never end? (each recursive call must bring it closer to a case that returns without calling again)", f.Name, MaxCallDepth)
	}
	caller, callerFn := m.frame, m.fn
	m.frame, m.fn = make([]*Value, m.frameSize[f]), f
	for i, p := range f.Params {
		v := args[i]
		if p.Decl.Type.Type().Kind == lang.KindReal {
			v = v.toReal()
		}
		m.set(p.Decl, v)
	}
	m.depth++
	flow, err := m.stmts(f.Body.Stmts)
	m.frame, m.fn = caller, callerFn
	m.depth--
	ret := m.ret
	m.ret = nil
	if err != nil {
		return nil, err
	}
	if f.Void {
		return nil, nil
	}
	if flow != flowReturn {
		return nil, errAt(at, "%s reached the end of its body without returning a value", f.Name)
	}
	if f.Ret.Kind == lang.KindReal {
		ret = ret.toReal()
	}
	return ret, nil
}

// returnStmt ends a function's body, keeping the value it returns.
func (m *machine) returnStmt(s *lang.ReturnStmt) (flow, error) {
	if s.Value != nil {
		v, err := m.eval(s.Value)
		if err != nil {
			return flowNext, err
		}
		m.ret = v
	}
	return flowReturn, nil
}

// userTilde is the log density `y ~ NAME(...)` adds for a user density:
// NAME_lpdf's (or _lpmf's) value. The interpreter computes it whole; the
// constants ~ drops matter only to the compiled log density.
func (m *machine) userTilde(s *lang.TildeStmt) (float64, error) {
	args := make([]*Value, 0, len(s.Args)+1)
	for _, e := range append([]lang.Expr{s.LHS}, s.Args...) {
		v, err := m.eval(e)
		if err != nil {
			return 0, err
		}
		args = append(args, v)
	}
	v, err := m.invoke(s, s.Fn, args)
	if err != nil {
		return 0, err
	}
	return v.float(), nil
}

// userPriorNote says what prior-predictive sampling leaves out of a model
// statement that involves user functions, or "": a ~ with a user-defined
// density, which it cannot draw from (no _rng goes with it), and a call
// of an _lp function, whose ~ statements it does not follow.
func userPriorNote(n lang.Node) string {
	switch s := n.(type) {
	case *lang.TildeStmt:
		if s.Fn != nil {
			return fmt.Sprintf("%s ~ %s(...) is left out: %s is a user-defined distribution, which prior-predictive cannot draw from", lang.ExprString(s.LHS), s.Dist, s.Dist)
		}
	case *lang.CallStmt:
		if s.Call.Fn != nil && s.Call.Fn.Suffix() == "_lp" {
			return fmt.Sprintf("%s(...) is left out: prior-predictive does not draw from the ~ statements inside user-defined functions", s.Call.Name)
		}
	}
	return ""
}

// userCallMentions reports whether a call of a user function in model
// mentions d.
func userCallMentions(model *lang.Block, d *lang.VarDecl) bool {
	found := false
	lang.Inspect(model, func(n lang.Node) bool {
		if c, ok := n.(*lang.CallExpr); ok && c.Fn != nil && mentions(c, d) {
			found = true
		}
		return !found
	})
	return found
}
