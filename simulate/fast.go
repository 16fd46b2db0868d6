package simulate

import (
	"github.com/bayes-dev/bayes/lang"
)

// This file is the interpreter's scalar fast path. Scalar code (loops of
// int and real arithmetic over indexed elements, as in covid19imperial's
// generated quantities, run once per draw) made a Value, with its slices,
// for every literal, element read and operator, and sampling such a model
// spent more time allocating than computing. Here an expression whose
// checker type is int or real evaluates to a Scalar, which lives on the
// stack; an assignment or declaration of one element writes it in place;
// a loop variable is one Value, updated. Everything computes exactly what
// the general path (eval.go, interp.go, ops.go) computes, in the same
// order, with the same messages at the same places: the parts it does not
// cover (calls, containers, indexes other than one single int per
// dimension) it leaves to the general path.
//
// The fast path does not run in sizes mode, whose rules the general path
// enforces (scalar.go), nor while a read hook is set (prior predictive
// sampling notes the offsets every read reads).

// fast reports whether the scalar fast path may run.
func (m *machine) fast() bool { return !m.sizes && m.read == nil }

// isScalarType reports whether t is int or real.
func isScalarType(t lang.Type) bool {
	return t.Dims == 0 && (t.Kind == lang.KindInt || t.Kind == lang.KindReal)
}

// evalScalar evaluates e, an expression of type int or real, as eval
// does, without a Value where it can.
func (m *machine) evalScalar(e lang.Expr) (Scalar, error) {
	switch e := e.(type) {
	case *lang.IntLit:
		if e.Value > maxStanInt {
			return Scalar{}, errAt(e, "%s is too large for an int (Stan ints are 32-bit, at most %d)", e.Text, maxStanInt)
		}
		return Scalar{IsInt: true, Int: int(e.Value)}, nil
	case *lang.RealLit:
		return Scalar{Real: e.Value}, nil
	case *lang.Ident:
		v, err := m.lookup(e)
		if err != nil {
			return Scalar{}, err
		}
		return v.scalar(), nil
	case *lang.IndexExpr:
		if elementIndex(e) {
			return m.element(e)
		}
	case *lang.UnaryExpr:
		if isScalarType(e.X.TypeOf()) {
			return m.unaryScalar(e)
		}
	case *lang.BinaryExpr:
		if isScalarType(e.X.TypeOf()) && isScalarType(e.Y.TypeOf()) {
			return m.binaryScalar(e)
		}
	case *lang.CondExpr:
		if isScalarType(e.Cond.TypeOf()) && isScalarType(e.Then.TypeOf()) && isScalarType(e.Else.TypeOf()) {
			return m.condScalar(e)
		}
	}
	v, err := m.eval(e) // eval's fast path takes the same cases: it does not come back
	if err != nil {
		return Scalar{}, err
	}
	return v.scalar(), nil
}

// elementIndex reports whether e names one element of a variable: one
// single int index per dimension (the checker's type of e, int or real,
// says there is one per dimension; element checks the value's shape too).
func elementIndex(e *lang.IndexExpr) bool {
	if _, ok := e.X.(*lang.Ident); !ok || !isScalarType(e.T) {
		return false
	}
	for _, ix := range e.Indices {
		if ix.Range || ix.Single.TypeOf() != lang.Int {
			return false
		}
	}
	return true
}

// element reads the element e names (elementIndex), as gather does.
func (m *machine) element(e *lang.IndexExpr) (Scalar, error) {
	v, err := m.lookup(e.X.(*lang.Ident))
	if err != nil {
		return Scalar{}, err
	}
	if len(e.Indices) != len(v.Shape) {
		v, err := m.evalIndex(e)
		if err != nil {
			return Scalar{}, err
		}
		return v.scalar(), nil
	}
	o, err := m.offset(e, v, e.Indices)
	if err != nil {
		return Scalar{}, err
	}
	if v.Ints != nil && e.T.Kind == lang.KindInt {
		return Scalar{IsInt: true, Int: v.Ints[o]}, nil
	}
	return Scalar{Real: v.at(o)}, nil
}

// offset is the row-major offset of v's element at idx, one single int
// index per dimension of v: the indexes are evaluated and checked in
// order, with selection's message for one out of range (n is the indexed
// expression).
func (m *machine) offset(n lang.Node, v *Value, idx []lang.Index) (int, error) {
	o := 0
	for d, ix := range idx {
		i, err := m.evalScalar(ix.Single)
		if err != nil {
			return 0, err
		}
		size := v.Shape[d]
		if i.Int < 1 || i.Int > size {
			return 0, outOfRange(n, ix, false, i.Int, size)
		}
		o = o*size + i.Int - 1
	}
	return o, nil
}

// unaryScalar is unary on a scalar.
func (m *machine) unaryScalar(e *lang.UnaryExpr) (Scalar, error) {
	x, err := m.evalScalar(e.X)
	if err != nil {
		return Scalar{}, err
	}
	switch e.Op {
	case lang.UnaryNot:
		return boolScalar(x.Float() == 0), nil
	case lang.UnaryNeg:
		if !x.IsInt {
			x.Real = -x.Real
			return x, nil
		}
		if x.Int == minStanInt {
			return Scalar{}, errAt(e, "integer overflow: %d does not fit in a Stan int (32-bit)", -int64(minStanInt))
		}
		x.Int = -x.Int
	}
	return x, nil
}

// binaryScalar is eval's binary operator on two scalars, && and || not
// evaluating their right side when the left decides.
func (m *machine) binaryScalar(e *lang.BinaryExpr) (Scalar, error) {
	x, err := m.evalScalar(e.X)
	if err != nil {
		return Scalar{}, err
	}
	if e.Op == lang.OpAnd && x.Float() == 0 {
		return boolScalar(false), nil
	}
	if e.Op == lang.OpOr && x.Float() != 0 {
		return boolScalar(true), nil
	}
	y, err := m.evalScalar(e.Y)
	if err != nil {
		return Scalar{}, err
	}
	r, f := scalarOp(e.Op, x, y)
	if f.kind != faultNone {
		return Scalar{}, f.err(e, e.Op)
	}
	return r, nil
}

// condScalar is c ? a : b of scalars, an int promoted where the type is real.
func (m *machine) condScalar(e *lang.CondExpr) (Scalar, error) {
	c, err := m.evalScalar(e.Cond)
	if err != nil {
		return Scalar{}, err
	}
	branch := e.Else
	if c.Float() != 0 {
		branch = e.Then
	}
	v, err := m.evalScalar(branch)
	if err != nil {
		return Scalar{}, err
	}
	if e.T.Kind == lang.KindReal && v.IsInt {
		v = Scalar{Real: float64(v.Int)}
	}
	return v, nil
}

// scalarAssign reports whether s assigns a scalar to a scalar variable or
// to one element of a variable (assignScalar runs it).
func scalarAssign(s *lang.AssignStmt) bool {
	if !isScalarType(s.LHS.TypeOf()) || !isScalarType(s.RHS.TypeOf()) {
		return false
	}
	switch l := s.LHS.(type) {
	case *lang.Ident:
		return true
	case *lang.IndexExpr:
		return elementIndex(l)
	}
	return false
}

// assignScalar runs s, a scalarAssign, as assign does: the right side,
// then for x op= y the value of x and the operator, then the place stored
// to, its indexes evaluated again as lvalue does.
func (m *machine) assignScalar(s *lang.AssignStmt) error {
	rhs, err := m.evalScalar(s.RHS)
	if err != nil {
		return err
	}
	if s.Op != lang.Assign {
		cur, err := m.evalScalar(s.LHS)
		if err != nil {
			return err
		}
		op := compoundOps[s.Op]
		r, f := scalarOp(op, cur, rhs)
		if f.kind != faultNone {
			return f.err(compoundExpr(s), op)
		}
		rhs = r
	}
	var v *Value
	o := 0
	switch l := s.LHS.(type) {
	case *lang.Ident:
		if v = m.vars[l.Decl]; v == nil {
			return errAt(l, "%s has no value here", l.Name)
		}
	case *lang.IndexExpr:
		id := l.X.(*lang.Ident)
		if v = m.vars[id.Decl]; v == nil {
			return errAt(l, "%s has no value here", id.Name)
		}
		if len(l.Indices) != len(v.Shape) {
			return m.store(s.LHS, rhs.value())
		}
		if o, err = m.offset(l, v, l.Indices); err != nil {
			return err
		}
	}
	setScalar(v, o, rhs)
	return nil
}

// setScalar writes x into v's element o, as copyInto does.
func setScalar(v *Value, o int, x Scalar) {
	if v.Ints != nil {
		v.Ints[o] = x.Int
		return
	}
	v.Reals[o] = x.Float()
}
