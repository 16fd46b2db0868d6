package simulate

import (
	"math"

	"github.com/bayes-dev/bayes/lang"
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
			x, err := m.eval(ix.Single)
			if err != nil {
				return nil, nil, err
			}
			is = x.Ints
			keep = !x.isScalar()
		}
		for _, i := range is {
			if i < 1 || i > size {
				return nil, nil, errAt(n, "index %d out of range in %s: the size is %d (Stan indexes from 1)", i, lang.ExprString(n.(lang.Expr)), size)
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

func (m *machine) evalInt(e lang.Expr) (int, error) {
	v, err := m.eval(e)
	if err != nil {
		return 0, err
	}
	if !v.isInt() || !v.isScalar() {
		return 0, errAt(e, "%s must be an int, but it is %s", lang.ExprString(e), v.describe())
	}
	return v.Ints[0], nil
}

// Stan's int is a 32-bit C++ int (Stan Reference Manual, "Integer data type").
const (
	maxStanInt = math.MaxInt32
	minStanInt = math.MinInt32
)

func (m *machine) eval(e lang.Expr) (*Value, error) {
	switch e := e.(type) {
	case *lang.IntLit:
		if e.Value > maxStanInt {
			return nil, errAt(e, "%s is too large for an int (Stan ints are 32-bit)", e.Text)
		}
		return intValue(int(e.Value)), nil
	case *lang.RealLit:
		return realValue(e.Value), nil
	case *lang.Ident:
		v := m.vars[e.Decl]
		if v == nil {
			return nil, errAt(e, "%s has no value here", e.Name)
		}
		if m.read != nil {
			m.read(e.Decl, nil)
		}
		return v, nil
	case *lang.UnaryExpr:
		x, err := m.eval(e.X)
		if err != nil {
			return nil, err
		}
		return unary(e, x)
	case *lang.BinaryExpr:
		x, err := m.eval(e.X)
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
		y, err := m.eval(e.Y)
		if err != nil {
			return nil, err
		}
		return binary(e, x, y)
	case *lang.TransposeExpr:
		x, err := m.eval(e.X)
		if err != nil {
			return nil, err
		}
		return transpose(x), nil
	case *lang.CondExpr:
		c, err := m.eval(e.Cond)
		if err != nil {
			return nil, err
		}
		branch := e.Else
		if c.float() != 0 {
			branch = e.Then
		}
		v, err := m.eval(branch)
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
	case *lang.ArrayExpr:
		return m.literal(e.Elems, e.T)
	case *lang.RowVectorExpr:
		return m.literal(e.Elems, e.T)
	}
	return nil, errAt(e, "cannot evaluate %s", lang.ExprString(e))
}

// evalIndexed evaluates the indexed expression of an IndexExpr; a variable
// is not reported to read, as only the elements selected are read.
func (m *machine) evalIndexed(x lang.Expr) (*Value, error) {
	if id, ok := x.(*lang.Ident); ok {
		v := m.vars[id.Decl]
		if v == nil {
			return nil, errAt(id, "%s has no value here", id.Name)
		}
		return v, nil
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
	if msg := lang.CallSizeError(c.Sig, sizedAll(c.Args, args)); msg != "" {
		return nil, errAt(c, "%s", msg)
	}
	return impl(m, c, args)
}

// sized describes an evaluated argument to lang's size rules
// (lang/sizes.go), which every call, ~ statement and operator passes before
// it is computed: the checker's type of its expression, its shape, and an
// int's value. The compiler applies the same rules to the same calls in the
// model block, so a mismatch reads the same in every block.
func sized(e lang.Expr, v *Value) lang.SizedArg {
	a := lang.SizedArg{Type: e.TypeOf(), Shape: v.Shape}
	if a.Type == lang.Int && v.isInt() && v.isScalar() {
		a.Int, a.Known = v.Ints[0], true
	}
	return a
}

func sizedAll(es []lang.Expr, vs []*Value) []lang.SizedArg {
	out := make([]lang.SizedArg, len(vs))
	for i, v := range vs {
		out[i] = sized(es[i], v)
	}
	return out
}
