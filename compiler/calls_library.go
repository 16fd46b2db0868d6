package compiler

import (
	"slices"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/library"
)

// The library's formulas (its multivariate families and plain functions)
// lowered through its Tensors interface: tensors implements it over the
// lowerer's values, each call one elementwise op through ewise (so a call
// whose arguments are all known is computed here, with the op's own scalar
// function, as any expression of data is) or one op of the builder. The
// formula is the library's; this file only holds the lowered values it
// names.

// tensors is library.Tensors over the values of one call: a library.Value
// is an index into vals.
type tensors struct {
	l    *lowerer
	at   lang.Node // the call: where a failure or a size mismatch is reported
	vals []*val
	// eager makes each known element's, constant's and known scalar
	// result's IR node when the formula names or computes it (Elem, Const,
	// the ops), and FromElems check its nodes for constants, as the
	// lowerer's element-by-element code, which built every scalar with the
	// builder, did: the
	// functions that moved from it to the library (elementPrograms) keep
	// their IR node for node, numbered as before, and so every bit of the
	// gradient, whose adjoints add up in node order.
	eager bool
}

// newTensors holds the arguments of a call. The per-iteration values of a
// vectorised loop are taken by an elementwise formula (lanes, a function's
// call); a formula that reads their elements abandons the loop's vector
// form (vectorFail), as does any multivariate family's.
func newTensors(l *lowerer, at lang.Node, args []*val, lanes bool) (*tensors, []library.Value) {
	t := &tensors{l: l, at: at}
	vs := make([]library.Value, len(args))
	for i, a := range args {
		if a.lanes > 0 && !lanes {
			l.vectorFail()
		}
		vs[i] = t.add(a)
	}
	return t, vs
}

func (t *tensors) add(v *val) library.Value {
	t.vals = append(t.vals, v)
	return library.Value(len(t.vals) - 1)
}
func (t *tensors) val(x library.Value) *val { return t.vals[x] }

// whole is the value x, which must not be a vectorised loop's per-iteration
// value: the ops that read elements, or reduce them, take a whole value.
func (t *tensors) whole(x library.Value) *val {
	v := t.vals[x]
	if v.lanes > 0 {
		t.l.vectorFail()
	}
	return v
}

func (t *tensors) op(o ir.Op, xs ...library.Value) library.Value {
	vs := make([]*val, len(xs))
	for i, x := range xs {
		vs[i] = t.vals[x]
	}
	v := t.l.ewise(t.at, o, 0, vs...)
	if t.eager && v.known != nil && v.scalar() && v.lanes == 0 {
		t.l.b.Const(v.known[0]) // the node the builder's folding made
	}
	return t.add(v)
}

func (t *tensors) Const(x float64) library.Value {
	if t.eager {
		t.l.b.Const(x)
	}
	return t.add(knownScalar(x, false))
}
func (t *tensors) Add(x, y library.Value) library.Value        { return t.op(ir.OpAdd, x, y) }
func (t *tensors) Sub(x, y library.Value) library.Value        { return t.op(ir.OpSub, x, y) }
func (t *tensors) Mul(x, y library.Value) library.Value        { return t.op(ir.OpMul, x, y) }
func (t *tensors) Div(x, y library.Value) library.Value        { return t.op(ir.OpDiv, x, y) }
func (t *tensors) Pow(x, y library.Value) library.Value        { return t.op(ir.OpPow, x, y) }
func (t *tensors) Lbeta(x, y library.Value) library.Value      { return t.op(ir.OpLbeta, x, y) }
func (t *tensors) Neg(x library.Value) library.Value           { return t.op(ir.OpNeg, x) }
func (t *tensors) Exp(x library.Value) library.Value           { return t.op(ir.OpExp, x) }
func (t *tensors) Log(x library.Value) library.Value           { return t.op(ir.OpLog, x) }
func (t *tensors) Log1p(x library.Value) library.Value         { return t.op(ir.OpLog1p, x) }
func (t *tensors) Inv(x library.Value) library.Value           { return t.op(ir.OpInv, x) }
func (t *tensors) Square(x library.Value) library.Value        { return t.op(ir.OpSquare, x) }
func (t *tensors) Sign(x library.Value) library.Value          { return t.op(ir.OpSign, x) }
func (t *tensors) Fabs(x library.Value) library.Value          { return t.op(ir.OpFabs, x) }
func (t *tensors) Digamma(x library.Value) library.Value       { return t.op(ir.OpDigamma, x) }
func (t *tensors) InvLogit(x library.Value) library.Value      { return t.op(ir.OpInvLogit, x) }
func (t *tensors) Log1pExp(x library.Value) library.Value      { return t.op(ir.OpLog1pExp, x) }
func (t *tensors) Sqrt(x library.Value) library.Value          { return t.op(ir.OpSqrt, x) }
func (t *tensors) Lgamma(x library.Value) library.Value        { return t.op(ir.OpLgamma, x) }
func (t *tensors) Log1mExp(x library.Value) library.Value      { return t.op(ir.OpLog1mExp, x) }
func (t *tensors) LogInvLogit(x library.Value) library.Value   { return t.op(ir.OpLogInvLogit, x) }
func (t *tensors) Log1mInvLogit(x library.Value) library.Value { return t.op(ir.OpLog1mInvLogit, x) }
func (t *tensors) Select(c, x, y library.Value) library.Value  { return t.op(ir.OpSelect, c, x, y) }
func (t *tensors) Expm1(x library.Value) library.Value         { return t.op(ir.OpExpm1, x) }
func (t *tensors) Tanh(x library.Value) library.Value          { return t.op(ir.OpTanh, x) }
func (t *tensors) Sin(x library.Value) library.Value           { return t.op(ir.OpSin, x) }
func (t *tensors) Cos(x library.Value) library.Value           { return t.op(ir.OpCos, x) }
func (t *tensors) Tan(x library.Value) library.Value           { return t.op(ir.OpTan, x) }
func (t *tensors) Atan(x library.Value) library.Value          { return t.op(ir.OpAtan, x) }
func (t *tensors) Erf(x library.Value) library.Value           { return t.op(ir.OpErf, x) }
func (t *tensors) Erfc(x library.Value) library.Value          { return t.op(ir.OpErfc, x) }
func (t *tensors) Phi(x library.Value) library.Value           { return t.op(ir.OpPhi, x) }
func (t *tensors) LogSumExp2(x, y library.Value) library.Value { return t.op(ir.OpLogSumExp2, x, y) }
func (t *tensors) Lt(x, y library.Value) library.Value         { return t.op(ir.OpLt, x, y) }
func (t *tensors) Le(x, y library.Value) library.Value         { return t.op(ir.OpLe, x, y) }
func (t *tensors) Eq(x, y library.Value) library.Value         { return t.op(ir.OpEq, x, y) }
func (t *tensors) Ne(x, y library.Value) library.Value         { return t.op(ir.OpNe, x, y) }
func (t *tensors) Call(k *library.Kernel, args ...library.Value) library.Value {
	return t.op(ir.LibraryOp(k), args...)
}

// MapKnown keeps the shape, and the lanes, of x.
func (t *tensors) MapKnown(x library.Value, f func(float64) float64) (library.Value, bool) {
	v := t.vals[x]
	if v.known == nil {
		return 0, false
	}
	out := &val{dims: v.dims, kind: v.kind, isInt: v.isInt, lanes: v.lanes, known: make([]float64, len(v.known))}
	for i, y := range v.known {
		out.known[i] = f(y)
	}
	return t.add(out), true
}

func (t *tensors) Dims(x library.Value) []int { return t.vals[x].dims }
func (t *tensors) Data(x library.Value) bool  { return t.vals[x].constant() }

func (t *tensors) Known(x library.Value) ([]float64, bool) {
	v := t.whole(x)
	return v.known, v.known != nil
}

func (t *tensors) Fail(format string, args ...any) { t.l.fail(t.at, format, args...) }

func (t *tensors) Elem(x library.Value, i int) library.Value {
	v := t.whole(x)
	if v.known != nil {
		if t.eager {
			t.l.b.Const(v.known[i])
		}
		e := knownScalar(v.known[i], false)
		e.autodiff = v.autodiff
		return t.add(e)
	}
	return t.add(symbolic(nil, lang.KindReal, t.l.elem(v, i)))
}

func (t *tensors) Pick(x library.Value, off []int) library.Value {
	p := t.l.pick(t.whole(x), off)
	if p.kind == lang.KindMatrix {
		p.kind = lang.KindVector
	}
	return t.add(p)
}

func (t *tensors) Gather(x library.Value, off []int) library.Value {
	v := t.whole(x)
	g := t.l.b.Gather(t.l.node(v), t.l.b.Index(off, v.size()))
	return t.add(symbolic([]int{len(off)}, lang.KindVector, g))
}

// FromElems is known when every element is, else one scalar node per
// element. The result is not an autodiff value even when an element is
// (Stan would hold a factor of such a matrix as one): lowerCholesky, which
// the library's Cholesky replaces, made it so, and `~` drops what it drops.
func (t *tensors) FromElems(dims []int, xs []library.Value) library.Value {
	kind := lang.KindVector
	if len(dims) == 2 {
		kind = lang.KindMatrix
	}
	known := make([]float64, len(xs))
	for i, x := range xs {
		v := t.whole(x)
		if v.known == nil || t.eager {
			elems := make([]ir.Value, len(xs))
			for j, y := range xs {
				elems[j] = t.l.node(t.vals[y])
			}
			if t.eager {
				return t.add(t.l.fromElems(dims, kind, elems))
			}
			return t.add(&val{dims: dims, kind: kind, elems: elems})
		}
		known[i] = v.known[0]
	}
	return t.add(&val{dims: dims, kind: kind, known: known})
}

func (t *tensors) Reshape(x library.Value, dims []int) library.Value {
	v := t.whole(x)
	return t.add(t.l.reshape(v, dims, v.kind))
}

func (t *tensors) Concat(x, y library.Value) library.Value {
	return t.add(t.l.concat(t.vals[x], t.vals[y]))
}

func (t *tensors) Sum(x library.Value) library.Value { return t.add(t.l.sum(t.whole(x))) }

func (t *tensors) LogSumExp(x library.Value) library.Value {
	return t.add(symbolic(nil, lang.KindReal, t.l.b.LogSumExp(t.l.node(t.whole(x)))))
}

func (t *tensors) FromKnown(dims []int, xs []float64) library.Value {
	kind := lang.KindReal
	switch len(dims) {
	case 1:
		kind = lang.KindVector
	case 2:
		kind = lang.KindMatrix
	}
	return t.add(&val{dims: dims, kind: kind, known: xs})
}

func (t *tensors) Dot(x, y library.Value) library.Value {
	return t.add(t.l.dot(t.whole(x), t.whole(y)))
}

func (t *tensors) MatVec(a, v library.Value) library.Value {
	return t.add(t.l.matVec(t.whole(a), t.whole(v)))
}

// MatMat: the formula's matrices are matrices whatever kind their values
// carry (a transposed one is picked elements, a vector).
func (t *tensors) MatMat(a, b library.Value) library.Value {
	am, bm := *t.whole(a), *t.whole(b)
	am.kind, bm.kind = lang.KindMatrix, lang.KindMatrix
	return t.add(t.l.matMat(t.at, &am, &bm))
}

// Reduce is computed here when x is known (a log-sum-exp of values held in
// variables of the parameter blocks is then data, as it always was); a
// scalar is its own reduction.
// A log-sum-exp of a value built element by element (an HMM's forward
// step) is a chain of scalar log-sum-exps, which keeps the chain in scalar
// nodes; any other is one op of the whole vector.
func (t *tensors) Reduce(r library.Reduction, x library.Value) library.Value {
	v := t.whole(x)
	switch {
	case v.known != nil && r == library.ReduceLogSumExp:
		return t.add(knownScalar(r.Of(v.known), false))
	case v.known != nil:
		out := knownScalar(r.Of(v.known), v.isInt)
		out.autodiff = v.autodiff
		return t.add(out)
	case r == library.ReduceLogSumExp && v.elems != nil:
		acc := t.l.elem(v, 0)
		for i := 1; i < len(v.elems); i++ {
			acc = t.l.b.Apply(ir.OpLogSumExp2, acc, t.l.elem(v, i))
		}
		return t.add(symbolic(nil, lang.KindReal, acc))
	case r == library.ReduceLogSumExp:
		return t.add(symbolic(nil, lang.KindReal, t.l.b.LogSumExp(t.l.node(v))))
	case v.scalar():
		return x
	}
	return t.add(symbolic(nil, lang.KindReal, t.l.b.Apply(reductionOps[r], t.l.node(v))))
}

// reductionOps are the ops of the reductions but log-sum-exp.
var reductionOps = [...]ir.Op{library.ReduceProd: ir.OpProd, library.ReduceMax: ir.OpMaxOf, library.ReduceMin: ir.OpMinOf}

func (t *tensors) CumSum(x library.Value) library.Value {
	v := t.whole(x)
	if v.known != nil {
		return t.add(&val{dims: v.dims, kind: v.kind, isInt: v.isInt, known: library.CumSum(v.known)})
	}
	return t.add(&val{dims: v.dims, kind: v.kind, whole: t.l.b.Apply(ir.OpCumSum, t.l.node(v))})
}

// LogSoftmax is one vector op less one log-sum-exp op of the whole vector.
func (t *tensors) LogSoftmax(x library.Value) library.Value {
	v := t.whole(x)
	if v.known != nil {
		lse := library.LogSumExp(v.known)
		out := make([]float64, len(v.known))
		for i, y := range v.known {
			out[i] = y - lse
		}
		return t.add(&val{dims: v.dims, kind: v.kind, known: out})
	}
	xn := t.l.node(v)
	return t.add(&val{dims: v.dims, kind: v.kind, whole: t.l.b.Sub(xn, t.l.b.LogSumExp(xn))})
}

// Softmax of a known vector (or of one element) is exp(x - log_sum_exp(x)),
// as it always was; of any other, the IR's softmax, which shares its exponentials
// with the log-sum-exp (ir.Builder.Softmax).
func (t *tensors) Softmax(x library.Value) library.Value {
	v := t.whole(x)
	if v.known != nil {
		return t.Exp(t.LogSoftmax(x))
	}
	xn := t.l.node(v)
	if t.l.b.ShapeOf(xn).Kind != ir.Vector {
		return t.Exp(t.LogSoftmax(x))
	}
	return t.add(&val{dims: v.dims, kind: v.kind, whole: t.l.b.Softmax(xn)})
}

func (t *tensors) Repeat(x library.Value, dims []int) library.Value {
	v := t.vals[x]
	return t.add(t.l.repeat(t.at, v, dims, v.kind))
}

// mvLowering is the distribution row of a library family: its formula over
// the call's arguments.
func mvLowering(d *library.MvDist) *distLowering {
	return &distLowering{custom: func(l *lowerer, n lang.Node, args []*val, propto bool) *val {
		t, vs := newTensors(l, n, args, false)
		return t.val(d.Lpdf(t, vs, propto))
	}}
}

// elementPrograms are the library's functions that this package lowered
// element by element, through l.elem and the builder, before they moved to
// the library: their formulas are built eagerly (tensors.eager), so that
// their IR is what it was, node for node.
// Each row lists the overloads so built; none, all of them.
var elementPrograms = map[string][]int{
	"diag_matrix": nil, "diag_pre_multiply": nil, "diag_post_multiply": nil,
	"multiply_lower_tri_self_transpose": nil, "mdivide_left_tri_low": nil, "mdivide_right_tri_low": nil,
	"log_determinant": nil, "rows_dot_product": {2}, "columns_dot_product": {2}, // of matrices
}

// eagerCall reports whether the overload i of the library function name is
// an element program.
func eagerCall(name string, i int) bool {
	ovs, ok := elementPrograms[name]
	return ok && (ovs == nil || slices.Contains(ovs, i))
}

// libraryCall lowers a call of a library function: the formula of its
// overload, the result of the type the checker gave the call; eager for the
// element programs (tensors.eager). A matrix with no rows or no columns is
// valid Stan but has no elements to compile: it is refused, saying so.
func libraryCall(l *lowerer, c *lang.CallExpr, a []*val) *val {
	formula := c.Sig.Func.Lib.Formula(c.Sig.Index)
	t, vs := newTensors(l, c, a, true)
	t.eager = eagerCall(c.Name, c.Sig.Index)
	out := *t.val(formula(t, vs))
	out.kind, out.isInt, out.owned = c.T.Kind, c.T.Kind == lang.KindInt, false
	if c.T == lang.Matrix && (out.dims[0] == 0 || out.dims[1] == 0) {
		l.fail(c, "%s: a %d x %d matrix is empty; bayes cannot compile empty matrices yet", c.Name, out.dims[0], out.dims[1])
	}
	return &out
}
