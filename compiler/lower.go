package compiler

import (
	"fmt"
	"math"
	"strings"

	"github.com/bayes-dev/bayes/lang"
)

// The lowering pass: the typed AST of the transformed data, parameters,
// transformed parameters and model blocks, with the data bound, becomes IR
// in which every shape is concrete (DESIGN.md §2-3).
//
// Every int is known at compile time (Stan has no int parameters), so loop
// bounds, sizes and indexes are plain Go ints and transformed data are
// evaluated completely. A real value is known (data, literals, transformed
// data) or symbolic. A symbolic value is one IR node when the program
// computes it whole (`theta_trans * tau + mu`), or one scalar node per
// element when the program fills it element by element (`err[t] = ...`);
// such a value is packed into one vector when it is used whole.
//
// A `for` loop whose iterations are independent is lowered once, with its
// variable standing for the vector of all iterations ("lanes"): the body
// `y[n] ~ normal(alpha[g[n]] + beta * x[n], sigma)` becomes a gather, an
// elementwise density and a sum. Other loops are unrolled, up to
// UnrollLimit IR nodes.

// UnrollLimit bounds the IR nodes that unrolled loops may create; past it
// the compile fails with a message naming the loop.
var UnrollLimit = 1_000_000

// maxElemwise is the largest value built element by element that an
// elementwise map keeps as scalar nodes; larger ones are packed into one
// vector op.
const maxElemwise = 1024

// maxWhileIterations stops a while loop on data that never ends.
const maxWhileIterations = 10_000_000

// minLanes is the fewest iterations worth a vectorised loop: a loop over an
// HMM's K = 2 states is cheaper as scalar nodes than as packed vectors.
const minLanes = 4

// val is one lowered value. Exactly one of known, whole and elems holds it.
// vals are never changed once built: an assignment builds a new one, so a
// snapshot of the variables is a copy of the map.
type val struct {
	dims  []int     // full shape: array dimensions, then a vector's length or a matrix's rows and columns
	kind  lang.Kind // element kind: int, real, vector, row_vector, matrix of the declared type
	isInt bool
	known []float64 // row-major
	whole Value     // one IR node: a scalar when the value is one scalar, else a vector of all elements row-major
	elems []Value   // one scalar IR node per element, row-major
	// lanes > 0 marks a per-iteration scalar inside a vectorised loop:
	// known or whole then hold one element per iteration.
	lanes int
	// autodiff marks a value that Stan would hold as an autodiff variable
	// even when it is known here: one stored in a variable of the
	// parameters, transformed parameters or model block. Stan decides
	// which summands `~` drops by type, so such a value is not a constant
	// for that rule.
	autodiff bool
	// owned marks a value that only its variable refers to: an element
	// assignment may then write into it instead of copying it, so that a
	// loop filling an array element by element takes linear time. Reading
	// the variable whole (ident) or taking a snapshot clears it.
	owned bool
}

// constant reports whether Stan treats v as data (a double) in `~`.
func (v *val) constant() bool { return v.known != nil && !v.autodiff }

func size(dims []int) int {
	n := 1
	for _, d := range dims {
		n *= d
	}
	return n
}

func (v *val) size() int {
	if v.lanes > 0 {
		return 1
	}
	return size(v.dims)
}

func (v *val) scalar() bool { return len(v.dims) == 0 }

func knownScalar(x float64, isInt bool) *val {
	k := lang.KindReal
	if isInt {
		k = lang.KindInt
	}
	return &val{kind: k, isInt: isInt, known: []float64{x}}
}

// lowerError is how a user error leaves the recursion; Lower recovers it.
type lowerError struct{ err *lang.Error }

// notVectorisable abandons the vector form of a loop; the loop is then unrolled.
type notVectorisable struct{}

// lowerer holds the state of one lowering.
type lowerer struct {
	b      *Builder
	prog   *lang.Program
	data   *lang.Data
	vars   map[*lang.VarDecl]*val
	loops  map[loopKey]*val // values of loop variables
	target []Value          // the terms of the log density
	lanes  int              // > 0 inside a vectorised loop: the number of iterations
	block  lang.BlockKind   // the block being lowered

	paramInfos []*paramInfo
	checks     []boundCheck // the transformed parameters' declared bounds, in order
	// jump is set by break or continue until the enclosing loop takes it.
	jump jump
	// accum lists the variables that the vectorised loop being lowered
	// only accumulates into (see vectorisable).
	accum map[*lang.VarDecl]bool
	// notes are what the compiled model leaves out, for the user.
	notes []string
	// at is the statement or declaration being lowered, and termAt where
	// each term of target comes from (terms.go).
	at     lang.Node
	termAt map[Value]term
}

// notePrint records, once, that print statements outside generated
// quantities do not print while sampling.
func (l *lowerer) notePrint(s *lang.PrintStmt) {
	if len(l.notes) == 0 {
		l.notes = append(l.notes, fmt.Sprintf("%s:%d:%d: print in %s is compiled away: it prints nothing while sampling (print in generated quantities does)",
			l.prog.File, s.Pos.Line, s.Pos.Col, l.block))
	}
}

type jump uint8

const (
	noJump jump = iota
	breakJump
	continueJump
)

// endIteration takes a pending break or continue at the end of a loop
// body and reports whether the loop stops.
func (l *lowerer) endIteration() bool {
	j := l.jump
	l.jump = noJump
	return j == breakJump
}

// loopKey names a loop variable: the checker gives it a synthetic
// declaration at the loop's position.
type loopKey struct {
	pos  lang.Pos
	name string
}

func (l *lowerer) fail(n lang.Node, format string, args ...any) {
	panic(lowerError{&lang.Error{Pos: n.Position(), Msg: fmt.Sprintf(format, args...)}})
}

// vectorFail abandons the vector form of the current loop.
func (l *lowerer) vectorFail() {
	panic(notVectorisable{})
}

// ---------------------------------------------------------------- building values

// node returns the whole value as one IR node: a scalar, or a vector of
// every element (lanes for a per-iteration value).
func (l *lowerer) node(v *val) Value {
	switch {
	case v.known != nil:
		if v.scalar() && v.lanes == 0 {
			return l.b.Const(v.known[0])
		}
		return l.b.Data(v.known)
	case v.elems != nil:
		xs := make([]Value, len(v.elems))
		for i, e := range v.elems {
			xs[i] = l.orNaN(e)
		}
		if len(xs) == 1 && v.scalar() {
			return xs[0]
		}
		return l.b.Pack(xs)
	}
	return v.whole
}

func (l *lowerer) orNaN(e Value) Value {
	if e == NoValue {
		return l.b.Const(math.NaN())
	}
	return e
}

// elem returns element i as a scalar node.
func (l *lowerer) elem(v *val, i int) Value {
	switch {
	case v.known != nil:
		return l.b.Const(v.known[i])
	case v.elems != nil:
		return l.orNaN(v.elems[i])
	}
	return l.b.Elem(v.whole, i)
}

// symbolic builds a val from one IR node of the given shape.
func symbolic(dims []int, kind lang.Kind, x Value) *val {
	return &val{dims: dims, kind: kind, whole: x}
}

// fromElems builds a val from scalar nodes, known when every one is a constant.
func (l *lowerer) fromElems(dims []int, kind lang.Kind, xs []Value) *val {
	known := make([]float64, len(xs))
	for i, x := range xs {
		ok := false
		if x != NoValue {
			known[i], ok = l.b.G.IsConst(x)
		}
		if !ok {
			return &val{dims: dims, kind: kind, elems: xs}
		}
	}
	return &val{dims: dims, kind: kind, known: known}
}

// elemsOf returns every element of v as a scalar node.
func (l *lowerer) elemsOf(v *val) []Value {
	if v.elems != nil {
		return v.elems
	}
	n := v.size()
	xs := make([]Value, n)
	for i := range xs {
		xs[i] = l.elem(v, i)
	}
	return xs
}

// ---------------------------------------------------------------- elementwise maps

// ewise applies an elementwise op, broadcasting scalars. kind is the
// result's kind, dims come from the non-scalar arguments.
func (l *lowerer) ewise(n lang.Node, op Op, aux int, args ...*val) *val {
	var dims []int
	var kind lang.Kind = lang.KindReal
	lanes, sz := 0, 1
	for _, a := range args {
		if a.lanes > 0 {
			lanes = a.lanes
			continue
		}
		if !a.scalar() {
			if dims != nil && size(a.dims) != size(dims) {
				l.fail(n, "%s: arguments of sizes %d and %d", op, size(dims), size(a.dims))
			}
			if dims == nil {
				dims, kind = a.dims, a.kind
				sz = size(a.dims)
			}
		}
	}
	if lanes > 0 && dims != nil {
		l.vectorFail()
	}
	info := &opTable[op]
	allKnown := true
	for _, a := range args {
		allKnown = allKnown && a.known != nil
	}
	if lanes > 0 {
		sz = lanes
	}
	ad := false
	for _, a := range args {
		ad = ad || a.autodiff
	}
	if allKnown {
		out := make([]float64, sz)
		var x [MaxArgs]float64
		for j := range out {
			for i, a := range args {
				if len(a.known) == 1 {
					x[i] = a.known[0]
				} else {
					x[i] = a.known[j]
				}
			}
			out[j] = info.Scalar(x[0], x[1], x[2], x[3], aux)
		}
		return &val{dims: dims, kind: kind, known: out, lanes: lanes, autodiff: ad}
	}
	anyElems := false
	for _, a := range args {
		anyElems = anyElems || (a.elems != nil && a.size() > 1)
	}
	if anyElems && lanes == 0 && sz <= maxElemwise {
		// element by element, so that a consumer of elements (a Cholesky
		// factor, a forward substitution) reads scalars, not packed vectors
		xs := make([]Value, sz)
		var as [MaxArgs]Value
		for j := range xs {
			for i, a := range args {
				if a.size() == 1 {
					as[i] = l.elem(a, 0)
				} else {
					as[i] = l.elem(a, j)
				}
			}
			xs[j] = l.b.ApplyAux(op, aux, as[:len(args)]...)
		}
		return &val{dims: dims, kind: kind, elems: xs}
	}
	as := make([]Value, len(args))
	for i, a := range args {
		as[i] = l.node(a)
	}
	return &val{dims: dims, kind: kind, whole: l.b.ApplyAux(op, aux, as...), lanes: lanes}
}

// sum adds every element (and every lane) of v into one scalar val.
func (l *lowerer) sum(v *val) *val {
	if v.known != nil {
		s := 0.0
		for _, x := range v.known {
			s += x
		}
		out := knownScalar(s, v.isInt)
		out.autodiff = v.autodiff
		return out
	}
	if v.elems != nil {
		return symbolic(nil, lang.KindReal, l.b.Sum(l.node(v)))
	}
	return symbolic(nil, lang.KindReal, l.b.Sum(v.whole))
}

// ---------------------------------------------------------------- expressions

// expr lowers e; the nodes it builds, and a failure while building them,
// are placed at e (Builder.at), its operands' at theirs.
func (l *lowerer) expr(e lang.Expr) *val {
	saved := l.b.at
	l.b.at = e.Position()
	v := l.lowerExpr(e)
	l.b.at = saved
	return v
}

func (l *lowerer) lowerExpr(e lang.Expr) *val {
	switch e := e.(type) {
	case *lang.IntLit:
		return knownScalar(float64(e.Value), true)
	case *lang.RealLit:
		return knownScalar(e.Value, false)
	case *lang.Ident:
		return l.ident(e)
	case *lang.UnaryExpr:
		x := l.expr(e.X)
		switch e.Op {
		case lang.UnaryNeg:
			v := l.ewise(e, OpNeg, 0, x)
			v.isInt = x.isInt
			return v
		case lang.UnaryNot:
			return l.ewise(e, OpEq, 0, x, knownScalar(0, true))
		}
		return x
	case *lang.BinaryExpr:
		return l.binary(e)
	case *lang.TransposeExpr:
		return l.transpose(e, l.expr(e.X))
	case *lang.CondExpr:
		c := l.expr(e.Cond)
		if c.known != nil && c.lanes == 0 {
			if c.known[0] != 0 {
				return l.expr(e.Then)
			}
			return l.expr(e.Else)
		}
		return l.ewise(e, OpSelect, 0, l.ewise(e, OpNe, 0, c, knownScalar(0, true)), l.expr(e.Then), l.expr(e.Else))
	case *lang.CallExpr:
		return l.call(e)
	case *lang.IndexExpr:
		return l.index(e)
	case *lang.ArrayExpr:
		return l.literal(e, e.Elems, e.T)
	case *lang.RowVectorExpr:
		return l.literal(e, e.Elems, e.T)
	}
	l.fail(e, "bayes cannot compile this expression yet")
	return nil
}

// ident reads a variable whole; the value may now be shared.
func (l *lowerer) ident(e *lang.Ident) *val {
	v := l.lookup(e)
	v.owned = false
	return v
}

// lookup returns a variable's value for an element read or write, which
// copies what it reads.
func (l *lowerer) lookup(e *lang.Ident) *val {
	d := e.Decl
	if v, ok := l.vars[d]; ok {
		return v
	}
	if d != nil {
		if v, ok := l.loops[loopKey{d.Pos, d.Name}]; ok {
			return v
		}
	}
	if v, ok := l.data.Vars[e.Name]; ok && d != nil && d.Block == lang.BlockData {
		return dataVal(v)
	}
	l.fail(e, "`%s` has no value here", e.Name)
	return nil
}

// dataVal wraps a data variable.
func dataVal(v *lang.Value) *val {
	t := v.Decl.Type.Type()
	out := &val{dims: v.Shape, kind: t.Kind, isInt: v.Ints != nil}
	if v.Ints != nil {
		out.known = make([]float64, len(v.Ints))
		for i, x := range v.Ints {
			out.known[i] = float64(x)
		}
	} else {
		out.known = v.Reals
	}
	if out.known == nil {
		out.known = []float64{}
	}
	return out
}

// literal is `{a, b}` or `[a, b]` (a row vector, or a matrix of row vectors).
func (l *lowerer) literal(n lang.Node, es []lang.Expr, t lang.Type) *val {
	var parts []*val
	for _, e := range es {
		parts = append(parts, l.expr(e))
	}
	if len(parts) == 0 {
		l.fail(n, "empty literal")
	}
	for _, p := range parts {
		if p.lanes > 0 {
			l.vectorFail()
		}
	}
	dims := append([]int{len(parts)}, parts[0].dims...)
	allKnown := true
	for _, p := range parts {
		allKnown = allKnown && p.known != nil
	}
	isInt := t.Kind == lang.KindInt
	if allKnown {
		var k []float64
		for _, p := range parts {
			k = append(k, p.known...)
		}
		return &val{dims: dims, kind: t.Kind, isInt: isInt, known: k}
	}
	var xs []Value
	for _, p := range parts {
		xs = append(xs, l.elemsOf(p)...)
	}
	return &val{dims: dims, kind: t.Kind, elems: xs}
}

func (l *lowerer) transpose(n lang.Node, x *val) *val {
	if x.lanes > 0 {
		l.vectorFail()
	}
	switch x.kind {
	case lang.KindVector:
		return &val{dims: x.dims, kind: lang.KindRowVector, known: x.known, whole: x.whole, elems: x.elems}
	case lang.KindRowVector:
		return &val{dims: x.dims, kind: lang.KindVector, known: x.known, whole: x.whole, elems: x.elems}
	}
	r, c := x.dims[0], x.dims[1]
	off := make([]int, r*c)
	for i := 0; i < c; i++ {
		for j := 0; j < r; j++ {
			off[i*r+j] = j*c + i
		}
	}
	v := l.pick(x, off)
	v.dims, v.kind = []int{c, r}, lang.KindMatrix
	return v
}

// pick returns the elements of x at the flat offsets off, as a 1-D value.
func (l *lowerer) pick(x *val, off []int) *val {
	out := &val{dims: []int{len(off)}, kind: x.kind, isInt: x.isInt, autodiff: x.autodiff}
	switch {
	case x.known != nil:
		out.known = make([]float64, len(off))
		for i, o := range off {
			out.known[i] = x.known[o]
		}
	case x.elems != nil:
		out.elems = make([]Value, len(off))
		for i, o := range off {
			out.elems[i] = x.elems[o]
		}
	default:
		n := x.size()
		if l.b.shapeOf(x.whole).Kind == Scalar && len(off) > 1 {
			out.whole = l.b.Bcast(x.whole, len(off)) // every offset is 0
		} else if len(off) == n && isIota(off) {
			out.whole = x.whole
		} else if len(off) == 1 {
			out.whole = l.b.Elem(x.whole, off[0])
		} else {
			out.whole = l.b.Gather(x.whole, l.b.Index(off, n))
		}
	}
	return out
}

func isIota(off []int) bool {
	for i, o := range off {
		if o != i {
			return false
		}
	}
	return true
}

// intOf returns a known int scalar.
func (l *lowerer) intOf(e lang.Expr) int {
	v := l.expr(e)
	if v.lanes > 0 {
		l.vectorFail()
	}
	if v.known == nil || len(v.known) != 1 {
		l.fail(e, "`%s` must be known when the model is compiled", lang.ExprString(e))
	}
	return int(v.known[0])
}

// condOf returns a known condition, or ok=false when it depends on parameters.
func (l *lowerer) condOf(e lang.Expr) (bool, bool) {
	v := l.expr(e)
	if v.lanes > 0 {
		l.vectorFail()
	}
	if v.known == nil {
		return false, false
	}
	return v.known[0] != 0, true
}

// ---------------------------------------------------------------- indexing

// indexSel is the selection that an index list makes: per output element
// (and per lane) the flat offset into the indexed value.
type indexSel struct {
	dims  []int   // the result's shape (lanes excluded)
	off   [][]int // off[lane][element]; one lane outside a vectorised index
	lanes int
}

// selection resolves the indices of `X[...]` against x's shape.
func (l *lowerer) selection(e *lang.IndexExpr, x *val) indexSel {
	if x.lanes > 0 {
		l.vectorFail()
	}
	dims := x.dims
	if len(e.Indices) > len(dims) {
		l.fail(e, "too many indexes in `%s`", lang.ExprString(e))
	}
	// per dimension: the chosen positions (0-based) per lane, and whether the dim is kept
	type dimSel struct {
		pos   [][]int // pos[lane]
		keep  bool
		lanes int
	}
	sels := make([]dimSel, len(dims))
	lanes := 0
	for d := range dims {
		if d >= len(e.Indices) {
			all := make([]int, dims[d])
			for i := range all {
				all[i] = i
			}
			sels[d] = dimSel{pos: [][]int{all}, keep: true}
			continue
		}
		ix := e.Indices[d]
		// check validates the 1-based index i; desc says where it comes from
		check := func(n lang.Node, desc string, i int) int {
			if i < 1 || i > dims[d] {
				l.fail(n, "index out of range in `%s`: %s, but the size is %d", lang.ExprString(e), fmt.Sprintf(desc, i), dims[d])
			}
			return i - 1
		}
		switch {
		case ix.Range:
			lo, hi := 1, dims[d]
			if ix.Lo != nil {
				lo = l.intOf(ix.Lo)
			}
			if ix.Hi != nil {
				hi = l.intOf(ix.Hi)
			}
			var ps []int
			desc := fmt.Sprintf("the range %d:%d reaches %%d", lo, hi)
			for i := lo; i <= hi; i++ {
				ps = append(ps, check(ix.Pos, desc, i))
			}
			sels[d] = dimSel{pos: [][]int{ps}, keep: true}
		default:
			iv := l.expr(ix.Single)
			if iv.known == nil {
				l.fail(ix.Single, "index `%s` must be known when the model is compiled", lang.ExprString(ix.Single))
			}
			text := strings.ReplaceAll(lang.ExprString(ix.Single), "%", "%%")
			what := text + " = %d"
			switch {
			case iv.lanes > 0:
				ps := make([][]int, iv.lanes)
				for k, f := range iv.known {
					ps[k] = []int{check(ix.Single, what, int(f))}
				}
				sels[d] = dimSel{pos: ps, lanes: iv.lanes}
				lanes = iv.lanes
			case iv.scalar():
				sels[d] = dimSel{pos: [][]int{{check(ix.Single, what, int(iv.known[0]))}}}
			default: // multi-index
				ps := make([]int, len(iv.known))
				for k, f := range iv.known {
					ps[k] = check(ix.Single, text+" holds %d", int(f))
				}
				sels[d] = dimSel{pos: [][]int{ps}, keep: true}
			}
		}
	}
	var outDims []int
	for _, s := range sels {
		if s.keep {
			outDims = append(outDims, len(s.pos[0]))
		}
	}
	if lanes > 0 && len(outDims) > 0 {
		l.vectorFail()
	}
	nl := max(lanes, 1)
	stride := make([]int, len(dims))
	st := 1
	for d := len(dims) - 1; d >= 0; d-- {
		stride[d] = st
		st *= dims[d]
	}
	sel := indexSel{dims: outDims, lanes: lanes, off: make([][]int, nl)}
	for k := 0; k < nl; k++ {
		offs := []int{0}
		for d, s := range sels {
			ps := s.pos[0]
			if s.lanes > 0 {
				ps = s.pos[k]
			}
			next := make([]int, 0, len(offs)*len(ps))
			for _, o := range offs {
				for _, p := range ps {
					next = append(next, o+p*stride[d])
				}
			}
			offs = next
		}
		sel.off[k] = offs
	}
	return sel
}

func (l *lowerer) index(e *lang.IndexExpr) *val {
	var x *val
	if id, ok := e.X.(*lang.Ident); ok {
		x = l.lookup(id) // pick copies the elements it reads
	} else {
		x = l.expr(e.X)
	}
	sel := l.selection(e, x)
	kind := e.TypeOf().Kind
	if sel.lanes > 0 {
		off := make([]int, sel.lanes)
		for k := range off {
			off[k] = sel.off[k][0]
		}
		v := l.pick(x, off)
		if v.elems != nil {
			v = &val{whole: l.b.Pack(mapNaN(l, v.elems))}
		}
		v.dims, v.lanes, v.kind = nil, sel.lanes, kind
		return v
	}
	v := l.pick(x, sel.off[0])
	v.dims, v.kind = sel.dims, kind
	if v.whole != NoValue && v.known == nil && v.elems == nil && len(sel.dims) == 0 && l.b.shapeOf(v.whole).Kind != Scalar {
		v.whole = l.b.Elem(v.whole, 0)
	}
	return v
}

func mapNaN(l *lowerer, xs []Value) []Value {
	out := make([]Value, len(xs))
	for i, x := range xs {
		out[i] = l.orNaN(x)
	}
	return out
}

// ---------------------------------------------------------------- binary operators

func (l *lowerer) binary(e *lang.BinaryExpr) *val {
	if e.Op == lang.OpAnd || e.Op == lang.OpOr {
		x := l.expr(e.X)
		if x.known != nil && x.lanes == 0 {
			// short circuit as Stan does
			if (e.Op == lang.OpAnd) == (x.known[0] == 0) {
				return knownScalar(boolF(e.Op == lang.OpOr), true)
			}
			y := l.expr(e.Y)
			return l.ewise(e, OpNe, 0, y, knownScalar(0, true))
		}
		l.fail(e, "bayes cannot compile `%s` on a parameter-dependent condition yet", e.Op)
	}
	if v, ok := l.laneRowProduct(e); ok {
		return v
	}
	x, y := l.expr(e.X), l.expr(e.Y)
	l.checkBinarySizes(e, sized(e.X, x), sized(e.Y, y))
	isInt := e.TypeOf().Kind == lang.KindInt
	var v *val
	r, elementwise := elementwiseBinOps[e.Op]
	switch {
	case elementwise && r.swap:
		v = l.ewise(e, r.op, 0, y, x)
	case elementwise:
		v = l.ewise(e, r.op, 0, x, y)
	case e.Op == lang.OpMul:
		v = l.multiply(e, x, y)
	case e.Op == lang.OpDiv && isInt, e.Op == lang.OpIntDiv:
		return l.intOp(e, x, y, func(a, b int) int { return a / b })
	case e.Op == lang.OpDiv && !y.scalar() && y.lanes == 0:
		// B / A is B A⁻¹, not an elementwise quotient (Functions Reference, "Matrix division operators")
		l.fail(e, "bayes cannot compile matrix division (%s / %s) yet", e.X.TypeOf(), e.Y.TypeOf())
	case e.Op == lang.OpDiv:
		v = l.ewise(e, OpDiv, 0, x, y)
	case e.Op == lang.OpMod:
		return l.intOp(e, x, y, func(a, b int) int { return a % b })
	default:
		l.fail(e, "bayes cannot compile the operator %s yet", e.Op)
	}
	v.isInt = isInt
	v.kind = e.TypeOf().Kind
	return v
}

// elementwiseBinOps are the operators that lower to one elementwise op;
// swap marks a comparison lowered with its operands exchanged (a > b is
// b < a).
var elementwiseBinOps = map[lang.BinOp]struct {
	op   Op
	swap bool
}{
	lang.OpEq: {OpEq, false}, lang.OpNe: {OpNe, false}, lang.OpLt: {OpLt, false}, lang.OpLe: {OpLe, false},
	lang.OpGt: {OpLt, true}, lang.OpGe: {OpLe, true},
	lang.OpAdd: {OpAdd, false}, lang.OpSub: {OpSub, false}, lang.OpEltMul: {OpMul, false},
	lang.OpEltDiv: {OpDiv, false}, lang.OpPow: {OpPow, false}, lang.OpEltPow: {OpPow, false},
}

// laneRowProduct lowers `X[n] * v` inside a vectorised loop over n, X a
// data matrix, as one matrix-vector product over the rows of the loop's
// iterations, the vector form of a regression written row by row.
func (l *lowerer) laneRowProduct(e *lang.BinaryExpr) (*val, bool) {
	if l.lanes == 0 || e.Op != lang.OpMul || e.X.TypeOf() != lang.RowVector || e.Y.TypeOf() != lang.Vector {
		return nil, false
	}
	ix, ok := e.X.(*lang.IndexExpr)
	if !ok || len(ix.Indices) != 1 || ix.Indices[0].Range {
		return nil, false
	}
	x := l.expr(ix.X)
	if x.known == nil || x.lanes > 0 || len(x.dims) != 2 {
		return nil, false
	}
	iv := l.expr(ix.Indices[0].Single)
	y := l.expr(e.Y)
	if iv.lanes == 0 || iv.known == nil || y.lanes > 0 {
		return nil, false
	}
	r, c := x.dims[0], x.dims[1]
	l.checkBinarySizes(e, lang.SizedArg{Type: lang.RowVector, Shape: []int{c}}, sized(e.Y, y))
	rows := make([]float64, 0, iv.lanes*c)
	for _, f := range iv.known {
		i := int(f)
		if i < 1 || i > r {
			l.fail(ix.Indices[0].Single, "index out of range in `%s`: %s = %d, but the size is %d", lang.ExprString(ix), lang.ExprString(ix.Indices[0].Single), i, r)
		}
		rows = append(rows, x.known[(i-1)*c:i*c]...)
	}
	if y.known != nil {
		out := make([]float64, iv.lanes)
		for k := range out {
			for j := 0; j < c; j++ {
				out[k] += rows[k*c+j] * y.known[j]
			}
		}
		return &val{kind: lang.KindReal, known: out, lanes: iv.lanes}, true
	}
	return &val{kind: lang.KindReal, whole: l.b.MatVec(l.b.DataMatrix(iv.lanes, c, rows), l.node(y)), lanes: iv.lanes}, true
}

func boolF(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// intOp applies an int operator to known ints, elementwise over lanes.
func (l *lowerer) intOp(e *lang.BinaryExpr, x, y *val, f func(a, b int) int) *val {
	if x.known == nil || y.known == nil {
		l.fail(e, "int operands must be known")
	}
	n := max(len(x.known), len(y.known))
	out := make([]float64, n)
	for i := range out {
		a, b := int(x.known[min(i, len(x.known)-1)]), int(y.known[min(i, len(y.known)-1)])
		if b == 0 {
			l.fail(e, "integer division by zero in `%s`", lang.ExprString(e))
		}
		out[i] = float64(f(a, b))
	}
	return &val{kind: lang.KindInt, isInt: true, known: out, lanes: max(x.lanes, y.lanes)}
}

// multiply is Stan's `*`: scalar times anything, matrix times vector or
// matrix, row_vector times vector (a dot product).
func (l *lowerer) multiply(e *lang.BinaryExpr, x, y *val) *val {
	xs := x.scalar() || x.lanes > 0
	ys := y.scalar() || y.lanes > 0
	if xs || ys {
		return l.ewise(e, OpMul, 0, x, y)
	}
	switch {
	case x.kind == lang.KindRowVector && y.kind == lang.KindVector:
		return l.dot(x, y)
	case x.kind == lang.KindMatrix && y.kind == lang.KindVector:
		return l.matVec(x, y)
	case x.kind == lang.KindRowVector && y.kind == lang.KindMatrix:
		v := l.matVec(l.transpose(e, y), l.transpose(e, x))
		v.kind = lang.KindRowVector
		return v
	case x.kind == lang.KindMatrix && y.kind == lang.KindMatrix, x.kind == lang.KindVector && y.kind == lang.KindRowVector:
		return l.matMat(e, x, y)
	}
	l.fail(e, "bayes cannot compile %s * %s yet", x.kind, y.kind)
	return nil
}

func (l *lowerer) dot(x, y *val) *val {
	if x.known != nil && y.known != nil {
		s := 0.0
		for i := range x.known {
			s += x.known[i] * y.known[i]
		}
		return knownScalar(s, false)
	}
	return symbolic(nil, lang.KindReal, l.b.Dot(l.node(x), l.node(y)))
}

// matVec is A v: with A data, one matvec node; otherwise one dot product per row.
func (l *lowerer) matVec(a, v *val) *val {
	r, c := a.dims[0], a.dims[1]
	switch {
	case a.known != nil && v.known != nil:
		out := make([]float64, r)
		for i := range out {
			s := 0.0
			for j := 0; j < c; j++ {
				s += a.known[i*c+j] * v.known[j]
			}
			out[i] = s
		}
		return &val{dims: []int{r}, kind: lang.KindVector, known: out}
	case a.known != nil:
		return symbolic([]int{r}, lang.KindVector, l.b.MatVec(l.b.DataMatrix(r, c, a.known), l.node(v)))
	}
	xs := make([]Value, r)
	vn := l.node(v)
	if c == 1 {
		vn = l.elem(v, 0)
	}
	for i := range xs {
		off := make([]int, c)
		for j := range off {
			off[j] = i*c + j
		}
		row := l.pick(a, off)
		if c == 1 {
			xs[i] = l.b.Mul(l.elem(row, 0), vn)
			continue
		}
		xs[i] = l.b.Dot(l.node(row), vn)
	}
	return &val{dims: []int{r}, kind: lang.KindVector, elems: xs}
}

// matMat is A B column by column.
func (l *lowerer) matMat(e lang.Node, a, b *val) *val {
	ad, bd := a.dims, b.dims
	if a.kind == lang.KindVector {
		ad = []int{a.dims[0], 1}
	}
	if b.kind == lang.KindRowVector {
		bd = []int{1, b.dims[0]}
	}
	r, c := ad[0], bd[1]
	am := &val{dims: ad, kind: lang.KindMatrix, known: a.known, whole: a.whole, elems: a.elems}
	xs := make([]Value, r*c)
	known := a.known != nil && b.known != nil
	kout := make([]float64, r*c)
	for j := 0; j < c; j++ {
		off := make([]int, bd[0])
		for i := range off {
			off[i] = i*bd[1] + j
		}
		col := l.pick(b, off)
		col.kind = lang.KindVector
		pv := l.matVec(am, col)
		for i := 0; i < r; i++ {
			if known {
				kout[i*c+j] = pv.known[i]
			} else {
				xs[i*c+j] = l.elem(pv, i)
			}
		}
	}
	if known {
		return &val{dims: []int{r, c}, kind: lang.KindMatrix, known: kout}
	}
	return &val{dims: []int{r, c}, kind: lang.KindMatrix, elems: xs}
}
