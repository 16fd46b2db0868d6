package compiler

import (
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/lang/sizes"
)

// The lowering applies lang's size rules (package lang/sizes) to every call, ~
// statement and operator, once its arguments are lowered: the data are bound,
// so every size is known, and a mismatch is an error at the call when the
// model is compiled, with the message that the interpreter gives for the same
// call in generated quantities. The lowerings of the calls can then rely on
// the sizes they index by.

// sized describes a lowered argument to the size rules: the checker's type
// of its expression, its shape, and an int's value when known.
func sized(e lang.Expr, v *val) sizes.Arg {
	a := sizes.Arg{Type: e.TypeOf()}
	if v.lanes > 0 {
		return a // one scalar per iteration of a vectorised loop
	}
	a.Shape = v.dims
	if a.Type == lang.Int && v.known != nil && len(v.known) == 1 {
		a.Int, a.Known = int(v.known[0]), true
	}
	return a
}

func sizedAll(es []lang.Expr, vs []*val) []sizes.Arg {
	out := make([]sizes.Arg, len(vs))
	for i, v := range vs {
		out[i] = sized(es[i], v)
	}
	return out
}

// checkCallSizes fails at c when its arguments' sizes break its rule.
func (l *lowerer) checkCallSizes(c *lang.CallExpr, args []*val) {
	if msg := sizes.CallError(c.Sig, sizedAll(c.Args, args)); msg != "" {
		l.fail(c, "%s", msg)
	}
}

// checkTildeSizes fails at s when the sizes of its left side (args[0]) and
// arguments break the family's rule.
func (l *lowerer) checkTildeSizes(s *lang.TildeStmt, args []*val) {
	es := append([]lang.Expr{s.LHS}, s.Args...)
	if msg := sizes.TildeError(s.Sig, sizedAll(es, args)); msg != "" {
		l.fail(s, "%s", msg)
	}
}

// checkAssignSizes fails at n when storing v into target (of type and shape
// to; the name is written only for the message) would change its shape: a matrix[3, 2] stored into a matrix[2, 3] has
// the right number of elements, but not the right ones. A per-iteration
// value of a vectorised loop is the shape of one element.
func (l *lowerer) checkAssignSizes(n lang.Node, target func() string, to sizes.Arg, v lang.Expr, vv *val) {
	if vv.lanes > 0 {
		return
	}
	from := sized(v, vv)
	if !sizes.SameShape(to.Shape, from.Shape) {
		l.fail(n, "%s", sizes.AssignError(target(), to, from))
	}
}

// checkBinarySizes fails at e when the sizes of its operands break the operator's rule.
func (l *lowerer) checkBinarySizes(e *lang.BinaryExpr, x, y sizes.Arg) {
	if msg := sizes.BinaryError(e.Op, x, y); msg != "" {
		l.fail(e, "%s", msg)
	}
}
