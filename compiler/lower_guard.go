package compiler

import (
	"math"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
)

// Guarded branches. An if whose condition depends on parameters becomes a
// select of its two branches (selectIf), so both are evaluated at every
// point, the one not taken included. A branch that is safe (only total
// functions) is lowered as it stands. Any other branch — one with `~`, a
// density, log, a division, reject — may be undefined where it is not
// taken: `if (sigma > 0) y ~ normal(mu, sigma)` at sigma = -1. Its value
// is discarded by the select, but its gradient is not: reverse mode gives
// the branch an adjoint of 0, and 0 times an infinite or NaN partial is
// NaN, which would flow on into the parameters.
//
// So a guarded branch reads every variable from outside it through a
// guard, select(path, x, 0), where path is 1 exactly when the branch is
// taken (the conditions of every enclosing guarded if and of this one).
// Where the branch is taken the guard is x with adjoint adj; elsewhere its
// adjoint is select(path, adj, 0) = 0 whatever adj is, so NaNs stay inside
// the branch. Guards are made on first read and kept for the branch
// (guardCtx), and hash-consing shares them; a value the branch assigns is
// built from guarded reads, so it needs none.

// guardCtx is the guarded branch being lowered.
type guardCtx struct {
	path  *val // 1 where the branch is taken, else 0
	outer *guardCtx
	// base holds the variables as they were when the branch began; only
	// those values are guarded (anything else was built inside it).
	base      map[*lang.VarDecl]*val
	baseLoops map[loopKey]*val
	vars      map[*lang.VarDecl]*val // the guarded values, by variable
	loops     map[loopKey]*val
}

// branchPaths returns, for an if on the parameter-dependent condition cond
// (1 or 0), the path condition of each branch when they need guards, or
// nils when both are safe to evaluate as they stand.
func (l *lowerer) branchPaths(s *lang.IfStmt, cond *val) [2]*val {
	if l.guard == nil && unsafeIn(s.Then) == nil && unsafeIn(s.Else) == nil {
		return [2]*val{}
	}
	then := cond
	els := l.ewise(s, ir.OpEq, 0, cond, knownScalar(0, true))
	if l.guard != nil {
		zero := knownScalar(0, false)
		then = l.ewise(s, ir.OpSelect, 0, l.guard.path, then, zero)
		els = l.ewise(s, ir.OpSelect, 0, l.guard.path, els, zero)
	}
	return [2]*val{then, els}
}

// arm lowers one branch of a selected if from the variables saved, guarded
// when path is not nil, and returns the variables after it (those it did
// not assign as they were in saved) and the terms it adds to target.
func (l *lowerer) arm(s *lang.IfStmt, br lang.Stmt, path *val, saved map[*lang.VarDecl]*val) (map[*lang.VarDecl]*val, []ir.Value) {
	l.vars, l.target = copyVars(saved), nil
	if br == nil {
		return l.vars, nil
	}
	if path == nil {
		l.stmt(br)
		l.armJump(s)
		return l.vars, l.target
	}
	g := &guardCtx{path: path, outer: l.guard, base: saved, baseLoops: copyLoops(l.loops),
		vars: map[*lang.VarDecl]*val{}, loops: map[loopKey]*val{}}
	outer := l.guard
	l.guard = g
	l.stmt(br)
	l.guard = outer
	l.armJump(s)
	// A variable the branch only read holds its guard: it is unchanged.
	for d, v := range l.vars {
		if gv, ok := g.vars[d]; ok && v == gv {
			l.vars[d] = saved[d]
		}
	}
	for k, v := range l.loops {
		if gv, ok := g.loops[k]; ok && v == gv {
			l.loops[k] = g.baseLoops[k]
		}
	}
	return l.vars, l.target
}

// armJump refuses a break or continue that leaves a selected branch: the
// enclosing loop's trip count would then depend on parameters.
func (l *lowerer) armJump(s *lang.IfStmt) {
	if l.jump == breakJump || l.jump == continueJump {
		word := "break"
		if l.jump == continueJump {
			word = "continue"
		}
		l.fail(s, "bayes cannot compile `%s` inside an if on the parameter-dependent condition `%s`: the if becomes a select of both branches, and the loop's iterations would depend on parameters", word, lang.ExprString(s.Cond))
	}
}

// guardVar returns d's value v as the guarded branch reads it.
func (l *lowerer) guardVar(d *lang.VarDecl, v *val) *val {
	g := l.guard
	if g.base[d] != v {
		return v // assigned inside the branch, or declared there
	}
	if gv, ok := g.vars[d]; ok {
		l.vars[d] = gv
		return gv
	}
	gv := l.guardVal(v)
	g.vars[d] = gv
	l.vars[d] = gv
	return gv
}

// guardLoop is guardVar for a loop variable (`for (x in theta)`).
func (l *lowerer) guardLoop(k loopKey, v *val) *val {
	g := l.guard
	if g.baseLoops[k] != v {
		return v
	}
	if gv, ok := g.loops[k]; ok {
		l.loops[k] = gv
		return gv
	}
	gv := l.guardVal(v)
	g.loops[k] = gv
	l.loops[k] = gv
	return gv
}

// guardVal is select(path, v, 0) elementwise (per iteration inside a
// vectorised loop); a known value has no gradient and is returned as it is.
func (l *lowerer) guardVal(v *val) *val {
	if v.known != nil {
		return v
	}
	gv := l.ewise(l.at, ir.OpSelect, 0, l.guard.path, v, knownScalar(0, false))
	out := *gv
	out.dims, out.kind, out.isInt, out.autodiff, out.owned = v.dims, v.kind, v.isInt, v.autodiff, false
	return &out
}

// guardedReject lowers `reject` inside a guarded branch: the branch adds
// -Inf to the log density, so a point where it is taken is rejected, as
// Stan rejects it (Stan Reference Manual, "Reject statements").
func (l *lowerer) guardedReject() {
	l.addTarget(l.b.Const(math.Inf(-1)))
}

// fatalError refuses fatal_error where the compiled log density reaches
// it: Stan stops the algorithm there, which a log density cannot do.
func (l *lowerer) fatalError(s *lang.PrintStmt) {
	if l.guard != nil {
		l.fail(s, "bayes cannot compile fatal_error inside an if on a parameter-dependent condition: Stan stops the algorithm there, and a compiled log density cannot; use reject to reject those points")
	}
	l.fail(s, "the model stops here: fatal_error is reached with the data given")
}

func copyLoops(m map[loopKey]*val) map[loopKey]*val {
	out := make(map[loopKey]*val, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
