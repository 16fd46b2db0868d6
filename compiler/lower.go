package compiler

import (
	"fmt"
	"math"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/simulate"
)

// The lowering pass: the typed AST of the parameters, transformed
// parameters and model blocks, with the data and transformed data bound
// (lower_tdata.go), becomes IR in which every shape is concrete.
//
// Every int is known at compile time (Stan has no int parameters), so loop
// bounds, sizes and indexes are plain Go ints. A real value is known (data,
// transformed data, literals, what is computed from them) or symbolic. A
// symbolic value is one IR node when the program computes it whole
// (`theta_trans * tau + mu`), or one scalar node per element when the
// program fills it element by element (`err[t] = ...`); such a value is
// packed into one vector when it is used whole.
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
	known []float64  // row-major
	whole ir.Value   // one IR node: a scalar when the value is one scalar, else a vector of all elements row-major
	elems []ir.Value // one scalar IR node per element, row-major
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
	// laneElems holds a lane array (lower_lanearray.go): an array of reals
	// declared in a vectorised loop's body, one per-iteration value per
	// element, row-major; known, whole and elems are then unset.
	laneElems []*val
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
	s := &knownOne{v: val{kind: k, isInt: isInt}, x: [1]float64{x}}
	s.v.known = s.x[:]
	return &s.v
}

// knownOne is a known scalar and its one value, allocated together:
// lowering an unrolled loop makes one for every index and literal.
type knownOne struct {
	v val
	x [1]float64
}

// lowerError is how a user error leaves the recursion; Lower recovers it.
type lowerError struct{ err *lang.Error }

// notVectorisable abandons the vector form of a loop; the loop is then unrolled.
type notVectorisable struct{}

// lowerer holds the state of one lowering.
type lowerer struct {
	b     *ir.Builder
	prog  *lang.Program
	bound map[string]*simulate.Value // data and transformed data, by name (lower_tdata.go)
	// data holds the value of each data variable once looked up: an int
	// array's conversion to floats costs its length, and a loop over N
	// that indexes it would otherwise pay that N times.
	data   map[*simulate.Value]*val
	vars   map[*lang.VarDecl]*val
	loops  map[loopKey]*val // values of loop variables
	target []ir.Value       // the terms of the log density
	lanes  int              // > 0 inside a vectorised loop: the number of iterations
	block  lang.BlockKind   // the block being lowered

	paramInfos []*paramInfo
	checks     []boundCheck // the transformed parameters' declared bounds, in order
	// jump is set by break or continue until the enclosing loop takes it.
	jump jump
	// accum lists the variables that the vectorised loop being lowered
	// only accumulates into (see vectorisable).
	accum map[*lang.VarDecl]bool
	// weights is set while a vectorised loop is lowered over its distinct
	// iterations only (lower_dedup.go).
	weights *laneWeights
	// notes are what the compiled model leaves out, for the user.
	notes []string
	// at is the statement or declaration being lowered, and termAt where
	// each term of target comes from (terms.go).
	at     lang.Node
	termAt map[ir.Value]term
	// fn is the state of inlining user functions (lower_funcs.go).
	fn funcState
	// guard is the branch of an if on a parameter-dependent condition
	// being lowered, whose reads are guarded (lower_guard.go); nil outside.
	guard *guardCtx
	// serial inlines reduce_sum as one call over all of x and map_rect's
	// jobs one after another, as the C and CUDA samplers need
	// (Options.Serial).
	serial bool
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
	returnJump // a return ends the function's body (lower_funcs.go)
)

// endIteration takes a pending break or continue at the end of a loop
// body and reports whether the loop stops; a return stops it and stays
// pending.
func (l *lowerer) endIteration() bool {
	j := l.jump
	if j == returnJump {
		return true
	}
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
func (l *lowerer) node(v *val) ir.Value {
	switch {
	case v.known != nil:
		if v.scalar() && v.lanes == 0 {
			return l.b.Const(v.known[0])
		}
		return l.b.Data(v.known)
	case v.elems != nil:
		xs := make([]ir.Value, len(v.elems))
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

func (l *lowerer) orNaN(e ir.Value) ir.Value {
	if e == ir.NoValue {
		return l.b.Const(math.NaN())
	}
	return e
}

// elem returns element i as a scalar node.
func (l *lowerer) elem(v *val, i int) ir.Value {
	switch {
	case v.known != nil:
		return l.b.Const(v.known[i])
	case v.elems != nil:
		return l.orNaN(v.elems[i])
	}
	return l.b.Elem(v.whole, i)
}

// symbolic builds a val from one IR node of the given shape.
func symbolic(dims []int, kind lang.Kind, x ir.Value) *val {
	return &val{dims: dims, kind: kind, whole: x}
}

// fromElems builds a val from scalar nodes, known when every one is a constant.
func (l *lowerer) fromElems(dims []int, kind lang.Kind, xs []ir.Value) *val {
	known := make([]float64, len(xs))
	for i, x := range xs {
		ok := false
		if x != ir.NoValue {
			known[i], ok = l.b.G.IsConst(x)
		}
		if !ok {
			return &val{dims: dims, kind: kind, elems: xs}
		}
	}
	return &val{dims: dims, kind: kind, known: known}
}

// elemsOf returns every element of v as a scalar node.
func (l *lowerer) elemsOf(v *val) []ir.Value {
	if v.elems != nil {
		return v.elems
	}
	n := v.size()
	xs := make([]ir.Value, n)
	for i := range xs {
		xs[i] = l.elem(v, i)
	}
	return xs
}

// ---------------------------------------------------------------- elementwise maps

// ewise applies an elementwise op, broadcasting scalars. kind is the
// result's kind, dims come from the non-scalar arguments.
func (l *lowerer) ewise(n lang.Node, op ir.Op, aux int, args ...*val) *val {
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
	if lanes == 0 && dims != nil && sz == 0 {
		return emptyVal(dims, kind) // lower_empty.go
	}
	info := op.Info()
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
		var x [ir.MaxArgs]float64
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
		xs := make([]ir.Value, sz)
		var as [ir.MaxArgs]ir.Value
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
	as := make([]ir.Value, len(args))
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
	saved := l.b.At
	l.b.At = e.Position()
	v := l.lowerExpr(e)
	l.b.At = saved
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
			v := l.ewise(e, ir.OpNeg, 0, x)
			v.isInt = x.isInt
			return v
		case lang.UnaryNot:
			return l.ewise(e, ir.OpEq, 0, x, knownScalar(0, true))
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
		return l.ewise(e, ir.OpSelect, 0, l.ewise(e, ir.OpNe, 0, c, knownScalar(0, true)), l.expr(e.Then), l.expr(e.Else))
	case *lang.CallExpr:
		if e.Fn != nil {
			return l.userCall(e)
		}
		if e.FnArg != nil {
			return l.fnArgCall(e) // lower_higher.go
		}
		if v, ok := l.laneReduce(e); ok {
			return v
		}
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
	if v.laneElems != nil {
		l.vectorFail() // only its elements and its reductions are lowered
	}
	v.owned = false
	return v
}

// lookup returns a variable's value for an element read or write, which
// copies what it reads.
func (l *lowerer) lookup(e *lang.Ident) *val {
	d := e.Decl
	if v, ok := l.vars[d]; ok {
		if l.guard != nil {
			v = l.guardVar(d, v)
		}
		return v
	}
	if d != nil {
		if v, ok := l.loops[loopKey{d.Pos, d.Name}]; ok {
			if l.guard != nil {
				v = l.guardLoop(loopKey{d.Pos, d.Name}, v)
			}
			return v
		}
	}
	if v, ok := l.bound[e.Name]; ok && d != nil && (d.Block == lang.BlockData || d.Block == lang.BlockTransformedData) {
		if l.data == nil {
			l.data = map[*simulate.Value]*val{}
		}
		if l.data[v] == nil {
			l.data[v] = dataVal(v)
		}
		return l.data[v]
	}
	l.fail(e, "`%s` has no value here", e.Name)
	return nil
}

// dataVal wraps a data or transformed data variable.
func dataVal(v *simulate.Value) *val {
	t := v.Type
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
	var xs []ir.Value
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
	v := l.elements(x, off)
	v.dims, v.kind = []int{c, r}, lang.KindMatrix
	return v
}

// pick returns the elements of x at the flat offsets off, as a 1-D value.
func (l *lowerer) pick(x *val, off []int) *val {
	v := l.elements(x, off)
	v.dims = []int{len(off)}
	return v
}

// elements is pick for a caller that gives the result its own shape.
func (l *lowerer) elements(x *val, off []int) *val {
	out := &val{kind: x.kind, isInt: x.isInt, autodiff: x.autodiff}
	switch {
	case x.known != nil:
		out.known = make([]float64, len(off))
		for i, o := range off {
			out.known[i] = x.known[o]
		}
	case x.elems != nil:
		out.elems = make([]ir.Value, len(off))
		for i, o := range off {
			out.elems[i] = x.elems[o]
		}
	default:
		n := x.size()
		if l.b.ShapeOf(x.whole).Kind == ir.Scalar && len(off) > 1 {
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
