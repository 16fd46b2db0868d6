package data

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/simulate"
)

// This file binds a JSON data file (CmdStan's format, as CmdStanPy and
// posteriordb write it) to the declarations of a model's data block and
// validates it the way CmdStan does before sampling: every declared variable
// present, ints where ints are declared (an int is promoted silently where a
// real is declared), the declared shape, the declared bounds and the
// constraints of constrained types (Stan Reference Manual, "Constrained data
// types"). Unlike CmdStan, non-finite values are refused: no bayes model
// declares that its data may hold them. Names the model does not declare are
// ignored and listed in Data.Ignored, as CmdStan ignores them.
//
// Each problem gives one message, at the line and column of the value in the
// data file, naming the variable or element (`y[3]`), what was declared and
// what the file has. All variables are checked; a variable whose size or bound
// depends on one that failed is skipped, so one mistake gives one message.

// Data is the data block's values, bound to a program. Each value has the
// declared type and full shape (the array dimensions, then a vector's length
// or a matrix's rows and columns), its elements row-major in Ints for an int
// variable and in Reals otherwise (a matrix by rows; an array of vectors
// vector by vector).
type Data struct {
	Vars    map[string]*simulate.Value
	Order   []string // declaration order
	Ignored []string // names in the file that the model does not declare, in file order
}

// Values is the data by name, as the interpreter takes it; none for no data.
func (d *Data) Values() map[string]*simulate.Value {
	if d == nil {
		return nil
	}
	return d.Vars
}

// ReadFile reads the data file at path and binds it to p's data block;
// an empty path means no file (valid only for a model that declares no data).
// It streams the file: only the values of declared variables stay in
// memory, and the file's text is read whole only to show an error.
func ReadFile(p *lang.Program, path string) (*Data, error) {
	if path == "" {
		return Load(p, "", nil)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, lang.ReadError("data file", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, lang.ReadError("data file", path, err)
	}
	source := func() ([]byte, error) {
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, lang.ReadError("data file", path, err)
		}
		return src, nil
	}
	return loadData(p, path, f, int(st.Size()), source)
}

// Load binds the JSON data src, read from file, to p's data block. With no
// file (file "" and src nil) it succeeds only when p declares no data. The
// error is a *lang.FileError listing every problem, or a plain error when no file
// was given but data are declared.
func Load(p *lang.Program, file string, src []byte) (*Data, error) {
	if file == "" && src == nil {
		return loadData(p, "", nil, 0, nil)
	}
	return loadData(p, file, bytes.NewReader(src), len(src), func() ([]byte, error) { return src, nil })
}

// loadData binds the JSON data read from r, of size bytes, to p's data
// block; source gives the whole text of the file, for messages.
func loadData(p *lang.Program, file string, r io.Reader, size int, source func() ([]byte, error)) (*Data, error) {
	decls := dataDecls(p)
	d := &Data{Vars: map[string]*simulate.Value{}}
	if r == nil {
		if len(decls) == 0 {
			return d, nil
		}
		names := make([]string, len(decls))
		for i, v := range decls {
			names[i] = v.Name
		}
		return nil, fmt.Errorf("%s declares data (%s) but no data file was given: pass --data FILE.json", p.File, strings.Join(names, ", "))
	}
	l := &loader{prog: p, file: file, size: size, readSource: source, data: d, failed: map[string]bool{}}
	l.load(newJSONScanner(r), decls)
	switch {
	case l.ioErr != nil:
		return nil, l.ioErr
	case len(l.errs) > 0:
		l.errs.Sort()
		return nil, &lang.FileError{File: file, Src: l.src, List: l.errs}
	}
	return d, nil
}

// dataDecls returns the declarations of p's data block, in order.
func dataDecls(p *lang.Program) []*lang.VarDecl {
	if p == nil || p.Data == nil {
		return nil
	}
	var out []*lang.VarDecl
	for _, s := range p.Data.Stmts {
		if v, ok := s.(*lang.VarDecl); ok && v.Type != nil {
			out = append(out, v)
		}
	}
	return out
}

// loader holds the state of one Load or LoadInits call.
type loader struct {
	prog       *lang.Program
	file       string
	size       int // the file's size in bytes
	readSource func() ([]byte, error)
	src        []byte // the file's text, read on the first error
	ioErr      error  // the file could not be read
	data       *Data
	errs       lang.ErrorList
	failed     map[string]bool // variables that gave an error (or were skipped)
	// inits loads initial values (inits.go): a variable may be left out,
	// and bounds are left to the compiler, which knows them per element.
	inits bool
}

// source is the file's text, read on first use: only messages need it.
func (l *loader) source() []byte {
	if l.src == nil && l.ioErr == nil {
		l.src, l.ioErr = l.readSource()
	}
	return l.src
}

func (l *loader) errorf(off int, format string, args ...any) {
	l.errs.Add(lineCol(l.source(), off), format, args...)
}

// syntaxError reports what the reader found wrong.
func (l *loader) syntaxError(e *jsonSyntaxError) {
	msg := e.msg
	if e.badNumber {
		msg = badNumberText(l.source(), e.off, e.end)
	}
	l.errorf(e.off, "invalid JSON: %s", msg)
}

// member is one name of the file's top-level object.
type member struct {
	off   int       // the name's offset
	value *jsonData // the value of a declared variable; nil for other names
}

// load reads the file: its top-level object's values for the declared
// names, the other values only checked, then binds each declaration in
// order (a size may use a variable given later in the file).
func (l *loader) load(sc *jsonScanner, decls []*lang.VarDecl) {
	declared := map[string]*lang.VarDecl{}
	for _, v := range decls {
		declared[v.Name] = v
	}
	members := map[string]*member{}
	var dups []string // names given twice
	var dupOffs []int // where they are given again
	topOff, serr := l.readTop(sc, func(name string, off int) *jsonSyntaxError {
		if _, dup := members[name]; dup {
			dups, dupOffs = append(dups, name), append(dupOffs, off)
			return sc.value(nil, 1)
		}
		m := &member{off: off}
		members[name] = m
		d := declared[name]
		if d == nil {
			l.data.Ignored = append(l.data.Ignored, name)
			return sc.value(nil, 1)
		}
		m.value = &jsonData{off: sc.off(), isInt: d.Type.Kind == lang.DeclInt}
		// Each number takes two bytes at least ("1,"): a wrong size in the
		// file cannot make room for more than the rest of it holds.
		m.value.reserve(sizeHint(d, members), (l.size-sc.off())/2)
		return sc.value(m.value, 1)
	})
	if sc.err != nil {
		l.ioErr = lang.ReadError("data file", l.file, sc.err)
		return
	}
	if serr != nil {
		l.syntaxError(serr)
		return
	}
	if topOff < 0 {
		return // not an object: reported
	}
	for i, k := range dups {
		first := lineCol(l.source(), members[k].off)
		l.errorf(dupOffs[i], "%q is given twice: first at line %d, column %d", k, first.Line, first.Col)
		l.failed[k] = true
	}
	for _, v := range decls {
		l.data.Order = append(l.data.Order, v.Name)
		m, ok := members[v.Name]
		if !ok && l.inits {
			continue
		}
		if !ok {
			msg := fmt.Sprintf("variable %q declared as %s is missing", v.Name, lang.TypeString(v.Type))
			if near := lang.Nearest(v.Name, l.data.Ignored); near != "" {
				msg += fmt.Sprintf("; the file has %q: is that it?", near)
			}
			l.errorf(topOff, "%s", msg)
			l.failed[v.Name] = true
			continue
		}
		if l.failed[v.Name] {
			continue // given twice
		}
		b := &binding{loader: l, decl: v, jd: m.value}
		m.value = nil // bind takes its numbers; the rest can go
		if val := b.bind(); val != nil {
			l.data.Vars[v.Name] = val
		} else {
			l.failed[v.Name] = true
		}
	}
}

// sizeHint is the shape that d declares when its sizes are ints given
// earlier in the file (N before y[N], as writers usually put them), so that
// the reader can make room for the value at once; nil otherwise.
func sizeHint(d *lang.VarDecl, members map[string]*member) []int {
	vars := map[string]*simulate.Value{}
	for name, m := range members {
		if v := m.value; v != nil && len(v.kinds) == 1 && v.kinds[0] == jsonInt {
			vars[name] = &simulate.Value{Type: lang.Int, Ints: []int{int(v.num(0))}}
		}
	}
	var shape []int
	for _, e := range shapeExprs(d.Type) {
		s, err := simulate.EvalScalar(e, vars)
		if err != nil || !s.IsInt || s.Int < 0 {
			return nil
		}
		shape = append(shape, s.Int)
	}
	return shape
}

// readTop reads the file's one value, which must be an object, calling
// member for each of its names, and returns the object's offset (-1 after
// reporting a value that is not an object).
func (l *loader) readTop(sc *jsonScanner, member func(name string, off int) *jsonSyntaxError) (int, *jsonSyntaxError) {
	sc.space()
	c, ok := sc.peek()
	if !ok {
		return 0, &jsonSyntaxError{off: 0, msg: "the data file is empty; expected a JSON object such as {\"N\": 3, \"y\": [1, 2, 3]}"}
	}
	top := sc.off()
	var other *jsonData
	var err *jsonSyntaxError
	if c == '{' {
		err = sc.object(0, member)
	} else {
		other = &jsonData{off: top}
		err = sc.value(other, 0)
	}
	if err != nil {
		return 0, err
	}
	sc.space()
	if _, ok := sc.peek(); ok {
		return 0, sc.errorf("unexpected %s after the end of the top-level value", sc.found())
	}
	if other != nil {
		c := &jsonCursor{d: other}
		l.errorf(top, "the top level of a data file must be a JSON object of names and values, such as {\"N\": 3, \"y\": [1, 2, 3]}, but it is %s", c.describe(l.source()))
		return -1, nil
	}
	return top, nil
}

// binding binds one declared variable to its value in the file.
type binding struct {
	*loader
	decl  *lang.VarDecl
	jd    *jsonData // the value in the file
	shape []int
	sizes []lang.Expr // the expressions of shape's entries, for messages
}

func (b *binding) isInt() bool { return b.decl.Type.Kind == lang.DeclInt }

// bind checks the value against the declaration and returns it, or nil
// after reporting one error (or none, when a variable it depends on
// failed). The checked value's numbers are the jsonData's, row-major: a
// real variable keeps them as they are.
func (b *binding) bind() *simulate.Value {
	t := b.decl.Type
	if b.dependsOnFailed() {
		return nil
	}
	if b.inits {
		if mu := b.boundOnMissing(); mu != "" {
			b.errorf(b.jd.off, "%q is declared %s, a bound that depends on the parameter %q, which the file leaves out: give %q too, or leave %q out", b.decl.Name, lang.TypeString(t), mu, mu, b.decl.Name)
			return nil
		}
	}
	if !b.evalShape() {
		return nil
	}
	// path has room for every index, so that walk's appends reuse it.
	if !b.walk(&jsonCursor{d: b.jd}, 0, make([]int, 0, len(b.shape))) {
		return nil
	}
	if !b.inits && !b.checkBounds() {
		return nil
	}
	if check := constraintChecks[t.Kind]; check != nil && !b.checkConstraint(check) {
		return nil
	}
	v := &simulate.Value{Type: t.Type(), Shape: b.shape}
	if b.isInt() {
		v.Ints = b.jd.ints
		if v.Ints == nil {
			v.Ints = []int{}
		}
	} else {
		v.Reals = b.jd.nums
		if v.Reals == nil {
			v.Reals = []float64{}
		}
	}
	return v
}

// dependsOnFailed reports whether a size or bound refers to a variable that
// failed, so that the one mistake is not reported again here.
func (b *binding) dependsOnFailed() bool {
	found := false
	lang.Inspect(b.decl.Type, func(n lang.Node) bool {
		if id, ok := n.(*lang.Ident); ok && b.failed[id.Name] {
			found = true
		}
		return !found
	})
	return found
}

// ---------------------------------------------------------------- shape

// shapeExprs lists the expressions that give the full shape of a declared
// type: the array dimensions, then the sizes its kind implies (a square
// matrix for corr_matrix[K], [M, M] for cholesky_factor_cov[M]).
func shapeExprs(t *lang.TypeSpec) []lang.Expr {
	out := slices.Clone(t.ArrayDims)
	switch t.Kind {
	case lang.DeclInt, lang.DeclReal:
	case lang.DeclCholeskyFactorCorr, lang.DeclCorrMatrix, lang.DeclCovMatrix:
		if len(t.Sizes) == 1 {
			out = append(out, t.Sizes[0], t.Sizes[0])
		}
	case lang.DeclCholeskyFactorCov:
		if len(t.Sizes) == 1 {
			out = append(out, t.Sizes[0], t.Sizes[0])
		} else {
			out = append(out, t.Sizes...)
		}
	default:
		out = append(out, t.Sizes...)
	}
	return out
}

// evalShape computes the declared shape; a size must be a non-negative int.
func (b *binding) evalShape() bool {
	off := b.jd.off
	b.sizes = shapeExprs(b.decl.Type)
	for _, e := range b.sizes {
		s, err := simulate.EvalScalar(e, b.data.Vars)
		if err != nil {
			b.errorf(off, "the size %s of %q cannot be computed: %s (%s)", lang.ExprString(e), b.decl.Name, errText(err), b.modelPos(e))
			return false
		}
		if !s.IsInt {
			b.errorf(off, "%q is declared %s%s: the size %s is the real %s, but a size must be an int", b.decl.Name, lang.TypeString(b.decl.Type), b.explain(" (", ")", e), lang.ExprString(e), s)
			return false
		}
		if s.Int < 0 {
			b.errorf(off, "%q is declared %s%s: the size %s is negative", b.decl.Name, lang.TypeString(b.decl.Type), b.explain(" (", ")", e), lang.ExprString(e))
			return false
		}
		b.shape = append(b.shape, s.Int)
	}
	t := b.decl.Type
	if t.Kind == lang.DeclCholeskyFactorCov && len(b.shape) >= 2 {
		if r, c := b.shape[len(b.shape)-2], b.shape[len(b.shape)-1]; r < c {
			b.errorf(off, "%q is declared %s%s: a Cholesky factor needs at least as many rows as columns, but has %d rows and %d columns", b.decl.Name, lang.TypeString(t), b.explain(" (", ")", t.Sizes...), r, c)
			return false
		}
	}
	return true
}

// walk checks that the value at c has the shape from dimension dim on, and
// each scalar the declared type, and moves past it. path is the 1-based
// index of the value.
func (b *binding) walk(c *jsonCursor, dim int, path []int) bool {
	if dim < len(b.shape) {
		want := b.shape[dim]
		if c.kind() == jsonArray && c.len() == 0 && product(b.shape[dim:]) == 0 {
			c.next()
			return true // [] for any value with no elements, e.g. matrix[3, 0]
		}
		if c.kind() != jsonArray {
			b.shapeError(c, path, fmt.Sprintf("an array of %d", want), c.describe(b.source()))
			return false
		}
		if n := c.len(); n != want {
			if len(path) == 0 {
				b.errorf(c.off(b.source()), "%q is declared %s%s but has %d elements", b.decl.Name, lang.TypeString(b.decl.Type), b.explain(" (", ")", b.sizes...), n)
			} else {
				b.errorf(c.off(b.source()), "%q should have %d elements but has %d%s", b.elemName(path), want, n, b.declaredAs())
			}
			return false
		}
		c.next()
		for i := range want {
			if !b.walk(c, dim+1, append(path, i+1)) {
				return false
			}
		}
		return true
	}
	return b.scalar(c, path)
}

func product(xs []int) int {
	p := 1
	for _, x := range xs {
		p *= x
	}
	return p
}

// shapeError reports the value at c where the declaration needs want (an
// array of n, an int, a real).
func (b *binding) shapeError(c *jsonCursor, path []int, want, found string) {
	if len(path) == 0 {
		b.errorf(c.off(b.source()), "%q is declared %s%s but the file has %s", b.decl.Name, lang.TypeString(b.decl.Type), b.explain(" (", ")", b.sizes...), found)
		return
	}
	b.errorf(c.off(b.source()), "%q should be %s but the file has %s%s", b.elemName(path), want, found, b.declaredAs())
}

// nonFinite are the spellings of non-finite reals that CmdStan reads and
// writes (compared without case).
var nonFinite = []string{"nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}

// scalar checks that the value at c is an element of the declared type,
// and moves past it.
func (b *binding) scalar(c *jsonCursor, path []int) bool {
	want := "a real"
	if b.isInt() {
		want = "an int"
	}
	switch c.kind() {
	case jsonInt, jsonNumber:
	case jsonString:
		if s := c.d.strs[c.str]; slices.Contains(nonFinite, strings.ToLower(s)) {
			b.errorf(c.off(b.source()), "%q is %q, but data must be finite: bayes rejects NaN and infinite values in data%s", b.elemName(path), s, b.declaredAs())
			return false
		}
		b.shapeError(c, path, want, c.describe(b.source())+", not a number")
		return false
	default:
		b.shapeError(c, path, want, c.describe(b.source()))
		return false
	}
	x := c.d.num(c.scalar)
	switch {
	case b.isInt() && c.kind() != jsonInt:
		b.shapeError(c, path, want, c.describe(b.source()))
		return false
	case b.isInt() && (x > simulate.MaxInt || x < simulate.MinInt):
		// float64 holds every int of Stan's range exactly, so the
		// comparison is exact; beyond it the number only has to be out.
		b.errorf(c.off(b.source()), "%q = %s is out of the range of a Stan int (32-bit: %d to %d)", b.elemName(path), c.describe(b.source()), simulate.MinInt, simulate.MaxInt)
		return false
	case math.IsInf(x, 0):
		b.errorf(c.off(b.source()), "%q = %s is too large for a real (float64)", b.elemName(path), c.describe(b.source()))
		return false
	}
	c.next()
	return true
}

// ---------------------------------------------------------------- bounds and constraints

// checkBounds checks every element against <lower=...> and <upper=...>.
func (b *binding) checkBounds() bool {
	t := b.decl.Type
	for _, bound := range []struct {
		name string
		e    lang.Expr
		ok   func(x, limit float64) bool
	}{
		{"lower", t.Lower, func(x, lo float64) bool { return x >= lo }},
		{"upper", t.Upper, func(x, hi float64) bool { return x <= hi }},
	} {
		if bound.e == nil {
			continue
		}
		s, err := simulate.EvalScalar(bound.e, b.data.Vars)
		if err != nil {
			b.errorf(b.jd.off, "the %s bound %s of %q cannot be computed: %s (%s)", bound.name, lang.ExprString(bound.e), b.decl.Name, errText(err), b.modelPos(bound.e))
			return false
		}
		limit := s.Float()
		for i := range b.jd.scalars() {
			x := b.elem(i)
			if !bound.ok(x.Float(), limit) {
				b.errorf(b.jd.scalarOff(b.source(), i), "%q = %s violates %s=%s%s", b.elemName(b.flatPath(i)), x, bound.name, lang.ExprString(bound.e), b.explain(" (", ")", bound.e))
				return false
			}
		}
	}
	return true
}

func (b *binding) elem(i int) simulate.Scalar {
	if b.isInt() {
		return simulate.Scalar{IsInt: true, Int: b.jd.ints[i]}
	}
	return simulate.Scalar{Real: b.jd.nums[i]}
}

// flatPath turns the flat number of an element into its 1-based index path.
func (b *binding) flatPath(i int) []int { return unflatten(i, b.shape) }

// unflatten turns i, a 0-based row-major position in an array of the
// given shape (with no zero dimension), into 1-based indexes.
func unflatten(i int, shape []int) []int {
	path := make([]int, len(shape))
	for d := len(shape) - 1; d >= 0; d-- {
		path[d] = i%shape[d] + 1
		i /= shape[d]
	}
	return path
}

// checkConstraint applies check to each constrained value of the variable
// (one, or one per element of its arrays).
func (b *binding) checkConstraint(check constraintCheck) bool {
	t := b.decl.Type
	arrayDims := len(t.ArrayDims)
	inner := b.shape[arrayDims:]
	n, m := 0, 1
	if len(inner) > 0 {
		n = inner[0]
	}
	if len(inner) > 1 {
		m = inner[1]
	}
	count := product(b.shape[:arrayDims])
	for k := range count {
		prefix := unflatten(k, b.shape[:arrayDims])
		x := b.jd.nums[k*n*m : (k+1)*n*m]
		at := func(i ...int) string { return b.elemName(append(slices.Clone(prefix), i...)) }
		msg := check(x, n, m, at)
		if msg == "" {
			continue
		}
		// The value of the element at prefix, whose shape walk checked.
		c := &jsonCursor{d: b.jd}
		for _, i := range prefix {
			if c.kind() != jsonArray || i > c.len() {
				break // [] for an empty value
			}
			c.next()
			for range i - 1 {
				c.skip()
			}
		}
		if len(prefix) == 0 {
			b.errorf(c.off(b.source()), "%q is declared %s%s but %s", b.decl.Name, lang.TypeString(t), b.explain(" (", ")", b.sizes...), msg)
		} else {
			b.errorf(c.off(b.source()), "%q %s%s", b.elemName(prefix), msg, b.declaredAs())
		}
		return false
	}
	return true
}

// ---------------------------------------------------------------- messages

// elemName names an element: y, y[3], X[2, 1].
func (b *binding) elemName(path []int) string {
	if len(path) == 0 {
		return b.decl.Name
	}
	parts := make([]string, len(path))
	for i, p := range path {
		parts[i] = strconv.Itoa(p)
	}
	return b.decl.Name + "[" + strings.Join(parts, ", ") + "]"
}

// declaredAs is the note that ends a message about an element:
// ` ("X" is declared matrix[N, K] with N = 5, K = 3)`.
func (b *binding) declaredAs() string {
	return fmt.Sprintf(" (%q is declared %s%s)", b.decl.Name, lang.TypeString(b.decl.Type), b.explain(" with ", "", b.sizes...))
}

// explain gives the values behind the expressions es, between open and
// close: each composite expression's value, then each scalar data name's
// (`N - 10 = -5, N = 5`); "" when every expression is a literal.
func (b *binding) explain(open, close string, es ...lang.Expr) string {
	var parts []string
	seen := map[string]bool{}
	add := func(text string, s simulate.Scalar) {
		if !seen[text] {
			seen[text] = true
			parts = append(parts, text+" = "+s.String())
		}
	}
	for _, e := range es {
		switch e.(type) {
		case *lang.IntLit, *lang.RealLit, *lang.Ident:
		default:
			if s, err := simulate.EvalScalar(e, b.data.Vars); err == nil && !lang.IsLiteral(e) {
				add(lang.ExprString(e), s)
			}
		}
	}
	for _, e := range es {
		lang.Inspect(e, func(n lang.Node) bool {
			if id, ok := n.(*lang.Ident); ok {
				if s, err := simulate.EvalScalar(id, b.data.Vars); err == nil {
					add(id.Name, s)
				}
			}
			return true
		})
	}
	if len(parts) == 0 {
		return ""
	}
	return open + strings.Join(parts, ", ") + close
}

// modelPos is where e stands in the model, for messages about the model's
// expressions: "model.bym:3:10".
func (b *binding) modelPos(e lang.Expr) string {
	p := e.Position()
	return fmt.Sprintf("%s:%d:%d", b.prog.File, p.Line, p.Col)
}

// errText is an evaluation error's message without its position.
func errText(err error) string {
	if e, ok := err.(*lang.Error); ok {
		return e.Msg
	}
	return err.Error()
}

// formatReal10 writes a computed sum to 10 significant digits, enough to
// show a difference from 1 larger than constraintTolerance.
func formatReal10(x float64) string { return strconv.FormatFloat(x, 'g', 10, 64) }

// formatReal writes x in Go's shortest form that reads back exactly.
func formatReal(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
