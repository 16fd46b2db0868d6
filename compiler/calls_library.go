package compiler

import (
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
}

// newTensors holds the arguments of a call, which must not be the
// per-iteration values of a vectorised loop (the formulas read elements).
func newTensors(l *lowerer, at lang.Node, args []*val) (*tensors, []lv) {
	t := &tensors{l: l, at: at}
	vs := make([]lv, len(args))
	for i, a := range args {
		if a.lanes > 0 {
			l.vectorFail()
		}
		vs[i] = t.add(a)
	}
	return t, vs
}

func (t *tensors) add(v *val) lv { t.vals = append(t.vals, v); return lv(len(t.vals) - 1) }
func (t *tensors) val(x lv) *val { return t.vals[x] }
func (t *tensors) op(o Op, xs ...lv) lv {
	vs := make([]*val, len(xs))
	for i, x := range xs {
		vs[i] = t.vals[x]
	}
	return t.add(t.l.ewise(t.at, o, 0, vs...))
}

func (t *tensors) Const(x float64) lv                    { return t.add(knownScalar(x, false)) }
func (t *tensors) Add(x, y lv) lv                        { return t.op(OpAdd, x, y) }
func (t *tensors) Sub(x, y lv) lv                        { return t.op(OpSub, x, y) }
func (t *tensors) Mul(x, y lv) lv                        { return t.op(OpMul, x, y) }
func (t *tensors) Div(x, y lv) lv                        { return t.op(OpDiv, x, y) }
func (t *tensors) Pow(x, y lv) lv                        { return t.op(OpPow, x, y) }
func (t *tensors) Lbeta(x, y lv) lv                      { return t.op(OpLbeta, x, y) }
func (t *tensors) Neg(x lv) lv                           { return t.op(OpNeg, x) }
func (t *tensors) Exp(x lv) lv                           { return t.op(OpExp, x) }
func (t *tensors) Log(x lv) lv                           { return t.op(OpLog, x) }
func (t *tensors) Log1p(x lv) lv                         { return t.op(OpLog1p, x) }
func (t *tensors) Inv(x lv) lv                           { return t.op(OpInv, x) }
func (t *tensors) Square(x lv) lv                        { return t.op(OpSquare, x) }
func (t *tensors) Sign(x lv) lv                          { return t.op(OpSign, x) }
func (t *tensors) Fabs(x lv) lv                          { return t.op(OpFabs, x) }
func (t *tensors) Digamma(x lv) lv                       { return t.op(OpDigamma, x) }
func (t *tensors) InvLogit(x lv) lv                      { return t.op(OpInvLogit, x) }
func (t *tensors) Log1pExp(x lv) lv                      { return t.op(OpLog1pExp, x) }
func (t *tensors) Sqrt(x lv) lv                          { return t.op(OpSqrt, x) }
func (t *tensors) Lgamma(x lv) lv                        { return t.op(OpLgamma, x) }
func (t *tensors) Log1mExp(x lv) lv                      { return t.op(OpLog1mExp, x) }
func (t *tensors) LogInvLogit(x lv) lv                   { return t.op(OpLogInvLogit, x) }
func (t *tensors) Log1mInvLogit(x lv) lv                 { return t.op(OpLog1mInvLogit, x) }
func (t *tensors) Select(c, x, y lv) lv                  { return t.op(OpSelect, c, x, y) }
func (t *tensors) Call(k *library.Kernel, args ...lv) lv { return t.op(libraryOps[k], args...) }

func (t *tensors) Dims(x lv) []int { return t.vals[x].dims }
func (t *tensors) Data(x lv) bool  { return t.vals[x].constant() }

func (t *tensors) Known(x lv) ([]float64, bool) {
	v := t.vals[x]
	return v.known, v.known != nil
}

func (t *tensors) Fail(format string, args ...any) { t.l.fail(t.at, format, args...) }

func (t *tensors) Elem(x lv, i int) lv {
	v := t.vals[x]
	if v.known != nil {
		e := knownScalar(v.known[i], false)
		e.autodiff = v.autodiff
		return t.add(e)
	}
	return t.add(symbolic(nil, lang.KindReal, t.l.elem(v, i)))
}

func (t *tensors) Pick(x lv, off []int) lv {
	p := t.l.pick(t.vals[x], off)
	if p.kind == lang.KindMatrix {
		p.kind = lang.KindVector
	}
	return t.add(p)
}

func (t *tensors) Gather(x lv, off []int) lv {
	v := t.vals[x]
	g := t.l.b.Gather(t.l.node(v), t.l.b.Index(off, v.size()))
	return t.add(symbolic([]int{len(off)}, lang.KindVector, g))
}

// FromElems is known when every element is, else one scalar node per
// element. The result is not an autodiff value even when an element is
// (Stan would hold a factor of such a matrix as one): lowerCholesky, which
// the library's Cholesky replaces, made it so, and `~` drops what it drops.
func (t *tensors) FromElems(dims []int, xs []lv) lv {
	kind := lang.KindVector
	if len(dims) == 2 {
		kind = lang.KindMatrix
	}
	known := make([]float64, len(xs))
	for i, x := range xs {
		v := t.vals[x]
		if v.known == nil {
			elems := make([]Value, len(xs))
			for j, y := range xs {
				elems[j] = t.l.node(t.vals[y])
			}
			return t.add(&val{dims: dims, kind: kind, elems: elems})
		}
		known[i] = v.known[0]
	}
	return t.add(&val{dims: dims, kind: kind, known: known})
}

func (t *tensors) Reshape(x lv, dims []int) lv {
	v := t.vals[x]
	return t.add(t.l.reshape(v, dims, v.kind))
}

func (t *tensors) Concat(x, y lv) lv { return t.add(t.l.concat(t.vals[x], t.vals[y])) }

func (t *tensors) Sum(x lv) lv { return t.add(t.l.sum(t.vals[x])) }

func (t *tensors) LogSumExp(x lv) lv {
	return t.add(symbolic(nil, lang.KindReal, t.l.b.LogSumExp(t.l.node(t.vals[x]))))
}

// mvLowering is the distribution row of a library family: its formula over
// the call's arguments.
func mvLowering(d *library.MvDist) *distLowering {
	return &distLowering{custom: func(l *lowerer, n lang.Node, args []*val, propto bool) *val {
		t, vs := newTensors(l, n, args)
		return t.val(d.Lpdf(t, vs, propto))
	}}
}

// libraryCall lowers a call of a library function: the formula of its
// overload (f, or the library function's), the result of the type the
// checker gave the call. A matrix with no rows or no columns is valid Stan
// but has no elements to compile: it is refused, saying so.
func libraryCall(f library.FuncFormula) callFunc {
	return func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		formula := f
		if lf := c.Sig.Func.Lib; lf != nil {
			formula = lf.Formula(c.Sig.Index)
		}
		t, vs := newTensors(l, c, a)
		out := *t.val(formula(t, vs))
		out.kind, out.owned = c.T.Kind, false
		if c.T == lang.Matrix && (out.dims[0] == 0 || out.dims[1] == 0) {
			l.fail(c, "%s: a %d x %d matrix is empty; bayes cannot compile empty matrices yet", c.Name, out.dims[0], out.dims[1])
		}
		return &out
	}
}
