package compiler

import (
	"math"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/lang/sizes"
)

// Statements of the lowering pass: declarations, assignments, `~` and
// `target +=`, and control flow: loops vectorised over their iterations
// or unrolled, ifs resolved on data or turned into selects, while loops
// run on data.

// ---------------------------------------------------------------- statements

func (l *lowerer) stmts(ss []lang.Stmt) {
	for _, s := range ss {
		l.stmt(s)
		if l.jump != noJump {
			return
		}
	}
}

// stmt lowers s; the nodes it builds, and a failure while building them,
// are placed at s (Builder.at).
func (l *lowerer) stmt(s lang.Stmt) {
	outer, saved := l.at, l.b.At
	l.at, l.b.At = s, s.Position()
	l.lowerStmt(s)
	l.at, l.b.At = outer, saved
}

func (l *lowerer) lowerStmt(s lang.Stmt) {
	switch s := s.(type) {
	case *lang.VarDecl:
		l.decl(s)
	case *lang.AssignStmt:
		l.assign(s)
	case *lang.TildeStmt:
		l.tilde(s)
	case *lang.TargetStmt:
		v := l.expr(s.Value)
		if l.weights != nil {
			l.weightedTarget(v)
			return
		}
		l.addTarget(l.perIteration(l.node(l.sum(v)), v.lanes > 0))
	case *lang.ForStmt:
		l.forLoop(s)
	case *lang.ForEachStmt:
		l.forEach(s)
	case *lang.WhileStmt:
		l.while(s)
	case *lang.IfStmt:
		l.ifStmt(s)
	case *lang.BlockStmt:
		l.stmts(s.Body.Stmts)
	case *lang.PrintStmt:
		if s.Reject {
			if l.lanes > 0 {
				l.vectorFail()
			}
			if s.Fatal {
				l.fatalError(s)
			}
			if l.guard != nil {
				l.guardedReject()
				return
			}
			l.fail(s, "the model always rejects here: reject is reached with the data given")
		}
		// Stan prints at every evaluation of the log density; bayes
		// compiles it away, and says so once.
		l.notePrint(s)
	case *lang.ReturnStmt:
		l.returnStmt(s)
	case *lang.CallStmt:
		l.callStmt(s)
	case *lang.EmptyStmt:
	case *lang.BreakStmt:
		if l.lanes > 0 {
			l.vectorFail()
		}
		l.jump = breakJump
		if s.Continue {
			l.jump = continueJump
		}
	default:
		l.fail(s, "bayes cannot compile this statement yet")
	}
}

func (l *lowerer) addTarget(v ir.Value) {
	l.target = append(l.target, v)
	l.noteTerm(v)
}

// perIteration scales a log density term that a vectorised loop computes
// once although every iteration adds it (a term with no per-iteration part).
func (l *lowerer) perIteration(v ir.Value, varying bool) ir.Value {
	if l.lanes > 0 && !varying {
		return l.b.Mul(v, l.b.Const(float64(l.lanes)))
	}
	return v
}

// declDims evaluates the full shape of a declaration.
func (l *lowerer) declDims(t *lang.TypeSpec) []int {
	var dims []int
	for _, e := range t.ArrayDims {
		dims = append(dims, l.intOf(e))
	}
	switch t.Kind {
	case lang.DeclInt, lang.DeclReal:
	case lang.DeclMatrix, lang.DeclCholeskyFactorCov, lang.DeclRowStochasticMatrix,
		lang.DeclColumnStochasticMatrix, lang.DeclSumToZeroMatrix:
		r := l.intOf(t.Sizes[0])
		c := r
		if len(t.Sizes) > 1 {
			c = l.intOf(t.Sizes[1])
		}
		dims = append(dims, r, c)
	case lang.DeclCorrMatrix, lang.DeclCovMatrix, lang.DeclCholeskyFactorCorr:
		k := l.intOf(t.Sizes[0])
		dims = append(dims, k, k)
	default:
		dims = append(dims, l.intOf(t.Sizes[0]))
	}
	for _, d := range dims {
		if d < 0 {
			l.fail(t, "negative size %d in the declaration", d)
		}
	}
	return dims
}

func (l *lowerer) decl(d *lang.VarDecl) {
	if l.lanes > 0 && laneArrayDecl(d) {
		l.declLaneArray(d)
		return
	}
	dims := l.declDims(d.Type)
	isInt := d.Type.Kind == lang.DeclInt
	n := size(dims)
	k := make([]float64, n)
	if !isInt {
		for i := range k {
			k[i] = math.NaN()
		}
	}
	ad := !isInt && l.localsAD()
	l.vars[d] = &val{dims: dims, kind: d.Type.Type().Kind, isInt: isInt, known: k, autodiff: ad, owned: true}
	if d.Init != nil {
		init := l.expr(d.Init)
		l.checkAssignSizes(d, func() string { return d.Name }, sizes.Arg{Type: d.Type.Type(), Shape: dims}, d.Init, init)
		l.vars[d] = l.convert(d, l.vars[d], init)
	}
}

// convert gives v the shape of the variable it is stored in.
func (l *lowerer) convert(n lang.Node, to *val, v *val) *val {
	if v.lanes > 0 {
		if !to.scalar() {
			l.vectorFail()
		}
		out := *v
		out.kind, out.isInt, out.autodiff = to.kind, to.isInt, to.autodiff
		return &out
	}
	if v.size() != to.size() {
		if v.size() == 1 && v.scalar() {
			l.fail(n, "cannot assign a scalar to a container")
		}
		l.fail(n, "size mismatch: the variable has %d elements, the value %d", to.size(), v.size())
	}
	out := *v
	out.dims, out.kind, out.isInt = to.dims, to.kind, to.isInt
	out.autodiff = to.autodiff
	if out.whole != ir.NoValue && out.known == nil && out.elems == nil {
		if to.scalar() && l.b.ShapeOf(out.whole).Kind != ir.Scalar {
			out.whole = l.b.Elem(out.whole, 0)
		}
	}
	return &out
}

var compoundOps = map[lang.AssignOp]lang.BinOp{
	lang.AddAssign: lang.OpAdd, lang.SubAssign: lang.OpSub, lang.MulAssign: lang.OpMul,
	lang.DivAssign: lang.OpDiv, lang.EltMulAssign: lang.OpEltMul, lang.EltDivAssign: lang.OpEltDiv,
}

func (l *lowerer) assign(s *lang.AssignStmt) {
	if id, ok := s.LHS.(*lang.Ident); ok && l.accum[id.Decl] {
		l.accumulate(s, id)
		return
	}
	var rhs *val
	var rhsExpr lang.Expr = s.RHS
	if s.Op == lang.Assign {
		rhs = l.expr(s.RHS)
	} else {
		bin := &lang.BinaryExpr{Pos: s.Pos, Op: compoundOps[s.Op], X: s.LHS, Y: s.RHS}
		bin.T = s.LHS.TypeOf()
		rhs, rhsExpr = l.binary(bin), bin
	}
	var id *lang.Ident
	var ix *lang.IndexExpr
	switch lhs := s.LHS.(type) {
	case *lang.Ident:
		id = lhs
	case *lang.IndexExpr:
		ix = lhs.Flat()
		id, _ = ix.X.(*lang.Ident)
	}
	if id == nil {
		l.fail(s, "bayes cannot assign to `%s`", lang.ExprString(s.LHS))
	}
	cur := l.lookup(id)
	if cur.laneElems != nil {
		if ix == nil {
			l.vectorFail()
		}
		l.vars[id.Decl] = l.laneStore(ix, cur, rhs)
		return
	}
	target := func() string { return lang.ExprString(s.LHS) } // for a message only
	if ix == nil {
		l.checkAssignSizes(s, target, sizes.Arg{Type: s.LHS.TypeOf(), Shape: cur.dims}, rhsExpr, rhs)
		l.vars[id.Decl] = l.convert(s, cur, rhs)
		return
	}
	sel := l.selection(ix, cur)
	if sel.lanes == 0 {
		l.checkAssignSizes(s, target, sizes.Arg{Type: s.LHS.TypeOf(), Shape: sel.dims}, rhsExpr, rhs)
	}
	l.vars[id.Decl] = l.store(s, cur, sel, rhs)
}

// accumulate lowers `acc += e` (or -=) in a vectorised loop: acc gains the
// sum of e over the iterations (e times their number when e is the same
// for all).
func (l *lowerer) accumulate(s *lang.AssignStmt, id *lang.Ident) {
	e := l.expr(s.RHS)
	var total *val
	if e.lanes > 0 {
		total = l.sum(e)
	} else {
		total = l.ewise(s, ir.OpMul, 0, e, knownScalar(float64(l.lanes), false))
	}
	op := ir.OpAdd
	if s.Op == lang.SubAssign {
		op = ir.OpSub
	}
	cur := l.lookup(id)
	l.vars[id.Decl] = l.convert(s, cur, l.ewise(s, op, 0, cur, total))
}

// store writes v into the selected elements of x and returns the new x.
func (l *lowerer) store(n lang.Node, x *val, sel indexSel, v *val) *val {
	var off []int
	if sel.lanes > 0 {
		if v.lanes == 0 && !v.scalar() {
			l.vectorFail()
		}
		for k := range sel.off {
			off = append(off, sel.off[k][0])
		}
	} else {
		off = sel.off[0]
		if v.lanes > 0 {
			l.vectorFail()
		}
		if v.size() != len(off) && !(v.scalar() && len(off) == 1) {
			l.fail(n, "size mismatch in assignment: %d elements selected, the value has %d", len(off), v.size())
		}
	}
	at := func(k int) int { // element of v for the k-th selected slot
		if v.lanes > 0 || v.size() > 1 {
			return k
		}
		return 0
	}
	out := &val{dims: x.dims, kind: x.kind, isInt: x.isInt, autodiff: x.autodiff, owned: true}
	switch {
	case x.known != nil && v.known != nil:
		out.known = x.known
		if !x.owned {
			out.known = append([]float64(nil), x.known...)
		}
		for k, o := range off {
			out.known[o] = v.known[at(k)]
		}
		return out
	case len(off) == x.size() && isIota(off) && v.known == nil && v.elems == nil:
		w := v.whole
		if v.lanes == 0 && v.scalar() && x.size() > 1 {
			w = l.b.Bcast(w, x.size())
		}
		out.whole = w
		if x.size() == 1 && x.scalar() && l.b.ShapeOf(w).Kind != ir.Scalar {
			out.whole = l.b.Elem(w, 0)
		}
		return out
	}
	xs := l.elemsOf(x)
	if x.elems == nil || !x.owned {
		xs = append([]ir.Value(nil), xs...)
	}
	for k, o := range off {
		xs[o] = l.elem(v, at(k))
	}
	if x.elems != nil {
		// once symbolic, stays symbolic: no scan for constants per write
		return &val{dims: x.dims, kind: x.kind, elems: xs, autodiff: x.autodiff, owned: true}
	}
	out = l.fromElems(x.dims, x.kind, xs)
	out.autodiff, out.owned = x.autodiff, true
	return out
}

// ---------------------------------------------------------------- control flow

func (l *lowerer) while(s *lang.WhileStmt) {
	if l.lanes > 0 {
		l.vectorFail()
	}
	start := len(l.b.G.Nodes)
	for iter := 0; ; iter++ {
		if iter == maxWhileIterations {
			l.fail(s, "this while loop has not ended after %d iterations with the data given", maxWhileIterations)
		}
		c, ok := l.condOf(s.Cond)
		if !ok {
			l.fail(s.Cond, "bayes cannot compile a while loop whose condition depends on parameters: `%s`", lang.ExprString(s.Cond))
		}
		if !c {
			return
		}
		l.stmt(s.Body)
		l.checkUnroll(s, start)
		if l.endIteration() {
			return
		}
	}
}

func (l *lowerer) checkUnroll(s lang.Node, start int) {
	if len(l.b.G.Nodes)-start > UnrollLimit {
		l.fail(s, "unrolling this loop takes more than %d IR nodes (its iterations depend on each other, so it cannot be vectorised); bayes cannot compile it", UnrollLimit)
	}
}

func (l *lowerer) ifStmt(s *lang.IfStmt) {
	cv := l.expr(s.Cond)
	if cv.lanes > 0 {
		if cv.known == nil {
			l.vectorFail()
		}
		l.laneIf(s, cv.known)
		return
	}
	if cv.known != nil {
		if cv.known[0] != 0 {
			l.stmt(s.Then)
		} else if s.Else != nil {
			l.stmt(s.Else)
		}
		return
	}
	l.selectIf(s)
}

// laneIf lowers an if inside a vectorised loop whose condition is data,
// one value per iteration: each branch is lowered once over the iterations
// that take it (the zero-inflated `if (y[n] == 0)`). The branches only add
// to the log density (vectorisable checks it), so nothing needs merging.
func (l *lowerer) laneIf(s *lang.IfStmt, cond []float64) {
	var then, els []int
	for k, c := range cond {
		if c != 0 {
			then = append(then, k)
		} else {
			els = append(els, k)
		}
	}
	l.onLanes(then, s.Then)
	l.onLanes(els, s.Else)
}

// onLanes lowers body over the iterations sub of the current vectorised loop.
func (l *lowerer) onLanes(sub []int, body lang.Stmt) {
	if len(sub) == 0 || body == nil {
		return
	}
	if len(sub) == l.lanes {
		l.stmt(body)
		return
	}
	vars, loops, lanes := l.vars, l.loops, l.lanes
	defer func() { l.vars, l.loops, l.lanes = vars, loops, lanes }()
	var idx ir.IndexID = -1
	restrict := func(v *val) *val {
		if v.lanes == 0 {
			return v
		}
		out := *v
		out.lanes = len(sub)
		if v.known != nil {
			out.known = make([]float64, len(sub))
			for i, k := range sub {
				out.known[i] = v.known[k]
			}
			return &out
		}
		if idx < 0 {
			idx = l.b.Index(sub, lanes)
		}
		out.whole = l.b.Gather(v.whole, idx)
		return &out
	}
	l.vars = make(map[*lang.VarDecl]*val, len(vars))
	for d, v := range vars {
		l.vars[d] = restrict(v)
	}
	l.loops = make(map[loopKey]*val, len(loops))
	for k, v := range loops {
		l.loops[k] = restrict(v)
	}
	l.lanes = len(sub)
	l.stmt(body)
}

// selectIf lowers `if` on a parameter-dependent condition as a select: both
// branches are lowered, and every variable and target term they change
// becomes cond ? then : else. Branches that may be undefined where they are
// not taken (a density, a partial function) are lowered guarded
// (lower_guard.go), so that their value and gradient there never leak.
func (l *lowerer) selectIf(s *lang.IfStmt) {
	if l.fn.frame != nil && (hasReturn(s.Then) || hasReturn(s.Else)) {
		l.returnIf(s)
		return
	}
	cv := l.expr(s.Cond)
	cond := l.ewise(s, ir.OpNe, 0, cv, knownScalar(0, true))
	saved, savedT := l.snapshot()
	paths := l.branchPaths(s, cond)
	thenVars, thenT := l.arm(s, s.Then, paths[0], saved)
	elseVars, elseT := l.arm(s, s.Else, paths[1], saved)
	l.vars, l.target = copyVars(saved), savedT
	for d, tv := range thenVars {
		ev := elseVars[d]
		if tv == ev {
			continue
		}
		if ev == nil || saved[d] == nil {
			continue // declared inside a branch
		}
		l.vars[d] = l.convert(s, tv, l.ewise(s, ir.OpSelect, 0, cond, tv, ev))
	}
	for d, ev := range elseVars {
		if _, ok := thenVars[d]; !ok && saved[d] != nil && ev != saved[d] {
			l.vars[d] = l.convert(s, ev, l.ewise(s, ir.OpSelect, 0, cond, saved[d], ev))
		}
	}
	sumOf := func(ts []ir.Value) *val {
		if len(ts) == 0 {
			return knownScalar(0, false)
		}
		acc := ts[0]
		for _, t := range ts[1:] {
			acc = l.b.Add(acc, t)
		}
		return symbolic(nil, lang.KindReal, acc)
	}
	if len(thenT)+len(elseT) > 0 {
		v := l.ewise(s, ir.OpSelect, 0, cond, sumOf(thenT), sumOf(elseT))
		if v.lanes > 0 {
			v = l.sum(v)
		}
		l.addTarget(l.node(v))
	}
}

// totalFuncs are defined (with a finite derivative) everywhere, so a
// branch of a selected if may use them whatever the condition. Keyed by
// lang's rows, looked up once: a name lang does not declare stops the
// program at start, as calls.go's tables do.
var totalFuncs = map[*lang.Func]bool{}

func init() {
	for _, name := range []string{"exp", "square", "fabs", "inv_logit", "log_inv_logit",
		"log1m_inv_logit", "tanh", "fmin", "fmax", "log_sum_exp", "sum", "dot_product",
		"rep_vector", "size", "num_elements"} {
		f := lang.LookupFunc(name)
		if f == nil {
			panic("compiler: no built-in " + name)
		}
		totalFuncs[f] = true
	}
}

// unsafeIn returns the first node of s that may be undefined (a partial
// function, a division by a non-literal, a density), or nil: a branch of a
// selected if that holds one is lowered guarded (lower_guard.go).
func unsafeIn(s lang.Stmt) lang.Node {
	if s == nil {
		return nil
	}
	var bad lang.Node
	lang.Inspect(s, func(n lang.Node) bool {
		if bad != nil {
			return false
		}
		switch e := n.(type) {
		case *lang.TildeStmt, *lang.BreakStmt:
			bad = e
		case *lang.PrintStmt:
			if e.Reject {
				bad = e
			}
		case *lang.CallExpr:
			if e.Sig == nil || !totalFuncs[e.Sig.Func] {
				bad = e
			}
		case *lang.BinaryExpr:
			switch e.Op {
			case lang.OpDiv, lang.OpEltDiv, lang.OpPow, lang.OpEltPow:
				switch e.Y.(type) {
				case *lang.IntLit, *lang.RealLit:
				default:
					bad = e
				}
			}
		}
		return bad == nil
	})
	return bad
}

// snapshot saves the variables and the log density's terms, for a
// restore after a failed vectorisation or around the arms of an if. The
// terms are shared, not copied: l.target is only ever appended to, so a
// restore to the saved prefix drops what was added since, and the appends
// after it overwrite only dropped terms. (Copying made each tried loop
// cost the terms so far: quadratic in a model that unrolls a loop of many
// iterations, each with an inner loop tried for vectorisation.)
func (l *lowerer) snapshot() (map[*lang.VarDecl]*val, []ir.Value) {
	for _, v := range l.vars {
		v.owned = false // the snapshot shares it
	}
	return copyVars(l.vars), l.target
}

func copyVars(m map[*lang.VarDecl]*val) map[*lang.VarDecl]*val {
	out := make(map[*lang.VarDecl]*val, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (l *lowerer) forEach(s *lang.ForEachStmt) {
	if l.lanes > 0 {
		l.vectorFail()
	}
	coll := l.expr(s.Collection)
	key := loopKey{s.Pos, s.Var}
	defer delete(l.loops, key)
	start := len(l.b.G.Nodes)
	n, inner := 1, []int(nil)
	if len(coll.dims) > 0 {
		n = coll.dims[0]
		inner = coll.dims[1:]
	}
	isz := size(inner)
	kind := s.ElemType.Kind
	// A vector, row vector or matrix gives its reals, a matrix in
	// column-major order (Stan Reference Manual, "Foreach loops"), as the
	// checker types the variable and the interpreter runs it.
	colMajor := s.Collection.TypeOf().Dims == 0 && len(coll.dims) == 2
	if colMajor {
		n, inner, isz = size(coll.dims), nil, 1
	}
	for i := 0; i < n; i++ {
		off := make([]int, isz)
		for j := range off {
			off[j] = i*isz + j
		}
		if colMajor {
			r, c := coll.dims[0], coll.dims[1]
			off[0] = (i%r)*c + i/r
		}
		v := l.pick(coll, off)
		v.dims, v.kind = inner, kind
		if len(inner) == 0 && v.whole != ir.NoValue && v.known == nil && v.elems == nil && l.b.ShapeOf(v.whole).Kind != ir.Scalar {
			v.whole = l.b.Elem(v.whole, 0)
		}
		l.loops[key] = v
		l.stmt(s.Body)
		l.checkUnroll(s, start)
		if l.endIteration() {
			return
		}
	}
}

func (l *lowerer) forLoop(s *lang.ForStmt) {
	lo, hi := l.intOf(s.Lo), l.intOf(s.Hi)
	key := loopKey{s.Pos, s.Var}
	defer delete(l.loops, key)
	if hi < lo {
		return
	}
	if l.lanes == 0 && hi-lo+1 >= minLanes {
		if ok, accum := vectorisable(s); ok && l.tryVector(s, lo, hi, accum) {
			return
		}
	}
	start := len(l.b.G.Nodes)
	for i := lo; i <= hi; i++ {
		l.loops[key] = knownScalar(float64(i), true)
		l.stmt(s.Body)
		l.checkUnroll(s, start)
		if l.endIteration() {
			return
		}
	}
}

// tryVector lowers the loop once over all its iterations; on failure it
// restores the state and reports false.
func (l *lowerer) tryVector(s *lang.ForStmt, lo, hi int, accum map[*lang.VarDecl]bool) (ok bool) {
	saved, savedT := l.snapshot()
	savedAt := l.b.At
	n := hi - lo + 1
	l.accum = accum
	defer func() {
		l.lanes, l.accum, l.weights = 0, nil, nil
		if r := recover(); r != nil {
			if _, nv := r.(notVectorisable); !nv {
				panic(r)
			}
			l.vars, l.target, l.b.At = saved, savedT, savedAt
			ok = false
		}
	}()
	iter := make([]float64, n)
	for i := range iter {
		iter[i] = float64(lo + i)
	}
	if reads, ok := dedupReads(s); ok {
		if first, counts, ok := l.distinctIterations(reads, lo, hi); ok && len(first) >= minLanes {
			iter, n = first, len(first)
			l.weights = &laneWeights{counts: counts, total: hi - lo + 1}
		}
	}
	l.loops[loopKey{s.Pos, s.Var}] = &val{kind: lang.KindInt, isInt: true, known: iter, lanes: n}
	l.lanes = n
	l.stmt(s.Body)
	return true
}

// ---------------------------------------------------------------- ~

func (l *lowerer) tilde(s *lang.TildeStmt) {
	if s.Fn != nil {
		l.userTilde(s)
		return
	}
	args := []*val{l.expr(s.LHS)}
	for _, a := range s.Args {
		args = append(args, l.expr(a))
	}
	l.checkTildeSizes(s, args)
	row, ok := distTable[s.Sig.Dist]
	if !ok {
		l.fail(s.DistPos, "bayes cannot compile the distribution `%s` yet", s.Dist)
	}
	v := l.density(s, row, args, true)
	varying := false
	for _, a := range args {
		varying = varying || a.lanes > 0
	}
	if v != nil {
		l.addTarget(l.perIteration(l.node(v), varying))
	}
	if s.HasTrunc {
		l.truncate(s, args)
	}
}
