package compiler

// Lowering of indexing and binary operators (the rest of expressions and
// values: lower.go).

import (
	"fmt"
	"strings"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/lang/sizes"
	"github.com/bayes-dev/bayes/library"
)

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
	ivs, off, ok := l.elementOffset(e, dims)
	if ok {
		one := &oneOffset{}
		one.off[0] = off
		one.sel[0] = one.off[:]
		return indexSel{off: one.sel[:]}
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
		// check validates the 1-based index i; desc, a format of i, says
		// where it comes from; "%e" stands for the index expression, written
		// only for the message.
		check := func(n lang.Node, desc string, i int) int {
			if i < 1 || i > dims[d] {
				if !ix.Range {
					desc = strings.ReplaceAll(desc, "%e", strings.ReplaceAll(lang.ExprString(ix.Single), "%", "%%"))
				}
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
			var iv *val
			if ivs != nil {
				iv = ivs[d]
			}
			if iv == nil {
				iv = l.expr(ix.Single)
			}
			if iv.known == nil {
				l.fail(ix.Single, "index `%s` must be known when the model is compiled", lang.ExprString(ix.Single))
			}
			what := "%e = %d"
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
					ps[k] = check(ix.Single, "%e holds %d", int(f))
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

// oneOffset backs the indexSel of one element in one allocation.
type oneOffset struct {
	sel [1][]int
	off [1]int
}

// elementOffset is selection's common case, x[i, j] with one known int
// per dimension: the element's flat offset, without the position lists of
// the general case (an unrolled loop selects elements by the thousand).
// Otherwise ok is false, and ivs holds the index values it lowered, in
// order, for the general case to use rather than lower them again.
func (l *lowerer) elementOffset(e *lang.IndexExpr, dims []int) (ivs []*val, off int, ok bool) {
	if len(e.Indices) != len(dims) {
		return nil, 0, false
	}
	for _, ix := range e.Indices {
		if ix.Range {
			return nil, 0, false
		}
	}
	ivs = make([]*val, len(dims))
	for d, ix := range e.Indices {
		iv := l.expr(ix.Single)
		ivs[d] = iv
		if iv.lanes > 0 || iv.known == nil || !iv.scalar() {
			return ivs, 0, false
		}
		if i := int(iv.known[0]); i >= 1 && i <= dims[d] {
			off = off*dims[d] + i - 1
		} else {
			return ivs, 0, false // the general case words the error
		}
	}
	return nil, off, true
}

func (l *lowerer) index(e *lang.IndexExpr) *val {
	var x *val
	if id, ok := e.X.(*lang.Ident); ok {
		x = l.lookup(id) // pick copies the elements it reads
		if x.laneElems != nil {
			return l.laneIndex(e, x)
		}
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
		if x.elems != nil && len(off) > x.size() {
			// More iterations than elements (ldaK5's theta[doc[n], k]):
			// the elements packed once and gathered, not a pack of one
			// element per iteration.
			whole := &val{dims: x.dims, kind: x.kind, whole: l.node(x), autodiff: x.autodiff}
			x = whole
		}
		v := l.elements(x, off)
		if v.elems != nil {
			v = &val{whole: l.b.Pack(mapNaN(l, v.elems))}
		}
		v.dims, v.lanes, v.kind = nil, sel.lanes, kind
		return v
	}
	v := l.elements(x, sel.off[0])
	v.dims, v.kind = sel.dims, kind
	if v.whole != ir.NoValue && v.known == nil && v.elems == nil && len(sel.dims) == 0 && l.b.ShapeOf(v.whole).Kind != ir.Scalar {
		v.whole = l.b.Elem(v.whole, 0)
	}
	return v
}

func mapNaN(l *lowerer, xs []ir.Value) []ir.Value {
	out := make([]ir.Value, len(xs))
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
			return l.ewise(e, ir.OpNe, 0, y, knownScalar(0, true))
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
	elementwise = elementwise && !(e.Op == lang.OpEltDiv && isInt) // int ./ int divides as int / int
	switch {
	case elementwise && r.swap:
		v = l.ewise(e, r.op, 0, y, x)
	case elementwise:
		v = l.ewise(e, r.op, 0, x, y)
	case e.Op == lang.OpMul:
		v = l.multiply(e, x, y)
	case (e.Op == lang.OpDiv || e.Op == lang.OpEltDiv) && isInt, e.Op == lang.OpIntDiv:
		return l.intOp(e, x, y, func(a, b int) int { return a / b })
	case e.Op == lang.OpDiv && !y.scalar() && y.lanes == 0:
		// B / A is B A⁻¹, not an elementwise quotient (Functions Reference, "Matrix division operators")
		v = l.matrixDivision(e, "mdivide_right", x, y, len(x.dims) == 1)
	case e.Op == lang.OpLeftDiv:
		v = l.matrixDivision(e, "mdivide_left", x, y, len(y.dims) == 1)
	case e.Op == lang.OpDiv:
		v = l.ewise(e, ir.OpDiv, 0, x, y)
	case e.Op == lang.OpMod:
		return l.intOp(e, x, y, func(a, b int) int { return a % b })
	default:
		l.fail(e, "bayes cannot compile the operator %s yet", e.Op)
	}
	v.isInt = isInt
	v.kind = e.TypeOf().Kind
	return v
}

// matrixDivision lowers A \ b or B / A as the library's mdivide_left or
// mdivide_right (name), whose overload 0 takes the vector or row vector
// (vector) and 1 the matrix: the operator is the function (Functions
// Reference, "Matrix division operators").
func (l *lowerer) matrixDivision(e *lang.BinaryExpr, name string, x, y *val, vector bool) *val {
	var f *library.Func
	for _, g := range library.Funcs() {
		if g.Name == name {
			f = g
		}
	}
	i := 1
	if vector {
		i = 0
	}
	t, vs := newTensors(l, e, []*val{x, y}, false)
	out := *t.val(f.Formula(i)(t, vs))
	out.owned = false
	return &out
}

// elementwiseBinOps are the operators that lower to one elementwise op;
// swap marks a comparison lowered with its operands exchanged (a > b is
// b < a).
var elementwiseBinOps = map[lang.BinOp]struct {
	op   ir.Op
	swap bool
}{
	lang.OpEq: {ir.OpEq, false}, lang.OpNe: {ir.OpNe, false}, lang.OpLt: {ir.OpLt, false}, lang.OpLe: {ir.OpLe, false},
	lang.OpGt: {ir.OpLt, true}, lang.OpGe: {ir.OpLe, true},
	lang.OpAdd: {ir.OpAdd, false}, lang.OpSub: {ir.OpSub, false}, lang.OpEltMul: {ir.OpMul, false},
	lang.OpEltDiv: {ir.OpDiv, false}, lang.OpPow: {ir.OpPow, false}, lang.OpEltPow: {ir.OpPow, false},
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
	l.checkBinarySizes(e, sizes.Arg{Type: lang.RowVector, Shape: []int{c}}, sized(e.Y, y))
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
		return l.ewise(e, ir.OpMul, 0, x, y)
	}
	if v := emptyProduct(x, y); v != nil {
		return v
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
	xs := make([]ir.Value, r)
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
	xs := make([]ir.Value, r*c)
	known := a.known != nil && b.known != nil
	kout := make([]float64, r*c)
	cols := make([]*val, c)
	for j := 0; j < c; j++ {
		off := make([]int, bd[0])
		for i := range off {
			off[i] = i*bd[1] + j
		}
		col := l.pick(b, off)
		col.kind = lang.KindVector
		pv := l.matVec(am, col)
		cols[j] = pv
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
	if whole := l.columnsWhole(cols); whole != ir.NoValue {
		return symbolic([]int{r, c}, lang.KindMatrix, whole)
	}
	return &val{dims: []int{r, c}, kind: lang.KindMatrix, elems: xs}
}

// columnsWhole is the r x c matrix of the columns cols, each one node of r
// elements (A's matvec with a column of B, A data), as one node: the
// columns concatenated, then gathered row-major. ir.NoValue when a column
// is not one node. One scalar node per element instead made the gradient
// cost r²c, each element's adjoint a scatter of r
// (BenchmarkVectorised/matrix_matrix: 5 times the loops written out at
// 500 x 10 times 10 x 3).
func (l *lowerer) columnsWhole(cols []*val) ir.Value {
	for _, v := range cols {
		if v.known != nil || v.elems != nil || v.whole == ir.NoValue {
			return ir.NoValue
		}
	}
	r, c := cols[0].size(), len(cols)
	all := cols[0].whole
	for _, v := range cols[1:] {
		all = l.b.Concat(all, v.whole)
	}
	if c == 1 {
		return all
	}
	off := make([]int, r*c)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			off[i*c+j] = j*r + i
		}
	}
	return l.b.Gather(all, l.b.Index(off, r*c))
}
