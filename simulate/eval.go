package simulate

import (
	"fmt"
	"math"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/lang/sizes"
)

// This file evaluates expressions (Stan Reference Manual, "Expressions"),
// indexing included ("Indexing": single, multiple and range indexes).

// selection resolves indexes into v (Stan Reference Manual, "Indexing"): a
// single index drops its dimension, a multi-index or range keeps it, and
// dimensions without an index are taken whole. It returns the row-major
// offsets of the selected elements, in the result's row-major order, and the
// result's shape.
func (m *machine) selection(n lang.Node, v *Value, idx []lang.Index) ([]int, []int, error) {
	if len(idx) > len(v.Shape) {
		return nil, nil, errAt(n, "too many indexes for %s", v.describe())
	}
	lists := make([][]int, len(v.Shape))
	var shape []int
	for d := range v.Shape {
		size := v.Shape[d]
		if d >= len(idx) {
			lists[d] = allOffsets(size)
			shape = append(shape, size)
			continue
		}
		ix := idx[d]
		var is []int
		keep := true
		switch {
		case ix.Range && m.sizes:
			return nil, nil, errAt(ix, "cannot evaluate the range index in %s here: only single int indexes are supported in sizes and bounds", lang.ExprString(n.(lang.Expr)))
		case ix.Range:
			lo, hi := 1, size
			var err error
			if ix.Lo != nil {
				if lo, err = m.evalInt(ix.Lo); err != nil {
					return nil, nil, err
				}
			}
			if ix.Hi != nil {
				if hi, err = m.evalInt(ix.Hi); err != nil {
					return nil, nil, err
				}
			}
			for i := lo; i <= hi; i++ {
				is = append(is, i)
			}
		default:
			x, err := m.operand(ix.Single)
			if err != nil {
				return nil, nil, err
			}
			is = x.Ints
			keep = !x.isScalar()
		}
		for _, i := range is {
			if i < 1 || i > size {
				return nil, nil, outOfRange(n, ix, keep, i, size)
			}
		}
		lists[d] = make([]int, len(is))
		for k, i := range is {
			lists[d][k] = i - 1
		}
		if keep {
			shape = append(shape, len(is))
		}
	}
	strides := rowStrides(v.Shape)
	total := 1
	for _, l := range lists {
		total *= len(l)
	}
	off := make([]int, 0, total)
	pos := make([]int, len(lists))
	for range total {
		o := 0
		for d, k := range pos {
			o += lists[d][k] * strides[d]
		}
		off = append(off, o)
		for d := len(pos) - 1; d >= 0; d-- {
			pos[d]++
			if pos[d] < len(lists[d]) {
				break
			}
			pos[d] = 0
		}
	}
	return off, shape, nil
}

// gather builds the value of type t and shape from v's elements at off.
func gather(v *Value, off []int, t lang.Type, shape []int) *Value {
	r := &Value{Type: t, Shape: shape}
	if v.Ints != nil && t.Kind == lang.KindInt {
		r.Ints = make([]int, len(off))
		for i, o := range off {
			r.Ints[i] = v.Ints[o]
		}
		return r
	}
	r.Reals = make([]float64, len(off))
	for i, o := range off {
		r.Reals[i] = v.at(o)
	}
	return r
}

// element is the i'th (0-based) element along v's first dimension: an array's
// element, a vector's real or a matrix's row.
func (v *Value) element(i int) *Value {
	t := v.Type
	switch {
	case t.Dims > 0:
		t.Dims--
	case t.Kind == lang.KindMatrix:
		t = lang.RowVector
	default:
		t = lang.Type{Kind: lang.KindReal}
		if v.isInt() {
			t.Kind = lang.KindInt
		}
	}
	stride := product(v.Shape[1:])
	return gather(v, allOffsets(stride + i*stride)[i*stride:], t, v.Shape[1:])
}

// outOfRange is the error of the index i, of ix, into a dimension of
// the given size: at the index, naming its value when that is not written
// in it ("index N + 1 = 4 is out of range in y[N + 1]").
func outOfRange(n lang.Node, ix lang.Index, multi bool, i, size int) error {
	at, which := lang.Node(ix), fmt.Sprint(i)
	switch {
	case !ix.Range && !multi:
		at, which = ix.Single, lang.ExprString(ix.Single)
		if !lang.IsLiteral(ix.Single) {
			which += fmt.Sprintf(" = %d", i)
		}
	case !ix.Range:
		at, which = ix.Single, fmt.Sprintf("%d (of %s)", i, lang.ExprString(ix.Single))
	}
	return errAt(at, "index %s is out of range in %s: the size is %d (Stan indexes from 1)", which, lang.ExprString(n.(lang.Expr)), size)
}

func (m *machine) evalInt(e lang.Expr) (int, error) {
	if m.fast() && e.TypeOf() == lang.Int {
		s, err := m.evalScalar(e)
		if err != nil {
			return 0, err
		}
		if !s.IsInt {
			return 0, errAt(e, "%s must be an int, but it is %s", lang.ExprString(e), s.value().describe())
		}
		return s.Int, nil
	}
	v, err := m.eval(e)
	if err != nil {
		return 0, err
	}
	if !v.isInt() || !v.isScalar() {
		return 0, errAt(e, "%s must be an int, but it is %s", lang.ExprString(e), v.describe())
	}
	return v.Ints[0], nil
}

// Stan's int is a 32-bit C++ int (Stan Reference Manual, "Integer data
// type"); MaxInt and MinInt give its range to package data, which checks
// int data against it.
const (
	maxStanInt = math.MaxInt32
	minStanInt = math.MinInt32
	MaxInt     = maxStanInt
	MinInt     = minStanInt
)

func (m *machine) eval(e lang.Expr) (*Value, error) {
	switch e := e.(type) {
	case *lang.IntLit:
		if e.Value > maxStanInt {
			return nil, errAt(e, "%s is too large for an int (Stan ints are 32-bit, at most %d)", e.Text, maxStanInt)
		}
		return intValue(int(e.Value)), nil
	case *lang.RealLit:
		return realValue(e.Value), nil
	case *lang.Ident:
		v, err := m.lookup(e)
		if err != nil {
			return nil, err
		}
		if m.read != nil {
			m.read(e.Decl, nil)
		}
		return v, nil
	case *lang.UnaryExpr:
		if m.fast() && isScalarType(e.X.TypeOf()) {
			return m.scalarValue(e)
		}
		x, err := m.operand(e.X)
		if err != nil {
			return nil, err
		}
		return unary(e, x)
	case *lang.BinaryExpr:
		if m.fast() && isScalarType(e.X.TypeOf()) && isScalarType(e.Y.TypeOf()) {
			return m.scalarValue(e)
		}
		x, err := m.operand(e.X)
		if err != nil {
			return nil, err
		}
		// && and || do not evaluate their right side when the left decides
		// (Stan Reference Manual, "Logical functions and operators").
		if e.Op == lang.OpAnd && x.float() == 0 {
			return intValue(0), nil
		}
		if e.Op == lang.OpOr && x.float() != 0 {
			return intValue(1), nil
		}
		y, err := m.operand(e.Y)
		if err != nil {
			return nil, err
		}
		return binary(e, x, y)
	case *lang.TransposeExpr:
		if m.sizes {
			break
		}
		x, err := m.eval(e.X)
		if err != nil {
			return nil, err
		}
		return transpose(x), nil
	case *lang.CondExpr:
		c, err := m.operand(e.Cond)
		if err != nil {
			return nil, err
		}
		if m.sizes && !c.isInt() {
			return nil, errAt(e.Cond, "the condition of ?: must be an int, but %s is real", lang.ExprString(e.Cond))
		}
		branch := e.Else
		if c.float() != 0 {
			branch = e.Then
		}
		v, err := m.operand(branch)
		if err != nil {
			return nil, err
		}
		if e.T.Kind == lang.KindReal {
			v = v.toReal()
		}
		return v, nil
	case *lang.CallExpr:
		return m.call(e)
	case *lang.IndexExpr:
		if m.fast() && elementIndex(e) {
			return m.scalarValue(e)
		}
		return m.evalIndex(e)
	case *lang.ArrayExpr:
		if !m.sizes {
			return m.literal(e.Elems, e.T)
		}
	case *lang.RowVectorExpr:
		if !m.sizes {
			return m.literal(e.Elems, e.T)
		}
	}
	if m.sizes {
		return nil, errAt(e, "cannot evaluate %s here: %s", lang.ExprString(e), sizesUse())
	}
	return nil, errAt(e, "cannot evaluate %s", lang.ExprString(e))
}

// scalarValue is the value of e, an expression evalScalar computes
// without eval (fast.go), in one allocation.
func (m *machine) scalarValue(e lang.Expr) (*Value, error) {
	s, err := m.evalScalar(e)
	if err != nil {
		return nil, err
	}
	return s.value(), nil
}

// evalIndex evaluates an IndexExpr: the elements selected, gathered.
func (m *machine) evalIndex(e *lang.IndexExpr) (*Value, error) {
	x, err := m.evalIndexed(e.X)
	if err != nil {
		return nil, err
	}
	off, shape, err := m.selection(e, x, e.Indices)
	if err != nil {
		return nil, err
	}
	if id, ok := e.X.(*lang.Ident); ok && m.read != nil {
		m.read(id.Decl, off)
	}
	return gather(x, off, e.T, shape), nil
}

// lookup is the value of a variable: by name in sizes mode, else by the
// declaration the checker resolved it to.
func (m *machine) lookup(id *lang.Ident) (*Value, error) {
	if m.sizes {
		if v := m.byName[id.Name]; v != nil {
			return v, nil
		}
		return nil, errAt(id, "%s is not known here: only data declared earlier can be used", id.Name)
	}
	if v := m.get(id.Decl); v != nil {
		return v, nil
	}
	return nil, errAt(id, "%s has no value here", id.Name)
}

// operand evaluates an operand, a condition or an index, which in sizes
// mode must be a scalar.
func (m *machine) operand(e lang.Expr) (*Value, error) {
	v, err := m.eval(e)
	if err == nil && m.sizes && !v.isScalar() {
		return nil, errAt(e, "%s is %s where a scalar is needed", lang.ExprString(e), v.kindPhrase())
	}
	return v, err
}

// evalIndexed evaluates the indexed expression of an IndexExpr; a variable
// is not reported to read, as only the elements selected are read.
func (m *machine) evalIndexed(x lang.Expr) (*Value, error) {
	if id, ok := x.(*lang.Ident); ok {
		return m.lookup(id)
	}
	return m.eval(x)
}

// literal builds {a, b, c} or [a, b, c] of type t: the elements, promoted
// to the common kind, stacked along a new first dimension.
func (m *machine) literal(elems []lang.Expr, t lang.Type) (*Value, error) {
	var vs []*Value
	for _, el := range elems {
		v, err := m.eval(el)
		if err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	shape := []int{len(vs)}
	if len(vs) > 0 {
		shape = append(shape, vs[0].Shape...)
	}
	r := &Value{Type: t, Shape: shape}
	for i, v := range vs {
		if !sameShape(v.Shape, vs[0].Shape) {
			return nil, errAt(elems[i], "the elements of a literal must have the same size; %s has shape %v, the first has %v", lang.ExprString(elems[i]), v.Shape, vs[0].Shape)
		}
		if t.Kind == lang.KindInt {
			r.Ints = append(r.Ints, v.Ints...)
		} else {
			r.Reals = append(r.Reals, v.reals()...)
		}
	}
	if t.Kind == lang.KindInt && r.Ints == nil {
		r.Ints = []int{}
	}
	if t.Kind != lang.KindInt && r.Reals == nil {
		r.Reals = []float64{}
	}
	return r, nil
}

func (m *machine) call(c *lang.CallExpr) (*Value, error) {
	takesContainer, ok := sizeFuncs[c.Name]
	if m.sizes && (!ok || c.Bar) {
		return nil, errAt(c, "cannot evaluate %s here: %s", c.Name, sizesUse())
	}
	if c.Fn != nil {
		return m.callUser(c)
	}
	if c.FnArg != nil {
		return m.callFnArg(c) // higher.go
	}
	if c.Sig == nil {
		return nil, errAt(c, "%s was not resolved by the checker", c.Name)
	}
	impl := builtins[c.Sig.Func]
	if impl == nil {
		return nil, errAt(c, "%s cannot be evaluated yet (bayes simulate has no implementation of it)", c.Name)
	}
	args := make([]*Value, len(c.Args))
	for i, a := range c.Args {
		v, err := m.eval(a)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	for i, v := range args {
		if m.sizes && !takesContainer && !v.isScalar() {
			return nil, errAt(c.Args[i], "%s needs a scalar here, but %s is %s", c.Name, lang.ExprString(c.Args[i]), v.kindPhrase())
		}
	}
	if msg := sizes.CallError(c.Sig, sizedAll(c.Args, args)); msg != "" {
		return nil, errAt(c, "%s", msg)
	}
	r, err := impl(m, c, args)
	if err != nil || !r.isInt() {
		return r, err
	}
	for _, i := range r.Ints { // an int result must fit Stan's int: abs(-2147483648) does not
		if i > maxStanInt || i < minStanInt {
			return nil, errAt(c, "integer overflow: %d does not fit in a Stan int (32-bit)", i)
		}
	}
	return r, nil
}

// sized describes an evaluated argument to lang's size rules
// (package lang/sizes), which every call, ~ statement and operator passes before
// it is computed: the checker's type of its expression, its shape, and an
// int's value. The compiler applies the same rules to the same calls in the
// model block, so a mismatch reads the same in every block.
func sized(e lang.Expr, v *Value) sizes.Arg {
	a := sizes.Arg{Type: e.TypeOf(), Shape: v.Shape}
	if a.Type == lang.Int && v.isInt() && v.isScalar() {
		a.Int, a.Known = v.Ints[0], true
	}
	return a
}

func sizedAll(es []lang.Expr, vs []*Value) []sizes.Arg {
	out := make([]sizes.Arg, len(vs))
	for i, v := range vs {
		out[i] = sized(es[i], v)
	}
	return out
}
