package simulate

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/lang/sizes"
)

// This file executes the statements of a checked program (Stan Reference
// Manual, "Statements"); eval.go evaluates expressions. Names are
// resolved by the checker: every variable's value is stored under its
// *lang.VarDecl, so scopes need no lookup at run time, and a local declared in
// a loop body is made afresh each time its declaration runs.

// RejectError is the error of a reject statement: its message and place.
type RejectError struct {
	Pos   lang.Pos
	Msg   string
	Fatal bool // fatal_error, not reject
}

func (e *RejectError) Error() string {
	return fmt.Sprintf("%d:%d: %s: %s", e.Pos.Line, e.Pos.Col, e.Kind(), e.Msg)
}

// Kind is the statement's name, reject or fatal_error.
func (e *RejectError) Kind() string {
	if e.Fatal {
		return "fatal_error"
	}
	return "reject"
}

// machine holds the state of one run of a program's blocks.
type machine struct {
	// frame holds the values of the variables of the code running (frame.go):
	// the program's, or those of the call of fn, a user function.
	frame     []*Value
	fn        *lang.FuncDef
	slots     map[slotKey]int
	frameSize map[*lang.FuncDef]int

	// codes and assigns are the scalar fast path's compiled expressions
	// and assignments (fast.go).
	codes   map[codeKey]code
	assigns map[assignKey]assignCode

	loopDecl map[lang.Stmt]*lang.VarDecl // each loop's variable (the checker's synthetic declaration)
	rng      *rand.Rand
	out      io.Writer // where print writes; nil discards
	target   float64   // target += and ~ accumulate here when their hooks are nil

	// tilde and targetHook replace the default handling of ~ and target +=
	// (adding the log density to target) when set.
	tilde      func(s *lang.TildeStmt) error
	targetHook func(s *lang.TargetStmt) error
	// read, when set, is told of every read of a variable: off is nil for
	// the whole variable, else the row-major offsets read.
	read func(d *lang.VarDecl, off []int)

	// lenient is set while prior predictive sampling runs the model block
	// before every parameter is drawn: a statement that fails after reading
	// a value not drawn yet (pending counts those reads) is skipped, not an
	// error, and a condition that reads one runs no branch.
	lenient bool
	pending int

	// sizes is set while a size or bound of data is evaluated (EvalScalar,
	// scalar.go): names are looked up in byName, and only the constructs
	// sizes may use are evaluated.
	sizes  bool
	byName map[string]*Value

	// depth counts the calls of user functions under way, and ret holds
	// the value of the return that ends one (funcs_user.go).
	depth int
	ret   *Value
}

// skip reports whether an error (or a condition) of a statement that began
// when pending was before is to be ignored.
func (m *machine) skip(before int) bool { return m.lenient && m.pending > before }

func newMachine(p *lang.Program, rng *rand.Rand) *machine {
	m := &machine{loopDecl: map[lang.Stmt]*lang.VarDecl{}, rng: rng}
	// Find each loop's variable declaration: the checker gives it the loop's
	// position and name (lang/check.go, loopVar).
	lang.Inspect(p, func(n lang.Node) bool {
		var pos lang.Pos
		var name string
		var body lang.Stmt
		switch s := n.(type) {
		case *lang.ForStmt:
			pos, name, body = s.Pos, s.Var, s.Body
		case *lang.ForEachStmt:
			pos, name, body = s.Pos, s.Var, s.Body
		default:
			return true
		}
		loop := n.(lang.Stmt)
		lang.Inspect(body, func(b lang.Node) bool {
			if id, ok := b.(*lang.Ident); ok && id.Decl != nil && id.Name == name && id.Decl.Pos == pos && id.Decl.Block == lang.BlockLocal {
				m.loopDecl[loop] = id.Decl
				return false
			}
			return true
		})
		return true
	})
	return m
}

// recoverInternal turns a panic inside the interpreter (a broken invariant,
// such as a size gonum rejects that no check here caught) into an error at
// the package's entry points, so that a user's model never crashes bayes.
func recoverInternal(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("internal error in simulate (please report it): %v", r)
	}
}

func errAt(n lang.Node, format string, args ...any) error {
	return &lang.Error{Pos: n.Position(), Msg: fmt.Sprintf(format, args...)}
}

// flow is how a statement ends: normally, or by break or continue.
type flow uint8

const (
	flowNext flow = iota
	flowBreak
	flowContinue
	flowReturn
)

// runBlock executes a program block; nil runs nothing.
func (m *machine) runBlock(b *lang.Block) error {
	if b == nil {
		return nil
	}
	_, err := m.stmts(b.Stmts)
	return err
}

func (m *machine) stmts(ss []lang.Stmt) (flow, error) {
	for _, s := range ss {
		f, err := m.exec(s)
		if err != nil || f != flowNext {
			return f, err
		}
	}
	return flowNext, nil
}

func (m *machine) exec(s lang.Stmt) (flow, error) {
	before := m.pending
	f, err := m.exec1(s)
	if err != nil && m.skip(before) {
		if _, compound := s.(*lang.BlockStmt); !compound {
			return flowNext, nil
		}
	}
	return f, err
}

func (m *machine) exec1(s lang.Stmt) (flow, error) {
	before := m.pending
	switch s := s.(type) {
	case *lang.VarDecl:
		return flowNext, m.declare(s)
	case *lang.AssignStmt:
		return flowNext, m.assign(s)
	case *lang.TildeStmt:
		if m.tilde != nil {
			return flowNext, m.tilde(s)
		}
		tildeLP := m.tildeLogDensity
		if s.Fn != nil {
			tildeLP = m.userTilde
		}
		lp, err := tildeLP(s)
		m.target += lp
		return flowNext, err
	case *lang.TargetStmt:
		if m.targetHook != nil {
			return flowNext, m.targetHook(s)
		}
		v, err := m.eval(s.Value)
		if err != nil {
			return flowNext, err
		}
		for i := range v.Len() {
			m.target += v.at(i)
		}
	case *lang.ForStmt:
		lo, err := m.evalInt(s.Lo)
		if err != nil {
			return flowNext, err
		}
		hi, err := m.evalInt(s.Hi)
		if err != nil {
			return flowNext, err
		}
		d := m.loopDecl[s]
		// The loop variable is one value, updated: nothing keeps a variable's
		// value past a statement but the variables (assignments copy), and
		// the body cannot assign to it.
		var iv *Value
		for i := lo; i <= hi; i++ {
			switch {
			case d == nil:
			case iv == nil:
				iv = intValue(i)
				m.set(d, iv)
			default:
				iv.Ints[0] = i
			}
			f, err := m.exec(s.Body)
			if err != nil {
				return flowNext, err
			}
			if f == flowBreak {
				break
			}
			if f == flowReturn {
				return f, nil
			}
		}
	case *lang.ForEachStmt:
		c, err := m.eval(s.Collection)
		if err != nil {
			return flowNext, err
		}
		d := m.loopDecl[s]
		// An array gives its elements; a vector, row vector or matrix its
		// reals, a matrix in column-major order (Reference Manual, "Foreach loops").
		n, order := c.Len(), colMajor(c.Shape)
		if c.Type.Dims > 0 {
			n = c.Shape[0]
		}
		for i := range n {
			if d != nil && c.Type.Dims > 0 {
				m.set(d, c.element(i))
			} else if d != nil {
				m.set(d, realValue(c.at(order[i])))
			}
			f, err := m.exec(s.Body)
			if err != nil {
				return flowNext, err
			}
			if f == flowBreak {
				break
			}
			if f == flowReturn {
				return f, nil
			}
		}
	case *lang.WhileStmt:
		for {
			c, err := m.cond(s.Cond)
			if err != nil {
				return flowNext, err
			}
			if c == 0 || m.skip(before) {
				break
			}
			f, err := m.exec(s.Body)
			if err != nil {
				return flowNext, err
			}
			if f == flowBreak {
				break
			}
			if f == flowReturn {
				return f, nil
			}
		}
	case *lang.IfStmt:
		c, err := m.cond(s.Cond)
		if err != nil {
			return flowNext, err
		}
		if m.skip(before) {
			return flowNext, nil
		}
		if c != 0 {
			return m.exec(s.Then)
		}
		if s.Else != nil {
			return m.exec(s.Else)
		}
	case *lang.BlockStmt:
		return m.stmts(s.Body.Stmts)
	case *lang.PrintStmt:
		msg, err := m.message(s.Args)
		if err != nil {
			return flowNext, err
		}
		if s.Reject {
			return flowNext, &RejectError{Pos: s.Pos, Msg: msg, Fatal: s.Fatal}
		}
		if m.out != nil {
			fmt.Fprintln(m.out, msg)
		}
	case *lang.BreakStmt:
		if s.Continue {
			return flowContinue, nil
		}
		return flowBreak, nil
	case *lang.ReturnStmt:
		return m.returnStmt(s)
	case *lang.CallStmt:
		_, err := m.callUser(s.Call)
		return flowNext, err
	case *lang.EmptyStmt:
	default:
		return flowNext, errAt(s, "cannot run this statement (%T)", s)
	}
	return flowNext, nil
}

// cond evaluates the condition of an if or while as a real.
func (m *machine) cond(e lang.Expr) (float64, error) {
	if m.fast() && isScalarType(e.TypeOf()) {
		s, err := m.evalScalar(e)
		return s.Float(), err
	}
	c, err := m.eval(e)
	if err != nil {
		return 0, err
	}
	return c.float(), nil
}

// message joins print's or reject's arguments as Stan does, without separators.
func (m *machine) message(args []lang.Expr) (string, error) {
	var b strings.Builder
	for _, a := range args {
		if str, ok := a.(*lang.StringLit); ok {
			b.WriteString(str.Value)
			continue
		}
		v, err := m.eval(a)
		if err != nil {
			return "", err
		}
		b.WriteString(v.String())
	}
	return b.String(), nil
}

// declShape evaluates a declared type's full shape.
func (m *machine) declShape(t *lang.TypeSpec) ([]int, error) {
	var shape []int
	for _, e := range t.ArrayDims {
		n, err := m.evalInt(e)
		if err != nil {
			return nil, err
		}
		shape = append(shape, n)
	}
	var sizes []int
	for _, e := range t.Sizes {
		n, err := m.evalInt(e)
		if err != nil {
			return nil, err
		}
		sizes = append(sizes, n)
	}
	switch t.Kind {
	case lang.DeclCholeskyFactorCorr, lang.DeclCorrMatrix, lang.DeclCovMatrix:
		sizes = []int{sizes[0], sizes[0]}
	case lang.DeclCholeskyFactorCov:
		if len(sizes) == 1 {
			sizes = []int{sizes[0], sizes[0]}
		}
	}
	for _, n := range append(append([]int(nil), shape...), sizes...) {
		if n < 0 {
			return nil, errAt(t, "a size in %s is negative (%d)", lang.TypeString(t), n)
		}
	}
	return append(shape, sizes...), nil
}

func (m *machine) declare(d *lang.VarDecl) error {
	shape, err := m.declShape(d.Type)
	if err != nil {
		return err
	}
	v := newValue(d.Type.Type(), shape)
	m.set(d, v)
	if d.Init == nil {
		return nil
	}
	if m.fast() && v.isScalar() && isScalarType(d.Type.Type()) && isScalarType(d.Init.TypeOf()) {
		x, err := m.evalScalar(d.Init)
		if err == nil {
			setScalar(v, 0, x)
		}
		return err
	}
	rhs, err := m.eval(d.Init)
	if err != nil {
		return err
	}
	return storeAll(d, v, rhs, d.Name)
}

// storeAll copies rhs into v, which must have the same shape.
func storeAll(n lang.Node, v, rhs *Value, name string) error {
	if msg := sizes.AssignError(name, sizes.Arg{Type: v.Type, Shape: v.Shape}, sizes.Arg{Type: rhs.Type, Shape: rhs.Shape}); msg != "" {
		return errAt(n, "%s", msg)
	}
	copyInto(v, allOffsets(v.Len()), rhs)
	return nil
}

func allOffsets(n int) []int {
	off := make([]int, n)
	for i := range off {
		off[i] = i
	}
	return off
}

func copyInto(v *Value, off []int, rhs *Value) {
	if v.Ints != nil {
		for i, o := range off {
			v.Ints[o] = rhs.Ints[i]
		}
		return
	}
	for i, o := range off {
		v.Reals[o] = rhs.at(i)
	}
}

func sameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// compoundOps maps each compound assignment to its operator.
var compoundOps = [...]lang.BinOp{
	lang.AddAssign: lang.OpAdd, lang.SubAssign: lang.OpSub, lang.MulAssign: lang.OpMul,
	lang.DivAssign: lang.OpDiv, lang.EltMulAssign: lang.OpEltMul, lang.EltDivAssign: lang.OpEltDiv,
}

func (m *machine) assign(s *lang.AssignStmt) error {
	if m.fast() {
		if ok, err := m.assignScalar(s); ok {
			return err
		}
	}
	rhs, err := m.eval(s.RHS)
	if err != nil {
		return err
	}
	if s.Op != lang.Assign {
		cur, err := m.eval(s.LHS)
		if err != nil {
			return err
		}
		if rhs, err = binary(compoundExpr(s), cur, rhs); err != nil {
			return err
		}
	}
	return m.store(s.LHS, rhs)
}

// compoundExpr is x op y of the compound assignment x op= y (Reference
// Manual, "Compound arithmetic and assignment"), which computes it.
func compoundExpr(s *lang.AssignStmt) *lang.BinaryExpr {
	op := &lang.BinaryExpr{Pos: s.Pos, Op: compoundOps[s.Op], X: s.LHS, Y: s.RHS}
	op.T = s.LHS.TypeOf()
	return op
}

// lvalue resolves an assignable expression to its variable, the offsets it
// names and their shape.
func (m *machine) lvalue(lhs lang.Expr) (*lang.VarDecl, *Value, []int, []int, error) {
	switch l := lhs.(type) {
	case *lang.Ident:
		v := m.get(l.Decl)
		if v == nil {
			return nil, nil, nil, nil, errAt(l, "%s has no value here", l.Name)
		}
		return l.Decl, v, allOffsets(v.Len()), v.Shape, nil
	case *lang.IndexExpr:
		l = l.Flat()
		id, ok := l.X.(*lang.Ident)
		if !ok {
			return nil, nil, nil, nil, errAt(l, "cannot assign to %s", lang.ExprString(l))
		}
		v := m.get(id.Decl)
		if v == nil {
			return nil, nil, nil, nil, errAt(l, "%s has no value here", id.Name)
		}
		off, shape, err := m.selection(l, v, l.Indices)
		return id.Decl, v, off, shape, err
	}
	return nil, nil, nil, nil, errAt(lhs, "cannot assign to %s", lang.ExprString(lhs))
}

func (m *machine) store(lhs lang.Expr, rhs *Value) error {
	_, v, off, shape, err := m.lvalue(lhs)
	if err != nil {
		return err
	}
	// The target is written out only for the message: formatting it at
	// every store was a quarter of covid19imperial's generated quantities.
	if !slices.Equal(shape, rhs.Shape) {
		if msg := sizes.AssignError(lang.ExprString(lhs), sizes.Arg{Type: lhs.TypeOf(), Shape: shape}, sizes.Arg{Type: rhs.Type, Shape: rhs.Shape}); msg != "" {
			return errAt(lhs, "%s", msg)
		}
	}
	copyInto(v, off, rhs)
	return nil
}

// checkBounds checks the declared lower and upper bounds of the top-level
// declarations of a block after it has run, as Stan validates transformed
// parameters and generated quantities at the end of their blocks (Stan
// Reference Manual, "Program block: transformed parameters").
func (m *machine) checkBounds(b *lang.Block) error {
	for _, d := range topDecls(b) {
		v := m.get(d)
		for _, bound := range []struct {
			e     lang.Expr
			lower bool
		}{{d.Type.Lower, true}, {d.Type.Upper, false}} {
			if bound.e == nil || v == nil {
				continue
			}
			bv, err := m.eval(bound.e)
			if err != nil {
				return err
			}
			for i := range v.Len() {
				lim := bv.float()
				if !bv.isScalar() {
					lim = bv.at(i % bv.Len())
				}
				x := v.at(i)
				if (bound.lower && x < lim) || (!bound.lower && x > lim) || math.IsNaN(x) {
					which, rel := "lower", "below"
					if !bound.lower {
						which, rel = "upper", "above"
					}
					name := elementNames(d.Name, v.Shape)[0]
					if len(v.Shape) > 0 {
						name = d.Name + indexText(i, v.Shape)
					}
					return errAt(d, "%s = %g is %s its %s bound %g", name, x, rel, which, lim)
				}
			}
		}
	}
	return nil
}

// indexText is the Stan index of row-major offset i: "[2,1]".
func indexText(i int, shape []int) string {
	parts := make([]string, len(shape))
	for d := len(shape) - 1; d >= 0; d-- {
		parts[d] = fmt.Sprint(i%shape[d] + 1)
		i /= shape[d]
	}
	return "[" + strings.Join(parts, ",") + "]"
}
