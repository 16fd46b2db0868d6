package compiler

import (
	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/library"
)

// The map from a built-in of lang (a *lang.Func row) to the code that
// lowers a call of it, and that of distributions (*lang.Dist rows); a built-in without an entry gives "bayes cannot compile `name`
// yet" at the call. Every function but target() is the library's: its
// formula is lowered by calls_library.go.
//
// To support another function or distribution: write it as a file of the
// library (package library). A function's formula is lowered through
// Tensors; a univariate family gives its op and the summands that `~`
// drops, a multivariate one its formula.

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

// lowerTarget is target(), the log density accumulated so far (Stan
// Reference Manual, "Program blocks"): the language's own, not the
// library's.
func lowerTarget(l *lowerer, c *lang.CallExpr, a []*val) *val {
	acc := l.b.Const(0)
	for _, t := range l.target {
		acc = l.b.Add(acc, t)
	}
	return symbolic(nil, lang.KindReal, acc)
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
	add("target", lowerTarget)
	for _, f := range library.Funcs() {
		if f.Rng != nil {
			add(f.Name, lowerLibraryRng)
			continue
		}
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

// lowerLibraryRng refuses a random draw of the library (hmm_latent_rng):
// lang allows it only where the interpreter runs (transformed data,
// generated quantities), so reaching here is a bug of that rule.
func lowerLibraryRng(l *lowerer, c *lang.CallExpr, _ []*val) *val {
	l.fail(c, "bayes cannot compile `%s`: a random draw runs in transformed data and generated quantities only", c.Name)
	return nil
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
		v := l.density(c, row, args, sig.Suffix == lang.SuffixLupdf && l.dropsConstants())
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
