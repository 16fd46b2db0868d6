package simulate

import (
	"errors"

	"github.com/bayes-dev/bayes/lang"
)

// This file is the interpreter's scalar fast path. Scalar code (loops of
// int and real arithmetic over indexed elements, as in covid19imperial's
// generated quantities, run once per draw) made a Value, with its slices,
// for every literal, element read and operator, and looked every variable
// up by its declaration; sampling such a model spent more time allocating
// than computing. Here an expression whose checker type is int or real is
// compiled, on its first evaluation, into a function of the machine that
// computes a Scalar, which lives on the stack, reading variables by their
// slot in the running frame (frame.go); an assignment to a scalar or to
// one element is compiled likewise and writes in place; a loop variable
// is one Value, updated (interp.go). The compiled code computes exactly
// what the general path (eval.go, interp.go, ops.go) computes, in the
// same order, with the same messages at the same places: the parts it
// does not cover (calls, containers, indexes other than one single int per
// dimension) it hands to the general path.
//
// The fast path does not run in sizes mode, whose rules the general path
// enforces (scalar.go), nor while a read hook is set (prior predictive
// sampling notes the offsets every read reads). Code is compiled for the
// frames it runs in (codeKey): the slots it reads are theirs.

// fast reports whether the scalar fast path may run.
func (m *machine) fast() bool { return !m.sizes && m.read == nil }

// isScalarType reports whether t is int or real.
func isScalarType(t lang.Type) bool {
	return t.Dims == 0 && (t.Kind == lang.KindInt || t.Kind == lang.KindReal)
}

// code is a compiled int or real expression.
type code func(m *machine) (Scalar, error)

// codeKey names compiled code: of a node, run in the frames of fn (nil
// for the program's), whose slots it reads.
type codeKey struct {
	fn   *lang.FuncDef
	node lang.Node
}

// evalScalar evaluates e, an expression of type int or real, as eval
// does: by its code, compiled on first use.
func (m *machine) evalScalar(e lang.Expr) (Scalar, error) {
	k := codeKey{m.fn, e}
	c, ok := m.codes[k]
	if !ok {
		if m.codes == nil {
			m.codes = map[codeKey]code{}
		}
		c = m.compile(e)
		m.codes[k] = c
	}
	return c(m)
}

// compile compiles e, an expression of type int or real.
func (m *machine) compile(e lang.Expr) code {
	switch e := e.(type) {
	case *lang.IntLit:
		if e.Value > maxStanInt {
			return func(*machine) (Scalar, error) {
				return Scalar{}, errAt(e, "%s is too large for an int (Stan ints are 32-bit, at most %d)", e.Text, maxStanInt)
			}
		}
		s := Scalar{IsInt: true, Int: int(e.Value)}
		return func(*machine) (Scalar, error) { return s, nil }
	case *lang.RealLit:
		s := Scalar{Real: e.Value}
		return func(*machine) (Scalar, error) { return s, nil }
	case *lang.Ident:
		i := m.index(e.Decl)
		return func(m *machine) (Scalar, error) {
			v := m.at(i)
			if v == nil {
				return Scalar{}, errAt(e, "%s has no value here", e.Name)
			}
			return v.scalar(), nil
		}
	case *lang.IndexExpr:
		if elementIndex(e) {
			find := m.compilePlace(e, false)
			return func(m *machine) (Scalar, error) {
				v, o, err := find(m)
				if err != nil {
					return Scalar{}, err
				}
				return elementAt(v, o, e.T), nil
			}
		}
	case *lang.UnaryExpr:
		if isScalarType(e.X.TypeOf()) {
			return m.compileUnary(e)
		}
	case *lang.BinaryExpr:
		if isScalarType(e.X.TypeOf()) && isScalarType(e.Y.TypeOf()) {
			return m.compileBinary(e)
		}
	case *lang.CondExpr:
		if isScalarType(e.Cond.TypeOf()) && isScalarType(e.Then.TypeOf()) && isScalarType(e.Else.TypeOf()) {
			return m.compileCond(e)
		}
	}
	return func(m *machine) (Scalar, error) {
		v, err := m.eval(e) // eval's fast path takes the cases above: it does not come back
		if err != nil {
			return Scalar{}, err
		}
		return v.scalar(), nil
	}
}

// elementIndex reports whether e names one element of a variable: one
// single int index per dimension (the checker's type of e, int or real,
// says there is one per dimension; a place checks the value's shape too).
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

// place finds an element: its variable's value and its offset.
type place func(m *machine) (*Value, int, error)

// errNotElement is a store place's answer where the value has more or
// fewer dimensions than the place has indexes: the assignment is the
// general path's (whose error it then is).
var errNotElement = errors.New("not one element")

// compilePlace compiles the element e names (elementIndex), to read it
// (as eval does) or to store to it (as lvalue does, which says a variable
// has no value at e rather than at its name). Its indexes are evaluated
// and checked in order, with selection's message for one out of range. A
// value with more dimensions than e has indexes (e's type is int or real,
// so it would break the checker's types) is an internal error where it
// is read; one with fewer is the general path's error.
func (m *machine) compilePlace(e *lang.IndexExpr, store bool) place {
	id := e.X.(*lang.Ident)
	slot := m.index(id.Decl)
	idx := make([]code, len(e.Indices))
	for d, ix := range e.Indices {
		idx[d] = m.compile(ix.Single)
	}
	return func(m *machine) (*Value, int, error) {
		v := m.at(slot)
		switch {
		case v == nil && store:
			return nil, 0, errAt(e, "%s has no value here", id.Name)
		case v == nil:
			return nil, 0, errAt(id, "%s has no value here", id.Name)
		case len(idx) != len(v.Shape) && store:
			return nil, 0, errNotElement
		case len(idx) != len(v.Shape):
			if _, err := m.evalIndex(e); err != nil {
				return nil, 0, err
			}
			return nil, 0, errAt(e, "internal error: %s is not one element of %s", lang.ExprString(e), v.describe())
		}
		o := 0
		for d, c := range idx {
			i, err := c(m)
			if err != nil {
				return nil, 0, err
			}
			size := v.Shape[d]
			if i.Int < 1 || i.Int > size {
				return nil, 0, outOfRange(e, e.Indices[d], false, i.Int, size)
			}
			o = o*size + i.Int - 1
		}
		return v, o, nil
	}
}

// elementAt is v's element o, of type t, as gather reads it.
func elementAt(v *Value, o int, t lang.Type) Scalar {
	if v.Ints != nil && t.Kind == lang.KindInt {
		return Scalar{IsInt: true, Int: v.Ints[o]}
	}
	return Scalar{Real: v.at(o)}
}

// setScalar writes x into v's element o, as copyInto does.
func setScalar(v *Value, o int, x Scalar) {
	if v.Ints != nil {
		v.Ints[o] = x.Int
		return
	}
	v.Reals[o] = x.Float()
}

// compileUnary is unary on a scalar.
func (m *machine) compileUnary(e *lang.UnaryExpr) code {
	x := m.compile(e.X)
	return func(m *machine) (Scalar, error) {
		v, err := x(m)
		if err != nil {
			return Scalar{}, err
		}
		switch e.Op {
		case lang.UnaryNot:
			return boolScalar(v.Float() == 0), nil
		case lang.UnaryNeg:
			if !v.IsInt {
				v.Real = -v.Real
				return v, nil
			}
			if v.Int == minStanInt {
				return Scalar{}, errAt(e, "integer overflow: %d does not fit in a Stan int (32-bit)", -int64(minStanInt))
			}
			v.Int = -v.Int
		}
		return v, nil
	}
}

// compileBinary is eval's binary operator on two scalars, && and || not
// evaluating their right side when the left decides.
func (m *machine) compileBinary(e *lang.BinaryExpr) code {
	x, y := m.compile(e.X), m.compile(e.Y)
	return func(m *machine) (Scalar, error) {
		a, err := x(m)
		if err != nil {
			return Scalar{}, err
		}
		if e.Op == lang.OpAnd && a.Float() == 0 {
			return boolScalar(false), nil
		}
		if e.Op == lang.OpOr && a.Float() != 0 {
			return boolScalar(true), nil
		}
		b, err := y(m)
		if err != nil {
			return Scalar{}, err
		}
		r, f := scalarOp(e.Op, a, b)
		if f.kind != faultNone {
			return Scalar{}, f.err(e, e.Op)
		}
		return r, nil
	}
}

// compileCond is c ? a : b of scalars, an int promoted where the type is real.
func (m *machine) compileCond(e *lang.CondExpr) code {
	cond, then, els := m.compile(e.Cond), m.compile(e.Then), m.compile(e.Else)
	real := e.T.Kind == lang.KindReal
	return func(m *machine) (Scalar, error) {
		c, err := cond(m)
		if err != nil {
			return Scalar{}, err
		}
		branch := els
		if c.Float() != 0 {
			branch = then
		}
		v, err := branch(m)
		if err != nil {
			return Scalar{}, err
		}
		if real && v.IsInt {
			v = Scalar{Real: float64(v.Int)}
		}
		return v, nil
	}
}

// assignCode is a compiled assignment.
type assignCode func(m *machine) error

// assignKey is codeKey for an assignment, which runs once per iteration
// of the loops around it: two pointers hash faster than an interface.
type assignKey struct {
	fn *lang.FuncDef
	s  *lang.AssignStmt
}

// assignScalar runs s by its code, compiled on first use; ok is false
// where s is not an assignment of a scalar to a scalar variable or to one
// element, which the general path runs.
func (m *machine) assignScalar(s *lang.AssignStmt) (ok bool, err error) {
	k := assignKey{m.fn, s}
	c, seen := m.assigns[k]
	if !seen {
		if m.assigns == nil {
			m.assigns = map[assignKey]assignCode{}
		}
		if scalarAssign(s) {
			c = m.compileAssign(s)
		}
		m.assigns[k] = c
	}
	if c == nil {
		return false, nil
	}
	return true, c(m)
}

// scalarAssign reports whether s assigns a scalar to a scalar variable or
// to one element of a variable.
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

// compileAssign compiles s (scalarAssign) to run as assign does: the
// right side, then for x op= y the value of x and the operator, then the
// place stored to, its indexes evaluated again as lvalue does. Where
// evaluating them again would compute the same place (pure), the place
// found to read x is the one written.
func (m *machine) compileAssign(s *lang.AssignStmt) assignCode {
	rhs := m.compile(s.RHS)
	compound := s.Op != lang.Assign
	op := compoundOps[s.Op]
	apply := func(cur, r Scalar) (Scalar, error) {
		r, f := scalarOp(op, cur, r)
		if f.kind != faultNone {
			return Scalar{}, f.err(compoundExpr(s), op)
		}
		return r, nil
	}
	if l, ok := s.LHS.(*lang.Ident); ok {
		slot := m.index(l.Decl)
		return func(m *machine) error {
			r, err := rhs(m)
			if err != nil {
				return err
			}
			v := m.at(slot)
			if v == nil {
				return errAt(l, "%s has no value here", l.Name)
			}
			if compound {
				if r, err = apply(v.scalar(), r); err != nil {
					return err
				}
			}
			setScalar(v, 0, r)
			return nil
		}
	}
	l := s.LHS.(*lang.IndexExpr)
	read, write := m.compilePlace(l, false), m.compilePlace(l, true)
	same := pure(l)
	return func(m *machine) error {
		r, err := rhs(m)
		if err != nil {
			return err
		}
		if compound {
			v, o, err := read(m)
			if err != nil {
				return err
			}
			if r, err = apply(elementAt(v, o, l.T), r); err != nil {
				return err
			}
			if same {
				setScalar(v, o, r)
				return nil
			}
		}
		v, o, err := write(m)
		if err == errNotElement {
			return m.store(s.LHS, r.value())
		}
		if err != nil {
			return err
		}
		setScalar(v, o, r)
		return nil
	}
}

// pure reports whether evaluating e has no effect but its value (or an
// error): no call (a call may draw a random number or print) in it.
func pure(e lang.Expr) bool {
	switch e := e.(type) {
	case *lang.IntLit, *lang.RealLit, *lang.Ident:
		return true
	case *lang.IndexExpr:
		for _, ix := range e.Indices {
			if ix.Range || !pure(ix.Single) {
				return false
			}
		}
		return pure(e.X)
	case *lang.UnaryExpr:
		return pure(e.X)
	case *lang.BinaryExpr:
		return pure(e.X) && pure(e.Y)
	}
	return false
}
