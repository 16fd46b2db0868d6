package compiler

import (
	"math"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/library"
)

// The one table from a built-in of lang/builtins.go to the code that lowers
// a call of it, and the one table of distributions. Keys are the *lang.Func
// and *lang.Dist rows, looked up by name once at init; a built-in without an
// entry gives "bayes cannot compile `name` yet" at the call.
//
// To support another function: add a line to funcLowerings, or write it
// as a file of the library (package library), whose formula is lowered by
// calls_library.go. Another distribution is a file of the library: a
// univariate one gives its op and the summands that `~` drops, a
// multivariate one its formula.

// callFunc lowers one call whose arguments are lowered already.
type callFunc func(l *lowerer, c *lang.CallExpr, args []*val) *val

// distLowering is one row of the distribution table: a library family's
// kernel op with the summands that `~` drops (library.Term: the arguments
// it depends on, bit i for argument i, 0 = y, and its value), or the
// lowering of a multivariate family's formula (propto: drop the constant
// summands).
type distLowering struct {
	op     ir.Op
	terms  []library.Term
	fill   []float64 // arguments Stan's signature omits (std_normal: 0, 1)
	custom func(l *lowerer, n lang.Node, args []*val, propto bool) *val
}

var (
	funcTable map[*lang.Func]callFunc
	distTable map[*lang.Dist]*distLowering
)

// unaryOps are Stan's vectorised unary functions that are one op.
var unaryOps = map[string]ir.Op{
	"exp": ir.OpExp, "log": ir.OpLog, "log1p": ir.OpLog1p, "expm1": ir.OpExpm1, "sqrt": ir.OpSqrt,
	"square": ir.OpSquare, "inv": ir.OpInv, "fabs": ir.OpFabs, "inv_logit": ir.OpInvLogit,
	"log_inv_logit": ir.OpLogInvLogit, "log1m_inv_logit": ir.OpLog1mInvLogit, "lgamma": ir.OpLgamma,
	"digamma": ir.OpDigamma, "tanh": ir.OpTanh, "abs": ir.OpFabs,
}

var constants = map[string]float64{
	"pi": math.Pi, "e": math.E, "sqrt2": math.Sqrt2, "not_a_number": math.NaN(),
	"positive_infinity": math.Inf(1), "negative_infinity": math.Inf(-1),
	"machine_precision": 0x1p-52,
}

var funcLowerings = map[string]callFunc{
	"log1m": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		return l.ewise(c, ir.OpLog1p, 0, l.ewise(c, ir.OpNeg, 0, a[0]))
	},
	"inv_sqrt": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		return l.ewise(c, ir.OpInv, 0, l.ewise(c, ir.OpSqrt, 0, a[0]))
	},
	"logit": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		one := knownScalar(1, false)
		return l.ewise(c, ir.OpLog, 0, l.ewise(c, ir.OpDiv, 0, a[0], l.ewise(c, ir.OpSub, 0, one, a[0])))
	},
	"pow": func(l *lowerer, c *lang.CallExpr, a []*val) *val { return l.ewise(c, ir.OpPow, 0, a[0], a[1]) },
	"fmin": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		return l.ewise(c, ir.OpSelect, 0, l.ewise(c, ir.OpLe, 0, a[0], a[1]), a[0], a[1])
	},
	"fmax": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		return l.ewise(c, ir.OpSelect, 0, l.ewise(c, ir.OpLe, 0, a[1], a[0]), a[0], a[1])
	},
	"log_sum_exp": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		if len(a) == 2 {
			return l.ewise(c, ir.OpLogSumExp2, 0, a[0], a[1])
		}
		x := a[0]
		if x.lanes > 0 {
			l.vectorFail()
		}
		if x.known != nil {
			return knownScalar(library.LogSumExp(x.known), false)
		}
		if x.elems != nil {
			// a value built element by element (an HMM's forward step):
			// pairwise scalar log-sum-exps keep the chain in scalar nodes
			acc := l.elem(x, 0)
			for i := 1; i < len(x.elems); i++ {
				acc = l.b.Apply(ir.OpLogSumExp2, acc, l.elem(x, i))
			}
			return symbolic(nil, lang.KindReal, acc)
		}
		return symbolic(nil, lang.KindReal, l.b.LogSumExp(l.node(x)))
	},
	// log_mix(θ, a, b) = log(θ e^a + (1-θ) e^b) (Functions Reference, "Composed functions")
	"log_mix": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		if len(a) != 3 || !a[0].scalar() && a[0].lanes == 0 {
			l.fail(c, "bayes cannot compile log_mix with a vector of mixing proportions yet")
		}
		lt := l.ewise(c, ir.OpLog, 0, a[0])
		l1t := l.ewise(c, ir.OpLog1p, 0, l.ewise(c, ir.OpNeg, 0, a[0]))
		return l.ewise(c, ir.OpLogSumExp2, 0, l.ewise(c, ir.OpAdd, 0, lt, a[1]), l.ewise(c, ir.OpAdd, 0, l1t, a[2]))
	},
	"sum": func(l *lowerer, c *lang.CallExpr, a []*val) *val { return l.sum(a[0]) },
	"mean": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		return l.ewise(c, ir.OpDiv, 0, l.sum(a[0]), knownScalar(float64(a[0].size()), false))
	},
	"dot_product": func(l *lowerer, c *lang.CallExpr, a []*val) *val { return l.dot(a[0], a[1]) },
	"dot_self":    func(l *lowerer, c *lang.CallExpr, a []*val) *val { return l.dot(a[0], a[0]) },
	"rep_vector": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		return l.repeat(c, a[0], []int{l.knownInt(c, a[1])}, lang.KindVector)
	},
	"rep_row_vector": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		return l.repeat(c, a[0], []int{l.knownInt(c, a[1])}, lang.KindRowVector)
	},
	"rep_array": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		var dims []int
		for _, s := range a[1:] {
			dims = append(dims, l.knownInt(c, s))
		}
		return l.repeat(c, a[0], dims, c.T.Kind)
	},
	"diag_matrix": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		n := a[0].size()
		xs := make([]ir.Value, n*n)
		zero := l.b.Const(0)
		for i := range xs {
			xs[i] = zero
		}
		for i := 0; i < n; i++ {
			xs[i*n+i] = l.elem(a[0], i)
		}
		return l.fromElems([]int{n, n}, lang.KindMatrix, xs)
	},
	"cholesky_decompose": libraryCall(func(o library.Tensors, a []library.Value) library.Value {
		return library.Cholesky(o, a[0])
	}),
	"size": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		if len(a[0].dims) == 0 {
			return knownScalar(1, true)
		}
		return knownScalar(float64(a[0].dims[0]), true)
	},
	"num_elements": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		return knownScalar(float64(a[0].size()), true)
	},
	"rows": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		if a[0].kind == lang.KindRowVector {
			return knownScalar(1, true)
		}
		return knownScalar(float64(a[0].dims[len(a[0].dims)-boolInt(a[0].kind == lang.KindMatrix)-1]), true)
	},
	"cols": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		if a[0].kind == lang.KindVector {
			return knownScalar(1, true)
		}
		return knownScalar(float64(a[0].dims[len(a[0].dims)-1]), true)
	},
	"to_vector": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		x := a[0]
		if x.kind == lang.KindMatrix { // Stan flattens matrices column-major
			x = l.transpose(c, x)
		}
		v := l.pick(x, seq(x.size()))
		v.kind = lang.KindVector
		return v
	},
	"target": func(l *lowerer, c *lang.CallExpr, a []*val) *val {
		acc := l.b.Const(0)
		for _, t := range l.target {
			acc = l.b.Add(acc, t)
		}
		return symbolic(nil, lang.KindReal, acc)
	},
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func init() {
	funcTable = map[*lang.Func]callFunc{}
	add := func(name string, f callFunc) {
		fn := lang.LookupFunc(name)
		if fn == nil {
			panic("compiler: no built-in " + name) // a typo in this file's table
		}
		funcTable[fn] = f
	}
	for name, op := range unaryOps {
		add(name, func(l *lowerer, c *lang.CallExpr, a []*val) *val {
			v := l.ewise(c, op, 0, a[0])
			v.isInt = c.T.Kind == lang.KindInt
			return v
		})
	}
	for name, x := range constants {
		add(name, func(*lowerer, *lang.CallExpr, []*val) *val { return knownScalar(x, false) })
	}
	for name, f := range funcLowerings {
		add(name, f)
	}
	for name, f := range structuralCalls {
		add(name, f)
	}
	for _, f := range library.Funcs() {
		add(f.Name, libraryCall(nil))
	}
	distTable = map[*lang.Dist]*distLowering{}
	for _, d := range lang.Dists() {
		switch {
		case d.Lib != nil:
			distTable[d] = &distLowering{op: ir.LibraryOp(d.Lib.Lpdf), terms: d.Lib.Terms, fill: d.Lib.Fill}
		case d.Mv != nil:
			distTable[d] = mvLowering(d.Mv)
		}
	}
	// Breadth entries (calls_breadth.go): added where the tables above have
	// no row of that name, so a row written here always wins.
	for name, f := range breadthCalls() {
		if fn := lang.LookupFunc(name); fn == nil || funcTable[fn] == nil {
			add(name, f) // add panics on a name that lang does not declare
		}
	}
}

func (l *lowerer) knownInt(n lang.Node, v *val) int {
	if v.known == nil || v.lanes > 0 {
		l.fail(n, "a size must be known when the model is compiled")
	}
	return int(v.known[0])
}

// repeat fills dims (then x's own shape) with copies of x.
func (l *lowerer) repeat(n lang.Node, x *val, dims []int, kind lang.Kind) *val {
	if x.lanes > 0 {
		l.vectorFail()
	}
	full := append(append([]int(nil), dims...), x.dims...)
	reps := size(dims)
	if x.known != nil {
		k := make([]float64, 0, reps*len(x.known))
		for i := 0; i < reps; i++ {
			k = append(k, x.known...)
		}
		return &val{dims: full, kind: kind, isInt: x.isInt, known: k}
	}
	if x.scalar() && x.elems == nil {
		return &val{dims: full, kind: kind, whole: l.b.Bcast(x.whole, reps)}
	}
	xs := l.elemsOf(x)
	out := make([]ir.Value, 0, reps*len(xs))
	for i := 0; i < reps; i++ {
		out = append(out, xs...)
	}
	return &val{dims: full, kind: kind, elems: out}
}

// call lowers a function call through the tables.
func (l *lowerer) call(c *lang.CallExpr) *val {
	sig := c.Sig
	if sig == nil {
		l.fail(c, "bayes cannot compile `%s` yet", c.Name)
	}
	args := make([]*val, len(c.Args))
	for i, a := range c.Args {
		args[i] = l.expr(a)
	}
	l.checkCallSizes(c, args)
	if sig.Dist != nil && sig.Dist.Lib != nil && (sig.Suffix == lang.SuffixCDF || sig.Suffix == lang.SuffixLCDF || sig.Suffix == lang.SuffixLCCDF) {
		return l.cumulative(c, args) // cdf.go
	}
	if sig.Dist != nil {
		row, ok := distTable[sig.Dist]
		if !ok || (sig.Suffix != lang.SuffixLpdf && sig.Suffix != lang.SuffixLupdf) {
			l.fail(c, "bayes cannot compile `%s` yet", c.Name)
		}
		v := l.density(c, row, args, sig.Suffix == lang.SuffixLupdf)
		if v == nil {
			return knownScalar(0, false)
		}
		return v
	}
	f, ok := funcTable[sig.Func]
	if !ok {
		l.fail(c, "bayes cannot compile `%s` yet", c.Name)
	}
	v := f(l, c, args)
	if v.lanes == 0 && c.T.Dims == 0 && (c.T.Kind == lang.KindReal || c.T.Kind == lang.KindInt) && v.known == nil && v.elems == nil && l.b.ShapeOf(v.whole).Kind != ir.Scalar {
		l.fail(c, "internal: `%s` gave a vector for a scalar", c.Name)
	}
	return v
}

// density lowers a log density: the sum over its elements, except inside a
// vectorised loop where a call gives one value per iteration. With propto
// (`~`, _lupdf) the summands that depend on data only are dropped; a
// density of data only is then nil.
func (l *lowerer) density(n lang.Node, row *distLowering, args []*val, propto bool) *val {
	symbolicArgs := false
	for _, a := range args {
		symbolicArgs = symbolicArgs || !a.constant()
	}
	if propto && !symbolicArgs {
		return nil
	}
	for _, a := range args {
		if a.lanes == 0 && a.size() == 0 {
			return knownScalar(0, false) // no observations
		}
	}
	for _, f := range row.fill {
		args = append(args, knownScalar(f, false))
	}
	if row.custom != nil {
		return row.custom(l, n, args, propto)
	}
	for i, a := range args {
		if a.elems != nil && a.size() > 1 {
			// one vector density over the packed elements, not one node per element
			args[i] = symbolic(a.dims, a.kind, l.node(a))
			args[i].autodiff = a.autodiff
		}
	}
	per := l.ewise(n, row.op, 0, args...)
	_, isTilde := n.(*lang.TildeStmt)
	if per.lanes > 0 && !isTilde {
		if propto {
			per = l.ewise(n, ir.OpSub, 0, per, l.dropped(row, args, per.lanes, true))
		}
		return per
	}
	total := l.sum(per)
	if propto {
		d := l.dropped(row, args, per.lanes, false)
		if d.known[0] != 0 {
			total = l.ewise(n, ir.OpSub, 0, total, d)
		}
	}
	return total
}

// dropped is the sum of the summands of args' density whose arguments are
// all known (per lane with perLane).
func (l *lowerer) dropped(row *distLowering, args []*val, lanes int, perLane bool) *val {
	var mask uint8
	count := 1
	for i, a := range args {
		if a.constant() {
			mask |= 1 << i
		}
		if a.lanes > 0 {
			count = a.lanes
		} else {
			count = max(count, a.size())
		}
	}
	per := make([]float64, count)
	var x [ir.MaxArgs]float64
	for j := range per {
		for i, a := range args {
			if a.known != nil {
				x[i] = a.known[min(j, len(a.known)-1)]
			}
		}
		for _, t := range row.terms {
			if t.Deps&^mask == 0 {
				per[j] += t.F(&x)
			}
		}
	}
	if perLane {
		return &val{known: per, lanes: lanes}
	}
	s := 0.0
	for _, v := range per {
		s += v
	}
	return knownScalar(s, false)
}
