package compiler

import (
	"slices"

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

var funcLowerings = map[string]callFunc{
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
	for name, f := range funcLowerings {
		add(name, f)
	}
	for _, f := range library.Funcs() {
		add(f.Name, libraryCall)
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
